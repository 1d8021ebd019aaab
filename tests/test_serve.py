"""``personajourney serve``: the live server's safety and its rebuild loop, over plain HTTP.

The rebuild logic is tested by calling :meth:`Rebuilder.rebuild` directly (no timing); one
test runs the real Uvicorn server and watcher on a free port and edits a file.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from personajourney.render import interactive
from personajourney.render.interactive import sha256_source
from personajourney.serve import LIVE_SCRIPT_URL, LiveServer, Rebuilder, bind, create_app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"
OLD_NAME = "Pricing page with a per-device calculator"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def rebuilder(workspace: Path, tmp_path: Path) -> Rebuilder:
    builder = Rebuilder(workspace, tmp_path / "out")
    assert builder.rebuild().ok
    return builder


@pytest.fixture
def client(rebuilder: Rebuilder) -> Iterator[TestClient]:
    with TestClient(create_app(rebuilder, port=PORT), base_url=BASE) as c:
        yield c


def _rename_touchpoint(workspace: Path, new: str) -> None:
    journey = workspace / "journey.yaml"
    text = journey.read_text(encoding="utf-8")
    assert OLD_NAME in text
    journey.write_text(text.replace(OLD_NAME, new), encoding="utf-8")


def test_the_index_is_served_with_the_reload_script_and_the_file_is_not_changed(
    client: TestClient, rebuilder: Rebuilder
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    script = client.get(LIVE_SCRIPT_URL)
    digest = sha256_source(script.content)
    # The pages allow scripts by hash only: the reload script comes with its hash, and the
    # response's policy names that hash and allows connections to the server.
    tag = f'<script src="{LIVE_SCRIPT_URL}" integrity="{digest}" defer></script>'
    assert tag in page.text
    on_disk = (rebuilder.out_dir / "index.html").read_text(encoding="utf-8")
    assert LIVE_SCRIPT_URL not in on_disk
    policy = interactive.csp([digest], connect_self=True)
    assert page.text.replace(tag, "") == on_disk.replace(interactive.csp(), policy)
    assert client.get("/index.html").text == page.text
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "EventSource" in script.text


def test_only_html_responses_carry_the_script(client: TestClient, rebuilder: Rebuilder) -> None:
    (rebuilder.out_dir / "notes.txt").write_text("plain </head>", encoding="utf-8")
    served = client.get("/notes.txt")
    assert served.status_code == 200
    assert served.text == "plain </head>"


@pytest.mark.parametrize(
    "path",
    [
        "/../model/journey.yaml",
        "/%2e%2e/model/journey.yaml",
        "/cards/%2e%2e/%2e%2e/model/journey.yaml",
        "/..%2fmodel%2fjourney.yaml",
        "/cards/..%5c..%5cmodel%5cjourney.yaml",
        "/%00index.html",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/no-such-file.html",
    ],
)
def test_a_path_out_of_the_output_folder_is_refused(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert "personas" not in answer.text


def test_a_symlink_out_of_the_output_folder_is_refused(
    client: TestClient, rebuilder: Rebuilder, workspace: Path
) -> None:
    (rebuilder.out_dir / "leak.yaml").symlink_to(workspace / "journey.yaml")
    (rebuilder.out_dir / "leakdir").symlink_to(workspace, target_is_directory=True)
    assert client.get("/leak.yaml").status_code == 404
    assert client.get("/leakdir/journey.yaml").status_code == 404
    assert client.get("/leakdir/").status_code == 404


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:1", f"localhost.evil:{PORT}", ""]
)
def test_a_foreign_host_header_is_refused(client: TestClient, host: str) -> None:
    answer = client.get("/", headers={"Host": host})
    assert answer.status_code in (400, 421)
    assert LIVE_SCRIPT_URL not in answer.text


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"])
def test_the_loopback_host_headers_are_accepted(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_no_cors_headers(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    for answer in (
        client.get("/", headers=origin),
        client.get("/_pj/status", headers=origin),
        client.options("/", headers={**origin, "Access-Control-Request-Method": "GET"}),
    ):
        assert not [h for h in answer.headers if h.lower().startswith("access-control-")]


def test_an_edit_rebuilds_and_the_new_name_is_served(
    client: TestClient, rebuilder: Rebuilder, workspace: Path
) -> None:
    before = rebuilder.generation
    _rename_touchpoint(workspace, "Pricing page, renamed live")
    assert rebuilder.concerns(workspace / "journey.yaml")
    status = rebuilder.rebuild()
    assert status.ok
    assert status.generation == before + 1
    assert "Pricing page, renamed live" in client.get("/journey.html").text
    assert client.get("/_pj/status").json()["generation"] == before + 1


def test_a_broken_model_keeps_the_last_good_pages_and_reports_file_and_line(
    client: TestClient, rebuilder: Rebuilder, workspace: Path
) -> None:
    good = client.get("/journey.html").text
    journey = workspace / "journey.yaml"
    fine = journey.read_text(encoding="utf-8")
    journey.write_text(fine.replace(OLD_NAME, "[unclosed", 1), encoding="utf-8")
    status = rebuilder.rebuild()
    assert not status.ok
    body = client.get("/_pj/status").json()
    assert body["ok"] is False
    [problem, *_] = body["problems"]
    assert problem["file"].endswith("journey.yaml")
    assert problem["line"] in (59, 60)  # the unclosed "[" is on 59, found on 60
    assert problem["message"]
    assert client.get("/journey.html").text == good  # the last good wall stays
    journey.write_text(fine, encoding="utf-8")
    assert rebuilder.rebuild().ok
    fixed = client.get("/_pj/status").json()
    assert fixed["ok"] is True
    assert fixed["problems"] == []
    assert fixed["generation"] == body["generation"] + 1


def test_a_model_broken_from_the_start_shows_a_waiting_page_with_the_script(
    workspace: Path, tmp_path: Path
) -> None:
    (workspace / "journey.yaml").write_text("touchpoints: [\n", encoding="utf-8")
    builder = Rebuilder(workspace, tmp_path / "out")
    assert not builder.rebuild().ok
    with TestClient(create_app(builder, port=PORT), base_url=BASE) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert LIVE_SCRIPT_URL in page.text
        assert client.get("/_pj/status").json()["problems"][0]["file"].endswith("journey.yaml")


def test_an_invalid_reference_reports_its_line(
    client: TestClient, rebuilder: Rebuilder, workspace: Path
) -> None:
    journey = workspace / "journey.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("stage_id: ", "stage_id: no-such-", 1), encoding="utf-8")
    assert not rebuilder.rebuild().ok
    problems = client.get("/_pj/status").json()["problems"]
    assert any(p["file"].endswith("journey.yaml") and p["line"] for p in problems)


def test_the_output_folder_and_other_files_do_not_trigger_a_rebuild(
    tmp_path: Path, workspace: Path
) -> None:
    inside = Rebuilder(workspace, workspace / "wall")
    assert not inside.concerns(workspace / "wall" / "index.html")
    assert not inside.concerns(workspace / "README.md")
    assert not inside.concerns(workspace / ".git" / "x.json")
    assert inside.concerns(workspace / "journey.yaml")
    theme = tmp_path / "theme.yaml"
    single = Rebuilder(workspace / "journey.yaml", tmp_path / "out", theme=theme)
    assert single.concerns(theme)
    assert not single.concerns(workspace / "personas.yaml")


def test_the_server_binds_loopback_and_a_saved_edit_reloads_the_pages(
    rebuilder: Rebuilder, workspace: Path
) -> None:
    # The real thing: Uvicorn on a free port, the watcher, an open event stream.
    sock = bind("127.0.0.1", 0)
    assert sock.getsockname()[0] == "127.0.0.1"
    server = LiveServer(rebuilder, sock)
    ready = threading.Event()
    thread = threading.Thread(target=server.run, args=(ready.set,), daemon=True)
    thread.start()
    assert ready.wait(10)
    base = f"http://127.0.0.1:{server.port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as http:
            for _ in range(100):
                try:
                    if http.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            with http.stream("GET", "/_pj/events") as events:
                assert events.headers["content-type"].startswith("text/event-stream")
                lines = events.iter_lines()
                assert next(lines).startswith("retry:")
                time.sleep(0.5)  # let the watcher start
                saved = time.perf_counter()
                _rename_touchpoint(workspace, "Pricing page, saved")
                # A save seen half-written gives a failed build, then a good one.
                data = ""
                while '"ok": true' not in data:
                    data = next(line for line in lines if line.startswith("data:"))
                page = http.get("/journey.html").text
                elapsed = time.perf_counter() - saved
                assert "Pricing page, saved" in page
                assert elapsed < 10
    finally:
        server.stop()
        thread.join(10)
    assert not thread.is_alive()


def _engine_workers(tag: str) -> list[int]:
    """Pids of live engine workers whose environment carries ``tag`` (Linux ``/proc``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"personajourney.render.engines" not in (entry / "cmdline").read_bytes():
                continue
            environ = (entry / "environ").read_bytes()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"PJ_SERVE_TEST={tag}".encode() in environ and "State:\tZ" not in status:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("host", [None, "127.0.0.2"])
def test_the_command_serves_and_stops_on_ctrl_c_with_no_orphan_workers(
    tmp_path: Path, host: str | None
) -> None:
    tag = uuid.uuid4().hex
    command = [sys.executable, "-c", "from personajourney.cli import main; main()"]
    command += ["serve", str(EXAMPLE), "--port", "0"]
    if host is not None:
        command += ["--host", host]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PJ_SERVE_TEST=tag),
    )
    try:
        assert process.stderr is not None
        said = []
        for line in process.stderr:
            said.append(line)
            if line.startswith("serving "):
                break
        match = re.search(r"serving (\S+) at (http://\S+/)", said[-1])
        assert match, said
        folder, url = Path(match[1]), match[2]
        assert folder.is_dir()
        assert url.startswith(f"http://{host or '127.0.0.1'}:")
        warned = any("warning:" in line for line in said)
        assert warned == (host is not None)
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200
        assert LIVE_SCRIPT_URL in page.text
        workers = _engine_workers(tag)
        assert workers, "the HTML pack draws its diagrams with Graphviz workers"
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, rest = process.communicate(timeout=20)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert took < 5, f"took {took:.1f} s to stop"
    assert rest.strip().splitlines()[-1] == "stopped"
    assert not folder.exists(), "the temporary folder is removed on exit"
    deadline = time.monotonic() + 2
    while _engine_workers(tag) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _engine_workers(tag) == []


def test_importing_the_library_or_the_command_line_loads_no_server_package() -> None:
    code = (
        "import sys, personajourney, personajourney.cli\n"
        "loaded = {'starlette', 'uvicorn', 'watchfiles'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the findings panel and the overlay in the user's language ------------------------------------


def test_the_status_lists_the_findings_with_where_they_are_and_a_link_into_the_editor(
    workspace: Path, tmp_path: Path
) -> None:
    builder = Rebuilder(workspace, tmp_path / "out", editor_url="vscode://file/{path}:{line}")
    status = builder.rebuild().as_json()
    findings = status["findings"]
    assert isinstance(findings, list)
    assert findings, "the example has findings"
    located = [f for f in findings if f["file"]]
    assert located
    first = located[0]
    assert first["code"]
    assert first["severity"] in ("error", "warning", "info")
    assert first["editor"] == f"vscode://file/{Path(first['file']).resolve()}:{first['line']}"
    assert status["texts"]["findings"] == "Findings"  # type: ignore[index]


def test_a_finnish_workspace_gets_the_overlay_and_panel_in_finnish_and_keeps_them_when_broken(
    workspace: Path, tmp_path: Path
) -> None:
    main = workspace / "workspace.yaml"
    main.write_text(
        main.read_text(encoding="utf-8").replace("locale: en", "") + "\nlocale: fi\n",
        encoding="utf-8",
    )
    builder = Rebuilder(workspace, tmp_path / "out")
    good = builder.rebuild()
    assert good.ok
    assert good.as_json()["texts"]["findings"] == "Havainnot"  # type: ignore[index]
    main.write_text("name: [broken\n", encoding="utf-8")
    broken = builder.rebuild().as_json()
    assert broken["ok"] is False
    assert broken["locale"] == "fi"
    assert broken["texts"]["broken"].startswith("Malli ei lataudu")  # type: ignore[index]
    assert broken["findings"] == good.as_json()["findings"]  # the last good findings stay


@pytest.mark.parametrize(
    "pattern", ["javascript:alert(1)//{path}", " JavaScript:x", "data:text/html,{path}", "{path}"]
)
def test_an_editor_url_that_would_run_code_or_is_no_link_is_refused(
    workspace: Path, tmp_path: Path, pattern: str
) -> None:
    with pytest.raises(ValueError, match="editor URL"):
        Rebuilder(workspace, tmp_path / "out", editor_url=pattern)


def test_the_live_script_builds_the_panel_from_text_only(client: TestClient) -> None:
    script = client.get(LIVE_SCRIPT_URL).text
    assert "pj-live-findings" in script
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "aria-expanded" in script
