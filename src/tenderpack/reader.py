"""Read a specification file (YAML or JSON) into a validated ``Spec``.

Every problem is reported with the file, line, column and field path, and all problems are
reported together. The YAML is composed into nodes first so that each value keeps its
position; values are then built by hand, which also lets us bound alias expansion, expand
merge keys (``<<: *base``) and refuse tags beyond the plain ones. A ``.json`` file is read
as JSON (not as YAML, which reads some JSON otherwise), with the position of every value.
"""

from __future__ import annotations

import re
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Issue, Location, SpecError
from .limits import SPEC_MAX_BYTES as MAX_BYTES, SPEC_MAX_DEPTH as MAX_DEPTH, SPEC_MAX_VALUES as MAX_NODES
from .limits import SPEC_MAX_LINK_CHARS, SPEC_MAX_WORD_CHARS
from .spec import Spec, consistency_errors, quoted

PathT = tuple[str | int, ...]

# Characters XML 1.0 cannot hold: a .docx with them is corrupt, so refuse them up front.
_XML_ILLEGAL = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
# And DEL and the C1 controls: XML holds them, but no document needs them, and a terminal
# that echoes one (U+009B starts an escape sequence) can be made to do things.
_CONTROL = re.compile(f"[{_XML_ILLEGAL}\x7f-\x9f]")
# A word: a run of characters a line cannot break. Ideographs, kana, hangul and full-width
# forms break anywhere, so they end a word. Matched only from a word's first character (the
# look-behind), so that a long text is scanned once, not once for each of its characters.
_NOT_WORD = "\\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
_LONG_WORD = re.compile(f"(?<![^{_NOT_WORD}])[^{_NOT_WORD}]{{{SPEC_MAX_WORD_CHARS + 1},}}")
# A web or email address, which may be longer than a word (up to SPEC_MAX_LINK_CHARS).
_LINK = re.compile(r"://|@|www\.")


# libyaml's parser when PyYAML was built with it: the same nodes and marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def read_text(path: Path) -> str:
    """The file's text, or a SpecError with one clear line for each way reading can fail."""
    name = str(path)
    if not path.exists():
        raise SpecError(f"{name}: file not found")
    if path.is_dir():
        raise SpecError(f"{name}: is a folder; give the path of a .yaml or .json specification file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SpecError(f"{name}: file is {size // (1024 * 1024)} MB; a specification must be under {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except PermissionError:
        raise SpecError(f"{name}: permission denied") from None
    except OSError as exc:
        raise SpecError(f"{name}: cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpecError(f"{name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None
    if not text.strip():
        raise SpecError(f"{name}: file is empty; run 'tenderpack init' for a commented example")
    return text


def load_data(text: str, name: str) -> tuple[Any, Positions]:
    """Parse the text into plain data and the position of every field: as JSON when ``name``
    ends in .json, as YAML otherwise."""
    if name.lower().endswith(".json"):
        from .reader_json import load_json

        return load_json(text, name)
    loader = _Loader(text)
    try:
        _check_depth(text, name)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise SpecError(f"{where}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:   # a character YAML does not allow anywhere in a file
        raise SpecError(_unprintable(text, name, exc)) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{name}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise SpecError(f"{name}: file holds no data; run 'tenderpack init' for a commented example")
    positions = Positions()
    positions.add((), node.start_mark)
    builder = _Builder(loader, positions, name)
    data = builder.build(node, ())
    return data, positions


# What YAML 1.1 allows in a stream (PyYAML's reader refuses the rest, without a line and column).
# A pattern string, compiled (and cached by re) only when a file has such a character.
_YAML_UNPRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _unprintable(text: str, name: str, exc: yaml.reader.ReaderError) -> str:
    """One located line for a character the YAML reader refuses."""
    match = re.search(_YAML_UNPRINTABLE, text)
    if match is None:
        return f"{name}: not valid YAML: {exc.reason}"
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return (f"{name}:{line}:{column}: not valid YAML: the control character U+{ord(match.group()):04X} "
            "is not allowed in a specification; remove it")


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting before composing: the composer recurses once per level (pure
    Python: RecursionError; libyaml: the C stack overflows). Parser events need no recursion."""
    try:
        _deepest(text, name, _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is None or "maximum nesting depth" not in str(exc.problem):
            raise
        # libyaml stops at 1,000 levels of [[[ while it looks ahead for a key, before its
        # parser has given us a single event; the pure-Python parser, on the text up to
        # there, finds the first level that is too deep.
        lines = text.split("\n", mark.line + 1)[:mark.line + 1]
        lines[-1] = lines[-1][:mark.column]
        _deepest("\n".join(lines), name, yaml.SafeLoader)
        raise


def _deepest(text: str, name: str, loader_class) -> None:
    """Walk the parser's events and stop at the first collection nested too deep."""
    loader = loader_class(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:   # the top-level mapping is depth 1
                    mark = event.start_mark
                    raise SpecError(f"{name}:{mark.line + 1}:{mark.column + 1}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


# The tags a specification may use (most come from YAML's own reading of plain values).
# Others (!!binary, !!set, !!omap, !!python/..., !custom) make values a spec has no use for,
# and !!binary would carry bytes past the control-character check.
_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))
_MERGE, _VALUE = _YAML + "merge", _YAML + "value"   # "<<" and "=": as values, they are text


class _Builder:
    """Turns composed YAML nodes into data, recording positions and bounding expansion."""

    def __init__(self, loader, positions: Positions, name: str):
        self.loader, self.positions, self.name = loader, positions, name
        self.count = 0

    def _fail(self, node, message: str):
        raise SpecError(f"{self.name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: {message}")

    def _counted(self, node) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self._fail(node, f"too many values (over {MAX_NODES:,}); YAML aliases may be expanding without end "
                             "(SPEC_MAX_VALUES)")

    def build(self, node, path: PathT) -> Any:
        self._counted(node)
        if len(path) > MAX_DEPTH:
            self._fail(node, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, path)
            out: dict[str, Any] = {}
            for key, (key_node, value_node) in self._mapping(node, path).items():
                # Point at a scalar's value (where the fix goes), at a block's key otherwise.
                at = value_node if isinstance(value_node, yaml.ScalarNode) else key_node
                self.positions.add((*path, key), at.start_mark)
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, path)
            items = []
            for i, item in enumerate(node.value):
                self.positions.add((*path, i), item.start_mark)
                items.append(self.build(item, (*path, i)))
            return items
        return self._scalar(node, path)

    def _mapping(self, node, path: PathT) -> dict[str, tuple]:
        """The key, key node and value node of each entry, merge keys expanded: a key written in
        the mapping itself overrides a merged one (YAML's merge key); written twice, it is an error."""
        out: dict[str, tuple] = {}
        own: set[str] = set()
        for key_node, value_node, merged in self._pairs(node, path, ()):
            key = self._key(key_node, path)
            if not merged:
                if key in own:
                    self._fail(key_node, f"{format_path((*path, key))}: key appears twice")
                own.add(key)
            out[key] = (key_node, value_node)
        return out

    def _pairs(self, node, path: PathT, within: tuple[int, ...]) -> list[tuple]:
        """(key node, value node, merged) for each entry: the merged entries first, so that the
        mapping's own entries, and of the merged ones the earlier mappings of a list, win."""
        within = (*within, id(node))
        if len(within) > MAX_DEPTH:   # a chain of merges, each of the one before
            self._fail(node, f"{format_path((*path, '<<'))}: merge keys nested more than {MAX_DEPTH} levels deep")
        merged: list[tuple] = []
        own: list[tuple] = []
        merges = 0
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                own.append((key_node, value_node, False))
                continue
            merges += 1
            if merges > 1:
                self._fail(key_node, f"{format_path((*path, '<<'))}: key appears twice; "
                                     "merge several mappings with one list, such as <<: [*a, *b]")
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in reversed(sources):
                if not isinstance(source, yaml.MappingNode):
                    self._fail(source, f"{format_path((*path, '<<'))}: a merge key takes a mapping or a list "
                                       "of mappings, such as <<: *defaults")
                if id(source) in within:
                    self._fail(source, f"{format_path((*path, '<<'))}: the merged mapping contains this merge key")
                self._check_tag(source, path)
                for key_node2, value_node2, _ in self._pairs(source, path, within):
                    self._counted(key_node2)   # merges of merges can multiply: count them as values
                    merged.append((key_node2, value_node2, True))
        return merged + own

    def _key(self, node, path: PathT) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self._fail(node, f"{format_path(path) + ': ' if path else ''}a key must be plain text, "
                             "not a list or a mapping")
        key = self._scalar(node, path)
        return key if isinstance(key, str) else str(key)

    def _check_tag(self, node, path: PathT) -> None:
        if node.tag not in _PLAIN_TAGS:
            where = f"{format_path(path)}: " if path else ""
            tag = "!!" + node.tag[len(_YAML):] if node.tag.startswith(_YAML) else node.tag
            self._fail(node, f"{where}the YAML tag {shown(tag)} is not allowed: a specification holds only text, "
                             "numbers, dates, true or false, lists and mappings; remove the tag")

    def _scalar(self, node, path: PathT) -> Any:
        where = f"{format_path(path)}: " if path else ""
        if node.tag in (_MERGE, _VALUE):   # "<<" or "=" written as a value is text
            return node.value
        self._check_tag(node, path)
        try:
            return self.loader.construct_object(node)
        except yaml.YAMLError as exc:
            self._fail(node, f"{where}{getattr(exc, 'problem', None) or exc}")
        except (ValueError, OverflowError) as exc:   # 2026-13-45 looks like a date to YAML, but is none
            if node.tag.endswith(":timestamp"):   # says what is wrong ("month must be in 1..12")
                self._fail(node, f"{where}{shown(node.value)} is not a real date or time ({exc})")
            # Python's own words would echo the value, and speak of sys.set_int_max_str_digits.
            why = " (it has too many digits)" if node.value.lstrip("+-").isdigit() else ""
            self._fail(node, f"{where}{shown(node.value)} is not a real number{why}")


# ---------------------------------------------------------------------------- JSON

# ---------------------------------------------------------------------------- text


def _text_problems(data: Any, path: PathT = ()) -> list[tuple[PathT, str]]:
    """Control characters and words too long for a line, in every text of the spec."""
    found: list[tuple[PathT, str]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            found += _text_problems(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _text_problems(v, (*path, i))
    elif isinstance(data, str):
        problem = _control_character(data) or _long_word(data)
        if problem:
            found.append((path, problem))
    return found


def _control_character(text: str) -> str | None:
    match = _CONTROL.search(text)
    if match is None:
        return None
    char = match.group()
    why = "which Word and PDF files cannot hold" if char < "\x7f" or char > "\x9f" else "which no document needs"
    return f"contains the control character U+{ord(char):04X}, {why}; remove it"


def _long_word(text: str) -> str | None:
    for match in _LONG_WORD.finditer(text):
        word = match.group()
        if _LINK.search(word):
            if len(word) <= SPEC_MAX_LINK_CHARS:
                continue
            return (f"has an address of {len(word):,} characters ({quoted(word, 30)}); an address may have "
                    f"at most {SPEC_MAX_LINK_CHARS:,} characters (SPEC_MAX_LINK_CHARS)")
        return (f"has a word of {len(word):,} characters ({quoted(word, 30)}), too long for a line; a word may "
                f"have at most {SPEC_MAX_WORD_CHARS} characters (SPEC_MAX_WORD_CHARS): add spaces")
    return None


# ---------------------------------------------------------------------------- messages

# (pattern, replacement), applied in order. Compiled on first use: only a spec with
# problems needs them, and `tenderpack validate` of a good spec should not pay for them.
_REWRITES = [
    (r"^Input should be a valid date or datetime.*", "must be a date written as YYYY-MM-DD"),
    (r"^Input should be a valid date\b.*", "must be a date written as YYYY-MM-DD"),
    (r"^Input should be (greater|less) than or equal to", r"must be \1 than or equal to"),
    (r"^Input should be ", "must be "),
    (r"^Value error, ", ""),
    (r"^String should have at least 1 character", "must not be empty"),
    (r"^String should ", "must "),
    (r"^List should ", "must "),
    (r"^Decimal input should be ", "must be "),
    (r"^Decimal input should ", "must "),
    (r"^Field required$", "is required"),
    (r"^Input is not a valid ", "must be a valid "),
]


@lru_cache(maxsize=1)
def _rewrites() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), repl) for pattern, repl in _REWRITES]


# Patterns from spec.py, said in words a buyer understands.
_PATTERNS = {
    r"^\d{8}(-\d)?$": "must be an 8-digit CPV code, such as 85312000-9",
    r"^[A-Za-z][A-Za-z0-9_.-]*$": "must start with a letter and use only letters, digits, '.', '_' and '-'",
}


def plain_message(msg: str) -> str:
    """A pydantic message in a buyer's words: 'Input should be ...' becomes 'must be ...'."""
    for pattern, repl in _rewrites():
        msg = pattern.sub(repl, msg)
    return msg


def _message(error: dict) -> str:
    if error["type"] == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        if pattern in _PATTERNS:
            return _PATTERNS[pattern]
    msg = plain_message(error["msg"])
    if error["type"] == "literal_error" and error["loc"] == ("tenderpack",):
        given = error.get("input")
        given = quoted(given) if isinstance(given, str) else shown(repr(given))
        return f"unsupported specification version {given}; this tenderpack reads version 1"
    return msg


def _model_at(path: PathT) -> type[BaseModel] | None:
    """The model class that describes the mapping found at ``path``."""
    model: Any = Spec
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Unwrap Optional[...] and list[...] down to a model class."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return annotation


def _unknown_key(path: PathT) -> str:
    key = str(path[-1])
    model = _model_at(path[:-1])
    if model is None:
        return f"unknown field {quoted(key)}"
    names = [f.alias or n for n, f in model.model_fields.items()]
    import difflib   # only for this message

    close = difflib.get_close_matches(key[:100], names, n=1, cutoff=0.6)   # a huge key costs no more
    if close:
        return f"unknown field {quoted(key)}; did you mean {close[0]!r}?"
    return f"unknown field {quoted(key)}; expected one of: {', '.join(names)}"


def validate_data(data: Any, positions: Positions, name: str) -> Spec:
    """Validate parsed data against the Spec, collecting every located problem."""
    issues: list[tuple[PathT, str]] = _text_problems(data)
    spec: Spec | None = None
    if not isinstance(data, dict):
        raise SpecError(f"{name}:1:1: the specification must be a mapping of fields, such as 'tenderpack: 1'")
    reported = {path for path, _ in issues}   # one problem per field: the text's own comes first
    try:
        spec = Spec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc in reported:
                continue
            if error["type"] == "extra_forbidden":
                issues.append((loc, _unknown_key(loc)))
            else:
                issues.append((loc, _message(error)))
    if spec is not None and not issues:
        issues += consistency_errors(spec)
    if issues:
        raise SpecError(_located(issues, positions, name))
    assert spec is not None
    return spec


def _located(issues: list[tuple[PathT, str]], positions: Positions, name: str) -> list[Issue]:
    out = []
    for path, message in issues:
        line, column = positions.find(path)
        out.append(Issue(Location(name, line, column, format_path(path) or None), message))
    out.sort(key=lambda i: (i.where.line or 0, i.where.column or 0))
    return out


def read_located(path: str | Path) -> tuple[Spec, Positions]:
    """Read, parse and validate a specification file, keeping each field's position.

    Raises SpecError with every problem, each at its line and column.
    """
    name = str(path)
    data, positions = load_data(read_text(Path(path)), name)
    return validate_data(data, positions, name), positions


def read_spec(path: str | Path) -> Spec:
    """Read, parse and validate a specification file. Raises SpecError with every problem."""
    return read_located(path)[0]
