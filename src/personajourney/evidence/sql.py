"""The DuckDB engine: the plan of :mod:`personajourney.evidence.plan` in SQL.

The log is read where it lies (CSV, Parquet, JSON lines) or from a table in memory, never
loaded into Python objects. The connection is locked down before the first query: file
access only to the log's own files (``allowed_paths``, then ``enable_external_access =
false``), no extension installed or loaded on demand, no Python variables found by name, and
the configuration locked. Paths, mapping values and globs are passed as parameters, never
formatted into SQL; column names are quoted as identifiers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from ..errors import EventLogError, Problem
from .plan import Aggregates, Columns, Plan
from .source import EventSource, LogFiles, LogTable

__all__ = ["DuckDBEngine", "quote"]

_INPUT = "__pj_input"
_FILE = "__pj_file"
_ORD = "__pj_ord"


def quote(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _problem(source: EventSource, exc: Exception) -> EventLogError:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    label = source.label
    return EventLogError(
        Problem(
            f"cannot read the event log: {text}",
            file=label,
            hint="check that each file is what its suffix says (CSV, Parquet, JSON lines)",
        )
    )


class DuckDBEngine:
    """Runs the plan in an embedded DuckDB database.

    Args:
        memory_limit: DuckDB's memory limit (``"500MB"``); past it, work spills to a
            temporary folder.
        threads: Worker threads (default: DuckDB's, one per core).
    """

    name = "duckdb"

    def __init__(self, *, memory_limit: str | None = None, threads: int | None = None) -> None:
        self.memory_limit = memory_limit
        self.threads = threads
        self._con: duckdb.DuckDBPyConnection | None = None
        self._spill: tempfile.TemporaryDirectory[str] | None = None

    # -- connection --------------------------------------------------------------------------

    def _connect(self, source: EventSource) -> duckdb.DuckDBPyConnection:
        if self._con is not None:
            return self._con
        config: dict[str, Any] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "python_enable_replacements": False,
        }
        if self.threads is not None:
            config["threads"] = self.threads
        con = duckdb.connect(":memory:", config=config)
        self._spill = tempfile.TemporaryDirectory(prefix="personajourney-evidence-")
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET temp_directory = $d", {"d": self._spill.name})
        if self.memory_limit is not None:
            con.execute("SET memory_limit = $m", {"m": self.memory_limit})
        files = list(source.files) if isinstance(source, LogFiles) else []
        con.execute("SET allowed_paths = $p", {"p": files or [os.devnull]})
        con.execute("SET allowed_directories = $d", {"d": [self._spill.name + os.sep]})
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        if isinstance(source, LogTable) and _rows(source.table):
            _load_rows(con, source.table)
        elif isinstance(source, LogTable):
            table = source.table
            if not _registrable(table) and callable(getattr(table, "to_pyarrow", None)):
                table = table.to_pyarrow()  # an Ibis table, or another frame that can
            try:
                con.register(_INPUT, table)
            except Exception as exc:  # duckdb names what it cannot scan
                raise EventLogError(
                    Problem(
                        f"cannot read a {type(source.table).__name__} as an event log: "
                        f"{str(exc).splitlines()[0]}",
                        file=source.label,
                        hint="give a pandas, polars or pyarrow table, or a file",
                    )
                ) from None
        self._con = con
        return con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None

    # -- reading -----------------------------------------------------------------------------

    def _scan(self, source: EventSource, files: Sequence[str] | None = None) -> str:
        """SQL of the raw log with a file column and a row order column. ``$files`` is the
        parameter holding the paths."""
        if isinstance(source, LogTable):
            numbered = f"NULL::VARCHAR AS {_FILE}, row_number() OVER () AS {_ORD}"
            return f"(SELECT *, {numbered} FROM {_INPUT})"
        reader = {
            "csv": "read_csv($files, all_varchar = true, header = true, union_by_name = true",
            "parquet": "read_parquet($files, union_by_name = true",
            "json": "read_json($files, format = 'auto', union_by_name = true",
        }[source.format]
        inner = f"{reader}, filename = '{_FILE}') WITH ORDINALITY"
        return f"(SELECT * EXCLUDE (ordinality), ordinality AS {_ORD} FROM {inner})"

    def columns(self, source: EventSource) -> list[tuple[str, list[str]]]:
        con = self._connect(source)
        hidden = {_FILE, _ORD}
        out = []
        targets: list[tuple[str, list[str] | None]]
        if isinstance(source, LogFiles):
            targets = [(f, [f]) for f in source.files]
        else:
            targets = [(source.label, None)]
        for label, files in targets:
            try:
                rows = con.execute(
                    f"DESCRIBE SELECT * FROM {self._scan(source)}", _params(files)
                ).fetchall()
            except duckdb.Error as exc:
                raise _problem(LogFiles((label,), "csv", label), exc) from None
            out.append((label, [str(r[0]) for r in rows if r[0] not in hidden]))
        return out

    # -- the plan ----------------------------------------------------------------------------

    def aggregate(self, source: EventSource, plan: Plan) -> Aggregates:
        con = self._connect(source)
        files = list(source.files) if isinstance(source, LogFiles) else None
        try:
            return self._aggregate(con, source, plan, files)
        except EventLogError:
            raise
        except duckdb.Error as exc:
            raise _problem(source, exc) from None

    def _aggregate(
        self,
        con: duckdb.DuckDBPyConnection,
        source: EventSource,
        plan: Plan,
        files: list[str] | None,
    ) -> Aggregates:
        counts = self._load(con, source, plan, files)
        stages = max((t.stage for t in plan.touchpoints), default=0) + 1
        return self._measure(con, counts, has_value=plan.columns.value is not None, stages=stages)

    def _load(
        self,
        con: duckdb.DuckDBPyConnection,
        source: EventSource,
        plan: Plan,
        files: list[str] | None,
    ) -> tuple[int, int, int, list[tuple[Any, ...]]]:
        """Read, check and map the log into table ``m`` (mapped valid events); return
        (events, invalid, unmapped, most frequent unmapped names)."""
        con.execute("CREATE TEMP TABLE tps (id VARCHAR, stage INTEGER, conv BOOLEAN)")
        if plan.touchpoints:
            con.executemany(
                "INSERT INTO tps VALUES (?, ?, ?)",
                [(t.id, t.stage, t.conversion) for t in plan.touchpoints],
            )
        mapping, params = _mapping_sql(plan)
        params.update(_params(files))
        cols = plan.columns
        optional = {
            "persona": _text(cols.persona_id),
            "segment": _text(cols.segment_id),
            "value": f"TRY_CAST({quote(cols.value)} AS DOUBLE)" if cols.value else "NULL::DOUBLE",
        }
        ts = quote(cols.timestamp)
        bad_value = "false"
        if cols.value:
            v = quote(cols.value)
            bad_value = (
                f"{v} IS NOT NULL AND trim(CAST({v} AS VARCHAR)) <> '' "
                f"AND TRY_CAST({v} AS DOUBLE) IS NULL"
            )
        con.execute(
            f"""
            CREATE TEMP TABLE ev AS
            SELECT
                {_ORD} AS ord,
                {_FILE} AS file,
                NULLIF(trim(CAST({quote(cols.case_id)} AS VARCHAR)), '') AS case_id,
                TRY_CAST({ts} AS TIMESTAMPTZ) AS ts,
                {ts} IS NOT NULL AND trim(CAST({ts} AS VARCHAR)) <> ''
                    AND TRY_CAST({ts} AS TIMESTAMPTZ) IS NULL AS bad_ts,
                {bad_value} AS bad_value,
                CAST({quote(cols.touchpoint)} AS VARCHAR) AS activity,
                tps.id AS tp, tps.stage AS stage, tps.conv AS conv,
                {optional["persona"]} AS persona,
                {optional["segment"]} AS segment,
                {optional["value"]} AS value
            FROM {self._scan(source)} AS raw
            LEFT JOIN tps ON tps.id = ({mapping})
            """,
            params,
        )
        events, bad, bad_values, invalid, unmapped = _one(
            con,
            """SELECT count(*), count(*) FILTER (bad_ts), count(*) FILTER (bad_value),
                      count(*) FILTER (case_id IS NULL OR ts IS NULL),
                      count(*) FILTER (case_id IS NOT NULL AND ts IS NOT NULL AND tp IS NULL)
               FROM ev""",
        )
        if events == 0:
            raise EventLogError(Problem("the event log has no rows", file=source.label))
        if bad:
            expected = "a timestamp; use ISO 8601 (2026-03-01 09:30:00, 2026-03-01T09:30:00Z)"
            raise self._bad_cell(con, source, cols.timestamp, "bad_ts", expected, files)
        if bad_values and cols.value:
            expected = "a number; write revenue as digits with a decimal point (12500.50)"
            raise self._bad_cell(con, source, cols.value, "bad_value", expected, files)
        names = con.execute(
            f"""SELECT activity, count(*) AS n FROM ev
                WHERE case_id IS NOT NULL AND ts IS NOT NULL AND tp IS NULL
                GROUP BY activity ORDER BY n DESC, activity LIMIT {int(plan.top_unmapped)}"""
        ).fetchall()
        con.execute(
            """CREATE TEMP TABLE m AS
               SELECT case_id, ts, ord, tp, stage, conv, persona, segment, value FROM ev
               WHERE case_id IS NOT NULL AND ts IS NOT NULL AND tp IS NOT NULL"""
        )
        con.execute("DROP TABLE ev")
        return int(events), int(invalid), int(unmapped), names

    def _measure(
        self,
        con: duckdb.DuckDBPyConnection,
        counts: tuple[int, int, int, list[tuple[Any, ...]]],
        *,
        has_value: bool,
        stages: int,
    ) -> Aggregates:
        """Every aggregate of the plan, from table ``m``."""
        events, invalid, unmapped, names = counts
        con.execute(
            """CREATE TEMP TABLE steps AS
               SELECT tp, stage, conv,
                      lead(tp) OVER w AS next_tp,
                      lead(stage) OVER w AS next_stage,
                      lead(conv) OVER w AS next_conv,
                      epoch(lead(ts) OVER w) - epoch(ts) AS gap,
                      row_number() OVER w = 1 AS first,
                      -- conversion events so far (this one included): 0 on the path
                      sum(conv::INTEGER) OVER (w ROWS UNBOUNDED PRECEDING) AS done
               FROM m WINDOW w AS (PARTITION BY case_id ORDER BY ts, ord)"""
        )
        # Each case's path up to its first conversion event, for attribution.
        paths = con.execute(
            """SELECT 'start', NULL, tp, count(*) FROM steps WHERE first AND NOT conv
               GROUP BY tp
               UNION ALL
               SELECT 'step', tp, next_tp, count(*) FROM steps
               WHERE done = 0 AND next_tp IS NOT NULL AND NOT next_conv GROUP BY tp, next_tp
               UNION ALL
               SELECT CASE WHEN next_conv THEN 'conv' ELSE 'null' END, tp, NULL, count(*)
               FROM steps WHERE done = 0 AND (next_tp IS NULL OR next_conv)
               GROUP BY next_conv, tp
               UNION ALL
               SELECT 'direct', NULL, NULL, count(*) FROM steps WHERE first AND conv
               HAVING count(*) > 0"""
        ).fetchall()
        transitions = con.execute(
            """SELECT tp, next_tp, count(*), median(gap) FROM steps
               WHERE next_tp IS NOT NULL GROUP BY tp, next_tp"""
        ).fetchall()
        starts = con.execute("SELECT tp, count(*) FROM steps WHERE first GROUP BY tp").fetchall()
        ends = con.execute(
            "SELECT tp, count(*) FROM steps WHERE next_tp IS NULL GROUP BY tp"
        ).fetchall()
        skips = con.execute(
            """SELECT stage, next_stage, count(*) FROM steps
               WHERE next_stage - stage > 1 GROUP BY stage, next_stage"""
        ).fetchall()
        con.execute("DROP TABLE steps")
        con.execute(
            """CREATE TEMP TABLE cs AS
               SELECT case_id, max(stage) AS furthest, bool_or(conv) AS converted,
                      arg_min(segment, (ts, ord)) FILTER (WHERE segment IS NOT NULL) AS segment,
                      sum(value) AS value,
                      -- the stages reached, as bits (when there are at most 62 stages)
                      bit_or(CASE WHEN stage < 62 THEN 1::BIGINT << stage ELSE 0 END) AS mask
               FROM m GROUP BY case_id"""
        )
        (cases,) = _one(con, "SELECT count(*) FROM cs")
        # Stages each case reached: from the bits, or (many stages) from the events.
        by_stage = (
            f"""SELECT s.stage, cs.converted, cs.segment FROM cs, range(0, {int(stages)}) s(stage)
                WHERE (cs.mask >> s.stage) & 1 = 1"""
            if stages <= 62
            else """SELECT r.stage, cs.converted, cs.segment
                    FROM (SELECT DISTINCT case_id, stage FROM m) r JOIN cs USING (case_id)"""
        )
        reached = con.execute(
            f"""WITH r AS ({by_stage})
               SELECT 'all', '', stage, count(*), count(*) FILTER (converted)
               FROM r GROUP BY stage
               UNION ALL
               SELECT 'segment', segment, stage, count(*), count(*) FILTER (converted)
               FROM r WHERE segment IS NOT NULL GROUP BY segment, stage
               UNION ALL
               SELECT 'persona', p.persona, p.stage, count(*), count(*) FILTER (converted)
               FROM (SELECT DISTINCT case_id, persona, stage FROM m WHERE persona IS NOT NULL) p
               JOIN cs USING (case_id) GROUP BY p.persona, p.stage"""
        ).fetchall()
        furthest = con.execute(
            """SELECT 'all', '', furthest, count(*), count(*) FILTER (NOT converted)
               FROM cs GROUP BY furthest
               UNION ALL
               SELECT 'segment', segment, furthest, count(*), count(*) FILTER (NOT converted)
               FROM cs WHERE segment IS NOT NULL GROUP BY segment, furthest
               UNION ALL
               SELECT 'persona', p.persona, p.top, count(*), count(*) FILTER (NOT converted)
               FROM (
                   SELECT case_id, persona, max(stage) AS top FROM m
                   WHERE persona IS NOT NULL GROUP BY case_id, persona) p
               JOIN cs USING (case_id)
               GROUP BY p.persona, p.top"""
        ).fetchall()
        value_sum = "coalesce(sum(value), 0)" if has_value else "NULL::DOUBLE"
        segments = con.execute(
            f"""SELECT segment, count(*), count(*) FILTER (converted), {value_sum}
                FROM cs WHERE segment IS NOT NULL GROUP BY segment"""
        ).fetchall()
        stage_times = con.execute(
            """WITH entered AS (
                   SELECT case_id, stage, min(ts) AS at FROM m GROUP BY case_id, stage),
               moved AS (
                   SELECT e.case_id, e.stage, epoch(min(m.ts)) - epoch(e.at) AS secs
                   FROM entered e JOIN m ON m.case_id = e.case_id
                   WHERE m.stage > e.stage AND m.ts >= e.at
                   GROUP BY e.case_id, e.stage, e.at)
               SELECT stage, count(*), median(secs), quantile_cont(secs, 0.9)
               FROM moved GROUP BY stage"""
        ).fetchall()
        conversion_time = _one(
            con,
            """SELECT count(*), median(secs), quantile_cont(secs, 0.9) FROM (
                   SELECT epoch(min(ts) FILTER (WHERE conv)) - epoch(min(ts)) AS secs
                   FROM m GROUP BY case_id HAVING bool_or(conv))""",
        )
        con.execute("DROP TABLE cs")
        con.execute("DROP TABLE m")
        con.execute("DROP TABLE tps")
        return Aggregates(
            events=events,
            invalid=invalid,
            unmapped=unmapped,
            cases=int(cases),
            unmapped_names=[(str(a) if a is not None else "", int(n)) for a, n in names],
            transitions=[(a, b, int(n), _float(med)) for a, b, n, med in transitions],
            starts=[(a, int(n)) for a, n in starts],
            ends=[(a, int(n)) for a, n in ends],
            skips=[(int(a), int(b), int(n)) for a, b, n in skips],
            reached=[(k, str(g), int(s), int(n), int(c)) for k, g, s, n, c in reached],
            furthest=[(k, str(g), int(s), int(n), int(d)) for k, g, s, n, d in furthest],
            segments=[(str(s), int(n), int(c), _float(v)) for s, n, c, v in segments],
            paths=[(str(k), a, b, int(n)) for k, a, b, n in paths],
            stage_times=[(int(s), int(n), _float(a), _float(b)) for s, n, a, b in stage_times],
            conversion_time=(
                int(conversion_time[0]),
                _float(conversion_time[1]),
                _float(conversion_time[2]),
            ),
        )

    def _bad_cell(
        self,
        con: duckdb.DuckDBPyConnection,
        source: EventSource,
        column: str,
        flag: str,
        expected: str,
        files: list[str] | None,
    ) -> EventLogError:
        """The error for the first row whose ``column`` cannot be read (``flag`` marks the
        rows in table ``ev``), naming the file, the row in it and the value."""
        file, ord_ = _one(con, f"SELECT file, ord FROM ev WHERE {flag} ORDER BY ord LIMIT 1")
        if file is None:
            (first,) = _one(con, "SELECT min(ord) FROM ev")
        else:
            (first,) = _one(con, "SELECT min(ord) FROM ev WHERE file = $f", {"f": file})
        row = int(ord_) - int(first) + 1
        params = _params(files)
        params["o"] = ord_
        (value,) = _one(
            con,
            f"SELECT CAST({quote(column)} AS VARCHAR) FROM {self._scan(source)} WHERE {_ORD} = $o",
            params,
        )
        shown = str(value)[:80]
        return EventLogError(
            Problem(
                f"row {row}: column `{column}` holds {shown!r}, which is not {expected}",
                file=file or source.label,
                line=row,
            )
        )


def _rows(table: Any) -> bool:
    """True for a list (or tuple) of mappings: rows as Python dicts."""
    return isinstance(table, list | tuple) and all(isinstance(r, Mapping) for r in table)


def _load_rows(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows of Python dicts as a table of text columns (each value ``str()``, ``None``
    kept), passed as list parameters and unnested, not formatted into SQL."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    params: dict[str, Any] = {}
    selects = []
    for i, name in enumerate(names):
        key = f"c{i}"
        params[key] = [None if row.get(name) is None else str(row.get(name)) for row in rows]
        selects.append(f"unnest(${key}::VARCHAR[]) AS {quote(str(name))}")
    if not selects:
        raise EventLogError(Problem("the event log has no rows", file="<rows>"))
    con.execute(f"CREATE TEMP TABLE {_INPUT} AS SELECT {', '.join(selects)}", params)


def _registrable(table: Any) -> bool:
    module = type(table).__module__.split(".")[0]
    return module in {"pandas", "pyarrow", "polars"}


def _params(files: Sequence[str] | None) -> dict[str, Any]:
    return {"files": list(files)} if files is not None else {}


def _text(column: str | None) -> str:
    if column is None:
        return "NULL::VARCHAR"
    return f"NULLIF(CAST({quote(column)} AS VARCHAR), '')"


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _one(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> tuple[Any, ...]:
    row = con.execute(sql, params or {}).fetchone()
    assert row is not None
    return tuple(row)


def _mapping_sql(plan: Plan) -> tuple[str, dict[str, Any]]:
    """The mapping as one CASE expression over parameters: rules in order, then the
    activity itself (a touchpoint id maps with no rule)."""
    cols: Columns = plan.columns
    activity = f"CAST(raw.{quote(cols.touchpoint)} AS VARCHAR)"
    whens: list[str] = []
    params: dict[str, Any] = {}
    for i, rule in enumerate(plan.rules):
        a, t = f"m{i}a", f"m{i}t"
        params[a], params[t] = rule.a, rule.touchpoint_id
        if rule.kind == "activity":
            whens.append(f"WHEN {activity} = ${a} THEN ${t}")
        elif rule.kind == "glob":
            whens.append(f"WHEN {activity} GLOB ${a} THEN ${t}")
        elif rule.kind == "url-glob":
            assert cols.url is not None
            url = f"CAST(raw.{quote(cols.url)} AS VARCHAR)"
            whens.append(f"WHEN {url} GLOB ${a} THEN ${t}")
        else:
            assert cols.channel is not None
            channel = f"CAST(raw.{quote(cols.channel)} AS VARCHAR) = ${a}"
            if rule.b is not None:
                assert cols.campaign is not None
                b = f"m{i}b"
                params[b] = rule.b
                channel += f" AND CAST(raw.{quote(cols.campaign)} AS VARCHAR) = ${b}"
            whens.append(f"WHEN {channel} THEN ${t}")
    if not whens:
        return activity, params
    return "CASE " + " ".join(whens) + f" ELSE {activity} END", params
