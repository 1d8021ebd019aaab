"""The wall pack: what ``plan`` promises is what ``build_pack`` writes, and nothing else.

Most builds here ask for text formats only (html, svg, dot: Graphviz but no WeasyPrint), so
they take well under a second; PDF and PNG output of the whole pack is checked in
``tests/test_cli_render.py`` through ``personajourney build``.
"""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import pytest

import personajourney as pj
from personajourney.render import pack
from personajourney.render.api import Options
from personajourney.render.engines import EnginePool, Job, RenderError
from personajourney.render.pack import Artefact, build_pack, plan

TEXT = ("html", "svg", "dot")

SMALL = """\
name: Pieni ostopolku
locale: fi
personas:
  - {id: paivi, name: Päivi Pöllänen, goals: [Täyttää kesäsijaisuudet]}
  - {id: joro, name: Jörö Jäärä}
committees:
  - id: hallitus
    name: Hallitus päättää
    members:
      - {id: toimari, name: Toimitusjohtaja Tuula, roles: [decision_maker], persona_id: paivi,
         active_stage_ids: [comparing-alternatives, purchase-decision]}
      - {id: talous, name: Talousjohtaja Taisto, roles: [economic_buyer],
         active_stage_ids: [purchase-decision]}
touchpoints:
  - {id: blogi, name: Blogikirjoitus, stage_id: problem-awareness, channel_id: web,
     persona_ids: [paivi, joro], emotion: 1, entry: true}
  - {id: tarjous, name: Tarjous, stage_id: purchase-decision, channel_id: meeting,
     persona_ids: [paivi], member_ids: [talous], emotion: -1}
transitions:
  - {from_id: blogi, to_id: tarjous}
"""


@pytest.fixture(scope="module")
def small() -> pj.Workspace:
    return pj.loads(SMALL)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.extend(v for k, v in attrs if k in ("href", "src") and v is not None)


def links(index: Path) -> list[str]:
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    return parser.hrefs


def files(root: Path) -> set[str]:
    """The pack's files (the manifest of what the build wrote is not one of them)."""
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != pack.MANIFEST_NAME
    }


def expected(items: list[Artefact]) -> set[str]:
    return {f"{a.stem}.{fmt}" for a in items for fmt in a.formats} | {"index.html"}


# -- plan --------------------------------------------------------------------------------------


def test_plan_lists_every_artefact_once_in_a_stable_order(small: pj.Workspace) -> None:
    items = plan(small)
    assert [(a.kind, a.stem) for a in items] == [
        ("card", "cards/paivi"),
        ("card", "cards/joro"),
        ("wall", "wall"),
        ("committee", "committees/hallitus"),
        ("committee", "committee-stages/hallitus/comparing-alternatives"),
        ("committee", "committee-stages/hallitus/purchase-decision"),
        ("journey", "journey"),
        ("journey", "journeys/paivi"),
        ("journey", "journeys/joro"),
        ("poster", "poster"),
        ("heatmap", "heatmap"),
        ("report", "report"),
    ]
    assert {a.formats for a in items if a.kind != "wall"} == {("html", "svg", "pdf")}
    assert next(a for a in items if a.kind == "wall").formats == ("html", "pdf")
    assert plan(small) == items


def test_plan_titles_are_in_the_workspace_language(small: pj.Workspace) -> None:
    titles = {a.stem: a.title for a in plan(small)}
    assert titles["cards/paivi"] == "Päivi Pöllänen"
    assert titles["journey"] == "Asiakaspolkukaavio"
    assert titles["journeys/joro"] == "Asiakaspolku: Jörö Jäärä"
    assert titles["committee-stages/hallitus/purchase-decision"] == "Hallitus päättää — Ostopäätös"
    assert titles["report"] == "Tarkistusraportti"


def test_plan_keeps_only_the_formats_each_artefact_has(small: pj.Workspace) -> None:
    only_dot = plan(small, formats=["dot"])
    assert {a.kind for a in only_dot} == {"committee", "journey"}
    assert {a.formats for a in only_dot} == {("dot",)}
    with_png = plan(small, formats=["html"], png=True)
    assert {a.formats for a in with_png} == {("html", "png")}
    assert plan(small, formats="HTML, png") == with_png
    with pytest.raises(ValueError, match="unknown format 'jpeg'"):
        plan(small, formats=["html", "jpeg"])


def test_fixed_names_never_meet_names_made_from_ids() -> None:
    # Ids that look like the pack's own files, and ids that differ only in case.
    ws = pj.Workspace(
        personas=[pj.Persona(id=i, name=i) for i in ("wall", "journey", "index", "report", "Hanna")]
        + [pj.Persona(id="hanna", name="hanna")],
        committees=[
            pj.BuyingCommittee(id="c", name="C", members=[pj.Member(id="m", name="M")]),
            pj.BuyingCommittee(id="c--onboarding", name="D", members=[pj.Member(id="n", name="N")]),
        ],
    )
    items = plan(ws, formats=["html"])
    names = [f"{a.stem}.html".casefold() for a in items]
    assert len(names) == len(set(names))
    assert "index.html" not in names
    assert {"cards/hanna.html", "cards/hanna~2.html"} <= set(names)


# -- build -------------------------------------------------------------------------------------


def test_build_writes_exactly_what_plan_promises(small: pj.Workspace, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    result = build_pack(small, tmp_path / "out", formats=TEXT, progress=lambda *a: seen.append(a))
    root = tmp_path / "out"
    assert result.ok
    assert result.failed == []
    assert result.out_dir == root.resolve()
    assert files(root) == expected(plan(small, formats=TEXT))
    assert sorted(result.written) == sorted(root.resolve() / f for f in files(root))
    assert result.written[-1] == root.resolve() / "index.html"
    total = len(files(root))
    assert [done for done, _, _ in seen] == list(range(1, total + 1))
    assert {t for _, t, _ in seen} == {total}
    assert seen[-1][2] == "index.html"
    assert result.report.findings == pj.run_checks(small).findings


def test_index_links_every_file_and_only_files_that_exist(
    small: pj.Workspace, tmp_path: Path
) -> None:
    build_pack(small, tmp_path, formats=TEXT)
    hrefs = links(tmp_path / "index.html")
    assert sorted(set(hrefs)) == sorted(files(tmp_path) - {"index.html"})
    assert all((tmp_path / h).is_file() for h in hrefs)
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Persoonakortit" in text  # headings in the workspace's language
    assert "Kaaviot" in text


def test_text_files_are_the_same_bytes_every_build(small: pj.Workspace, tmp_path: Path) -> None:
    build_pack(small, tmp_path / "one", formats=TEXT)
    build_pack(small, tmp_path / "two", formats=TEXT)
    names = files(tmp_path / "one")
    assert names == files(tmp_path / "two")
    assert any(n.endswith(".dot") for n in names)
    for name in sorted(names):
        one = (tmp_path / "one" / name).read_bytes()
        assert one == (tmp_path / "two" / name).read_bytes(), name


def test_diagram_pages_and_svgs_hold_the_diagram(small: pj.Workspace, tmp_path: Path) -> None:
    build_pack(small, tmp_path, formats=("html", "svg"))
    page = (tmp_path / "committee-stages/hallitus/purchase-decision.html").read_text("utf-8")
    assert "Hallitus päättää — Ostopäätös" in page
    assert "Talousjohtaja Taisto" in page
    assert "<svg" in page
    svg = (tmp_path / "journeys/paivi.svg").read_text("utf-8")
    assert "Tarjous" in svg
    assert "Tarjous" not in (tmp_path / "journeys/joro.svg").read_text("utf-8")


def test_options_reach_every_artefact(small: pj.Workspace, tmp_path: Path) -> None:
    english = Options(locale="en", paper="A3", orientation="portrait")
    build_pack(small, tmp_path, formats=("html", "svg"), options=english)
    assert '<html lang="en"' in (tmp_path / "index.html").read_text("utf-8")
    assert '<html lang="en"' in (tmp_path / "journey.html").read_text("utf-8")
    assert "Check report" in (tmp_path / "report.html").read_text("utf-8")
    assert 'viewBox="0 0 297 420"' in (tmp_path / "poster.svg").read_text("utf-8")
    assert 'viewBox="0 0 297 420"' in (tmp_path / "cards/paivi.svg").read_text("utf-8")


def test_failing_engine_jobs_are_reported_and_the_rest_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = pj.Workspace(personas=[pj.Persona(id="hanna", name="HR-Hanna")])

    def sabotaged(engine: str, source: str, fmt: str, **kwargs: object) -> Job:
        # The poster's PDF and the overall journey's layout fail in the engine.
        if (kwargs.get("name"), fmt) in (("poster", "pdf"), ("journey", "svg")):
            return Job("graphviz", "digraph { a -> }", "svg", name=str(kwargs["name"]))
        return Job(engine, source, fmt, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pack, "Job", sabotaged)
    result = build_pack(ws, tmp_path, formats=("svg", "pdf"))
    assert not result.ok
    assert [path for path, _ in result.failed] == ["journey.svg", "journey.pdf", "poster.pdf"]
    assert all("graphviz failed" in message for _, message in result.failed)
    assert files(tmp_path) == expected(plan(ws, formats=("svg", "pdf"))) - {
        "poster.pdf",
        "journey.svg",
        "journey.pdf",
    }
    hrefs = links(tmp_path / "index.html")
    assert "poster.pdf" not in hrefs
    assert "poster.svg" in hrefs
    assert "journeys/hanna.pdf" in hrefs
    assert all((tmp_path / h).is_file() for h in hrefs)


def test_a_broken_user_template_fails_its_artefact_only(
    small: pj.Workspace, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "heatmap.svg.j2").write_text("{{ c.no_such_field }}\n", encoding="utf-8")
    result = build_pack(
        small,
        tmp_path / "out",
        formats=TEXT,
        options=Options(template_dirs=(str(templates),)),
    )
    assert sorted(path for path, _ in result.failed) == ["heatmap.html", "heatmap.svg"]
    assert "no_such_field" in result.failed[0][1]
    assert (tmp_path / "out/poster.svg").is_file()
    assert not (tmp_path / "out/heatmap.svg").exists()
    assert "heatmap.svg" not in links(tmp_path / "out/index.html")


def test_files_are_written_with_the_usual_permissions(small: pj.Workspace, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        build_pack(small, tmp_path, formats=("html",))
    finally:
        os.umask(old)
    modes = {oct((tmp_path / name).stat().st_mode & 0o777) for name in files(tmp_path)}
    assert modes == {oct(0o644)}
    assert list(tmp_path.rglob(".*.tmp")) == []


class _RecordingPool:
    """Stands in for the engines: records every job and its priority, answers at once."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.jobs: list[tuple[Job, float]] = []

    def start(self, *engines: str) -> None:
        self.started.extend(engines)

    def submit(self, job: Job, *, priority: float = 0.0) -> Future[bytes]:
        return self.submit_all(job, priority=priority)[job.format]

    def submit_all(self, job: Job, *, priority: float = 0.0) -> dict[str, Future[bytes]]:
        self.jobs.append((job, priority))
        futures: dict[str, Future[bytes]] = {}
        for fmt in job.formats:
            futures[fmt] = Future()
            svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
            futures[fmt].set_result(svg if fmt == "svg" else f"{fmt} of {job.name}".encode())
        return futures


def test_each_page_is_laid_out_once_whatever_the_formats(
    small: pj.Workspace, tmp_path: Path
) -> None:
    engines = _RecordingPool()
    pool = cast(EnginePool, engines)
    result = build_pack(small, tmp_path, formats=("html", "pdf"), png=True, pool=pool)
    assert result.ok
    assert files(tmp_path) == expected(plan(small, formats=("html", "pdf"), png=True))
    assert engines.started == ["weasyprint", "graphviz"]
    layouts = [job for job, _ in engines.jobs if job.engine == "weasyprint"]
    stems = [job.name for job in layouts]
    assert sorted(stems) == sorted(a.stem for a in plan(small, formats=("pdf",)))
    sheets = {job.name: job.formats for job in layouts if not job.name.startswith("commit")}
    assert sheets["poster"] == ("pdf", "png")
    assert sheets["journey"] == ("pdf",)  # a diagram's PNG is Graphviz's
    assert (tmp_path / "poster.png").read_bytes() == b"png of poster"
    assert (tmp_path / "poster.pdf").read_bytes() == b"pdf of poster"


def test_jobs_others_wait_for_come_first_then_the_costliest(
    small: pj.Workspace, tmp_path: Path
) -> None:
    engines = _RecordingPool()
    build_pack(small, tmp_path, formats=("svg", "pdf"), png=True, pool=cast(EnginePool, engines))
    priority = {(job.engine, job.name, job.format): p for job, p in engines.jobs}
    diagram_svgs = [p for (e, _, f), p in priority.items() if e == "graphviz" and f == "svg"]
    others = [p for (e, _, f), p in priority.items() if not (e == "graphviz" and f == "svg")]
    assert min(diagram_svgs) > max(others)
    # The wall of every card, as PDF and PNG on A1, before one card on A4.
    assert priority["weasyprint", "wall", "pdf"] > priority["weasyprint", "cards/paivi", "pdf"]


# -- never outside the folder ------------------------------------------------------------------


def test_ids_with_dots_stay_inside_the_folder(tmp_path: Path) -> None:
    ws = pj.Workspace(personas=[pj.Persona(id="a..b", name="A..B"), pj.Persona(id="c", name="C")])
    out = tmp_path / "inner" / "out"
    result = build_pack(ws, out, formats=("html",))
    assert result.ok
    assert (out / "cards/a..b.html").is_file()
    assert all(p.is_relative_to(out.resolve()) for p in result.written)
    assert {p.name for p in (tmp_path / "inner").iterdir()} == {"out"}


def test_a_symlinked_subfolder_leading_out_is_refused(small: pj.Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "cards").symlink_to(outside, target_is_directory=True)
    result = build_pack(small, out, formats=("html",))
    assert list(outside.iterdir()) == []
    assert sorted(path for path, _ in result.failed) == ["cards/joro.html", "cards/paivi.html"]
    assert all("outside the output folder" in message for _, message in result.failed)
    assert (out / "poster.html").is_file()
    assert "cards/paivi.html" not in links(out / "index.html")


def test_write_refuses_paths_that_lead_out(tmp_path: Path) -> None:
    root = (tmp_path / "root").resolve()
    root.mkdir()
    for bad in ("../evil.html", "/tmp/evil.html", "cards/../../evil.html"):
        with pytest.raises(RenderError, match="outside the output folder"):
            pack._write(root, bad, "x")
    assert not (tmp_path / "evil.html").exists()
    assert pack._write(root, "a/b.html", b"ok").read_bytes() == b"ok"


def test_an_output_folder_that_is_a_file_is_an_os_error(
    small: pj.Workspace, tmp_path: Path
) -> None:
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        build_pack(small, tmp_path / "taken", formats=("html",))
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


# -- one build at a time in a folder ------------------------------------------------------------


def test_a_second_build_into_the_folder_waits_for_the_first(
    small: pj.Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    results: list[pack.PackResult] = []
    second = threading.Thread(
        target=lambda: results.append(build_pack(small, out, formats=("html",)))
    )
    with pack._folder_lock(out):  # the first build, as far as the second can tell
        assert pack.lock_holder(out) == os.getpid()
        second.start()
        time.sleep(1.0)
        assert results == []
        assert files(out) == {pack.LOCK_NAME}  # nothing written while it waits
    second.join(timeout=60)
    assert results[0].ok
    assert files(out) == expected(plan(small, formats=("html",)))  # the lock file is gone
    assert pack.lock_holder(out) is None


def test_a_build_killed_outright_leaves_no_stale_lock(small: pj.Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    hold = (
        "import sys, time; from pathlib import Path; from personajourney.render import pack; "
        "lock = pack._folder_lock(Path(sys.argv[1])); lock.__enter__(); print('held', flush=True); "
        "time.sleep(120)"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold, str(out)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"held\n"
        assert pack.lock_holder(out) == holder.pid
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert (out / pack.LOCK_NAME).is_file()  # left behind, but nobody holds it
    assert pack.lock_holder(out) is None
    started = time.monotonic()
    assert build_pack(small, out, formats=("html",)).ok
    assert time.monotonic() - started < 10
    assert files(out) == expected(plan(small, formats=("html",)))


def test_builds_into_one_folder_from_many_threads_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spaces = [
        pj.Workspace(personas=[pj.Persona(id=f"p{i}-{k}", name=f"P{i}") for k in range(3)])
        for i in range(4)
    ]
    inside: list[int] = []
    overlaps: list[int] = []
    guard = threading.Lock()

    def progress(done: int, total: int, label: str) -> None:
        with guard:
            if done == 1:
                if inside:
                    overlaps.append(len(inside))
                inside.append(1)
            if done == total:
                inside.pop()

    threads = [
        threading.Thread(
            target=build_pack, args=(ws, out), kwargs={"formats": ("html",), "progress": progress}
        )
        for ws in spaces
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert overlaps == []
    assert not (out / pack.LOCK_NAME).exists()


@pytest.fixture
def no_shared_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the shared pool was used")

    monkeypatch.setattr(pack, "shared_pool", refuse)


def test_a_timeout_gives_the_pack_its_own_pool(
    small: pj.Workspace, tmp_path: Path, no_shared_pool: None
) -> None:
    # Graphviz cannot lay out a diagram in a millisecond: every diagram fails, every text
    # artefact is written, and the pack's own workers are stopped afterwards.
    ws = pj.Workspace(personas=[pj.Persona(id="hanna", name="HR-Hanna")])
    result = build_pack(ws, tmp_path, formats=("svg",), timeout=0.001, workers=1)
    assert sorted(path for path, _ in result.failed) == ["journey.svg", "journeys/hanna.svg"]
    assert all("took longer than" in message for _, message in result.failed)
    assert (tmp_path / "cards/hanna.svg").is_file()


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(pack)
    assert tried > 3
    assert failures == 0


# -- the folder is the pack's own: the manifest -------------------------------------------------


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != pack.MANIFEST_NAME
    }


def test_build_records_what_it_wrote_in_a_manifest(small: pj.Workspace, tmp_path: Path) -> None:
    result = build_pack(small, tmp_path, formats=TEXT)
    recorded = pack.read_manifest(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in result.written} == set(recorded)
    assert _files(tmp_path) == set(recorded)


def test_a_removed_persona_loses_its_card_files(small: pj.Workspace, tmp_path: Path) -> None:
    build_pack(small, tmp_path, formats=TEXT)
    assert (tmp_path / "cards" / "joro.html").exists()
    fewer = pj.loads(
        SMALL.replace("  - {id: joro, name: Jörö Jäärä}\n", "").replace(
            "persona_ids: [paivi, joro]", "persona_ids: [paivi]"
        )
    )
    result = build_pack(fewer, tmp_path, formats=TEXT)
    gone = {
        "cards/joro.html",
        "cards/joro.svg",
        "journeys/joro.html",
        "journeys/joro.svg",
        "journeys/joro.dot",
        "wall.html",
    }
    assert gone == {p.relative_to(tmp_path).as_posix() for p in result.removed}
    assert not gone & _files(tmp_path)
    assert _files(tmp_path) == set(pack.read_manifest(tmp_path))
    assert (tmp_path / "cards" / "paivi.html").exists()


def test_a_build_of_fewer_formats_keeps_the_other_formats(
    small: pj.Workspace, tmp_path: Path
) -> None:
    build_pack(small, tmp_path, formats=TEXT)
    result = build_pack(small, tmp_path, formats=["html"])
    assert result.removed == []
    assert (tmp_path / "cards" / "joro.svg").exists()


def test_a_users_own_file_survives_and_so_does_an_edited_one(
    small: pj.Workspace, tmp_path: Path
) -> None:
    build_pack(small, tmp_path, formats=TEXT)
    (tmp_path / "notes.txt").write_text("ours", "utf-8")
    (tmp_path / "cards" / "my-draft.html").write_text("ours", "utf-8")
    (tmp_path / "cards" / "joro.svg").write_text("edited by hand", "utf-8")
    fewer = pj.loads(
        SMALL.replace("  - {id: joro, name: Jörö Jäärä}\n", "").replace(
            "persona_ids: [paivi, joro]", "persona_ids: [paivi]"
        )
    )
    build_pack(fewer, tmp_path, formats=TEXT)
    assert (tmp_path / "notes.txt").read_text("utf-8") == "ours"
    assert (tmp_path / "cards" / "my-draft.html").read_text("utf-8") == "ours"
    assert (tmp_path / "cards" / "joro.svg").read_text("utf-8") == "edited by hand"
    assert not (tmp_path / "cards" / "joro.html").exists()


def test_a_tampered_manifest_deletes_nothing_outside_the_folder(
    small: pj.Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "wall"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", "utf-8")
    (tmp_path / "sub").mkdir()
    inner = tmp_path / "sub" / "also.txt"
    inner.write_text("keep", "utf-8")
    build_pack(small, out, formats=["html"])
    (out / "link").symlink_to(tmp_path / "sub")
    import hashlib
    import json

    digest = hashlib.sha256(b"keep").hexdigest()
    names = [
        "../precious.txt",
        str(outside),
        "link/also.txt",
        "cards/../../precious.txt",
        "./../precious.txt",
        "",
        ".",
        "..",
        "cards\\..\\..\\precious.txt",
    ]
    (out / pack.MANIFEST_NAME).write_text(
        json.dumps({"version": 1, "files": dict.fromkeys(names, digest)}), "utf-8"
    )
    result = build_pack(small, out, formats=["html"])
    assert result.removed == []
    assert outside.read_text("utf-8") == "keep"
    assert inner.read_text("utf-8") == "keep"


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"files": ["a"]}', '{"files": 3}'])
def test_an_unreadable_manifest_removes_nothing(
    small: pj.Workspace, tmp_path: Path, text: str
) -> None:
    (tmp_path / "stale.html").write_text("x", "utf-8")
    (tmp_path / pack.MANIFEST_NAME).write_text(text, "utf-8")
    result = build_pack(small, tmp_path, formats=["html"])
    assert result.removed == []
    assert (tmp_path / "stale.html").exists()


# -- the index: one row per artefact -----------------------------------------------------------


class _Rows(HTMLParser):
    """The index's rows: each row's title and the labels and links of its format chips."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, list[str]]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "li":
            self.rows.append({"title": [], "chips": [], "hrefs": [], "findings": []})
        elif self.rows and tag == "a" and values.get("class") == "chip":
            self._in = "chips"
            self.rows[-1]["hrefs"].append(values.get("href") or "")
        elif self.rows and tag == "a" and self._in is None:
            self._in = "title"
        elif self.rows and tag == "span" and values.get("class") == "findings":
            self._in = "findings"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "span"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self.rows and self._in:
            self.rows[-1][self._in].append(data)


def test_the_index_has_one_row_per_artefact_with_a_chip_per_format(
    small: pj.Workspace, tmp_path: Path
) -> None:
    items = plan(small, formats=TEXT)
    build_pack(small, tmp_path, formats=TEXT)
    parser = _Rows()
    parser.feed((tmp_path / "index.html").read_text("utf-8"))
    assert len(parser.rows) == len(items)
    for row, item in zip(parser.rows, items, strict=True):
        assert "".join(row["title"]) == item.title
        expected = sorted(item.formats, key=lambda fmt: fmt != "html")
        assert row["chips"] == [fmt.upper() for fmt in expected]
        assert row["hrefs"] == [f"{item.stem}.{fmt}" for fmt in expected]
        assert row["findings"], "each row says how many findings concern it"


def test_the_journey_diagram_and_the_poster_have_distinct_titles(small: pj.Workspace) -> None:
    titles = {item.stem: item.title for item in plan(small)}
    assert titles["journey"] != titles["poster"]
    assert (titles["journey"], titles["poster"]) == ("Asiakaspolkukaavio", "Asiakaspolkujuliste")


def test_a_cards_row_counts_the_findings_about_its_persona(
    small: pj.Workspace, tmp_path: Path
) -> None:
    report = pj.run_checks(small)
    build_pack(small, tmp_path, formats=["html"], report=report)
    parser = _Rows()
    parser.feed((tmp_path / "index.html").read_text("utf-8"))
    by_title = {"".join(r["title"]): "".join(r["findings"]) for r in parser.rows}
    for persona in small.personas:
        n = sum(f"persona:{persona.id}" in f.nodes for f in report.findings)
        assert by_title[persona.name] == pj.i18n.counted("finding", n, "fi")
