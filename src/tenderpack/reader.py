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
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import attachments
from .errors import Issue, Location, SpecError
from .limits import SPEC_MAX_BYTES as MAX_BYTES, SPEC_MAX_DEPTH as MAX_DEPTH, SPEC_MAX_VALUES as MAX_NODES
from .limits import SPEC_MAX_LINK_CHARS, SPEC_MAX_WORD_CHARS
from .positions import PathT, Positions, format_path, parse_path, shown  # noqa: F401  (re-exported)
from .spec import Spec, consistency_errors, quoted


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
        tab = _tab_at(text, mark.line, mark.column) if mark else None
        if tab:
            line, column = tab
            raise SpecError(f"{name}:{line}:{column}: a tab at line {line} column {column}: YAML indents with spaces; "
                            "replace the tab with spaces") from None
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


def _tab_at(text: str, line: int, column: int) -> tuple[int, int] | None:
    """The 1-based line and column of the tab that made YAML fail at ``line``, ``column`` (0-based):
    the character there, or a tab in that line's indentation. YAML never indents with tabs, and
    its own words for it ("found character that cannot start any token") do not say so."""
    lines = text.split("\n", line + 1)
    if line >= len(lines):
        return None
    here = lines[line]
    if column < len(here) and here[column] == "\t":
        return line + 1, column + 1
    indent = here[:len(here) - len(here.lstrip(" \t"))]
    return (line + 1, indent.index("\t") + 1) if "\t" in indent else None


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
                    where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else name
                    raise SpecError(f"{where}: nested more than {MAX_DEPTH} levels deep")
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
    (r"^Input should be a valid datetime or date, (.*)", r"must be a date and time written as YYYY-MM-DDTHH:MM "
                                                         r"(UK time), such as 2027-03-08T12:00 (\1)"),
    (r"^Input should be a valid datetime\b.*", "must be a date and time written as YYYY-MM-DDTHH:MM (UK time), "
                                               "such as 2027-03-08T12:00"),
    (r"^Decimal input should be an integer, float, string or Decimal object$", "must be a plain number, such as 60000"),
    (r"^Input should be a valid decimal$", "must be a plain number, such as 60000 or 12.5"),
    (r"^Input should be a valid integer, unable to parse string as an integer$", "must be a whole number, such as 90"),
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
    r"^[0-9]{8}-[0-9]$": "must be a CPV code: 8 digits, a hyphen and the check digit, such as 85312000-9",
    r"^[A-Za-z][A-Za-z0-9_.-]*$": "must start with a letter and use only letters, digits, '.', '_' and '-'",
}


def plain_message(msg: str) -> str:
    """A pydantic message in a buyer's words: 'Input should be ...' becomes 'must be ...'."""
    for pattern, repl in _rewrites():
        msg = pattern.sub(repl, msg)
    return msg


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        if pattern in _PATTERNS:
            return _PATTERNS[pattern]
    msg = plain_message(error["msg"])
    if error["type"] == "literal_error" and error["loc"] == ("tenderpack",):
        given = error.get("input")
        given = quoted(given) if isinstance(given, str) else shown(repr(given))
        return f"unsupported specification version {given}; this tenderpack reads version 1"
    if error["type"] == "decimal_parsing" and isinstance(error.get("input"), str):
        return _number_advice(error["input"]) or msg
    if error["type"] in ("model_type", "dict_type", "list_type"):   # pydantic's words name a class
        return _shape(tuple(error["loc"]), error.get("input"), error["type"])
    return msg


# ---------------------------------------------------------------------------- numbers and shapes

# An amount written as people write it ("£118.5m", "£60,000", "2.5 million") and a percentage ("30%").
_AMOUNT = re.compile(r"(?:£|GBP)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
                     r"(k|m|bn|thousand|million|billion)?\s*(?:GBP|pounds)?", re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent)", re.I)
_TIMES = {"": 1, "k": 10**3, "thousand": 10**3, "m": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9}


def _number_advice(given: str) -> str | None:
    """What to write instead of an amount or a percentage that is not a plain number."""
    from decimal import Decimal

    text = given.strip()
    if match := _PERCENT.fullmatch(text):
        number = f"{Decimal(match[1]).normalize():f}"
        return (f"{quoted(given)} is not a plain number: write {number}; a percentage is a number from 0 to 100, "
                "without the % sign")
    if match := _AMOUNT.fullmatch(text):
        amount = Decimal(match[1].replace(",", "")) * _TIMES[(match[2] or "").lower()]
        number = f"{amount.normalize():f}"
        also = f" (or {number}.00)" if "." not in number else ""
        return (f"{quoted(given)} is not a plain number: write {number}{also}; an amount is in pounds, without a £ "
                "sign, commas or letters such as m for million")
    return None


# The examples `tenderpack init` writes, each with the command that writes it: the default first.
_EXAMPLES = (("small-open-grounds", "tenderpack init"),
             ("innovation-home-care", "tenderpack init --example innovation-home-care"))


@lru_cache(maxsize=1)
def _example_texts() -> tuple[tuple[str, str], ...]:
    from .templates import data_dir   # only for this message

    out = []
    for name, command in _EXAMPLES:
        try:
            out.append((command, (data_dir("examples") / f"{name}.yaml").read_text(encoding="utf-8")))
        except OSError:
            continue
    return tuple(out)


def _example(key: str) -> str:
    """Where to see ``key`` written out: the first example that writes it (not in a comment)."""
    written = re.compile(rf"^[ \t-]*{re.escape(key)}:", re.M)
    for command, text in _example_texts():
        if written.search(text):
            return f"; see the example that `{command}` writes"
    return "; `tenderpack schema` describes every field"


def _field_names(model: type[BaseModel]) -> tuple[list[str], list[str]]:
    """The model's required fields and its other fields, as a buyer writes them."""
    required: list[str] = []
    optional: list[str] = []
    for name, field in model.model_fields.items():
        name = field.alias or name
        if not name.startswith("$"):
            (required if field.is_required() else optional).append(name)
    return required, optional


def _listed(names: list[str], joiner: str, most: int = 5) -> str:
    names = names[:most] + (["…"] if len(names) > most else [])
    if len(names) < 2 or names[-1] == "…":
        return ", ".join(names)
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def _list_field(model: type[BaseModel]) -> tuple[str, type[BaseModel]] | None:
    """The one field of ``model`` that holds a list of mappings (lots.items), if it has exactly one."""
    found = []
    for name, field in model.model_fields.items():
        inner = _inner_model(field.annotation)
        if typing.get_origin(field.annotation) is list and isinstance(inner, type) and issubclass(inner, BaseModel):
            found.append((field.alias or name, inner))
    return found[0] if len(found) == 1 else None


def _holds(model: type[BaseModel]) -> str:
    """What a mapping of this model holds: 'with id and name', or 'with fields such as items or …'."""
    required, optional = _field_names(model)
    if required:
        return f"with {_listed(required, 'and')}"
    return f"with fields such as {_listed(optional, 'or')}"


def _shape(loc: PathT, given: Any, kind: str) -> str:
    """The shape the field at ``loc`` takes, in words, for a value of the wrong shape."""
    key = str(next((part for part in reversed(loc) if isinstance(part, str)), "it"))
    model = _model_at(loc)
    if kind == "list_type":
        each = f" (each a mapping {_holds(model)})" if model else ""
        if isinstance(given, dict):
            return f"must be a list: start each item with '- ' on a new line under {key}:{each}"
        if isinstance(given, (str, int, float)) and not isinstance(given, bool) and model is None:
            return (f"must be a list: write [{shown(str(given))}] for a single item, or each item on a new line "
                    f"under {key}: starting with '- '{each}")
        return f"must be a list, each item on a new line under {key}: starting with '- '{each}"
    if model is None:   # a mapping of names to values, such as a lot's weights
        such = " (criterion id: weight), such as Q1: 30" if key == "weights" else ""
        return f"must be a mapping, one 'name: value' a line, indented under {key}:{such}"
    example = _example(key)
    inner = _list_field(model)
    if isinstance(given, list) and inner:
        field, item = inner
        return (f"must be a mapping, not a list: write {field}: under {key}:, and the list under {field}: "
                f"(each item {_holds(item)}){_example(field)}")
    if isinstance(loc[-1], int):   # an item of a list
        first = (_field_names(model)[0] or _field_names(model)[1])[0]
        return (f"must be a mapping {_holds(model)}, such as '- {first}: …' with the other fields on the lines "
                f"below it, lined up with {first}{example}")
    return f"must be a mapping {_holds(model)}, one 'field: value' a line, indented under {key}:{example}"


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


# Keys a buyer writes for things tenderpack does not describe (yet): said plainly, rather than
# answered with the list of fields. Keyed by the key in lower case, with '_' for '-' and spaces.
_VARIANTS = ("tenderpack does not yet describe variant bids: every bidder answers the same questions; remove it. To "
             "leave bidders free to propose how, describe what you need as outcomes (outcomes) rather than as "
             "fixed requirements")
_NOT_DESCRIBED = {
    **dict.fromkeys(("variants", "variant", "variant_bids", "variant_tenders", "variants_allowed"), _VARIANTS),
    **dict.fromkeys(("dynamic_market", "dps", "dynamic_purchasing_system"),
                    "tenderpack does not yet describe dynamic markets; remove it"),
    **dict.fromkeys(("e_auction", "electronic_auction", "auction"),
                    "tenderpack does not yet describe electronic auctions; remove it"),
}
# Keys a buyer writes, at the top of the file or in the section named, for fields the spec holds
# under another name: (that section, what to write instead). Elsewhere, the nearest field is suggested.
_ELSEWHERE = {
    **dict.fromkeys(("deadline", "submission_deadline", "closing_date", "closing_deadline"),
                    ("timetable", "the deadline for tenders is timetable.tender_deadline (under timetable:)")),
    **dict.fromkeys(("budget", "max_budget", "budget_cap"),
                    ("value", "the budget is value.budget_ceiling (under value:)")),
    **dict.fromkeys(("estimated_value", "contract_value", "total_value"),
                    ("value", "the contract's value is value.estimated_excluding_vat (under value:)")),
    **dict.fromkeys(("kpis", "kpi", "key_performance_indicators"),
                    ("", "KPIs are outcomes: write them under outcomes:, each a KPI unless it says kpi: false")),
    **dict.fromkeys(("criteria", "award_criteria", "evaluation", "evaluation_criteria"),
                    ("award", "the award criteria are award.criteria (under award:)")),
    **dict.fromkeys(("frameworks", "framework_agreement", "call_off", "call_offs", "calloffs"),
                    ("", "a framework and how its call-off contracts are awarded are described under framework: "
                         "(framework.call_off)")),
    **dict.fromkeys(("duration", "term", "contract_term", "contract_length", "contract_duration"),
                    ("timetable", "the term is given by its dates: timetable.contract_start and timetable.contract_end, "
                                  "with any timetable.extensions")),
}


def _unknown_key(path: PathT) -> str:
    key = str(path[-1])
    said = f"unknown field {quoted(key)}"
    plain = re.sub(r"[\s-]+", "_", key[:100].strip().lower())
    if plain in _NOT_DESCRIBED:
        return f"{said}: {_NOT_DESCRIBED[plain]}"
    model = _model_at(path[:-1])
    if model is None:
        return said
    names = [f.alias or n for n, f in model.model_fields.items()]
    section, instead = _ELSEWHERE.get(plain, (None, ""))
    if section is not None and path[:-1] in ((), (section,)):
        return f"{said}; {instead}"
    import difflib   # only for this message

    close = difflib.get_close_matches(key[:100], names, n=1, cutoff=0.6)   # a huge key costs no more
    if close:
        return f"{said}; did you mean {close[0]!r}?"
    home = _home_of(key)
    if home is not None:
        where = f"under {home.rsplit('.', 1)[0]}: ({home})" if "." in home else "at the top of the file, not indented"
        return f"{said} here; it belongs {where}"
    return f"{said}; expected one of: {', '.join(names)}"


def _home_of(key: str) -> str | None:
    """The one place in the spec, outside any list, where a field of that name lives: 'tupe' -> 'commercial.tupe',
    'cpv' -> 'cpv'."""
    found = _homes().get(key, [])
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def _homes() -> dict[str, list[str]]:
    """Each field name of the spec, outside any list, and the paths where it lives."""
    found: dict[str, list[str]] = {}

    def walk(model: type[BaseModel], prefix: str, seen: frozenset) -> None:
        for name, field in model.model_fields.items():
            name = field.alias or name
            path = f"{prefix}.{name}" if prefix else name
            found.setdefault(name, []).append(path)
            inner = _inner_model(field.annotation)
            nested = isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen
            if nested and typing.get_origin(field.annotation) is not list:
                walk(inner, path, seen | {inner})

    walk(Spec, "", frozenset({Spec}))
    return found


def validate_data(data: Any, positions: Positions, name: str, more: Sequence[tuple[PathT, str]] = ()) -> Spec:
    """Validate parsed data against the Spec, collecting every located problem (with ``more``, found elsewhere)."""
    issues: list[tuple[PathT, str]] = _text_problems(data)
    spec: Spec | None = None
    if not isinstance(data, dict):
        raise SpecError(f"{name}:1:1: the specification must be a mapping of fields, such as 'tenderpack: 1'")
    reported = {path for path, _ in issues}   # one problem per field: the text's own comes first
    issues += [(path, message) for path, message in more if path not in reported]
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
    attached = attachments.check(data, Path(path), positions)   # the files it attaches, checked and hashed
    return attached.keep(validate_data(data, positions, name, attached.problems)), positions


def read_spec(path: str | Path) -> Spec:
    """Read, parse and validate a specification file. Raises SpecError with every problem."""
    return read_located(path)[0]
