"""Reading and writing workspace files, and the JSON Schema of the file format.

``parse_yaml`` is the safe YAML 1.2 reader under :func:`load` (positions for every value,
duplicate keys, non-core tags, alias bombs and deep nesting refused), for other files of the
project that need the same safety and ``file:line`` errors, such as themes. It reads with
libyaml (C) where PyYAML has it, and with ruamel.yaml where the two could differ or libyaml is
missing (``yaml_parser()`` says which); both give the same values, positions and errors.

``explain_error`` says one of pydantic's validation errors in the user's words and language
(no "Input should be…"), for loaders of other files such as themes.

``read_regular`` reads any file the same careful way (a regular file only, its size cap
applied before a byte is read), and ``decode_utf8`` names the first byte that is not UTF-8.
"""

from ._fs import (
    check_writable,
    decode_utf8,
    file_kind,
    read_regular,
    remove_stale_temporaries,
)
from ._mistakes import explain_error
from ._yaml import Limits, ParsedFile, Positions, YamlParser, parse_yaml, yaml_parser
from .files import dump, dumps, load, loads, write_atomic, write_text_atomic
from .schema import SCHEMA_ID, json_schema, json_schema_text

__all__ = [
    "SCHEMA_ID",
    "Limits",
    "ParsedFile",
    "Positions",
    "YamlParser",
    "check_writable",
    "decode_utf8",
    "dump",
    "dumps",
    "explain_error",
    "file_kind",
    "json_schema",
    "json_schema_text",
    "load",
    "loads",
    "parse_yaml",
    "read_regular",
    "remove_stale_temporaries",
    "write_atomic",
    "write_text_atomic",
    "yaml_parser",
]
