"""The key that pseudonyms are made with, kept outside the model.

Looked up in order: the environment variable :data:`KEY_ENV` (hex, at least 16 bytes),
then the file ``personajourney/privacy.key`` in the user's configuration folder
(``$XDG_CONFIG_HOME`` or ``~/.config``), which is created with 32 random bytes, readable by
the user only, the first time a ``share`` output needs it. Keep that file private: whoever
has it can tell which pseudonym is which contact by trying names.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..errors import PersonaJourneyError

__all__ = ["KEY_ENV", "key_file", "privacy_key"]

KEY_ENV = "PERSONAJOURNEY_PRIVACY_KEY"
_MIN_BYTES = 16


def key_file() -> Path:
    """Where the key is kept when :data:`KEY_ENV` is not set."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "personajourney" / "privacy.key"


def privacy_key() -> bytes:
    """The pseudonym key: from :data:`KEY_ENV`, else the key file (made on first use).

    Raises:
        PersonaJourneyError: if :data:`KEY_ENV` is not hex of at least 16 bytes, or the key
            file cannot be read or made.
    """
    text = os.environ.get(KEY_ENV)
    if text is not None:
        try:
            key = bytes.fromhex(text.strip())
        except ValueError:
            key = b""
        if len(key) < _MIN_BYTES:
            raise PersonaJourneyError(
                f"{KEY_ENV} must be at least {_MIN_BYTES} bytes written as hex "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return key
    path = key_file()
    try:
        return _read_or_make(path)
    except OSError as exc:
        raise PersonaJourneyError(
            f"cannot read or make the privacy key {path}: {exc.strerror}; set {KEY_ENV} instead"
        ) from None


def _read_or_make(path: Path) -> bytes:
    if path.exists():
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) >= _MIN_BYTES:
            return key
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key.hex() + "\n")
    return key
