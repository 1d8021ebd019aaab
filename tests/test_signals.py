"""Ctrl-C, SIGTERM and kill -9 during a busy ``build``: the command stops within 2 s and no
engine worker outlives it by more than 2 s.

Each case starts a real ``personajourney build`` (PDF and PNG, so the WeasyPrint and
Graphviz workers are busy), waits until its workers run, sends the signal, and then counts
the worker processes it started by a tag in their environment (``/proc``, Linux).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"
WORKER = b"personajourney.render.engines"

#: Seconds the command and its workers have, after the signal. The issue asks for 2 s;
#: the margin covers a busy two-core machine scheduling the exit.
LIMIT = 2.0


def _workers(tag: str) -> list[int]:
    """Pids of live engine workers whose environment carries ``tag``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if WORKER not in cmdline:
                continue
            environ = (entry / "environ").read_bytes()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"PJ_SIGNAL_TEST={tag}".encode() in environ and "State:\tZ" not in status:
            found.append(int(entry.name))
    return found


def _start_build(tmp_path: Path, tag: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PJ_SIGNAL_TEST=tag)
    command = [sys.executable, "-c", "from personajourney.cli import main; main()"]
    return subprocess.Popen(
        [*command, "build", str(EXAMPLE), "-o", str(tmp_path / "wall"), "--png", "--dpi", "300"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def _wait_for_workers(process: subprocess.Popen[bytes], tag: str, count: int = 2) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(_workers(tag)) >= count:
            time.sleep(0.5)  # let them take jobs
            return
        if process.poll() is not None:
            pytest.fail("the build ended before its workers started")
        time.sleep(0.05)
    pytest.fail("no engine workers started within 60 s")


def _gone_within(tag: str, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = _workers(tag)
        if not left:
            return []
        time.sleep(0.05)
    return _workers(tag)


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGINT, 130, "interrupted: stopped before finishing"),
        (signal.SIGTERM, 143, "terminated: stopped before finishing"),
    ],
)
def test_a_signal_stops_build_at_once_and_its_workers_with_it(
    tmp_path: Path, signum: int, code: int, message: str
) -> None:
    tag = uuid.uuid4().hex
    process = _start_build(tmp_path, tag)
    try:
        _wait_for_workers(process, tag)
        process.send_signal(signum)
        sent = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
    assert took < LIMIT, f"the command took {took:.1f} s to stop"
    assert code == process.returncode
    assert [message] == stderr.decode().strip().splitlines()
    assert _gone_within(tag, LIMIT) == []


def test_workers_die_with_a_build_killed_outright(tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    process = _start_build(tmp_path, tag)
    try:
        _wait_for_workers(process, tag)
        process.kill()  # SIGKILL: no handler, no exit hook runs
        process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert _gone_within(tag, LIMIT) == []
