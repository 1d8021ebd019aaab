"""The Spark engine: the Ibis plan run on PySpark, for event logs a laptop cannot hold.

Optional: ``pip install 'personajourney[evidence-spark]'`` (PySpark and Ibis' PySpark
backend; Spark needs Java 17). ``personajourney evidence PATH --engine spark`` starts a
local Spark session (all cores, no web UI, times in UTC); in Python, give your own session
to run on a cluster::

    from personajourney.evidence.spark_engine import SparkEngine
    pj.evidence(ws, "s3://bucket/events/*.parquet", engine=SparkEngine(spark))

Spark reads the log itself (CSV with a header row, every column as text; Parquet; JSON
lines), so the files may be anywhere Spark reaches. The analysis is
:class:`~personajourney.evidence.ibis_engine.IbisEngine`'s, so the numbers are the same as
DuckDB's (the tests hold the two to each other on the bundled example's log). Ties in time
within a case are broken by the order Spark reads the rows, which is file order for one
file read in local mode; on a cluster, give a log whose timestamps do not tie within a case.
"""

from __future__ import annotations

import itertools
from typing import Any

import ibis

from ..errors import EventLogError, Problem
from .ibis_engine import IbisEngine
from .source import EventSource, LogFiles

__all__ = ["SparkEngine", "local_session"]

_VIEWS = itertools.count(1)


def local_session(app_name: str = "personajourney") -> Any:
    """A Spark session on this machine: every core, no web UI, times in UTC."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[*]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )


class SparkEngine(IbisEngine):
    """Runs the plan on Spark through Ibis' PySpark backend.

    Args:
        session: A ``pyspark.sql.SparkSession``; by default the active one, else a new
            local one, which :meth:`close` stops.
    """

    name = "spark"

    def __init__(self, session: Any = None) -> None:
        if session is None:
            from pyspark.sql import SparkSession

            # a session this engine starts is stopped by it; one already running is left be
            self._own = SparkSession.getActiveSession() is None
            session = local_session()
        else:
            self._own = False
        self.session = session
        super().__init__(ibis.pyspark.connect(self.session))

    def close(self) -> None:
        if self._own and self.session is not None:
            self.session.stop()
            self.session = None

    def _table(self, source: EventSource) -> Any:
        if not isinstance(source, LogFiles):
            return super()._table(source)
        reader = self.session.read
        files = list(source.files)
        try:
            if source.format == "csv":
                frame = reader.option("header", "true").option("inferSchema", "false").csv(files)
            elif source.format == "parquet":
                frame = reader.parquet(*files)
            else:
                frame = reader.json(files)
        except Exception as exc:  # Spark raises its own analysis and IO errors
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EventLogError(
                Problem(f"Spark cannot read the event log: {first}", file=source.label)
            ) from None
        view = f"personajourney_events_{next(_VIEWS)}"
        frame.createOrReplaceTempView(view)
        return self.backend.table(view)
