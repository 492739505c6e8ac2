"""Reading a specification written as JSON: as JSON says, with every value's line and column.

The YAML parser would read JSON too, but not as JSON says: a surrogate-pair escape
("\\ud83d\\ude00") would be refused and 1e3 read as text. The json module's C scanner gives no
positions, so its pure-Python scanner is used (10 MB in about 0.2 s), with each value wrapped
in its offset and nesting bounded before it can exhaust the stack.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections import namedtuple
from contextlib import contextmanager
from typing import Any

from .errors import SpecError
from .limits import SPEC_MAX_DEPTH as MAX_DEPTH
from .positions import PathT, Positions, format_path

_Mark = namedtuple("_Mark", "line column")   # 0-based, as a YAML mark


class _At:
    """A JSON value and the offset in the text where it starts."""

    __slots__ = ("value", "index")

    def __init__(self, value: Any, index: int):
        self.value, self.index = value, index


class _Pairs(list):
    """The (key, _At) pairs of a JSON object, in order, duplicates kept (to be refused)."""


class _JSONDecoder(json.JSONDecoder):
    """The json module's pure-Python scanner (its C scanner gives no positions), with every
    value wrapped in an _At and nesting bounded before it can exhaust the stack."""

    def __init__(self, name: str, lines: "_Lines"):
        super().__init__(object_pairs_hook=_Pairs, parse_constant=self._constant)
        self.name, self.lines, self.depth = name, lines, 0
        self.parse_object, self.parse_array = self._object, self._array
        self.scan_once = self._located(json.scanner.py_make_scanner(self))  # type: ignore[attr-defined]  # private, absent from the stubs

    @staticmethod
    def _constant(name: str):
        raise ValueError(f"{name} is not a JSON number")

    def _object(self, s_and_end, strict, scan_once, *rest):
        with self._deeper(s_and_end[1] - 1):
            return json.decoder.JSONObject(s_and_end, strict, self._located(scan_once), *rest)  # type: ignore[attr-defined]  # private, absent from the stubs

    def _array(self, s_and_end, scan_once, *rest):
        with self._deeper(s_and_end[1] - 1):
            return json.decoder.JSONArray(s_and_end, self._located(scan_once), *rest)  # type: ignore[attr-defined]  # private, absent from the stubs

    @contextmanager
    def _deeper(self, index: int):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:   # the top-level object is depth 1
                line, column = self.lines.at(index)
                raise SpecError(f"{self.name}:{line + 1}:{column + 1}: nested more than {MAX_DEPTH} levels deep")
            yield
        finally:
            self.depth -= 1

    @staticmethod
    def _located(scan_once):
        def scan(text: str, index: int):
            try:
                value, end = scan_once(text, index)
            except json.JSONDecodeError:
                raise
            except ValueError as exc:   # NaN, or a number with more digits than Python converts
                message = str(exc) if "JSON" in str(exc) else "the number has too many digits"
                raise json.JSONDecodeError(message, text, index) from None
            return _At(value, index), end
        return scan


class _Lines:
    """Offsets in a text to 0-based lines and columns."""

    def __init__(self, text: str):
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]


def load_json(text: str, name: str) -> tuple[Any, Positions]:
    """Parse JSON as JSON says (a surrogate pair is one character, 1e3 a number), keeping the
    position of every value; a key given twice is refused, as in YAML."""
    lines = _Lines(text)
    try:
        top = _JSONDecoder(name, lines).decode(text)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:   # cannot happen within MAX_DEPTH, but never a traceback
        raise SpecError(f"{name}: nested more than {MAX_DEPTH} levels deep") from None
    positions = Positions()

    def plain(at: _At, path: PathT) -> Any:
        positions.add(path, _Mark(*lines.at(at.index)))
        if isinstance(at.value, _Pairs):
            out: dict[str, Any] = {}
            for key, item in at.value:
                if key in out:
                    line, column = lines.at(item.index)
                    raise SpecError(f"{name}:{line + 1}:{column + 1}: {format_path((*path, key))}: key appears twice")
                out[key] = plain(item, (*path, key))
            return out
        if isinstance(at.value, list):
            return [plain(item, (*path, i)) for i, item in enumerate(at.value)]
        return at.value

    return plain(top, ()), positions
