"""The clause library: sources in order of precedence, ids, overrides, and the clauses of a pack.

``Library`` loads every source (the built-in ``clauses/`` folder, the folders plugins
register, then ``--clauses`` folders) and checks everything that does not need a spec.
``Library.for_spec(spec)`` decides which clauses apply, renders them, and checks what only
a spec can show (a reference to a clause that does not apply, a term whose definition does
not apply). Nothing is built until both have passed.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import difflib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import Issue, Location, PluginError
from ..text import plural
from ..spec import Spec
from ..tree import Block, Clause, Section
from ..transforms.definitions import Glossary
from .drafting import check_clause
from .frontmatter import read_clause, read_sections
from ..limits import CLAUSE_MAX_FILES
from .model import ClauseError, ClauseFile, ClauseRefused, ClauseSource, SectionSpec
from .render import Tokens, body_blocks, inline_runs, render_text
from .sandbox import (RenderTimeout, TemplateLimitError, compile_expression, compile_template, show, spec_view,
                      time_limit, value_at)

SECTIONS_FILE = "sections.yaml"


@dataclass(frozen=True)
class ClauseInfo:
    """What a plugin may know about a clause that applies to this build (read-only)."""

    id: str
    title: str
    version: str
    summary: str
    document: str
    section: str
    number: str | None = None     # its number in its document, counted among the library's clauses
    source: str = ""


@dataclass
class Decision:
    """Whether a clause is in the pack, and why."""

    clause: ClauseFile
    applies: bool
    why: str


def builtin_source() -> ClauseSource:
    from ..templates import data_dir

    return ClauseSource(data_dir("clauses"), name="core", prefix="core")


def plugin_sources(plugins) -> list[ClauseSource]:
    """The clause folders that plugins register through register_clause_sources."""
    out: list[ClauseSource] = []
    for plugin, item in plugins.collect("register_clause_sources",
                                        lambda i: isinstance(i, (str, Path, ClauseSource)),
                                        "a folder path or a tenderpack.ClauseSource"):
        source = item if isinstance(item, ClauseSource) else ClauseSource(Path(item))
        if not source.name:
            source = replace(source, name=plugin)
        if not source.path.is_dir():
            raise PluginError(plugin, "register_clause_sources", f"{source.path} is not a folder of clause files")
        out.append(source)
    return out


_word = plural   # "1 clause", "3 clauses"


class Library:
    """Every clause file from every source, resolved into the clauses a pack can use."""

    def __init__(self, sources: list[ClauseSource], allow_draft: bool = False, strict: bool = False,
                 today: dt.date | None = None):
        self.sources = sources
        self.allow_draft, self.strict = allow_draft, strict
        self.today = today or dt.date.today()
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.files: list[ClauseFile] = []
        self.sections: dict[tuple[str, str], SectionSpec] = {}
        self.included: dict[str, ClauseFile] = {}       # id -> clause, in precedence order
        self.excluded: dict[int, str] = {}              # id(ClauseFile) -> reason
        self.alias: dict[str, str] = {}                 # overridden id -> the id that replaces it
        self.definitions: dict[str, ClauseFile] = {}    # term -> the clause that defines it
        self._load()
        self._resolve()
        if self.files:
            self._check_placements()
            self._check_references()
            self._check_terms()
            self._check_drafting()
            self._check_dates()

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        # Parsing a thousand files allocates many small objects that all stay alive: the
        # cyclic garbage collector would only rescan them, so it waits until loading is done.
        enabled = gc.isenabled()
        gc.disable()
        refused: list[Issue] = []
        try:
            self._load_sources(refused)
        finally:
            if enabled:
                gc.enable()
        if refused:   # files that must not be read at all stop everything, whatever the caller checks
            raise ClauseRefused(refused)

    def _load_sources(self, refused: list[Issue]) -> None:
        for source in self.sources:
            if not source.path.is_dir():
                self.errors.append(Issue(Location(str(source.path)), "clause folder not found"))
                continue
            sections = source.path / SECTIONS_FILE
            if os.path.lexists(sections):
                try:
                    found, issues = read_sections(sections, source.path)
                except ClauseRefused as exc:
                    refused += exc.issues
                    found, issues = [], []
                self.errors += issues
                for spec in found:
                    key = (spec.document, spec.key)
                    if key in self.sections:
                        first = self.sections[key]
                        self.errors.append(Issue(Location(spec.file, spec.line),
                                                 f"section {spec.key!r} of {spec.document!r} is already defined in "
                                                 f"{first.file}:{first.line}"))
                    else:
                        self.sections[key] = spec
            paths = [path for path in sorted(source.path.rglob("*.md"))
                     if path.name.lower() != "readme.md" and not path.name.startswith(("_", "."))]
            if len(paths) > CLAUSE_MAX_FILES:   # each may take CLAUSE_RENDER_SECONDS: bound the whole
                refused.append(Issue(Location(str(source.path)),
                                     f"holds {len(paths):,} clause files, over the limit of {CLAUSE_MAX_FILES:,} "
                                     "for one clause folder (CLAUSE_MAX_FILES)"))
                continue
            for path in paths:
                try:
                    clause, issues = read_clause(path, source)
                except ClauseRefused as exc:
                    refused += exc.issues
                    continue
                self.errors += issues
                if clause is not None:
                    self.files.append(clause)

    def _resolve(self) -> None:
        """Ids, overrides, drafts and retirements, in order of precedence."""
        first: dict[str, ClauseFile] = {}
        for clause in self.files:
            taken = first.get(clause.id)
            if taken is None:
                first[clause.id] = clause
            elif clause.meta.overrides != clause.id:
                self.errors.append(clause.issue(
                    f"id {clause.id!r} is already used by {taken.file}:{taken.line_of('id')}; give this clause "
                    f"another id, or add 'overrides: {clause.id}' to replace that clause", "id"))
        known = {c.id for c in self.files}
        usable = lambda c: c.meta.status == "approved" or (c.meta.status == "draft" and self.allow_draft)
        overrider: dict[str, ClauseFile] = {}
        for clause in self.files:
            target = clause.meta.overrides
            if not target or not (usable(clause) or clause.meta.status == "retired"):
                continue
            if target not in known or (target == clause.id and first[target] is clause):
                close = difflib.get_close_matches(target, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.errors.append(clause.issue(f"overrides {target!r}, but no other clause has that id{hint}",
                                                "overrides"))
                continue
            if target in overrider:
                other = overrider[target]
                self.errors.append(clause.issue(f"{target!r} is already overridden by {other.file}:"
                                                f"{other.line_of('overrides')}; only one clause may replace it",
                                                "overrides"))
                continue
            overrider[target] = clause
        for clause in self.files:
            replaced_by = overrider.get(clause.id)
            if replaced_by is not None and replaced_by is not clause:
                self.excluded[id(clause)] = f"overridden by {replaced_by.id} ({replaced_by.file})"
            elif clause.meta.status == "retired":
                self.excluded[id(clause)] = "retired"
            elif clause.meta.status == "draft" and not self.allow_draft:
                self.excluded[id(clause)] = "a draft (use --allow-draft to include drafts)"
            elif first.get(clause.id) is not clause and clause.meta.overrides != clause.id:
                self.excluded[id(clause)] = "a duplicate id"
            else:
                self.included[clause.id] = clause
        for target, clause in overrider.items():
            if target != clause.id:
                self.alias[target] = clause.id

    def resolve(self, target: str) -> str:
        """The id a reference to ``target`` lands on, following overrides."""
        seen = set()
        while target in self.alias and target not in seen:
            seen.add(target)
            target = self.alias[target]
        return target

    def reason(self, clause: ClauseFile) -> str | None:
        return self.excluded.get(id(clause))

    # ------------------------------------------------------------------ checks without a spec

    def _check_placements(self) -> None:
        for clause in self.files:
            p = clause.meta.placement
            if (p.document, p.section) in self.sections:
                continue
            here = sorted(k for d, k in self.sections if d == p.document)
            if here:
                close = difflib.get_close_matches(p.section, here, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; its sections are: {', '.join(here)}"
                message = f"unknown placement: {p.document!r} has no section {p.section!r}{hint}"
                key = ("placement", "section")
            else:
                docs = sorted({d for d, _ in self.sections})
                message = (f"unknown placement: no clauses can go in document {p.document!r}; "
                           f"documents with sections for clauses: {', '.join(docs) or 'none'}")
                key = ("placement", "document")
            self.errors.append(clause.issue(message, *key))

    def _check_references(self) -> None:
        by_id = {c.id: c for c in self.files}
        for clause in self.included.values():
            for written, line in clause.refs:
                target, _, anchor = written.partition("#")
                final = self.resolve(target)
                found = self.included.get(final)
                if found is None:
                    if final in by_id:
                        why = self.reason(by_id[final]) or "left out"
                        message = f"[[{written}]] refers to {final!r}, which is {why}"
                    else:
                        close = difflib.get_close_matches(target, sorted(self.included), n=1)
                        hint = f"; did you mean {close[0]!r}?" if close else ""
                        message = f"[[{written}]] is a broken reference: no clause has the id {target!r}{hint}"
                    self.errors.append(clause.issue(message, line=line))
                    continue
                if found.meta.placement.document != clause.meta.placement.document:
                    self.errors.append(clause.issue(
                        f"[[{written}]] refers to a clause in another document ({found.meta.placement.document})",
                        line=line))
                elif anchor and anchor not in found.anchors:
                    subs = ", ".join(sorted(found.anchors)) or "none"
                    self.errors.append(clause.issue(
                        f"[[{written}]]: {final} has no sub-clause {anchor!r} (its sub-clauses: {subs})", line=line))

    def canonical(self, written: str) -> str:
        """The defined term a use refers to: exact, or a plural of it."""
        if written in self.definitions:
            return written
        for cut in (1, 2):
            if written.endswith("s") and written[:-cut] in self.definitions:
                return written[:-cut]
        return written

    def _check_terms(self) -> None:
        for clause in self.included.values():
            for term in clause.meta.defines:
                other = self.definitions.get(term)
                if other is not None:
                    self.errors.append(clause.issue(f"{term!r} is already defined in {other.file}:"
                                                    f"{other.line_of('defines', term)}", "defines", term))
                else:
                    self.definitions[term] = clause
        used: set[str] = set()
        for clause in self.included.values():
            for written, line in clause.terms:
                term = self.canonical(written)
                used.add(term)
                if term not in self.definitions:
                    close = difflib.get_close_matches(written, sorted(self.definitions), n=1)
                    hint = f"; did you mean {{{close[0]}}}?" if close else "; define it under 'defines:' in a clause"
                    self.errors.append(clause.issue(f"{{{written}}} is used but never defined{hint}", line=line))
        for term, clause in self.definitions.items():
            if term not in used:
                self.warnings.append(clause.issue(f"{term!r} is defined but no clause uses it (write {{{term}}} "
                                                  "where it is used)", "defines", term))

    def _check_drafting(self) -> None:
        """Each sentence says what it means: no "may ... If so", "might", "may not", "shall" (drafting.py)."""
        for clause in self.included.values():
            self.errors += check_clause(clause)

    def _check_dates(self) -> None:
        for clause in self.included.values():
            due = clause.meta.review_by
            if due is not None and due < self.today:
                issue = clause.issue(f"review_by {due.isoformat()} has passed: the owner "
                                     f"({clause.meta.owner or 'not named'}) should review this clause", "review_by")
                (self.errors if self.strict else self.warnings).append(issue)

    # ------------------------------------------------------------------ results

    def problems(self) -> list[Issue]:
        return self.errors + (self.warnings if self.strict else [])

    def raise_for_problems(self) -> "Library":
        problems = self.problems()
        if problems:
            raise ClauseError(problems)
        return self

    def for_spec(self, spec: Spec) -> "PackClauses":
        return PackClauses(self, spec)

    def clause(self, clause_id: str) -> ClauseFile | None:
        """The clause with this id: the one in use, or else the last file that has it."""
        if clause_id in self.included:
            return self.included[clause_id]
        found = [c for c in self.files if c.id == clause_id]
        return found[-1] if found else None


# ---------------------------------------------------------------------------- one spec


def _compiled(clause: ClauseFile, what: str, make):
    cache = clause.__dict__.setdefault("_compiled", {})
    if what not in cache:
        cache[what] = make()
    return cache[what]


def _error_line(exc: BaseException, filename: str) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = _template_line(tb.tb_frame.f_globals, tb.tb_lineno)
        tb = tb.tb_next
    return line


def _template_line(module: dict, line: int) -> int:
    """The template line of a line of compiled template code.

    Jinja rewrites a traceback to template lines only when a whole template renders; a
    condition (TemplateExpression) runs the compiled code directly, so its lines are mapped
    here, from the ``debug_info`` the compiler leaves in the code's module.
    """
    if "__jinja_exception__" in module or not isinstance(module.get("debug_info"), str):
        return line
    pairs = [tuple(map(int, pair.split("="))) for pair in module["debug_info"].split("&") if pair]
    return next((template for template, code in reversed(pairs) if code <= line), line)


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if type(exc).__name__ == "SecurityError":
        return f"not allowed in a clause: {text}"
    if type(exc).__name__ == "UndefinedError" and "None" in text:
        return f"{text} (the field is empty in this spec: test it with {{% if ... %}} first)"
    return text


def _bounded(clause: ClauseFile, work, *key: str):
    """``work()`` for one clause, within CLAUSE_RENDER_SECONDS and the sandbox's size limits.

    A breach raises ClauseRefused at once, at the line the template had reached: a clause
    that asks too much of the machine is not a problem to list beside others but a stop.
    """
    try:
        with time_limit(limits.CLAUSE_RENDER_SECONDS):
            return work()
    except TemplateLimitError as exc:
        line = _error_line(exc, clause.file)   # None when time ran out outside the template's code
        if isinstance(exc, RenderTimeout):
            seconds = f"{limits.CLAUSE_RENDER_SECONDS:g} seconds"
            message = (f"took more than {seconds} to {'work out' if key else 'render'}, over the limit of {seconds} "
                       "(CLAUSE_RENDER_SECONDS)" + ("; look for a loop inside a loop" if line else ""))
        else:
            message = str(exc)
        line = line or (clause.line_of(*key) if key else clause.body_line)
        prefix = f"{key[0]}: " if key else ""
        raise ClauseRefused([clause.issue(prefix + message, *key, line=line)]) from None


class PackClauses:
    """The clauses of one pack: which apply and why, rendered, numbered in order."""

    def __init__(self, library: Library, spec: Spec):
        self.library = library
        self.spec = spec
        if library.errors:
            raise ClauseError(library.problems())
        self.data = spec_view(spec)
        errors: list[Issue] = []
        warnings: list[Issue] = list(library.warnings)
        self.decisions: list[Decision] = []
        for clause in library.included.values():
            try:
                applies, why = _bounded(clause, lambda: self._decide(clause), "applies_when")
            except ClauseRefused:
                raise
            except Exception as exc:
                errors.append(clause.issue(f"applies_when cannot be worked out: {_message(exc)}", "applies_when"))
                continue
            self.decisions.append(Decision(clause, applies, why))
        applying = [d.clause for d in self.decisions if d.applies]
        self.applying: dict[str, ClauseFile] = {c.id: c for c in applying}
        self._rendered: dict[str, tuple[list[Block], Tokens]] = {}
        self._definitions: dict[str, dict[str, list]] = {}
        self._summaries: dict[str, str] = {}   # the summary as rendered for this spec
        for clause in applying:
            try:
                self._rendered[clause.id] = _bounded(clause, lambda: self._render(clause))
            except ClauseRefused:
                raise
            except Exception as exc:
                line = _error_line(exc, clause.file)
                errors.append(clause.issue(f"the body cannot be rendered: {_message(exc)}", line=line))
        self.documents: dict[str, list[ClauseFile]] = {}
        for clause in sorted(applying, key=self._order):
            self.documents.setdefault(clause.meta.placement.document, []).append(clause)
        if not errors:
            for document, clauses in self.documents.items():
                errors += self._check_document(clauses, warnings)
        if library.strict:
            errors += [w for w in warnings if w not in library.warnings]
        self.warnings = warnings
        problems = library.errors + errors + (library.warnings if library.strict else [])
        if problems:
            raise ClauseError(problems)
        self._numbers = {}
        for clauses in self.documents.values():
            for n, clause in enumerate(clauses, 1):
                self._numbers[clause.id] = str(n)

    # -- deciding

    def _decide(self, clause: ClauseFile) -> tuple[bool, str]:
        condition = clause.meta.applies_when
        if condition is None or clause.condition_ast is None:
            return True, "always (no applies_when)"
        fn = _compiled(clause, "condition", lambda: compile_expression(clause.condition_ast, clause.file))
        applies = bool(fn(**self.data))
        values = ", ".join(f"{p} = {show(value_at(self.data, p))}" for p in clause.condition_paths)
        return applies, f"applies_when: {' '.join(condition.split())}" + (f" ({values})" if values else "")

    def _order(self, clause: ClauseFile) -> tuple:
        p = clause.meta.placement
        section = self.library.sections.get((p.document, p.section))
        return (p.document, section.order if section else 10**6, p.section, p.order, clause.id)

    # -- rendering

    def _tokens(self, clause: ClauseFile, values: list[str]) -> Tokens:
        refs: dict[str, int] = {}
        for written, line in clause.refs:
            refs.setdefault(written, line)
        terms: dict[str, int] = {}
        for written, line in clause.terms:
            terms.setdefault(written, line)
        return Tokens(values,
                      where_ref=lambda t: f"{clause.file}:{refs.get(t, clause.body_line)}",
                      where_term=lambda t: f"{clause.file}:{terms.get(t, clause.body_line)}",
                      canonical=self.library.canonical)

    def _render(self, clause: ClauseFile) -> tuple[list[Block], Tokens]:
        template = _compiled(clause, "body", lambda: compile_template(clause.body_ast, clause.file))
        text, values = render_text(template, self.data)
        tokens = self._tokens(clause, values)
        blocks = body_blocks(text, tokens, clause.id)
        definitions = {}
        for term, ast in clause.definition_asts.items():
            template = _compiled(clause, f"define:{term}", lambda ast=ast: compile_template(ast, clause.file))
            text, values = render_text(template, self.data)
            definition_tokens = self._tokens(clause, values)
            definitions[term] = inline_runs(text, definition_tokens)
            tokens.refs += definition_tokens.refs
            tokens.terms += definition_tokens.terms
        self._definitions[clause.id] = definitions
        if clause.summary_ast is not None:
            template = _compiled(clause, "summary", lambda: compile_template(clause.summary_ast, clause.file))
            text, values = render_text(template, self.data)
            self._summaries[clause.id] = " ".join(self._tokens(clause, values).plain(text).split())
        return blocks, tokens

    def _check_document(self, clauses: list[ClauseFile], warnings: list[Issue]) -> list[Issue]:
        """References and terms as rendered for this spec, within one document."""
        errors: list[Issue] = []
        here = {c.id for c in clauses}
        lib = self.library
        defined: dict[str, ClauseFile] = {}
        for clause in clauses:
            for term in self._definitions.get(clause.id, {}):
                defined[term] = clause
        used: dict[str, tuple[ClauseFile, str]] = {}
        for clause in clauses:
            blocks, tokens = self._rendered[clause.id]
            anchors_of = lambda c: {b.key.partition("#")[2] for b in self._rendered[c][0]
                                    if isinstance(b, Clause) and b.key}
            for written in dict.fromkeys(tokens.refs):
                target, _, anchor = written.partition("#")
                final = lib.resolve(target)
                line = next((ln for w, ln in clause.refs if w == written), None)
                if final not in here:
                    other = self.applying.get(final)
                    why = (f"it is placed in {other.meta.placement.document!r}" if other else
                           f"it does not apply to this spec ({self._why_not(final)})")
                    errors.append(clause.issue(f"[[{written}]] is a broken reference: {why}; put the reference "
                                               "inside the same {% if %} as that clause's applies_when", line=line))
                elif anchor and anchor not in anchors_of(final):
                    errors.append(clause.issue(f"[[{written}]]: {final} has no sub-clause {anchor!r} for this spec",
                                               line=line))
            for written in tokens.terms:
                used.setdefault(lib.canonical(written), (clause, written))
        pending = list(used)
        while pending:
            term = pending.pop()
            owner = defined.get(term)
            if owner is None:
                continue
            for run in self._definitions[owner.id][term]:
                nested = getattr(run, "term", None)
                if nested and nested not in used:
                    used[nested] = (owner, nested)
                    pending.append(nested)
        for term, (clause, written) in used.items():
            if term not in defined:
                line = next((ln for w, ln in clause.terms if w == written), None)
                definer = lib.definitions.get(term)
                why = (f"its definition in {definer.file} does not apply to this spec" if definer
                       else "no clause defines it")
                errors.append(clause.issue(f"{{{written}}} is used but never defined: {why}", line=line))
        for term, clause in defined.items():
            if term not in used:
                warnings.append(clause.issue(f"{term!r} is defined but not used in the "
                                             f"{clause.meta.placement.document} for this spec", "defines", term))
        return errors

    def _why_not(self, clause_id: str) -> str:
        for d in self.decisions:
            if d.clause.id == clause_id:
                return d.why
        clause = self.library.clause(clause_id)
        if clause is not None:
            return self.library.reason(clause) or "left out"
        return "no such clause"

    # ------------------------------------------------------------------ for compose

    def infos(self) -> tuple[ClauseInfo, ...]:
        """The clauses that apply to this build, for plugins (document_sections' ``clauses``)."""
        out = []
        for document, clauses in self.documents.items():
            for clause in clauses:
                m = clause.meta
                summary = self._summaries.get(m.id) or " ".join(m.summary.split())
                out.append(ClauseInfo(m.id, m.title, m.version, summary, document,
                                      m.placement.section, self._numbers.get(m.id), clause.source.name))
        return tuple(out)

    def sections_for(self, document: str) -> list[Section]:
        """Fresh sections of numbered-to-be clauses for ``document`` (empty when it has none)."""
        clauses = self.documents.get(document, [])
        if not clauses:
            return []
        definitions: dict[str, list] = {}
        for clause in clauses:
            definitions.update(self._definitions.get(clause.id, {}))
        glossary_placed = False
        out: list[Section] = []
        for clause in clauses:
            p = clause.meta.placement
            spec = self.library.sections[(p.document, p.section)]
            if not out or out[-1].key != f"clauses:{p.section}":
                out.append(Section(spec.title, [], order=spec.order, key=f"clauses:{p.section}"))
            blocks = copy.deepcopy(self._rendered[clause.id][0])
            if clause.meta.lists_definitions and not glossary_placed:
                blocks.append(Glossary([], definitions=copy.deepcopy(definitions)))
                glossary_placed = True
            out[-1].blocks.append(Clause(clause.meta.title, blocks, key=clause.id))
        uses_terms = any(self._rendered[c.id][1].terms for c in clauses)
        if not glossary_placed and uses_terms:
            out.insert(0, Section("Definitions", [Glossary([], definitions=copy.deepcopy(definitions))],
                                  order=min(s.order for s in out) - 1, key="clauses:definitions"))
        return out

    def sources_for(self, document: str) -> list[dict[str, Any]]:
        """Provenance for the manifest: which clause versions went in, from where, and why."""
        why = {d.clause.id: d.why for d in self.decisions}
        out = []
        for clause in self.documents.get(document, []):
            entry: dict[str, Any] = {"clause": clause.id, "title": clause.meta.title, "version": clause.meta.version,
                     "sha256": clause.sha256, "source": clause.source.name or str(clause.source.path),
                     "file": clause.rel, "why": why.get(clause.id, "")}
            if clause.meta.overrides:
                entry["overrides"] = clause.meta.overrides
            notes = [w.message for w in self.warnings if w.where.file == clause.file]
            if notes:
                entry["warnings"] = notes
            out.append(entry)
        return out


def load_library(plugins=None, dirs=(), allow_draft: bool = False, strict: bool = False,
                 today: dt.date | None = None, builtin: bool = True, check: bool = True) -> Library:
    """The library from every source, in order: built-in, plugins' folders, then ``dirs``.

    Raises ClauseError listing every problem (warnings too under ``strict``) unless
    ``check`` is False (``tenderpack clauses check`` reports them itself).
    """
    sources: list[ClauseSource] = [builtin_source()] if builtin else []
    if plugins is not None:
        sources += plugin_sources(plugins)
    sources += [ClauseSource(Path(d), name=f"--clauses {d}") for d in dirs]
    library = Library(sources, allow_draft=allow_draft, strict=strict, today=today)
    return library.raise_for_problems() if check else library
