"""Reading and writing workspace files, and the JSON Schema of the file format."""

from ._yaml import Limits
from .files import dump, dumps, load, loads, write_atomic, write_text_atomic
from .schema import SCHEMA_ID, json_schema, json_schema_text

__all__ = [
    "SCHEMA_ID",
    "Limits",
    "dump",
    "dumps",
    "json_schema",
    "json_schema_text",
    "load",
    "loads",
    "write_atomic",
    "write_text_atomic",
]
