"""Reading and writing workspace files, and the JSON Schema of the file format.

``parse_yaml`` is the safe YAML 1.2 reader under :func:`load` (positions for every value,
duplicate keys, non-core tags, alias bombs and deep nesting refused), for other files of the
project that need the same safety and ``file:line`` errors, such as themes.
"""

from ._yaml import Limits, ParsedFile, Positions, parse_yaml
from .files import dump, dumps, load, loads, write_atomic, write_text_atomic
from .schema import SCHEMA_ID, json_schema, json_schema_text

__all__ = [
    "SCHEMA_ID",
    "Limits",
    "ParsedFile",
    "Positions",
    "dump",
    "dumps",
    "json_schema",
    "json_schema_text",
    "load",
    "loads",
    "parse_yaml",
    "write_atomic",
    "write_text_atomic",
]
