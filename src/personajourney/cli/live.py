"""``personajourney serve``: the wall pack on a local server, rebuilt as the files change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import PersonaJourneyError
from .core import (
    MAX_PROBLEMS_SHOWN,
    LocaleOpt,
    OrientationOpt,
    PaperOpt,
    PrivacyOption,
    Stopped,
    TemplateDirOpt,
    ThemeOpt,
    app,
    console,
    esc,
    fail,
    options,
)

if TYPE_CHECKING:
    import socket

    from rich.console import Console

    from ..serve import BuildStatus, Rebuilder


@app.command()
def serve(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder to build into (default: a temporary one)."),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")
    ] = 8000,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to bind (default 127.0.0.1: this machine only)."),
    ] = "127.0.0.1",
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the index in the web browser.")
    ] = False,
    formats: Annotated[
        str, typer.Option("--formats", help="Comma-separated formats to build: html, svg, pdf.")
    ] = "html",
    paper: PaperOpt = None,
    orientation: OrientationOpt = None,
    locale: LocaleOpt = None,
    theme: ThemeOpt = None,
    template_dir: TemplateDirOpt = None,
    privacy: PrivacyOption = None,
    editor_url: Annotated[
        str | None,
        typer.Option(
            "--editor-url",
            envvar="PERSONAJOURNEY_EDITOR_URL",
            help="Link findings and problems to your editor: a pattern with {path} and "
            "{line}, e.g. vscode://file/{path}:{line}.",
        ),
    ] = None,
) -> None:
    """Build the wall pack, serve it on this machine and rebuild it as the files change.

    Every open page reloads after a rebuild; while the model is broken the last good pages
    stay, under an overlay naming the file, line and problem. Ctrl-C stops the server.
    Needs the serve extra: pip install 'personajourney[serve]'.
    """
    import shutil
    import tempfile

    try:
        from ..serve import LOOPBACK, Rebuilder, bind
    except ImportError as exc:
        fail(
            PersonaJourneyError(
                f"serve needs the serve extra ({exc.name} is missing): "
                "pip install 'personajourney[serve]'"
            )
        )
    from ..render.engines import EnginePool

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    if not wanted or any(f not in ("html", "svg", "pdf", "png") for f in wanted):
        fail(PersonaJourneyError(f"--formats takes html, svg, pdf, png; got {formats!r}"))
    if output is not None and output.exists() and not output.is_dir():
        fail(PersonaJourneyError(f"{output} is a file; -o takes a folder"))
    if not path.exists():
        fail(PersonaJourneyError(f"{path}: no such file or folder"))
    opts = options(paper, orientation, locale, theme, template_dir, 0.0, False)
    err = console(stderr=True)
    if host not in (LOOPBACK, "localhost", "::1"):
        err.print(
            f"[bold yellow]warning:[/] serving on {esc(host)}: other machines on the "
            "network can read the pack (the model's names, contacts and findings)"
        )
    try:
        sock = bind(host, port)
    except OSError as exc:
        fail(PersonaJourneyError(f"cannot listen on {host}:{port}: {exc.strerror or exc}"))
    out = output if output is not None else Path(tempfile.mkdtemp(prefix="personajourney-"))
    pool = EnginePool(cache_mb=64)  # an edit lays out again only the diagrams it changed
    try:
        rebuilder = Rebuilder(
            path,
            out,
            options=opts,
            theme=theme,
            formats=wanted,
            pool=pool,
            privacy=privacy.value if privacy is not None else None,
            editor_url=editor_url,
        )
    except ValueError as exc:
        pool.terminate()
        fail(PersonaJourneyError(str(exc)))

    try:
        _serve_until_stopped(rebuilder, sock, host, open_browser, err)
    finally:
        pool.terminate()
        sock.close()
        if output is None:
            shutil.rmtree(out, ignore_errors=True)
    err.print("stopped")


def _report_build(err: Console, status: BuildStatus) -> None:
    """One rebuild of ``serve`` on the terminal: its time, or the model's problems."""
    if status.ok:
        err.print(f"rebuilt in {status.seconds:.2f} s")
        for name, why in status.failed:
            err.print(f"  [red]failed:[/] {esc(name)}: {esc(why)}")
    else:
        err.print("[bold red]model broken[/] (the last good pages stay):")
        for p in status.problems[:MAX_PROBLEMS_SHOWN]:
            err.print(f"  [bold]{esc(p.location)}[/]: {esc(p.message)}")


def _serve_until_stopped(
    rebuilder: Rebuilder, sock: socket.socket, host: str, open_browser: bool, err: Console
) -> None:
    """Build once, then serve and rebuild until Ctrl-C (or SIGTERM)."""
    from ..serve import LiveServer

    def report(status: BuildStatus) -> None:
        _report_build(err, status)

    try:
        report(rebuilder.rebuild())
        server = LiveServer(rebuilder, sock, host=host, on_build=report)

        def ready() -> None:
            err.print(
                f"serving {esc(str(rebuilder.out_dir))} at [bold]{server.url}[/] (Ctrl-C to stop)"
            )
            if open_browser:
                import webbrowser

                webbrowser.open(server.url)

        server.run(ready)
    except Stopped:
        pass
