"""Where each field of a specification is: paths like ('lots', 'items', 1, 'value'), their
written form (lots.items[1].value), and the line and column of each in the file.

Shared by the YAML and JSON readers and the rules, which locate every message they give.
"""

from __future__ import annotations

import re

from .spec import quoted

PathT = tuple[str | int, ...]


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(text: str) -> PathT:
    """'lots.items[1].value' -> ('lots', 'items', 1, 'value'); the reverse of format_path."""
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _PART.finditer(text))


def format_path(path: PathT) -> str:
    """('lots', 1, 'value') -> 'lots[1].value'. A key with control characters, or a long one, is
    shown escaped and cut short: messages go to a terminal."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = shown(str(part), 60)
            out += f".{part}" if out else part
    return out


def shown(text: str, most: int = 40) -> str:
    """A user's text to echo in a message: as typed when short and printable, else escaped and cut."""
    return text if len(text) <= most and text.isprintable() else quoted(text, most)


class Positions:
    """Maps field paths to (line, column), 1-based, pointing at the key or the item."""

    def __init__(self):
        self._marks: dict[PathT, tuple[int, int]] = {}

    def add(self, path: PathT, mark) -> None:
        """``mark`` has a 0-based line and column (a YAML mark, or a _Mark)."""
        self._marks.setdefault(path, (mark.line + 1, mark.column + 1))

    def find(self, path: PathT) -> tuple[int | None, int | None]:
        """The position of ``path``, or of its nearest ancestor that appears in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self._marks:
                return self._marks[path[:end]]
        return None, None
