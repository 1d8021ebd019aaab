"""The engine worker pool: engines in separate processes, errors as data, batches go on."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from personajourney.render.engines import EnginePool, Job, RenderError, _Worker

SLOW_DOT = (
    "digraph { "
    + " ".join(f"n{i} -> n{(i * 7 + j * 13) % 400};" for i in range(400) for j in range(6))
    + " }"
)


@pytest.fixture(scope="module")
def pool() -> EnginePool:
    with EnginePool(workers=2, timeout=60) as shared:
        yield shared


def test_graphviz_and_weasyprint_run_side_by_side(pool: EnginePool) -> None:
    svg, pdf = pool.map(
        [
            Job("graphviz", "digraph { a [label=<Hyvää ö>]; a -> b }", "svg"),
            Job("weasyprint", "<h1>Ostopäätös</h1>", "pdf"),
        ]
    )
    assert isinstance(svg, bytes)
    assert b"<svg" in svg
    assert "Hyvää ö".encode() in svg
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF-")


def test_a_failing_job_is_an_error_for_that_job_only(pool: EnginePool) -> None:
    results = list(
        pool.map(
            [
                Job("graphviz", "digraph { a -> }", "svg", name="broken"),
                Job("graphviz", "digraph { a -> b }", "png", name="fine"),
            ]
        )
    )
    assert isinstance(results[0], RenderError)
    assert "broken" in str(results[0])
    assert isinstance(results[1], bytes)
    assert results[1].startswith(b"\x89PNG")


def test_weasyprint_png_is_a_rasterised_first_page(pool: EnginePool) -> None:
    png = pool.run(Job("weasyprint", "<p>x</p>", "png", dpi=72))
    assert png.startswith(b"\x89PNG")


def test_pdf_engine_reads_no_file_outside_the_asset_folder(
    pool: EnginePool, tmp_path: os.PathLike[str]
) -> None:
    from pathlib import Path

    secret = Path(tmp_path) / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    assets = Path(tmp_path) / "assets"
    assets.mkdir()
    html = (
        f'<link rel="attachment" href="file://{secret}">'
        f'<img src="file://{secret}"><img src="../secret.txt">'
        '<img src="file:///dev/zero"><img src="http://127.0.0.1:9/x.png"><p>ok</p>'
    )
    pdf = pool.run(Job("weasyprint", html, "pdf", assets=str(assets)))
    assert b"TOPSECRET" not in pdf
    assert b"secret.txt" not in pdf


def test_a_job_over_the_time_limit_is_stopped_and_the_pool_recovers() -> None:
    with EnginePool(workers=1, timeout=0.5) as short:
        started = time.monotonic()
        with pytest.raises(RenderError, match=r"took longer than 0\.5 s"):
            short.run(Job("graphviz", SLOW_DOT, "svg", name="slow"))
        assert time.monotonic() - started < 30
        short.timeout = 60
        assert short.run(Job("graphviz", "digraph { a }", "svg")).startswith(b"<?xml")


def test_a_crashed_worker_is_a_clear_error() -> None:
    worker = _Worker("graphviz", 2048, start_timeout=60)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            worker.run(Job("graphviz", SLOW_DOT, "svg", name="doomed"), timeout=60)
        except RenderError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)
    os.kill(worker.process.pid, signal.SIGKILL)
    thread.join(timeout=30)
    assert len(outcome) == 1
    assert "crashed (signal 9)" in str(outcome[0])
    assert not worker.alive()


def test_engines_are_not_loaded_in_the_calling_process(pool: EnginePool) -> None:
    import sys

    pool.run(Job("graphviz", "digraph { a }", "svg"))
    assert "pygraphviz" not in sys.modules
    assert "weasyprint" not in sys.modules


def test_one_layout_gives_pdf_and_png(pool: EnginePool) -> None:
    html = "<h1>Ostopäätös</h1><p>x</p>"
    futures = pool.submit_all(Job("weasyprint", html, "pdf", dpi=72, also=("png",)))
    assert list(futures) == ["pdf", "png"]
    pdf, png = futures["pdf"].result(), futures["png"].result()
    assert pdf.startswith(b"%PDF-")
    assert png.startswith(b"\x89PNG")
    # The PNG is the first page of a PDF of the same page, as a job of its own makes it.
    alone = pool.run(Job("weasyprint", html, "png", dpi=72))
    from io import BytesIO

    from PIL import Image, ImageChops

    one, other = Image.open(BytesIO(png)), Image.open(BytesIO(alone))
    assert one.size == other.size
    assert ImageChops.difference(one.convert("RGB"), other.convert("RGB")).getbbox() is None


def test_a_failing_job_fails_every_format_it_makes(pool: EnginePool) -> None:
    futures = pool.submit_all(Job("weasyprint", "<p>x</p>", "pdf", also=("gif",), name="odd"))
    for future in futures.values():
        with pytest.raises(RenderError, match="cannot make 'gif'"):
            future.result()


def test_waiting_jobs_start_highest_priority_first() -> None:
    started: list[str] = []
    with EnginePool(workers=1, timeout=60) as one:
        one.start("graphviz")  # the worker starts for a moment: the jobs below wait
        futures = [
            one.submit(Job("graphviz", "digraph { a }", "svg", name=name), priority=priority)
            for name, priority in (("low", 1.0), ("high", 5.0), ("also-low", 1.0), ("none", 0))
        ]
        for future, name in zip(futures, ("low", "high", "also-low", "none"), strict=True):
            future.add_done_callback(lambda _, name=name: started.append(name))
        for future in futures:
            future.result()
    assert started == ["high", "low", "also-low", "none"]


def test_start_runs_the_workers_before_any_job() -> None:
    with EnginePool(workers=2, timeout=60) as fresh:
        fresh.start("graphviz")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            lane = fresh._lanes["graphviz"]
            if len([w for w in lane.workers if w.alive()]) == 2:
                break
            time.sleep(0.05)
        assert len(fresh._lanes["graphviz"].workers) == 2
        assert "weasyprint" not in fresh._lanes
        with pytest.raises(ValueError, match="unknown engine"):
            fresh.start("latex")  # type: ignore[arg-type]


def test_the_cache_answers_a_graphviz_job_seen_before_without_running_it() -> None:
    dot = "digraph { a -> b }"
    with EnginePool(workers=1, cache_mb=1) as pool:
        first = pool.run(Job("graphviz", dot, "svg"))
        assert pool.cache_hits == 0
        again = pool.run(Job("graphviz", dot, "svg", name="same DOT, another name"))
        assert again == first
        assert pool.cache_hits == 1
        other = pool.run(Job("graphviz", "digraph { a -> c }", "svg"))
        assert other != first
        assert pool.cache_hits == 1
        with pytest.raises(RenderError):
            pool.run(Job("graphviz", "digraph {", "svg"))
        with pytest.raises(RenderError):  # an error is not kept: the job runs again
            pool.run(Job("graphviz", "digraph {", "svg"))
        assert pool.cache_hits == 1


def test_the_cache_drops_the_least_recently_used_results_past_its_size() -> None:
    a, b = Job("graphviz", "digraph { a }", "svg"), Job("graphviz", "digraph { b }", "svg")
    with EnginePool(workers=1) as plain:
        size = max(len(plain.run(a)), len(plain.run(b)))
    with EnginePool(workers=1, cache_mb=1.5 * size / (1024 * 1024)) as pool:  # room for one
        pool.run(a)
        pool.run(a)
        assert pool.cache_hits == 1  # kept
        pool.run(b)  # b pushes a out
        pool.run(a)
        assert pool.cache_hits == 1  # a was dropped: laid out again
        pool.run(a)
        assert pool.cache_hits == 2


def test_weasyprint_jobs_are_never_cached() -> None:
    html = "<p>Hello</p>"
    with EnginePool(workers=1, cache_mb=8) as pool:
        pool.run(Job("weasyprint", html, "pdf"))
        pool.run(Job("weasyprint", html, "pdf"))
        assert pool.cache_hits == 0
