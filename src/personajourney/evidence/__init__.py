"""Evidence: the modelled journey held against what buyers actually did.

Floor 3, beside :mod:`personajourney.checks`: it reads an event log with an engine (DuckDB by
default), reduces it to an :class:`~personajourney.models.evidence.Observation`, and runs the
evidence rules of the checks (area E) over it. ``import personajourney`` does not import this
package (``pj.evidence`` loads it on first use), and nothing here imports DuckDB until a log
is read.

- :mod:`.source`: the log's files, checked (regular files, one format, a size cap);
- :mod:`.plan`: the one plan every engine runs, and the assembly of its aggregates;
- :mod:`.sql`: the DuckDB engine;
- :mod:`.result`: :class:`EvidenceResult` and its forms;
- :mod:`.api`: :func:`evidence`.
"""

from .api import evidence, observe
from .result import EvidenceResult

__all__ = ["EvidenceResult", "evidence", "observe"]
