"""``evidence(ws, events)``: the modelled journey held against what buyers actually did."""

from __future__ import annotations

import os
from typing import Any, Literal

from ..checks import run_checks
from ..errors import EventLogError, Problem
from ..models.evidence import EvidenceSettings, Observation
from ..models.workspace import Workspace
from .plan import Engine, assemble, make_plan
from .result import EvidenceResult
from .source import DEFAULT_MAX_BYTES, EventSource, LogFormat, LogTable, resolve

__all__ = ["evidence", "observe"]

Events = str | os.PathLike[str] | Any


def _settings(ws: Workspace, min_cases: int | None) -> EvidenceSettings:
    settings = ws.evidence or EvidenceSettings()
    if min_cases is not None:
        if min_cases < 1:
            raise ValueError(f"min_cases must be 1 or more, got {min_cases}")
        settings = settings.model_copy(update={"min_cases": min_cases})
    return settings


def _source(
    ws: Workspace,
    settings: EvidenceSettings,
    events: Events | None,
    format: LogFormat | None,
    max_bytes: int,
) -> EventSource:
    from_workspace = events is None
    if events is None:
        if settings.source is None:
            raise EventLogError(
                Problem(
                    "no event log: give one (`--events LOG`, `pj.evidence(ws, events)`) or set "
                    "`evidence.source` in the workspace",
                    path="evidence.source",
                )
            )
        events = settings.source
    if isinstance(events, str | os.PathLike):
        # Relative to the workspace folder when it comes from the workspace file; relative to
        # where the user stands when given on the command line or in code.
        root = ws.root if from_workspace else None
        return resolve(events, root=root, format=format or settings.format, max_bytes=max_bytes)
    return LogTable(events, f"<{type(events).__name__}>")


def _engine(name: str | Engine, memory_limit: str | None, threads: int | None) -> Engine:
    if not isinstance(name, str):
        return name
    if name == "duckdb":
        from .sql import DuckDBEngine

        return DuckDBEngine(memory_limit=memory_limit, threads=threads)
    if name == "ibis":
        try:
            from .ibis_engine import IbisEngine
        except ImportError:
            raise ImportError(
                "the ibis engine needs Ibis: pip install 'personajourney[evidence-ibis]'"
            ) from None
        return IbisEngine()
    if name == "spark":
        try:
            from .spark_engine import SparkEngine
        except ImportError:
            raise ImportError(
                "the spark engine needs PySpark and Ibis: "
                "pip install 'personajourney[evidence-spark]' (and Java 17)"
            ) from None
        return SparkEngine()
    raise ValueError(f"unknown engine {name!r}; use `duckdb`, `ibis` or `spark`")


def observe(
    workspace: Workspace,
    events: Events | None = None,
    *,
    engine: Literal["duckdb", "ibis", "spark"] | Engine = "duckdb",
    min_cases: int | None = None,
    format: LogFormat | None = None,
    memory_limit: str | None = None,
    threads: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Observation:
    """The measures alone (every count exact), without the findings: see :func:`evidence`."""
    settings = _settings(workspace, min_cases)
    source = _source(workspace, settings, events, format, max_bytes)
    runner = _engine(engine, memory_limit, threads)
    try:
        plan = make_plan(workspace, settings, runner.columns(source))
        aggregates = runner.aggregate(source, plan)
    finally:
        runner.close()
    return assemble(workspace, settings, aggregates)


def evidence(
    workspace: Workspace,
    events: Events | None = None,
    *,
    engine: Literal["duckdb", "ibis", "spark"] | Engine = "duckdb",
    min_cases: int | None = None,
    format: LogFormat | None = None,
    memory_limit: str | None = None,
    threads: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> EvidenceResult:
    """Hold the modelled journey against an event log of what buyers actually did.

    The log is read by DuckDB where it lies (never loaded into Python objects): observed
    flow, funnel per stage (and per persona and segment), conformance with the model, and
    results per segment; then the evidence rules (area E) give findings.

    Example:
        >>> import personajourney as pj
        >>> from personajourney.testing import simulate_events
        >>> ws = pj.Workspace(
        ...     stages=[pj.Stage(id="look"), pj.Stage(id="buy", decision=True),
        ...             pj.Stage(id="use")],
        ...     touchpoints=[pj.Touchpoint(id="ad", name="Ad", stage_id="look", entry=True),
        ...                  pj.Touchpoint(id="demo", name="Demo", stage_id="buy"),
        ...                  pj.Touchpoint(id="start", name="Start", stage_id="use")],
        ...     transitions=[pj.Transition(from_id="ad", to_id="demo"),
        ...                  pj.Transition(from_id="demo", to_id="start")],
        ... )
        >>> result = pj.evidence(ws, simulate_events(ws, cases=200, seed=1))
        >>> [step["stage"] for step in result.to_dict()["funnel"]]
        ['look', 'buy', 'use']

    Args:
        workspace: The model.
        events: A path, folder or glob (CSV, Parquet, JSON lines), or a pandas, polars or
            pyarrow table (an Ibis table is read through ``to_pyarrow()``); by default the
            workspace's ``evidence.source``, relative to the workspace folder.
        engine: ``duckdb`` (the default: embedded, locked down to the log's files), ``ibis``
            (the same plan as Ibis expressions on an in-memory DuckDB backend; needs the
            ``evidence-ibis`` extra), or an engine object such as
            ``IbisEngine(ibis.pyspark.connect(session))`` for another Ibis backend.
        min_cases: Hide counts of fewer cases than this in every output (default: the
            workspace's ``evidence.min_cases``, 5); ``1`` shows every count.
        format: ``csv``, ``parquet`` or ``json`` (JSON lines); by default from the suffix.
        memory_limit: DuckDB's memory limit, e.g. ``"500MB"``; past it, work spills to disk.
        threads: DuckDB's worker threads.
        max_bytes: Largest total size of the log's files.

    Raises:
        EventLogError: (a :class:`~personajourney.ModelError`) for a log that cannot be
            read: no such file, a glob matching nothing, a file that is not a regular file,
            a missing column (the message names the file, the column and the columns it
            has), an unparsable timestamp (file and row), a
            file that is not what its suffix says, an empty log.
        InputLimitError: for a log over ``max_bytes``.
    """
    observation = observe(
        workspace,
        events,
        engine=engine,
        min_cases=min_cases,
        format=format,
        memory_limit=memory_limit,
        threads=threads,
        max_bytes=max_bytes,
    )
    report = run_checks(workspace, select=["E"], observation=observation)
    return EvidenceResult(
        observation=observation,
        findings=tuple(report.findings),
        workspace_name=workspace.name,
        locale=workspace.locale,
        engine=engine if isinstance(engine, str) else engine.name,
        stage_labels={s.id: workspace.label_of(s) for s in workspace.stages},
    )
