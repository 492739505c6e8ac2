"""Read one clause file: its YAML front matter (with the line of every key) and its body.

Everything that can be checked in the file alone is checked here: the front matter's
fields, the condition and body as sandboxed Jinja (syntax, and every variable against the
spec's schema), and the shape of references and defined terms.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateSyntaxError, nodes
from pydantic import ValidationError

from .. import limits
from ..errors import Issue, Location
from ..text import slug as text_slug
from ..reader import plain_message
from .model import (FIELDS, REF_RE, REF_TARGET_RE, SUBCLAUSE_RE, TERM_RE, TERM_USE_RE,  # noqa: F401
                    ClauseFile, ClauseRefused, ClauseSource, Meta, SectionSpec)
from .sandbox import TOO_DEEP, check, environment, parse_expression

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PRIVATE_RE = re.compile("[\ue000-\ue00f]")


def slug(title: str) -> str:
    return text_slug(title)


def _yaml_line(exc: yaml.YAMLError, offset: int) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return offset + (mark.line if mark else 0)


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


def read_inside(path: Path, root: Path) -> bytes:
    """The bytes of ``path``, a regular file inside the folder ``root``, of at most CLAUSE_MAX_BYTES.

    A link that leads outside the folder, a named pipe (which would block the read for ever),
    a device (/dev/zero never ends) or a file over the limit raises ClauseRefused; a file that
    cannot be read raises OSError.
    """
    def refused(message: str) -> ClauseRefused:
        return ClauseRefused([Issue(Location(str(path)), message)])

    try:
        real = path.resolve(strict=True)
    except RuntimeError as exc:   # a loop of links (Python 3.11 and 3.12)
        raise OSError(str(exc)) from exc
    folder = root.resolve()
    if not real.is_relative_to(folder):
        raise refused(f"is a link to {real}, outside the clause folder {folder}; copy the file into the folder")
    mode = os.stat(real).st_mode
    if stat.S_ISDIR(mode):   # a folder named x.md: harmless, reported as before
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        raise refused(f"is {kind}, not a regular file; a clause file must be plain text")
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):   # swapped since the check
            raise refused("is not a regular file; a clause file must be plain text")
        data = handle.read(limits.CLAUSE_MAX_BYTES + 1)
        size = max(len(data), os.fstat(handle.fileno()).st_size)
    if size > limits.CLAUSE_MAX_BYTES:
        raise refused(f"the file is {math.ceil(size / 1024):,} KB, over the limit of "
                      f"{limits.CLAUSE_MAX_BYTES // 1024:,} KB for a clause file (CLAUSE_MAX_BYTES)")
    return data


def split(text: str, name: str) -> tuple[str, int, str, int]:
    """(front matter, its first line, body, the body's first line) or a one-issue error."""
    from ..errors import ClauseError

    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ClauseError([Issue(Location(name, 1), "a clause file must start with a line '---', then its front "
                                                    "matter (id, title, version...), then another '---'")])
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1:]), i + 2
    raise ClauseError([Issue(Location(name, 1), "the front matter is not closed: add a line '---' after it")])


def read_clause(path: Path, source: ClauseSource) -> tuple[ClauseFile | None, list[Issue]]:
    """Parse and check one clause file on its own; (None, issues) when it cannot be used.

    Raises ClauseRefused for a file that must not be read at all (read_inside).
    """
    from ..errors import ClauseError

    name = str(path)
    try:
        raw = read_inside(path, source.path)
    except OSError as exc:
        return None, [Issue(Location(name), f"cannot be read ({exc.strerror or exc})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Issue(Location(name, line), "not valid UTF-8; save the file as UTF-8")]
    text = text.replace("\r\n", "\n")
    try:
        front, front_line, body, body_line = split(text, name)
    except ClauseError as exc:
        return None, exc.issues
    data, lines, issues = _front_matter(front, front_line, name)
    if data is None:
        return None, issues
    meta = _validate(data, lines, name, issues)
    if meta is None:
        return None, issues
    clause = ClauseFile(meta=meta, path=path, rel=_relative(path, source.path), source=source,
                        sha256=hashlib.sha256(raw).hexdigest(), body="\n" * (body_line - 1) + body,
                        body_line=body_line, lines=lines)
    issues += _check_meta(clause)
    issues += _check_jinja(clause)
    issues += _scan(clause)
    return clause, issues


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.M)
_SUB_KEY = re.compile(r"^[ \t]+([^\s:#'\"][^:#]*?)[ \t]*:(?:[ \t]|$)")


def _line_map(front: str, first: int) -> dict[tuple, int]:
    """Front matter key -> file line, read from the text (the fast path for well-formed files)."""
    lines: dict[tuple, int] = {}
    parent = None
    for number, line in enumerate(front.split("\n"), first):
        top = _TOP_KEY.match(line)
        if top:
            parent = top.group(1)
            lines.setdefault((parent,), number)
            continue
        sub = _SUB_KEY.match(line) if parent else None
        if sub:
            lines.setdefault((parent, sub.group(1).strip()), number)
    return lines


def _front_matter(front: str, first: int, name: str) -> tuple[dict | None, dict, list[Issue]]:
    """The front matter's data and the line of each key. Most files take the fast path; a
    file with a problem is composed node by node, so each problem gets its exact line."""
    try:
        data = yaml.load(front, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or str(exc)
        return None, {}, [Issue(Location(name, _yaml_line(exc, first)), f"the front matter is not valid YAML: {problem}")]
    except (yaml.YAMLError, ValueError, TypeError):
        return _front_matter_nodes(front, first, name)
    if isinstance(data, dict) and all(isinstance(k, str) for k in data):
        return data, _line_map(front, first), []
    return _front_matter_nodes(front, first, name)


def _front_matter_nodes(front: str, first: int, name: str) -> tuple[dict | None, dict, list[Issue]]:
    lines: dict[tuple, int] = {}
    loader = Loader(front)
    offset = first
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        return None, lines, [Issue(Location(name, _yaml_line(exc, offset)), f"the front matter is not valid YAML: {problem}")]
    if node is None:
        loader.dispose()
        return None, lines, [Issue(Location(name, 1), "the front matter is empty: it needs at least id, title, "
                                                      "version, status, placement and summary")]
    if not isinstance(node, yaml.MappingNode):
        loader.dispose()
        return None, lines, [Issue(Location(name, offset + node.start_mark.line),
                                   "the front matter must be fields such as 'id: core:payment', one a line")]
    data: dict[str, Any] = {}
    issues: list[Issue] = []
    try:
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = offset + key_node.start_mark.line
            if key in data:
                issues.append(Issue(Location(name, line, None, key), "this field appears twice"))
                continue
            lines[(key,)] = line
            if isinstance(value_node, yaml.MappingNode):
                for k, v in value_node.value:
                    lines[(key, str(k.value))] = offset + k.start_mark.line
            try:
                data[key] = loader.construct_object(value_node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError) as exc:
                problem = getattr(exc, "problem", None) or str(exc)
                if key in ("approved_on", "review_by"):
                    problem = f"not a real date ({problem}); write it as YYYY-MM-DD"
                issues.append(Issue(Location(name, offset + value_node.start_mark.line, None, key), problem))
    finally:
        loader.dispose()
    return data, lines, issues


_PATTERN_WORDS = {
    "id": "must be a namespaced id in lower case, such as core:payment",
    "overrides": "must be the namespaced id of the clause it replaces, such as core:payment",
    "version": "must be a version number such as '1.2'",
}


def _validate(data: dict, lines: dict, name: str, issues: list[Issue]) -> Meta | None:
    if issues:
        return None
    try:
        return Meta.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(str(p) for p in error["loc"])
            key = loc[0] if loc else ""
            if error["type"] == "extra_forbidden":
                if len(loc) == 1:
                    close = difflib.get_close_matches(key, FIELDS, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else f"; fields are: {', '.join(FIELDS)}"
                    message = f"unknown field {key!r}{hint}"
                else:
                    message = f"unknown field {loc[-1]!r}; placement takes document, section and order"
            elif error["type"] == "missing":
                message = f"{'.'.join(loc)} is required"
            elif error["type"] == "string_pattern_mismatch" and key in _PATTERN_WORDS and len(loc) == 1:
                message = _PATTERN_WORDS[key]
            else:
                message = plain_message(error["msg"])
                message = f"{'.'.join(loc)} {message}" if message.startswith("must") else f"{'.'.join(loc)}: {message}"
            line = lines.get(loc[:2]) or lines.get(loc[:1]) or 1
            issues.append(Issue(Location(name, line, None, ".".join(loc) or None), message))
        issues.sort(key=lambda i: i.where.line or 0)
        return None


def _check_meta(clause: ClauseFile) -> list[Issue]:
    meta, out = clause.meta, []
    prefix = clause.source.prefix
    if prefix and not meta.id.startswith(prefix + ":"):
        out.append(clause.issue(f"id {meta.id!r} must start with {prefix + ':'!r}, the prefix of the "
                                f"{clause.source.name or clause.source.path} clauses", "id"))
    if meta.status == "approved":
        for key in ("owner", "approved_on", "review_by"):
            if not getattr(meta, key):
                out.append(clause.issue(f"an approved clause needs {key}", "status"))
    if meta.approved_on and meta.review_by and meta.review_by <= meta.approved_on:
        out.append(clause.issue("review_by must be after approved_on", "review_by"))
    for term in meta.defines:
        if not TERM_RE.match(term):
            out.append(clause.issue(f"defined term {term!r} must start with a capital letter and use letters, "
                                    "digits, spaces, hyphens and apostrophes", "defines", term))
    private = PRIVATE_RE.search(clause.body)
    if private:
        line = clause.body[: private.start()].count("\n") + 1
        out.append(clause.issue("contains a private-use character (U+E000 to U+E00F); remove it", line=line))
    return out


def _syntax(exc: TemplateSyntaxError) -> str:
    return exc.message or "syntax error"


def _check_jinja(clause: ClauseFile) -> list[Issue]:
    out: list[Issue] = []
    env = environment()
    condition = clause.meta.applies_when
    if condition is not None:
        line = clause.line_of("applies_when")
        try:
            clause.condition_ast = parse_expression("\n" * (line - 1) + condition)
        except TemplateSyntaxError as exc:
            out.append(clause.issue(f"applies_when is not a valid condition: {_syntax(exc)}", "applies_when",
                                    line=exc.lineno or line))
        else:
            checker = check(clause.condition_ast)
            out += [clause.issue(f"applies_when: {message}", "applies_when", line=ln) for ln, message in checker.problems]
            clause.condition_paths = _maximal(checker.paths)
    try:
        clause.body_ast = _parse(env, clause.body, clause.file)
    except TemplateSyntaxError as exc:
        out.append(clause.issue(f"the body is not a valid template: {_syntax(exc)}", line=exc.lineno))
    else:
        out += [clause.issue(message, line=ln) for ln, message in check(clause.body_ast).problems]
    line = clause.line_of("summary")
    try:
        clause.summary_ast = _parse(env, "\n" * (line - 1) + clause.meta.summary, clause.file)
    except TemplateSyntaxError as exc:
        out.append(clause.issue(f"the summary is not a valid template: {_syntax(exc)}", "summary",
                                line=exc.lineno or line))
    else:
        out += [clause.issue(message, "summary", line=ln) for ln, message in check(clause.summary_ast).problems]
    for term, definition in clause.meta.defines.items():
        line = clause.line_of("defines", term)
        try:
            ast = _parse(env, "\n" * (line - 1) + definition, clause.file)
        except TemplateSyntaxError as exc:
            out.append(clause.issue(f"the definition of {term!r} is not a valid template: {_syntax(exc)}",
                                    "defines", term, line=exc.lineno or line))
            continue
        clause.definition_asts[term] = ast
        out += [clause.issue(message, "defines", term, line=ln) for ln, message in check(ast).problems]
    return out


def _parse(env, source: str, filename: str):
    """Parse a template; text with no template tags at all needs no parser."""
    if "{{" not in source and "{%" not in source and "{#" not in source:
        return nodes.Template([nodes.Output([nodes.TemplateData(source.lstrip("\n"))], lineno=1)], lineno=1)
    try:
        return env.parse(source, name=filename, filename=filename)
    except RecursionError:   # Jinja's parser recurses once for each bracket or tag inside another
        first = len(source) - len(source.lstrip("\n")) + 1
        raise TemplateSyntaxError(TOO_DEEP, first, filename, filename) from None


def _maximal(paths: list[str]) -> list[str]:
    unique = list(dict.fromkeys(paths))
    return [p for p in unique if not any(q != p and q.startswith(p + ".") for q in unique)]


def _scan(clause: ClauseFile) -> list[Issue]:
    """References, defined terms and sub-clause titles, with their lines, from the source text."""
    out: list[Issue] = []
    body = clause.body
    for match in REF_RE.finditer(body):
        line = body.count("\n", 0, match.start()) + 1
        target = REF_TARGET_RE.match(match.group(1))
        if not target:
            out.append(clause.issue(f"[[{match.group(1)}]] is not a clause reference; write the id of a clause, "
                                    "such as [[core:termination]]", line=line))
            continue
        clause.refs.append((match.group(1), line))
    for match in TERM_USE_RE.finditer(body):
        clause.terms.append((match.group(1), body.count("\n", 0, match.start()) + 1))
    for term, definition in clause.meta.defines.items():
        line = clause.line_of("defines", term)
        for match in TERM_USE_RE.finditer(definition):
            clause.terms.append((match.group(1), line))
        for match in REF_RE.finditer(definition):
            target = REF_TARGET_RE.match(match.group(1))
            if target:
                clause.refs.append((match.group(1), line))
            else:
                out.append(clause.issue(f"[[{match.group(1)}]] is not a clause reference", "defines", term, line=line))
    for match in SUBCLAUSE_RE.finditer(body):
        title = match.group(1)
        if "{{" not in title:
            clause.anchors.add(slug(title))
    return out


def read_sections(path: Path, root: Path) -> tuple[list[SectionSpec], list[Issue]]:
    """A sections.yaml file in the folder ``root``: for each document, the sections clauses
    can be placed in. Raises ClauseRefused as read_inside does."""
    name = str(path)
    try:
        text = read_inside(path, root).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Issue(Location(name), f"cannot be read ({exc})")]
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        return [], [Issue(Location(name, _yaml_line(exc, 1)), f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    finally:
        loader.dispose()
    out: list[SectionSpec] = []
    issues: list[Issue] = []
    if node is None:
        return out, issues
    shape = "give each document's sections as 'key: {title: ..., order: ...}'"
    if not isinstance(node, yaml.MappingNode):
        return [], [Issue(Location(name, 1), shape)]
    for doc_node, sections in node.value:
        if not isinstance(sections, yaml.MappingNode):
            issues.append(Issue(Location(name, doc_node.start_mark.line + 1), shape))
            continue
        for key_node, value in sections.value:
            line = key_node.start_mark.line + 1
            fields = {}
            if isinstance(value, yaml.MappingNode):
                fields = {str(k.value): v.value for k, v in value.value if isinstance(v, yaml.ScalarNode)}
            title, order = fields.get("title"), fields.get("order", "500")
            if not title or not str(order).isdigit() or set(fields) - {"title", "order"}:
                issues.append(Issue(Location(name, line), f"section {key_node.value!r}: {shape}"))
                continue
            out.append(SectionSpec(str(doc_node.value), str(key_node.value), str(title), int(order), name, line))
    return out, issues
