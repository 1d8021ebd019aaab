"""The Spark engine: the same analysis as DuckDB's, run by Spark in local mode (Java 17)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.evidence.spark_engine import SparkEngine, local_session

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"

if shutil.which("java") is None:  # pragma: no cover - CI machines have Java 17
    pytest.skip("Spark needs Java (17): install a JDK", allow_module_level=True)


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    spark = local_session("personajourney-tests")
    yield spark
    spark.stop()


def _without_engine(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "engine"}


def test_spark_gives_duckdbs_numbers_on_the_example_log(session: Any) -> None:
    ws = pj.load(EXAMPLE)
    expected = pj.evidence(ws, EXAMPLE / "events.csv").to_dict()

    got = pj.evidence(ws, EXAMPLE / "events.csv", engine=SparkEngine(session)).to_dict()

    assert got["engine"] == "spark"
    assert got["events"] == expected["events"] > 10_000
    assert _without_engine(got) == _without_engine(expected)


def test_spark_reads_parquet_and_a_log_table_of_its_own(session: Any, tmp_path: Path) -> None:
    ws = pj.load(EXAMPLE)
    frame = session.read.option("header", "true").csv(str(EXAMPLE / "events.csv"))
    frame.write.parquet(str(tmp_path / "events.parquet"))
    expected = pj.evidence(ws, EXAMPLE / "events.csv").to_dict()

    from_parquet = pj.evidence(ws, tmp_path / "events.parquet", engine=SparkEngine(session))

    assert _without_engine(from_parquet.to_dict()) == _without_engine(expected)


def test_spark_refuses_a_log_missing_a_column_as_duckdb_does(session: Any, tmp_path: Path) -> None:
    log = tmp_path / "events.csv"
    log.write_text("case,timestamp,touchpoint\nc1,2026-03-01 09:00:00,x\n", encoding="utf-8")
    ws = pj.load(EXAMPLE)
    with pytest.raises(pj.EventLogError, match="case_id"):
        pj.evidence(ws, log, engine=SparkEngine(session))


def test_the_command_runs_on_spark() -> None:
    result = CliRunner().invoke(
        app,
        [
            "evidence",
            str(EXAMPLE),
            "--events",
            str(EXAMPLE / "events.csv"),
            "--engine",
            "spark",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert '"engine": "spark"' in result.stdout
