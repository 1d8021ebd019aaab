"""Benchmark the evidence analysis on simulated event logs (Parquet).

Run ``python benchmarks/evidence.py`` (1M events, a few minutes, most of it simulating the
log once; the log is cached in ``benchmarks/.data``) or ``--events 100000`` for a quick run.
Human-readable lines come first; the last line is one JSON object with every figure and
ratio:

- ``dfg_sql_s``: a hand-written DuckDB directly-follows query on the same file, the floor;
- ``analysis_s``: ``pj.evidence`` (read, map, flow, funnel per stage, persona and segment,
  conformance, segments, the evidence rules);
- ``analysis_500mb_s``: the same under a 500 MB DuckDB memory limit;
- ``python_dfg_s``: a plain-Python directly-follows pass over the CSV (``csv`` module,
  group, sort, count), the naive way;
- ratios: ``analysis_over_dfg_sql`` (issue 7's target: at most 4), ``python_over_analysis``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import platform
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb

import personajourney as pj
from personajourney.testing import iter_events, write_event_log

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
EXAMPLE = HERE.parent / "examples" / "b2b-software"
#: Bump when the simulator's arguments change, so cached logs are made again.
VERSION = 1
#: Events per case of the simulated logs, on average (measured on the example workspace).
EVENTS_PER_CASE = 6.08


def make_log(ws: pj.Workspace, events: int) -> tuple[Path, Path]:
    """(CSV, Parquet) of a simulated log of about ``events`` events, cached."""
    DATA.mkdir(exist_ok=True)
    stem = DATA / f"evidence-v{VERSION}-{events}"
    csv_path, parquet = stem.with_suffix(".csv"), stem.with_suffix(".parquet")
    if not parquet.exists():
        cases = max(1, round(events / EVENTS_PER_CASE))
        started = time.perf_counter()
        written = write_event_log(iter_events(ws, cases, seed=VERSION), csv_path)
        con = duckdb.connect()
        con.execute(
            "COPY (SELECT * FROM read_csv($f, all_varchar = true)) TO "
            f"'{parquet}' (FORMAT parquet)",
            {"f": str(csv_path)},
        )
        con.close()
        print(f"simulated {written:,} events in {time.perf_counter() - started:.1f} s")
    return csv_path, parquet


def dfg_sql(parquet: Path) -> tuple[float, int]:
    """A hand-written directly-follows query: the floor the analysis is held against."""
    con = duckdb.connect()
    started = time.perf_counter()
    rows = con.execute(
        """SELECT tp, nxt, count(*) FROM (
               SELECT touchpoint AS tp,
                      lead(touchpoint) OVER (PARTITION BY case_id ORDER BY timestamp) AS nxt
               FROM read_parquet($f))
           WHERE nxt IS NOT NULL GROUP BY tp, nxt""",
        {"f": str(parquet)},
    ).fetchall()
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed, len(rows)


def python_dfg(csv_path: Path) -> tuple[float, int]:
    """The naive way: read every row into Python, group by case, sort, count pairs."""
    started = time.perf_counter()
    by_case: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for order, row in enumerate(csv.DictReader(handle)):
            by_case[row["case_id"]].append((row["timestamp"], order, row["touchpoint"]))
    pairs: Counter[tuple[str, str]] = Counter()
    for events in by_case.values():
        events.sort()
        for first, second in itertools.pairwise(events):
            pairs[first[2], second[2]] += 1
    return time.perf_counter() - started, len(pairs)


def analysis(
    ws: pj.Workspace, parquet: Path, memory_limit: str | None = None, engine: str = "duckdb"
) -> float:
    started = time.perf_counter()
    result = pj.evidence(ws, parquet, min_cases=1, memory_limit=memory_limit, engine=engine)
    elapsed = time.perf_counter() - started
    assert result.observation.events > 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the log")
    args = parser.parse_args()
    ws = pj.load(EXAMPLE)
    csv_path, parquet = make_log(ws, args.events)
    events = pj.evidence(ws, parquet, min_cases=1).observation.events  # warm-up, and the count

    floor, pairs = min(dfg_sql(parquet) for _ in range(3))
    whole = min(analysis(ws, parquet) for _ in range(3))
    limited = analysis(ws, parquet, memory_limit="500MB")
    through_ibis = analysis(ws, parquet, engine="ibis")
    naive, naive_pairs = python_dfg(csv_path)
    figures: dict[str, Any] = {
        "events": events,
        "dfg_sql_s": round(floor, 3),
        "analysis_s": round(whole, 3),
        "analysis_500mb_s": round(limited, 3),
        "ibis_analysis_s": round(through_ibis, 3),
        "python_dfg_s": round(naive, 3),
        "analysis_events_per_s": round(events / whole),
        "analysis_over_dfg_sql": round(whole / floor, 2),
        "python_over_analysis": round(naive / whole, 2),
        "dfg_pairs": pairs,
        "python_pairs": naive_pairs,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }
    print(f"{events:,} events (Parquet, {parquet.stat().st_size / 1e6:.1f} MB)")
    print(f"  hand-written DuckDB directly-follows query  {floor:8.3f} s")
    print(f"  pj.evidence, the whole analysis             {whole:8.3f} s  ({whole / floor:.2f}x)")
    print(f"  the same under a 500 MB memory limit        {limited:8.3f} s")
    print(f"  the same through the Ibis engine            {through_ibis:8.3f} s")
    print(f"  plain-Python directly-follows pass (CSV)    {naive:8.3f} s  ({naive / whole:.1f}x)")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
