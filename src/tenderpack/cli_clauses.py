"""``tenderpack clauses``: list, show, check and create clause files.

Added to the main command group in cli.py; errors are turned into messages and exit codes
by that group, like every other command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .cli_options import allow_draft_option, clauses_option, plugins_dir_option
from .errors import InputError

_common = [clauses_option, plugins_dir_option, allow_draft_option]


def common(function):
    for option in reversed(_common):
        function = option(function)
    return function


def _library(plugins_dirs, clause_dirs, allow_draft: bool, strict: bool = False, check: bool = False):
    from .library import load_library
    from .plugins import Plugins

    return load_library(Plugins(plugins_dirs), clause_dirs, allow_draft=allow_draft, strict=strict, check=check)


@click.group()
def clauses() -> None:
    """The clause library: list, show, check and create clauses."""


@clauses.command("list")
@click.option("--spec", "spec_path", type=click.Path(path_type=Path),
              help="Say which clauses apply to this specification, and why.")
@common
def list_(spec_path: Path | None, clause_dirs, plugins_dirs, allow_draft: bool) -> None:
    """List the clauses in the library; with --spec, which apply and why."""
    library = _library(plugins_dirs, clause_dirs, allow_draft)
    if library.errors:
        library.raise_for_problems()
    if spec_path is None:
        rows = []
        for clause in library.files:
            reason = library.reason(clause)
            state = clause.meta.status if reason is None else f"left out: {reason}"
            p = clause.meta.placement
            rows.append((clause.id, clause.meta.version, f"{p.document}/{p.section}", state, clause.meta.title))
        _table(rows, ("id", "version", "placement", "status", "title"))
        click.echo(f"\n{len(library.included)} clauses in use, {len(library.files) - len(library.included)} left out, "
                   f"from {len(library.sources)} folders")
        return
    spec, planned = _planned(spec_path, plugins_dirs)
    pack = library.for_spec(spec)
    numbers = {info.id: info.number for info in pack.infos()}
    applying = sorted((d for d in pack.decisions if d.applies), key=lambda d: pack._order(d.clause))
    # A clause whose document the plugins do not plan for this spec is in no file of the pack, whatever its condition.
    applies = [d for d in applying if d.clause.meta.placement.document in planned]
    elsewhere = [d for d in applying if d.clause.meta.placement.document not in planned]
    click.echo(f"Clauses for {spec_path} ({spec.reference})\n")
    if elsewhere:
        click.echo(_not_in_pack(spec, sorted({d.clause.meta.placement.document for d in elsewhere})) + "\n")
    click.echo(f"APPLY ({len(applies)})")
    for d in applies:
        p = d.clause.meta.placement
        click.echo(f"  {numbers.get(d.clause.id, '?'):>3}  {d.clause.id:<32} {p.document}/{p.section}")
        click.echo(f"       {d.why}")
    if elsewhere:
        click.echo(f"\nNOT IN THIS PACK ({len(elsewhere)}): their condition holds, but their document is not planned")
        for d in elsewhere:
            p = d.clause.meta.placement
            click.echo(f"       {d.clause.id:<32} {p.document}/{p.section}")
    others = [d for d in pack.decisions if not d.applies]
    click.echo(f"\nDO NOT APPLY ({len(others)})")
    for d in others:
        click.echo(f"       {d.clause.id:<32} {d.why}")
    left = [c for c in library.files if library.reason(c)]
    if left:
        click.echo(f"\nLEFT OUT OF THE LIBRARY ({len(left)})")
        for clause in left:
            click.echo(f"       {clause.id:<32} {library.reason(clause)} ({clause.file})")
    for warning in pack.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


def _planned(spec_path: Path, plugins_dirs):
    """The spec (located errors on bad input) and the ids of the documents the plugins plan for it."""
    from .plugins import Plugins
    from .tender import Tender

    tender = Tender.load(spec_path, Plugins(plugins_dirs))
    return tender.spec, {doc.id for doc in tender.plan()}


def _not_in_pack(spec, documents: list[str]) -> str:
    """Why clauses of the library are in no file of this pack: their documents are not planned; with contract:, the
    contract is the form the spec names, not a draft contract built from this library."""
    which = ", ".join(documents)
    said = f"This pack has no document {which}: no clause placed in it is in the pack."
    if spec.contract is not None:
        said += (f" The contract is the {spec.contract.title}, named in contract:, not a draft contract built from "
                 "these clauses.")
    return said


def _table(rows, header) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [f"{str(c):<{w}}" for c, w in zip(row, widths)]
        click.echo("  ".join([*cells, str(row[-1])]).rstrip())


@clauses.command()
@click.argument("clause_id")
@click.option("--spec", "spec_path", type=click.Path(path_type=Path),
              help="Also show the clause as it reads for this specification.")
@common
def show(clause_id: str, spec_path: Path | None, clause_dirs, plugins_dirs, allow_draft: bool) -> None:
    """Show one clause: its governance, where it goes, when it applies, and its text."""
    library = _library(plugins_dirs, clause_dirs, allow_draft)
    clause = library.clause(clause_id)
    if clause is None:
        import difflib

        close = difflib.get_close_matches(clause_id, sorted({c.id for c in library.files}), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"no clause has the id {clause_id!r}{hint}")
    m = clause.meta
    p = m.placement
    facts = [("id", m.id), ("title", m.title), ("version", m.version), ("status", m.status),
             ("in use", "yes" if library.reason(clause) is None else f"no: {library.reason(clause)}"),
             ("owner", m.owner or "-"), ("approved on", m.approved_on.isoformat() if m.approved_on else "-"),
             ("review by", m.review_by.isoformat() if m.review_by else "-"),
             ("applies when", m.applies_when or "always"),
             ("placement", f"{p.document} / {p.section} (order {p.order})"),
             ("summary", " ".join(m.summary.split())), ("overrides", m.overrides or "-"),
             ("defines", ", ".join(m.defines) or "-"),
             ("file", f"{clause.file} ({clause.source.name})"), ("sha256", clause.sha256)]
    for label, value in facts:
        click.echo(f"{label + ':':<14}{value}")
    click.echo("")
    if spec_path is None:
        click.echo(clause.body.strip("\n"))
        return
    from .tree import Paragraph, Clause, walk

    spec, planned = _planned(spec_path, plugins_dirs)
    pack = library.for_spec(spec)
    decision = next((d for d in pack.decisions if d.clause is clause), None)
    if decision is None or not decision.applies:
        click.echo(f"Does not apply to {spec_path}: {decision.why if decision else library.reason(clause)}")
        return
    if p.document not in planned:
        click.echo(f"Not in the pack of {spec_path}: {_not_in_pack(spec, [p.document])}")
        return
    click.echo(f"Applies to {spec_path}: {decision.why}\n")
    for block in walk(pack._rendered[clause.id][0]):
        if isinstance(block, Paragraph):
            click.echo("".join(r.text for r in block.runs) + "\n")
        elif isinstance(block, Clause):
            click.echo(f"## {block.title}\n")


@clauses.command()
@click.argument("dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--spec", "spec_path", type=click.Path(path_type=Path),
              help="Also render every clause that applies to this specification.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@plugins_dir_option
def check(dirs: tuple[Path, ...], spec_path: Path | None, strict: bool, plugins_dirs) -> None:
    """Check the library (and the folders DIR...) against the spec schema.

    Exit codes: 0 no errors; 1 the library has errors (each listed with its file and line);
    2 a file or clause was refused (not a regular file in its folder, or over a limit).

    Every clause's front matter, condition and body is checked: syntax, every variable
    against the specification's fields, references, defined terms and review dates.
    Drafts are checked as if they were in use, so they are ready when approved.
    """
    allow_draft = True
    from .errors import ClauseError

    for folder in dirs:
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder of clause files")
    library = _library(plugins_dirs, dirs, allow_draft, strict=strict)
    errors, warnings = list(library.errors), [] if strict else list(library.warnings)
    if strict:
        errors += library.warnings
    if spec_path is not None and not errors:
        from .reader import read_spec

        try:
            pack = library.for_spec(read_spec(spec_path))
            warnings = [w for w in pack.warnings if w not in library.warnings] + warnings
        except ClauseError as exc:
            errors += [i for i in exc.issues if i not in errors]
    for issue in errors:
        click.secho(f"error: {issue}", fg="red", err=True)
    for issue in warnings:
        click.secho(f"warning: {issue}", fg="yellow", err=True)
    folders = ", ".join(s.name or str(s.path) for s in library.sources)
    summary = (f"checked {len(library.files)} clauses from {folders}: "
               f"{len(errors)} errors, {len(warnings)} warnings")
    if errors:
        click.echo(summary)
        raise SystemExit(1)
    click.echo(summary)


TEMPLATE = """---
id: {id}
title: {title}
version: "0.1"
status: draft
owner: {owner}
approved_on:
review_by: {review_by}
# applies_when: commercial.tupe        # a condition on the spec; leave out to always apply
placement: {{document: {document}, section: {section}, order: 500}}
summary: {summary}
# overrides: core:payment              # the id of a clause this one replaces
# defines:
#   Term: what it means, in plain words
---
Write the clause here in plain English: "we" for the buyer, "you" for the supplier, sentences
of 25 words or fewer.

Use spec values like this: we pay within {{{{ commercial.payment_days }}}} days. Refer to another
clause like this: see [[core:termination]]. Mark a defined term like this: {{Services}}.
"""


@clauses.command()
@click.argument("clause_id")
@click.option("--dir", "folder", type=click.Path(path_type=Path), default=Path("clauses"), show_default=True,
              help="The folder to write the clause file into.")
@click.option("--title", help="The clause's title (default: from its id).")
@click.option("--owner", default="Legal services", show_default=True, help="Who owns the clause.")
@click.option("--document", default="draft-contract", show_default=True, help="The document it goes in.")
@click.option("--section", default="how-it-works", show_default=True, help="The section it goes in.")
def new(clause_id: str, folder: Path, title: str | None, owner: str, document: str, section: str) -> None:
    """Write a new draft clause file, CLAUSE_ID, with its front matter filled in."""
    from .library.model import ID_RE

    if not ID_RE.match(clause_id):
        raise InputError(f"{clause_id!r} is not a clause id: use a namespace and a name in lower case, "
                         "such as legal:safeguarding")
    name = clause_id.split(":", 1)[1]
    target = folder / f"{name}.md"
    if target.exists():
        raise InputError(f"{target}: already exists; choose another id or edit that file")
    title = title or name.replace("-", " ").capitalize()
    review_by = dt.date.today().replace(day=1) + dt.timedelta(days=366)
    text = TEMPLATE.format(id=clause_id, title=title, owner=owner, review_by=review_by.isoformat(),
                           document=document, section=section,
                           summary='"Say in one plain sentence what this clause does."')
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")
    click.echo(f"next: edit it, then run: tenderpack clauses check {folder}")
