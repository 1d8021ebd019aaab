"""The Ibis engine: the plan of :mod:`personajourney.evidence.plan` as Ibis expressions, so
it runs on any backend Ibis reaches (DuckDB, PySpark, a warehouse).

Optional: ``pip install 'personajourney[evidence-ibis]'``. The default engine is
:class:`~personajourney.evidence.sql.DuckDBEngine`, whose connection is locked down to the
log's files; this one runs wherever the given Ibis backend runs, with that backend's access,
and is held to the same results by the tests.

Ties in time are broken by the order the backend scans the rows (``row_number()`` over the
scan): file order for one file on DuckDB; on a distributed backend, give a log whose
timestamps do not tie within a case.
"""

from __future__ import annotations

import re
from typing import Any

import ibis
import pyarrow
from ibis import _

from ..errors import EventLogError, Problem
from .plan import Aggregates, Plan
from .source import EventSource, LogFiles, LogTable

__all__ = ["IbisEngine", "glob_regex"]


def glob_regex(pattern: str) -> str:
    """A glob (``*``, ``?``, ``[abc]``, ``[!abc]``) as an anchored regular expression."""
    out = ["^"]
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out) + "$"


class IbisEngine:
    """Runs the plan through an Ibis backend (by default a new in-memory DuckDB one).

    Args:
        backend: A connected Ibis backend, e.g. ``ibis.pyspark.connect(session)``.
    """

    name = "ibis"

    def __init__(self, backend: Any = None) -> None:
        self.backend = backend if backend is not None else ibis.duckdb.connect()

    def close(self) -> None:
        pass

    def _table(self, source: EventSource) -> Any:
        if isinstance(source, LogTable):
            table = source.table
            if isinstance(table, ibis.Table):
                return table
            if isinstance(table, list | tuple):
                names: dict[str, None] = {}
                for row in table:
                    names.update(dict.fromkeys(row))
                data = {
                    n: [None if r.get(n) is None else str(r.get(n)) for r in table] for n in names
                }
                return ibis.memtable(pyarrow.table(data, schema=_strings(list(data))))
            return ibis.memtable(table)
        files = list(source.files)
        try:
            if source.format == "csv":
                return self.backend.read_csv(files, all_varchar=True)
            if source.format == "parquet":
                return self.backend.read_parquet(files)
            return self.backend.read_json(files)
        except Exception as exc:  # each backend raises its own
            raise EventLogError(
                Problem(f"cannot read the event log: {str(exc).splitlines()[0]}", file=source.label)
            ) from None

    def columns(self, source: EventSource) -> list[tuple[str, list[str]]]:
        if isinstance(source, LogFiles):
            return [
                (f, list(self._table(LogFiles((f,), source.format, f)).columns))
                for f in source.files
            ]
        return [(source.label, list(self._table(source).columns))]

    def aggregate(self, source: EventSource, plan: Plan) -> Aggregates:
        rows = _rows(self.backend)
        t = self._table(source)
        c = plan.columns
        ev = _events(t, plan)
        valid = ev.case_id.notnull() & ev.ts.notnull()
        [(events, bad, bad_values, invalid, unmapped)] = rows(
            ev.aggregate(
                events=_.count(),
                bad=ev.count(where=ev.bad_ts),
                bad_values=ev.count(where=ev.bad_value),
                invalid=ev.count(where=~valid),
                unmapped=ev.count(where=valid & ev.tp.isnull()),
            )
        )
        if events == 0:
            raise EventLogError(Problem("the event log has no rows", file=source.label))
        if bad:
            raise EventLogError(
                Problem(
                    f"column `{c.timestamp}` holds text that is not a timestamp", file=source.label
                )
            )
        if bad_values:
            raise EventLogError(
                Problem(f"column `{c.value}` holds text that is not a number", file=source.label)
            )
        names = rows(
            ev.filter(valid & ev.tp.isnull())
            .group_by("activity")
            .aggregate(n=_.count())
            .order_by([ibis.desc("n"), "activity"])
            .limit(plan.top_unmapped)
        )
        m = ev.filter(valid & ev.tp.notnull())
        w = ibis.window(group_by="case_id", order_by=["ts", "ord"])
        steps = m.mutate(
            next_tp=m.tp.lead().over(w),
            next_stage=m.stage.lead().over(w),
            gap=m.ts.lead().over(w).delta(m.ts, unit="microsecond") / 1e6,
            rn=ibis.row_number().over(w),
        )
        transitions = rows(
            steps.filter(steps.next_tp.notnull())
            .group_by(["tp", "next_tp"])
            .aggregate(n=_.count(), med=_.gap.median())
        )
        starts = rows(steps.filter(steps.rn == 0).group_by("tp").aggregate(n=_.count()))
        ends = rows(steps.filter(steps.next_tp.isnull()).group_by("tp").aggregate(n=_.count()))
        skips = rows(
            steps.filter(steps.next_stage - steps.stage > 1)
            .group_by(["stage", "next_stage"])
            .aggregate(n=_.count())
        )
        cases, reached, furthest, segments = _funnel(m, w, rows, has_value=c.value is not None)
        paths = _paths(m, w, rows)
        stage_times, conversion_time = _times(m, rows)
        return Aggregates(
            events=int(events),
            invalid=int(invalid),
            unmapped=int(unmapped),
            cases=int(cases),
            unmapped_names=[(str(a), int(n)) for a, n in names],
            transitions=[(a, b, int(n), _float(med)) for a, b, n, med in transitions],
            starts=[(a, int(n)) for a, n in starts],
            ends=[(a, int(n)) for a, n in ends],
            skips=[(int(a), int(b), int(n)) for a, b, n in skips],
            reached=[(k, str(g), int(s), int(n), int(x)) for k, g, s, n, x in reached],
            furthest=[(k, str(g), int(s), int(n), int(d)) for k, g, s, n, d in furthest],
            segments=[(str(s), int(n), int(k), _float(v)) for s, n, k, v in segments],
            paths=paths,
            stage_times=stage_times,
            conversion_time=conversion_time,
        )


def _events(t: Any, plan: Plan) -> Any:
    """Every row of the log: order, case, time, the mapping and the touchpoint's stage."""
    c = plan.columns
    activity = t[c.touchpoint].cast("string")
    branches = []
    for rule in plan.rules:
        if rule.kind == "activity":
            cond = activity == rule.a
        elif rule.kind == "glob":
            cond = activity.re_search(glob_regex(rule.a))
        elif rule.kind == "url-glob":
            assert c.url is not None
            cond = t[c.url].cast("string").re_search(glob_regex(rule.a))
        else:
            assert c.channel is not None
            cond = t[c.channel].cast("string") == rule.a
            if rule.b is not None:
                assert c.campaign is not None
                cond &= t[c.campaign].cast("string") == rule.b
        branches.append((cond, ibis.literal(rule.touchpoint_id)))
    mapped = ibis.cases(*branches, else_=activity) if branches else activity
    raw_ts = t[c.timestamp]
    case = t[c.case_id].cast("string").strip().nullif("")

    def text(column: str | None) -> Any:
        if column is None:
            return ibis.null("string")
        return t[column].cast("string").nullif("")

    value = t[c.value].try_cast("float64") if c.value else ibis.null("float64")
    bad_value = (
        t[c.value].notnull() & (t[c.value].cast("string").strip() != "") & value.isnull()
        if c.value
        else ibis.literal(False)
    )
    ev = t.select(
        ord=ibis.row_number(),
        case_id=case,
        ts=raw_ts.try_cast("timestamp('UTC')"),
        bad_ts=raw_ts.notnull()
        & (raw_ts.cast("string").strip() != "")
        & raw_ts.try_cast("timestamp('UTC')").isnull(),
        bad_value=bad_value,
        activity=activity,
        key=mapped,
        persona=text(c.persona_id),
        segment=text(c.segment_id),
        value=value,
    )
    tps = ibis.memtable(
        pyarrow.table(
            {
                "id": pyarrow.array([tp.id for tp in plan.touchpoints], pyarrow.string()),
                "stage": pyarrow.array([tp.stage for tp in plan.touchpoints], pyarrow.int64()),
                "conv": pyarrow.array([tp.conversion for tp in plan.touchpoints], pyarrow.bool_()),
            }
        )
    )
    ev = ev.left_join(tps, ev.key == tps.id).select(
        *[ev[n] for n in ev.columns], tp=tps.id, stage=tps.stage, conv=tps.conv
    )
    return ev


def _funnel(m: Any, w: Any, rows: Any, *, has_value: bool) -> tuple[Any, Any, Any, Any]:
    """(cases, reached rows, furthest rows, segment rows) of the mapped events ``m``."""
    first_segment = (
        m.filter(m.segment.notnull())
        .mutate(r=ibis.row_number().over(w))
        .filter(_.r == 0)
        .select("case_id", first_segment=_.segment)
    )
    cs = m.group_by("case_id").aggregate(
        furthest=_.stage.max(), converted=_.conv.any(), value=_.value.sum()
    )
    cs = cs.left_join(first_segment, cs.case_id == first_segment.case_id).select(
        cs.case_id, cs.furthest, cs.converted, cs.value, segment=first_segment.first_segment
    )
    [(cases,)] = rows(cs.aggregate(n=_.count()))
    reached_pairs = m.select("case_id", "stage").distinct()
    r = reached_pairs.join(cs, reached_pairs.case_id == cs.case_id).select(
        reached_pairs.stage, cs.converted, cs.segment
    )
    reached: list[tuple[Any, ...]] = [
        ("all", "", s, n, k)
        for s, n, k in rows(r.group_by("stage").aggregate(n=_.count(), k=_.converted.sum()))
    ]
    reached += [
        ("segment", g, s, n, k)
        for g, s, n, k in rows(
            r.filter(r.segment.notnull())
            .group_by(["segment", "stage"])
            .aggregate(n=_.count(), k=_.converted.sum())
        )
    ]
    pp = m.filter(m.persona.notnull()).select("case_id", "persona", "stage").distinct()
    pr = pp.join(cs, pp.case_id == cs.case_id).select(pp.persona, pp.stage, cs.converted)
    reached += [
        ("persona", g, s, n, k)
        for g, s, n, k in rows(
            pr.group_by(["persona", "stage"]).aggregate(n=_.count(), k=_.converted.sum())
        )
    ]
    not_converted = (~cs.converted).cast("int64")
    furthest: list[tuple[Any, ...]] = [
        ("all", "", s, n, d)
        for s, n, d in rows(
            cs.mutate(nc=not_converted).group_by("furthest").aggregate(n=_.count(), d=_.nc.sum())
        )
    ]
    furthest += [
        ("segment", g, s, n, d)
        for g, s, n, d in rows(
            cs.filter(cs.segment.notnull())
            .mutate(nc=not_converted)
            .group_by(["segment", "furthest"])
            .aggregate(n=_.count(), d=_.nc.sum())
        )
    ]
    top = (
        m.filter(m.persona.notnull()).group_by(["case_id", "persona"]).aggregate(top=_.stage.max())
    )
    tc = top.join(cs, top.case_id == cs.case_id).select(
        top.persona, top.top, nc=(~cs.converted).cast("int64")
    )
    furthest += [
        ("persona", g, s, n, d)
        for g, s, n, d in rows(tc.group_by(["persona", "top"]).aggregate(n=_.count(), d=_.nc.sum()))
    ]
    value_sum = _.value.sum().fill_null(0) if has_value else ibis.null("float64")
    segments = rows(
        cs.filter(cs.segment.notnull())
        .group_by("segment")
        .aggregate(n=_.count(), k=_.converted.sum(), v=value_sum)
    )
    return cases, reached, furthest, segments


def _paths(m: Any, w: Any, rows: Any) -> list[tuple[str, str | None, str | None, int]]:
    o = m.mutate(rn=ibis.row_number().over(w))
    f = o.group_by("case_id").aggregate(first_conv=o.rn.min(where=o.conv))
    j = o.join(f, o.case_id == f.case_id).select(o.case_id, o.tp, o.rn, f.first_conv)
    p = j.filter(j.first_conv.isnull() | (j.rn < j.first_conv))
    pw = ibis.window(group_by="case_id", order_by="rn")
    p = p.mutate(nxt=p.tp.lead().over(pw), converted=p.first_conv.notnull())
    out: list[tuple[str, str | None, str | None, int]] = []
    out += [
        ("start", None, a, int(n))
        for a, n in rows(p.filter(p.rn == 0).group_by("tp").aggregate(n=_.count()))
    ]
    out += [
        ("step", a, b, int(n))
        for a, b, n in rows(
            p.filter(p.nxt.notnull()).group_by(["tp", "nxt"]).aggregate(n=_.count())
        )
    ]
    out += [
        ("conv" if k else "null", a, None, int(n))
        for k, a, n in rows(
            p.filter(p.nxt.isnull()).group_by(["converted", "tp"]).aggregate(n=_.count())
        )
    ]
    [(direct,)] = rows(f.aggregate(n=f.count(where=f.first_conv == 0)))
    if direct:
        out.append(("direct", None, None, int(direct)))
    return out


def _times(
    m: Any, rows: Any
) -> tuple[
    list[tuple[int, int, float | None, float | None]], tuple[int, float | None, float | None]
]:
    entered = m.group_by(["case_id", "stage"]).aggregate(at=_.ts.min())
    later = m.select(lcase=m.case_id, lstage=m.stage, lts=m.ts)
    j = entered.join(
        later,
        [entered.case_id == later.lcase, later.lstage > entered.stage, later.lts >= entered.at],
    )
    moved = j.group_by(["case_id", "stage", "at"]).aggregate(nxt=_.lts.min())
    moved = moved.mutate(secs=moved.nxt.delta(moved.at, unit="microsecond") / 1e6)
    stage_times = [
        (int(s), int(n), _float(a), _float(b))
        for s, n, a, b in rows(
            moved.group_by("stage").aggregate(
                n=_.count(), med=_.secs.median(), p90=_.secs.quantile(0.9)
            )
        )
    ]
    per_case = m.group_by("case_id").aggregate(first=_.ts.min(), conv_at=_.ts.min(where=_.conv))
    conv = per_case.filter(per_case.conv_at.notnull())
    conv = conv.mutate(secs=conv.conv_at.delta(conv.first, unit="microsecond") / 1e6)
    [(n, med, p90)] = rows(
        conv.aggregate(n=_.count(), med=_.secs.median(), p90=_.secs.quantile(0.9))
    )
    return stage_times, (int(n), _float(med), _float(p90))


def _rows(backend: Any) -> Any:
    def run(expr: Any) -> list[tuple[Any, ...]]:
        table = backend.to_pyarrow(expr)
        names = table.column_names
        columns = [table.column(n).to_pylist() for n in names]
        return list(zip(*columns, strict=True))

    return run


def _strings(names: list[str]) -> Any:
    return pyarrow.schema([(name, pyarrow.string()) for name in names])


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
