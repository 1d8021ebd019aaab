"""Files and limits (issue 12, items 6 and 7): what is read, how much, and how it is written.

* anything that is not a regular file (FIFO, device, socket) is refused at once, for model
  files, the files of a folder, and themes; every file's size cap applies before reading;
* the default size limits are what loads in well under a minute, a folder's files have a
  total limit, and a refusal names the limit and how to raise it;
* numbers are finite: no NaN or infinity in, none written out;
* a theme that is not UTF-8 is refused with its byte offset;
* directives (``%YAML``, ``%TAG``, unknown ones) give a clean error or are accepted;
* writes are durable (file and folder flushed), and the temporary files of a killed run are
  removed by the next write into the folder;
* ``build`` into a folder it cannot write says so once and exits 2.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.io import check_writable, read_regular, remove_stale_temporaries
from personajourney.io.files import write_atomic
from personajourney.render.theme import load_theme

ROOT = Path(__file__).parents[1]
B2B = ROOT / "examples" / "b2b-software"
MIB = 1024 * 1024


def _problem(exc: pj.ModelError) -> pj.Problem:
    (problem,) = exc.problems
    return problem


def _within(seconds: float, call: Callable[[], Any], unblock: Path | None = None) -> Any:
    """What ``call`` returns or raises, failing the test if it takes longer than ``seconds``
    (a FIFO that blocks: it is then opened for writing, so the call can end)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        if unblock is not None:
            with contextlib.suppress(OSError):
                os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still running after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


# -- not a regular file ----------------------------------------------------------------------


def test_a_fifo_given_as_the_model_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)

    with pytest.raises(pj.ModelError) as info:
        _within(2, lambda: pj.load(fifo), unblock=fifo)

    problem = _problem(info.value)
    assert (str(fifo), True) == (problem.file, "not a regular file (a FIFO)" in problem.message)


def test_a_fifo_in_a_folder_is_refused_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: Demo\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.yaml")

    with pytest.raises(pj.ModelError) as info:
        _within(2, lambda: pj.load(tmp_path), unblock=tmp_path / "b.yaml")

    problem = _problem(info.value)
    assert str(tmp_path / "b.yaml") == problem.file
    assert "not a regular file" in problem.message


def test_a_fifo_given_as_the_theme_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "theme.yaml"
    os.mkfifo(fifo)

    with pytest.raises(pj.ModelError) as info:
        _within(2, lambda: load_theme(fifo), unblock=fifo)

    assert "theme file is not a regular file (a FIFO)" in _problem(info.value).message


def test_dev_zero_as_the_theme_is_refused_without_reading_it() -> None:
    # In a child with 1 GB of address space: the old reader read /dev/zero until memory
    # ran out (5.9 GB), and would die of it here.
    code = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1024 * 2**20, 1024 * 2**20))\n"
        "import personajourney as pj\n"
        "from personajourney.render.theme import load_theme\n"
        "try:\n"
        "    load_theme('/dev/zero')\n"
        "except pj.ModelError as exc:\n"
        "    print(exc.problems[0].message)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "theme file is not a regular file (a device)" in done.stdout, done.stderr


def test_a_device_given_as_the_model_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "model.yaml"
    device.symlink_to("/dev/zero")

    with pytest.raises(pj.ModelError) as info:
        _within(2, lambda: pj.load(device))

    assert "not a regular file (a device)" in _problem(info.value).message


def test_read_regular_caps_before_reading_and_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with path.open("wb") as handle:
        handle.truncate(3 * MIB)  # sparse

    with pytest.raises(pj.InputLimitError) as info:
        read_regular(path, 2 * MIB, what="event log", limit_name="LIMIT", hint="raise it")

    problem = _problem(info.value)
    expected = (
        "event log is 3,145,728 bytes, over the limit of 2,097,152 bytes (2 MiB) set by LIMIT"
    )
    assert (expected, "raise it") == (problem.message, problem.hint)
    assert read_regular(path, 3 * MIB) == b"\x00" * (3 * MIB)


# -- size limits -----------------------------------------------------------------------------


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)


def test_default_limits_are_what_loads_in_well_under_a_minute() -> None:
    # Measured with benchmarks/run.py on a 2-core machine: a 16 MB YAML model loads in 12 s,
    # a 51 MB JSON one in 6 s (and 3 s to check); see docs/reference/file-format.md.
    limits = pj.Limits()
    assert (limits.max_bytes, limits.max_json_bytes, limits.max_total_bytes) == (
        10 * MIB,
        64 * MIB,
        20 * MIB,
    )


def test_a_yaml_file_over_the_default_limit_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    _sparse(path, 12 * MIB, b"name: x\n")

    started = time.perf_counter()
    with pytest.raises(pj.InputLimitError) as info:
        pj.load(path)
    elapsed = time.perf_counter() - started

    problem = _problem(info.value)
    assert "over the limit of 10,485,760 bytes (10 MiB) set by Limits.max_bytes" in (
        problem.message
    )
    assert "--max-file-mb" in (problem.hint or "")
    assert "max_bytes=" in (problem.hint or "")
    assert elapsed < 1


def test_a_json_file_over_the_default_limit_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    _sparse(path, 65 * MIB, b"{}")

    started = time.perf_counter()
    with pytest.raises(pj.InputLimitError) as info:
        pj.load(path)

    assert time.perf_counter() - started < 1
    problem = _problem(info.value)
    assert "set by Limits.max_json_bytes" in problem.message
    assert "--max-json-mb" in (problem.hint or "")


def test_a_folder_of_large_files_is_refused_before_any_is_parsed(tmp_path: Path) -> None:
    # Eight files each under the limit for one file, together far over the folder's.
    for number in range(8):
        _sparse(tmp_path / f"part-{number}.yaml", 9 * MIB, b"name: x\n")

    started = time.perf_counter()
    with pytest.raises(pj.InputLimitError) as info:
        pj.load(tmp_path)
    elapsed = time.perf_counter() - started

    problem = _problem(info.value)
    assert str(tmp_path) == problem.file
    assert problem.message.startswith(
        "the folder's files together are 75,497,472 bytes, over the limit of "
        "20,971,520 bytes (20 MiB) set by Limits.max_total_bytes"
    )
    assert "--max-folder-mb" in (problem.hint or "")
    assert elapsed < 1


def test_a_folder_is_refused_for_one_large_file_before_the_others_are_parsed(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    _sparse(tmp_path / "b.yaml", 11 * MIB)

    with pytest.raises(pj.InputLimitError) as info:
        pj.load(tmp_path)

    assert str(tmp_path / "b.yaml") == _problem(info.value).file


def test_the_folder_total_can_be_raised(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: Demo\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("description: " + "x" * 100 + "\n", encoding="utf-8")

    with pytest.raises(pj.InputLimitError):
        pj.load(tmp_path, limits=pj.Limits(max_total_bytes=100))
    assert pj.load(tmp_path, limits=pj.Limits(max_total_bytes=200)).name == "Demo"


def test_the_command_line_raises_and_lowers_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    pj.dump(pj.Workspace(name="Demo", description="x" * 3_000), path)
    runner = CliRunner()

    low = runner.invoke(app, ["--max-file-mb", "0.001", "check", str(path)])
    assert low.exit_code == 2
    assert "set by Limits.max_bytes" in low.output
    assert "--max-file-mb" in low.output
    folder = runner.invoke(app, ["--max-folder-mb", "0.001", "check", str(B2B)])
    assert folder.exit_code == 2
    assert "Limits.max_total_bytes" in folder.output
    assert runner.invoke(app, ["--max-file-mb", "1", "check", str(path)]).exit_code in (0, 1)


# -- finite numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt", "got"),
    [
        ("name: x\nsegments:\n  - id: a\n    name: A\n    estimated_value: .inf\n", "yaml", "inf"),
        ("name: x\nsegments:\n  - id: a\n    name: A\n    estimated_value: .nan\n", "yaml", "nan"),
        ("name: x\nsegments:\n  - id: a\n    name: A\n    estimated_value: 1e999\n", "yaml", "inf"),
        (
            "name: x\nsegments:\n  - id: a\n    name: A\n    criteria: {revenue: {min: -.inf}}\n",
            "yaml",
            "-inf",
        ),
        (
            '{"name": "x",\n "segments": [\n  {"id": "a", "name": "A",\n'
            '   "estimated_value": Infinity}]}',
            "json",
            "inf",
        ),
        (
            '{"name": "x",\n "segments": [\n  {"id": "a", "name": "A",\n'
            '   "estimated_value": NaN}]}',
            "json",
            "nan",
        ),
    ],
)
def test_nan_and_infinity_are_refused_with_their_line(text: str, fmt: str, got: str) -> None:
    with pytest.raises(pj.ModelError) as info:
        pj.loads(text, format=fmt)

    problem = _problem(info.value)
    line = 5 if fmt == "yaml" else 4
    assert (line, f"not a finite number (got {got})") == (
        problem.line,
        problem.message,
    )
    assert "NaN and infinity are not allowed" in (problem.hint or "")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_dump_never_writes_nan_or_infinity(tmp_path: Path, value: float, fmt: str) -> None:
    ws = pj.loads("name: x\nsegments: [{id: a, name: A, estimated_value: 5}]")
    ws.segments[0].estimated_value = value  # after validation: code can do this
    target = tmp_path / f"model.{fmt}"

    with pytest.raises(pj.ModelError) as info:
        pj.dump(ws, target)

    problem = _problem(info.value)
    assert (
        problem.path,
        problem.message.startswith("not a finite number"),
    ) == ("segments[0].estimated_value", True)
    assert not target.exists()
    assert os.listdir(tmp_path) == []


# -- UTF-8 -----------------------------------------------------------------------------------


def test_a_theme_that_is_not_utf8_is_refused_with_its_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "theme.yaml"
    path.write_bytes(b"name: Brand\naccent: '#102030'\nfont: Caf\xe9 Sans\n")

    with pytest.raises(pj.ModelError) as info:
        load_theme(path)

    problem = _problem(info.value)
    assert (
        problem.message,
        problem.line,
        problem.column,
    ) == ("not UTF-8 text (byte 39); save the file as UTF-8", 3, 10)


def test_a_model_that_is_not_utf8_is_refused_with_its_byte_offset(tmp_path: Path) -> None:
    for name in ("model.yaml", "model.json"):
        path = tmp_path / name
        raw = b"name: Caf\xe9\n" if name.endswith("yaml") else b'{"name": "Caf\xe9"}'
        path.write_bytes(raw)
        with pytest.raises(pj.ModelError) as info:
            pj.load(path)
        assert "not UTF-8 text (byte " in _problem(info.value).message


def test_a_theme_over_one_megabyte_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "theme.yaml"
    _sparse(path, 2 * MIB, b"name: Brand\n")

    with pytest.raises(pj.InputLimitError) as info:
        load_theme(path)

    assert "theme file is 2,097,152 bytes, over the limit of 1,000,000 bytes" in (
        _problem(info.value).message
    )


# -- YAML directives -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("%YAML 1.2\nname: x\n", 2, "must be followed by a `---` line"),
        ("%YAML 1.0\nname: x\n", 2, "must be followed by a `---` line"),
        ("%TAG !e! tag:example.com,2000:\n# note\n\nname: x\n", 4, "followed by a `---` line"),
        ("%YAML 1.2\n", 1, "must be followed by a `---` line"),
        ("name: x\n%TAG !e! tag:example.com,2000:\n", 2, "may only come before the document"),
        ("description: >\n  text\n%not a directive\n", 3, "may only come before the document"),
        ("%YAML 1.3\n---\nname: x\n", 1, "%YAML 1.3 is not supported"),
        ("%YAML 2.0\n---\nname: x\n", 1, "found incompatible YAML document"),
        ("%YAML\n---\nname: x\n", 1, "expected a digit"),
        ("%YAML 1.2\n%YAML 1.2\n---\nname: x\n", 2, "found duplicate YAML directive"),
        ("%TAG !e! tag:a,2000:\n%TAG !e! tag:b,2000:\n---\nname: x\n", 2, "duplicate tag"),
        ("%TAG !e! tag:example.com,2000:\n---\nname: !e!x y\n", 3, "is not allowed"),
    ],
)
def test_directives_give_a_clean_error_at_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(pj.ModelError) as info:
        pj.loads(text)

    problem = _problem(info.value)
    assert (line, True) == (problem.line, message in problem.message), problem.message
    assert "YAML error:" not in problem.message  # not an internal error


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.2\n---\nname: x\n",
        "# header\n%YAML 1.2\n--- # the model\nname: x\n",
        "%TAG !e! tag:example.com,2000:\n---\nname: x\n",
        "%TAG ! tag:yaml.org,2002:\n---\nname: !str x\n",
        "%FOO bar baz\n---\nname: x\n",  # unknown directives are ignored, as YAML says
        "%YAML 1.2\n--- {name: x}\n",
    ],
)
def test_directives_that_yaml_allows_are_accepted(text: str) -> None:
    assert pj.loads(text).name == "x"


# -- writing ---------------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


def test_write_atomic_flushes_the_file_and_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "out.txt", "hello")

    assert synced == ["file", "folder"]
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "hello"


def test_the_next_write_removes_the_temporary_files_of_a_killed_run(tmp_path: Path) -> None:
    # A run killed between writing its temporary file and the rename (SIGKILL at the rename).
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from personajourney.io.files import write_atomic\n"
        "os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)\n"
        "write_atomic(Path(sys.argv[1]) / 'model.yaml', 'name: Killed\\n')\n"
    )
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=False)
        assert done.returncode == -9
    # Each killed run removed the one its predecessor left; the last one's is still there.
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) == 1
    assert left[0].startswith(".model.yaml.pj-")
    assert left[0].endswith(".tmp")

    pj.dump(pj.Workspace(name="Next"), tmp_path / "other.yaml")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.yaml"]


def test_only_leftovers_are_removed(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    stale = tmp_path / f".card.svg.pj-{dead}-0123456789ab.tmp"
    busy = tmp_path / f".card.svg.pj-{alive}-0123456789ab.tmp"  # another run, writing now
    old = tmp_path / f".card.pdf.pj-{alive}-0123456789ab.tmp"
    mine = tmp_path / ".notes.tmp"  # not ours: a user's file
    for path in (stale, busy, old, mine):
        path.write_text("x", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    removed = remove_stale_temporaries(tmp_path)

    assert sorted(removed) == sorted([stale, old])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([busy.name, mine.name])


def test_temporary_names_stay_short_for_long_file_names(tmp_path: Path) -> None:
    write_atomic(tmp_path / ("x" * 250 + ".svg"), "ok")
    assert os.listdir(tmp_path) == [("x" * 250 + ".svg")]


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written into, even as root (``chattr +i``)."""
    folder = tmp_path / "wall"
    folder.mkdir()
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("root without chattr: no folder is read-only")
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip("chattr +i is not allowed here")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=False)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_check_writable_refuses_a_read_only_folder(read_only_folder: Path) -> None:
    with pytest.raises(OSError, match=r"ermission|not permitted"):
        check_writable(read_only_folder)
    check_writable(read_only_folder.parent / "other" / "deeper")


def test_build_into_a_read_only_folder_says_so_once(read_only_folder: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(B2B), "-o", str(read_only_folder)])

    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if "error" in line]
    assert len(errors) == 1, result.output
    assert f"cannot write into {read_only_folder}" in errors[0]
    assert "choose another with -o" in errors[0]


def test_dump_json_is_strict_json(tmp_path: Path) -> None:
    ws = pj.load(B2B)
    target = tmp_path / "model.json"
    pj.dump(ws, target)
    json.loads(target.read_text("utf-8"), parse_constant=lambda name: pytest.fail(name))
