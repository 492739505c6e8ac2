"""Spec data as YAML text that ``tenderpack build`` reads back to the same spec.

Keys stay in the model's order, text with line breaks is written as a block (``|``), amounts
keep their pennies (``1250.50``), dates are plain YAML dates and date-times are written the way
the examples write them (``2027-03-08T12:00``, UK time).
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if value == value.to_integral_value() and "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _datetime(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.ScalarNode:
    # Not a YAML timestamp (that needs seconds and reads as UTC): the spec's own way of writing it.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.isoformat(timespec="minutes"))


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(dt.datetime, _datetime)


def dump(data: Any) -> str:
    """``data`` (plain dicts, lists and values) as YAML text."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


# ---------------------------------------------------------------------------- a save that keeps comments
#
# Saving a section writes only the values that changed into the buyer's own text, through
# ruamel.yaml's round-trip mode, so that their comments, blank lines, key order and quoting
# survive (PyYAML, which reads the spec, drops comments as it parses). The spec is read by
# PyYAML's YAML 1.1 rules and ruamel writes YAML 1.2: a new text value that the reader would
# take for something else ("yes", "no", "0777") is quoted. The result is read back and compared
# with what was posted; if they differ, the whole spec is written afresh with ``dump`` instead.

# (mapping indent, sequence indent, sequence dash offset) as editors and the examples write them.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 5, 3))


def update(text: str, old: Any, new: Any, origins: dict | None = None) -> str:
    """``new`` (the spec's data as posted) as YAML text, made by writing into ``text`` (whose
    data is ``old``) only where the two differ: comments and order stay where they were.

    ``origins`` says, for each list (by its path in ``new``), which item of the list in ``old``
    each item came from ("s2": the third; anything else: a new item), so that the comments of
    an item stay with it when one before it is removed.
    """
    try:
        written = _update(text, old, new, origins or {})
    except Exception:   # ruamel cannot take this text (PyYAML could): write it afresh
        written = None
    if written is None or not same(_read(written), new):
        return dump(new)
    return written


def _read(text: str) -> Any:
    from ..reader import load_data

    try:
        return load_data(text, "tender.yaml")[0]
    except Exception:
        return _Unreadable()


class _Unreadable:
    def __eq__(self, other: object) -> bool:
        return False


def _update(text: str, old: Any, new: Any, origins: dict) -> str | None:
    import io

    from ruamel.yaml.comments import CommentedMap

    # A text this page wrote comes back with the next save: its document is kept, not read again
    # (reading is half a save's time). Reading does not depend on the indentation, only writing.
    document = _take_document(text)
    if document is None:
        document = _round_trip(_INDENTS[0]).load(text)
    if not isinstance(document, CommentedMap) or not isinstance(new, dict):
        return None
    indent = _indent_of(text, document)
    merged = _merge(document, old, new, (), origins)
    out = io.StringIO()
    _round_trip(indent).dump(merged, out)
    written = out.getvalue()
    _remember(written, indent, merged)
    return written


def _round_trip(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        pass

    Representer.add_representer(Decimal, _decimal)
    Representer.add_representer(dt.datetime, _datetime)
    yaml_ = YAML(typ="rt")
    yaml_.Representer = Representer
    yaml_.preserve_quotes = True
    yaml_.width = 4096   # never re-wrap a long line the buyer wrote; new text with line breaks is a block
    yaml_.default_flow_style = False
    yaml_.allow_unicode = True
    mapping, sequence, offset = indent
    yaml_.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml_


_KNOWN: dict[str, tuple[int, int, int]] = {}   # texts this process wrote, and their indentation
_DOCUMENTS: dict[str, Any] = {}                 # ... and the document each was written from
_KNOWN_MOST = 64
_KNOWN_LOCK = threading.Lock()   # the server saves from several threads


def _remember(text: str, indent: tuple[int, int, int], document: Any = None) -> None:
    with _KNOWN_LOCK:
        while len(_KNOWN) >= _KNOWN_MOST:
            _DOCUMENTS.pop(next(iter(_KNOWN)), None)
            _KNOWN.pop(next(iter(_KNOWN)))
        _KNOWN[text] = indent
        if document is not None:
            _DOCUMENTS[text] = document


def _take_document(text: str) -> Any:
    """The document ``text`` was written from, for one save only (the save changes it)."""
    with _KNOWN_LOCK:
        return _DOCUMENTS.pop(text, None)


def _indent_of(text: str, document: Any) -> tuple[int, int, int]:
    """The indentation ``text`` (read as ``document``) is written with: the candidate whose
    unchanged round trip changes fewest lines (most files match one exactly). A text this page
    wrote is known already: trying each candidate is most of a save's time."""
    import difflib
    import io

    with _KNOWN_LOCK:
        known = _KNOWN.get(text)
    if known is not None:
        return known
    lines = text.splitlines()
    best, fewest = _INDENTS[0], None
    for candidate in _INDENTS:
        out = io.StringIO()
        _round_trip(candidate).dump(document, out)   # writing the document does not change it
        written = out.getvalue()
        if written == text:
            best = candidate
            break
        changed = sum(1 for line in difflib.ndiff(lines, written.splitlines()) if line[:1] in "+-")
        if fewest is None or changed < fewest:
            best, fewest = candidate, changed
    _remember(text, best)
    return best


def _merge(node: Any, old: Any, new: Any, path: tuple, origins: dict) -> Any:
    """``node`` (ruamel's data for ``old``) changed in place to hold ``new``; a fresh node where
    the two are not alike. The comment lines that follow ``node`` (often the heading of the next
    part of the file) stay after it, whatever its last entry now is."""
    if same(old, new):
        return node
    tail = _take_tail(node)
    merged = _merged(node, old, new, path, origins)
    _give_tail(merged, tail)
    return merged


def _merged(node: Any, old: Any, new: Any, path: tuple, origins: dict) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(new, dict) and isinstance(old, dict) and isinstance(node, CommentedMap):
        for key in [k for k in node if k not in new]:
            _remove(node, key)
        previous = None
        for key, value in new.items():
            if key in node:
                node[key] = _merge(node[key], old.get(key), value, (*path, key), origins)
            else:
                at = list(node).index(previous) + 1 if previous is not None and previous in node else 0
                node.insert(at, key, _fresh(value))
            previous = key
        return node
    if isinstance(new, list) and isinstance(old, list) and isinstance(node, CommentedSeq) and len(node) == len(old):
        keys = origins.get(path) or [f"s{i}" for i in range(len(new))]
        sources = [_source(keys[i] if i < len(keys) else "", len(old)) for i in range(len(new))]
        kept = [s for s in sources if s is not None]
        if kept != sorted(set(kept)):   # items moved round: no comment can follow them reliably
            return _fresh(new)
        for index in reversed(range(len(node))):   # ruamel moves each item's comments as it deletes
            if index not in kept:
                _remove(node, index)
        for i, source in enumerate(sources):
            if source is None:
                node.insert(i, _fresh(new[i]))
            else:
                node[i] = _merge(node[i], old[source], new[i], (*path, i), origins)
        return node
    return _fresh(new)


# ruamel keeps the comment lines after an entry in the comment token of the entry's last value:
# its own end-of-line comment, then every comment line and blank line up to the next entry.


def _holder(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the comment after ``container[key]`` is kept: (the container, the key, the place in
    its comment list), going down to the last entry of a block mapping or list."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        return _holder(value, list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _take_after(container: Any, key: Any) -> str:
    """The comment lines after the entry's own line, taken from it (its end-of-line comment stays)."""
    holder, at, place = _holder(container, key)
    entry = holder.ca.items.get(at)
    token = entry[place] if entry and len(entry) > place else None
    if token is None or not isinstance(getattr(token, "value", None), str):
        return ""
    own, newline, rest = token.value.partition("\n")
    if not rest:
        return ""
    token.value = own + newline
    return rest


def _put_after(container: Any, key: Any, rest: str) -> None:
    """Put comment lines (from ``_take_after``) after the entry ``container[key]``."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not rest:
        return
    holder, at, place = _holder(container, key)
    entry = holder.ca.items.setdefault(at, [None] * 4)
    while len(entry) <= place:
        entry.append(None)
    token = entry[place]
    if token is None or not isinstance(getattr(token, "value", None), str):
        entry[place] = CommentToken("\n" + rest, CommentMark(0), None)
    else:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + rest


def _last_key(node: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        return list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    return None


def _take_tail(node: Any) -> str:
    last = _last_key(node)
    return "" if last is None else _take_after(node, last)


def _give_tail(node: Any, tail: str) -> None:
    last = _last_key(node)
    if last is not None:
        _put_after(node, last, tail)


def _remove(node: Any, key: Any) -> None:
    """Delete ``node[key]``, keeping the comment lines after it (after the entry before it)."""
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    index = keys.index(key)
    rest = _take_after(node, key)
    del node[key]
    if index > 0:
        _put_after(node, keys[index - 1], rest)


def _source(key: str, count: int) -> int | None:
    if key[:1] == "s" and key[1:].isdigit() and int(key[1:]) < count:
        return int(key[1:])
    return None


def same(a: Any, b: Any) -> bool:
    """Whether two values of spec data are the same data: True is not 1; 0.5 is Decimal('0.50');
    a date-time is the text the spec writes it as ('2027-03-08T12:00'); keys in any order."""
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return _minutes(a) == _minutes(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (float, Decimal)) and isinstance(b, (float, Decimal, int)) or \
            isinstance(b, (float, Decimal)) and isinstance(a, int):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except ArithmeticError:
            return False
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)):
        return False
    return a == b


def _minutes(value: Any) -> Any:
    return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value


def _fresh(value: Any) -> Any:
    """A new value as ruamel should write it: text with line breaks as a block, text the reader
    would take for something else quoted, mappings and lists in block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

    if isinstance(value, dict):
        return CommentedMap((k, _fresh(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    if isinstance(value, str) and not isinstance(value, (LiteralScalarString, SingleQuotedScalarString)):
        if "\n" in value:
            return LiteralScalarString(value)
        if _resolves_to(value) != "tag:yaml.org,2002:str":
            return SingleQuotedScalarString(value)
    return value


def _resolves_to(value: str) -> str:
    """The tag PyYAML (the spec's reader, YAML 1.1) gives ``value`` written plain."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


_RESOLVER = yaml.resolver.Resolver()   # PyYAML's implicit resolvers, as SafeLoader uses them
