"""The tutorial tells the truth: its model, edits, commands, outputs and exit codes are run.

The model is put together from the tutorial's ``hr-system.yaml`` blocks, each edit the
tutorial asks for is made as it shows it, and every ``personajourney check`` in a console
block is run: its findings, summary and exit code must be what the page prints (the
coverage table's box drawing depends on the terminal's width and is left out of the
comparison). The Python example is run and must print the page's text block.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personajourney.cli import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"
TEXT = DOC.read_text(encoding="utf-8")
TABLE = tuple("┏┃┡│└")


def _fenced(info: str) -> list[str]:
    """Bodies of the fenced blocks whose info string is ``info`` exactly."""
    return re.findall(rf"```{re.escape(info)}\n(.*?)```", TEXT, flags=re.S)


def _console_runs() -> list[tuple[list[str], list[str], int]]:
    """(arguments, expected lines, exit code) of each ``personajourney`` command shown."""
    runs = []
    for block in _fenced("console"):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ personajourney check"):
                continue
            output = []
            j = i + 1
            while not lines[j].startswith("$ "):
                output.append(lines[j])
                j += 1
            assert lines[j] == "$ echo $?", "each check in the tutorial shows its exit code"
            runs.append((shlex.split(line[2:])[1:], output, int(lines[j + 1])))
    return runs


def _model_steps() -> list[str]:
    """The model after steps 3, 6 and 7, made by applying the tutorial's edits."""
    start = "".join(re.findall(r'```yaml title="hr-system\.yaml[^"]*"\n(.*?)```', TEXT, flags=re.S))
    [introduction] = _fenced('yaml hl_lines="4"')
    *known, added = introduction.splitlines()
    anchor = "\n".join(known) + "\n"
    assert anchor in start
    step6 = start.replace(anchor, anchor + added + "\n")
    touchpoint, transitions, handoff = (
        b for b in _fenced("yaml") if "cost-review" in b or "handoff" in b
    )
    step7 = step6.replace("\ntransitions:\n", "\n" + touchpoint + "\ntransitions:\n")
    old_handoff = handoff.replace(", handoff: true}", "}")
    assert old_handoff in step7
    step7 = step7.replace(old_handoff, handoff) + transitions
    return [start, step6, step7]


def test_every_check_in_the_tutorial_prints_and_exits_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runs = _console_runs()
    models = _model_steps()
    assert len(runs) == len(models) == 3
    for model, (args, expected, code) in zip(models, runs, strict=True):
        Path("hr-system.yaml").write_text(model, encoding="utf-8")
        result = CliRunner().invoke(app, args)
        shown = [line.rstrip() for line in result.stdout.splitlines() if not line.startswith(TABLE)]
        assert [line for line in expected if not line.startswith(TABLE)] == shown, args
        assert code == result.exit_code, args


def test_the_python_example_prints_what_the_tutorial_shows() -> None:
    example = next(b for b in _fenced("python") if "report = pj.run_checks(ws)" in b)
    [expected] = [b for b in _fenced("text") if b.startswith("error C003")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, str(DOC), "exec"), {})
    assert expected.splitlines() == out.getvalue().splitlines()
