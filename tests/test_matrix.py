"""A matrix of tender shapes: every sentence of every document is true for its tender.

tests/matrix_specs.py generates small valid specs over the shapes a tender can take
(procedure; one buyer or a joint procurement with one contract or one per authority; lots;
outcomes with and without KPIs; R&D phases; TUPE; a contract over £5m, or a big total split
into lots each under £5m; social value), chosen so that every pair of choices meets in
some spec; the two examples join them. Each pack is composed as document trees (no
rendering), read back as plain text, sentence by sentence, and checked:

  a. no sentence speaks of something the spec lacks (and a lot's own things are its lot's,
     a joint procurement is worded for how its contracts are signed, no model contract is
     named, a competitive flexible procedure's first deadline is not "the tender deadline");
  b. no section of the Procurement Act 2023 is cited outside the tender's regime, and the
     £5m KPI duty is said only of contracts it applies to;
  c. every date printed for an event is that event's date, in every document and in the
     calendar;
  d. the draft contract passes the clause library's drafting checks.

A last test plants an untrue sentence for each check and makes sure the check finds it.

One pack of the matrix is also built for real (Word and PDF), and the same checks read the
.docx and .pdf files back. A failure names the spec's shape, the document and the sentence.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

import tenderpack
import tenderpack.law
from tenderpack import text
from tenderpack.tree import Clause, Heading, KeyFacts, ListBlock, Paragraph, Table, plain_text

import matrix_specs
from conftest import EXAMPLES

MATRIX = matrix_specs.matrix()
NAMES = [name for name, _, _ in MATRIX]
SHAPES = {name: shape for name, shape, _ in MATRIX}
DATA = {name: data for name, _, data in MATRIX}

# The member built for real (Word and PDF): the richest generated shape.
FULL_BUILD = next(n for n in NAMES if n.startswith("cf-") and "-lots-" in n and "-phases-" in n
                  and n.endswith("-sv"))


# --------------------------------------------------------------------------- composing the packs


@dataclass
class Unit:
    """One piece of text a reader sees: a paragraph, list item, heading, table row, key fact."""

    doc: str
    where: str      # section title (clause, sheet or calendar event)
    kind: str       # paragraph, heading, row, fact, clause, sheet, event; flow (a PDF's running text)
    text: str
    context: str = ""   # the headings, table caption and header it sits under
    group: str = ""     # the heading it sits under (a heading: the one it opens)


@dataclass
class Pack:
    name: str
    spec: tenderpack.Spec
    problems: list[str]
    trees: dict = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    calendar: object | None = None


def _spec_path(name: str, tmp_root: Path) -> Path:
    if DATA[name] is None:
        return EXAMPLES / name.removeprefix("example:")
    path = tmp_root / f"{name}.yaml"
    if not path.exists():
        path.write_text(yaml.safe_dump(DATA[name], allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def _plugins():
    from tenderpack.plugins import Plugins

    return Plugins(())


@lru_cache(maxsize=1)
def _library():
    from tenderpack.library import load_library

    return load_library(_plugins())


_PACKS: dict[str, Pack] = {}


def compose_pack(name: str, tmp_root: Path) -> Pack:
    """Read, check and compose the pack of matrix member ``name`` (once per run)."""
    if name in _PACKS:
        return _PACKS[name]
    from tenderpack.compose import compose, plan, plan_artifacts
    from tenderpack.reader import read_located
    from tenderpack.rules import check_spec

    path = _spec_path(name, tmp_root)
    spec, positions = read_located(path)
    report = check_spec(spec, _plugins(), positions, str(path))
    problems = [str(p) for p in report.problems] + [str(f) for f in report.failures]
    pack = Pack(name, spec, problems)
    library = _library().for_spec(spec)
    for doc in plan(spec, _plugins()):
        tree = compose(spec, _plugins(), doc, clauses=library)
        pack.trees[doc.id] = tree
        pack.units += tree_units(tree)
    for artifact in plan_artifacts(spec, _plugins()):
        if artifact.format == "ics":        # the calendar: its events are read as sentences too
            pack.calendar = artifact.resolve([])
            pack.units += calendar_units(artifact.id, pack.calendar)
        elif artifact.format == "xlsx":     # the pricing schedule: its instructions and lines
            pack.units += workbook_units(artifact.id, artifact.resolve([]))
    _PACKS[name] = pack
    return pack


def block_units(doc: str, where: str, blocks, context: str = "") -> list[Unit]:
    out: list[Unit] = []
    heading = ""
    for block in blocks:
        here = f"{context} / {heading}" if heading else context
        group = f"{doc} / {where} / {here}"
        if isinstance(block, Paragraph):
            out.append(Unit(doc, where, "paragraph", plain_text(block.runs), here, group))
        elif isinstance(block, Heading):
            heading = block.text
            out.append(Unit(doc, where, "heading", block.text, context, f"{doc} / {where} / {context} / {heading}"))
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += [replace(u, group=group) for u in block_units(doc, where, item, here)]
        elif isinstance(block, Table):
            header = " | ".join(plain_text(c) for c in block.header)
            inside = f"{here} / {block.caption or ''} / {header}"
            if block.caption:
                out.append(Unit(doc, where, "heading", block.caption, here, group))
            out.append(Unit(doc, where, "row", header, here, group))
            for row in block.rows:
                out.append(Unit(doc, where, "row", " | ".join(plain_text(c) for c in row), inside, group))
        elif isinstance(block, KeyFacts):
            if block.title:
                out.append(Unit(doc, where, "heading", block.title, here, group))
            for label, value in block.items:
                out.append(Unit(doc, where, "fact", f"{label}: {plain_text(value)}", f"{here} / {block.title or ''}",
                                group))
        elif isinstance(block, Clause):
            out.append(Unit(doc, where, "clause", block.title, here, group))
            out += block_units(doc, f"{where} / {block.number or ''} {block.title}".strip(), block.blocks,
                               f"{here} / {block.title}")
    return [u for u in out if u.text.strip()]


def tree_units(tree) -> list[Unit]:
    out = [Unit(tree.id, "(title)", "heading", tree.title)]
    if tree.subtitle:
        out.append(Unit(tree.id, "(title)", "paragraph", tree.subtitle))
    for section in tree.sections:
        out.append(Unit(tree.id, section.title, "heading", section.title, "", f"{tree.id} / {section.title} / {section.title}"))
        out += block_units(tree.id, section.title, section.blocks, section.title)
    return out


def calendar_units(doc: str, calendar) -> list[Unit]:
    out = []
    if calendar.description:
        out.append(Unit(doc, "(calendar)", "event", calendar.description))
    for event in calendar.events:
        when = text.datetime(event.start) if isinstance(event.start, dt.datetime) else text.date(event.start, weekday=True)
        out.append(Unit(doc, event.uid, "event", f"{event.summary}: {when}"))
        out.append(Unit(doc, event.uid, "paragraph", event.description))
    return out


def workbook_units(doc: str, workbook) -> list[Unit]:
    out = []
    for sheet in workbook.sheets:
        out.append(Unit(doc, sheet.name, "sheet", sheet.name, sheet.name))
        out += [Unit(doc, sheet.name, "sheet", line, sheet.name) for line in sheet.intro]
        out.append(Unit(doc, sheet.name, "sheet", " | ".join(sheet.header), sheet.name))
        for row in sheet.rows:
            cells = [str(c.value) for c in row if isinstance(c.value, str) and c.value.strip()]
            cells += [c.prompt for c in row if c.prompt] + [c.note for c in row if c.note]
            if cells:
                out.append(Unit(doc, sheet.name, "sheet", " | ".join(cells), f"{sheet.name} / {' | '.join(sheet.header)}"))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(£0-9])")


def sentences(unit_text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(unit_text) if s.strip()]


def every_sentence(units: list[Unit]):
    """(unit, sentence) for every sentence of every unit."""
    for unit in units:
        for s in sentences(unit.text):
            yield unit, s


# --------------------------------------------------------------------------- the facts of a spec


def facts(spec: tenderpack.Spec) -> dict[str, bool]:
    """What the spec holds, on the matrix's factors (worked out from the spec itself)."""
    regime = tenderpack.law.regime(spec)
    return {
        "outcomes": bool(spec.outcomes),
        "phases": bool(spec.procedure.innovation_phases),
        "tupe": spec.commercial.tupe,
        "joint": bool(spec.buyer.participants),
        "each_authority": bool(spec.buyer.participants) and spec.buyer.contracts == "each_authority",
        "lots": bool(spec.lots.items),
        "kpis": bool(spec.kpis) or any(o.kpi for o in spec.outcomes) or spec.social_value is not None,
        "light_touch": regime.public_contract and regime.light_touch,
        "social_value": spec.social_value is not None,
        "public_contract": regime.public_contract,
        "below_threshold": regime.below_threshold,
        "kpi_duty": regime.kpi_duty,
        "stages": len(spec.procedure.stages) > 1,
        "competitive_flexible": spec.procedure.type.value == "competitive_flexible",
        "framework": spec.framework is not None,
    }


def describe(pack: Pack) -> str:
    f = facts(pack.spec)
    held = ", ".join(k for k, v in f.items() if v) or "nothing optional"
    return f"spec {pack.name} (holds: {held})"


def report(pack: Pack, what: str, found: list[tuple[Unit, str, str]]) -> str:
    """A failure message: the spec's shape, then each document, sentence and the word at fault."""
    lines = [f"{describe(pack)}: {what}: {len(found)} sentence(s)"]
    seen = set()
    for unit, sentence, why in found:
        key = (unit.doc, sentence, why)
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"  [{unit.doc} / {unit.where}] {why}: {sentence!r}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- (a) vocabulary


def _sv_context(pack: Pack, unit: Unit, sentence: str) -> bool:
    """A sentence about social value (whose model has its own outcomes, targets and KPIs)."""
    if pack.spec.social_value is None:
        return False
    where = f"{unit.doc} {unit.where}".lower()
    return ("social-value" in unit.doc or "social value" in where
            or re.search(r"social value|commitment|\bmodel\b", sentence, re.I) is not None)


# Each entry: the fact the spec must hold for the words to appear, the patterns, and an
# exemption (a sentence where the words are true for another reason).
VOCABULARY: dict[str, tuple[str, list[str], object]] = {
    "outcomes": ("outcomes", [r"\boutcomes?\b", r"(?<!performance )\bindicators?\b", r"\bbaselines?\b",
                              r"\btargets?\b", r"\bpa(id|y) (partly )?(for|by) results\b"],
                 # social value has its own outcomes and targets; KPI targets are the KPI check's business
                 lambda pack, unit, s: _sv_context(pack, unit, s) or (
                     re.search(r"\bKPIs?\b|performance indicator", f"{s} {unit.where} {unit.context}")
                     and not re.search(r"\boutcomes?\b|(?<!performance )\bindicator|\bbaseline", s, re.I))),
    "phases": ("phases", [r"\bphases?\b", r"go/no-go", r"seed funding", r"\btest beds?\b"], None),
    "tupe": ("tupe", [r"\bTUPE\b", r"Transfer of Undertakings"], None),
    "joint": ("joint", [r"joint procurement", r"lead authority", r"\bauthorities\b",
                        r"\bboth (councils|authorities)\b", r"\beach (council|authority)\b"], None),
    "lots": ("lots", [r"\blots? \d", r"\beach lot\b", r"\bevery lot\b", r"\bper lot\b", r"\bthis lot\b",
                      r"\bthe lots\b"], None),
    # "Contract KPI: No" and "This outcome is not one of the contract's KPIs" are true of a spec without KPIs
    "kpis": ("kpis", [r"\bKPIs?\b", r"key performance indicators?", r"performance indicators?"],
             lambda pack, unit, s: re.search(r"\bnot (one of )?(the )?(contract's )?(a )?(key )?"
                                             r"(KPIs?|performance indicators?)\b", s)
             or not re.search(r"\bKPIs?\b|performance indicators?", s.replace("Contract KPI", ""), re.I)),
    # a glossary definition may give social value as an example of award criteria in general
    "social_value": ("social_value", [r"social value"],
                     lambda pack, unit, s: unit.doc == "glossary" and re.search(r"such as[^.|]*social value", s)),
    "standstill": ("public_contract", [r"standstill"], None),
    "light_touch": ("light_touch", [r"light[- ]touch"], None),
    "stage_numbers": ("stages", [r"\bstage [1-9]\b", r"\bstages\b"], None),
    # the home care example's own data source is the "Adult Social Care Outcomes Framework"
    "framework": ("framework", [r"\bframeworks?\b", r"\bcall-offs?\b"],
                  lambda pack, unit, s: re.search(r"Outcomes Framework", s) is not None),
}

CASE_SENSITIVE = {r"\bTUPE\b", r"\bKPIs?\b"}


def vocabulary_findings(pack: Pack, key: str) -> list[tuple[Unit, str, str]]:
    fact, patterns, exempt = VOCABULARY[key]
    if facts(pack.spec)[fact]:
        return []
    compiled = [re.compile(p) if p in CASE_SENSITIVE else re.compile(p, re.I) for p in patterns]
    found = []
    for unit, sentence in every_sentence(pack.units):
        for rx in compiled:
            m = rx.search(sentence)
            if m and not (exempt and exempt(pack, unit, sentence)):
                found.append((unit, sentence, f"says {m.group()!r}"))
                break
    return found


MODEL_CONTRACTS = [r"Short Form Contract", r"Model Services Contract", r"\bMid-?tier\b", r"\bNEC ?4?\b",
                   r"\bJCT\b"]


def model_contract_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    rx = re.compile("|".join(MODEL_CONTRACTS))
    return [(u, s, f"names {rx.search(s).group()!r}") for u, s in every_sentence(pack.units) if rx.search(s)]


def first_deadline_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """In a competitive flexible procedure, the first stage's deadline is never the 'tender deadline'."""
    spec = pack.spec
    if not facts(spec)["competitive_flexible"]:
        return []
    first = spec.timetable.tender_deadline
    dates = {text.date(first.date()), text.date(first.date(), weekday=True)}
    label = re.compile(r"\btender deadline\b|\bdeadline for tenders\b|\btenders? (are )?due\b", re.I)
    found = []
    for unit in pack.units:
        if label.search(unit.text) and any(d in unit.text for d in dates):
            found.append((unit, unit.text, "calls the first stage's deadline the tender deadline"))
    for unit, sentence in every_sentence(pack.units):
        if re.search(r"\bthe tender deadline\b", sentence, re.I):
            found.append((unit, sentence, "says 'the tender deadline', which here is the first stage's "
                                          f"deadline (say {text.final_deadline_name(spec)!r} or name the stage)"))
    return found


def joint_wording_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """Joint procurement: the joint paragraph only in the ITT and the contract; with a contract per
    authority, never 'the contract between A and B and the supplier'."""
    spec = pack.spec
    f = facts(spec)
    if not f["joint"]:
        return []
    found = []
    joint = text.joint_buyers(spec)[0].split(". ")[0]   # 'This is a joint procurement'
    for unit, sentence in every_sentence(pack.units):
        if joint in sentence and unit.doc not in ("invitation-to-tender", "draft-contract"):
            found.append((unit, sentence, "repeats the joint procurement paragraph outside the ITT and the contract"))
    if f["each_authority"]:
        names = [re.escape(a.name) for a in spec.authorities]
        together = re.compile(r"\b(contract|agreement)s? (is |are )?between " + r".*".join(names), re.I)
        both_sign = re.compile(r"\b(both|all the|every) (councils|authorities) sign\b", re.I)
        for unit, sentence in every_sentence(pack.units):
            if together.search(sentence) or both_sign.search(sentence):
                found.append((unit, sentence, "puts every authority in one contract, but each signs its own"))
    return found


def lot_items(spec: tenderpack.Spec) -> list[tuple[str, str, object]]:
    """(what, its text, its lot) for everything that belongs to one lot only."""
    lots = {lot.number: lot for lot in spec.lots.items}
    if len(lots) < 2:
        return []
    out = []
    for lot in spec.lots.items:
        out += [("requirement", r, lot) for r in lot.requirements]
        out += [("condition of participation", c, lot) for c in lot.conditions]
        if lot.place is not None:
            out += [("place", x, lot) for x in (lot.place.region, *lot.place.addresses) if x]
    for o in spec.outcomes:
        if len(set(o.lots)) == 1 and set(o.lots) != set(lots):
            out.append(("outcome", o.statement.rstrip("."), lots[o.lots[0]]))
    for ph in spec.procedure.innovation_phases:
        if len(set(ph.lots)) == 1 and set(ph.lots) != set(lots):
            out.append(("phase", ph.name, lots[ph.lots[0]]))
    for item in spec.pricing.items:
        if item.lot is not None:
            out.append(("price line", item.item, lots[item.lot]))
    for k in spec.kpis:
        if len(set(k.lots)) == 1 and set(k.lots) != set(lots):
            out.append(("KPI", k.name, lots[k.lots[0]]))
    return out


LOT_KIND_WORDS = {"requirement": r"requirement|\bmust\b", "condition of participation": r"condition",
                  "place": r"\bwhere\b|\baddress",
                  "outcome": r"outcome", "phase": r"\bphases?\b", "price line": r"\bpric", "KPI": r"\bKPIs?\b"}


def lot_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """A lot's own requirement, condition, outcome, phase or price is printed, and always as its lot's:
    the lot is named in the same line, the headings or table over it, the text under the same heading,
    or earlier in the same section in a sentence about that kind of thing ("Lot 1 has two phases")."""
    found = []
    groups: dict[str, list[Unit]] = {}
    for unit in pack.units:
        groups.setdefault(unit.group, []).append(unit)
    for what, item, lot in lot_items(pack.spec):
        tied = re.compile(rf"\blots? {lot.number}\b|{re.escape(lot.title)}", re.I)
        kind = re.compile(LOT_KIND_WORDS[what], re.I)
        earlier: dict[tuple[str, str], bool] = {}
        printed = False
        for unit in pack.units:
            section = (unit.doc, unit.where)
            if item in unit.text:
                printed = True
                ok = (tied.search(f"{unit.text} {unit.context} {unit.where}")
                      or (unit.kind == "row" and re.search(r"(^|/|\|)\s*Lots?\s*(\||$)", unit.context))
                      or any(tied.search(u.text) for u in groups.get(unit.group, []))
                      or earlier.get(section))
                if not ok:
                    found.append((unit, unit.text, f"the {what} of lot {lot.number} is not said to be lot {lot.number}'s"))
            if tied.search(unit.text) and kind.search(unit.text):
                earlier[section] = True
        if not printed and what in ("requirement", "condition of participation", "place"):
            found.append((Unit("(every document)", "", "", ""), item, f"the {what} of lot {lot.number} is printed nowhere"))
    return found


_COUNTS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine".split())}


def _count(word: str) -> int:
    return _COUNTS.get(word.lower(), int(word) if word.isdigit() else -1)


def lot_detail_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """A lot's own terms are said as the spec gives them: a reservation only of the lots reserved, the cap on
    bids only with its number, and a shortlist only of a size the spec gives (a stage's or a lot's)."""
    spec = pack.spec
    reserved = {lot.number for lot in spec.lots.items if lot.reserved_for}
    cap = spec.lots.max_bids_per_supplier
    sizes = {s.shortlist_size for s in spec.procedure.stages if s.shortlist_size}
    sizes |= {lot.shortlist_size for lot in spec.lots.items if lot.shortlist_size}
    found = []
    for unit, sentence in every_sentence(pack.units):
        if re.search(r"\breserved for\b", sentence, re.I):
            named = {int(n) for n in re.findall(r"\b(\d+)\b", sentence.split("reserved")[0])}
            if not reserved or (named and not named <= reserved):
                found.append((unit, sentence, "speaks of a reserved lot the spec does not reserve"))
        for m in re.finditer(r"\bbid for up to (\w+)", sentence, re.I):
            if cap is None or _count(m.group(1)) != cap:
                found.append((unit, sentence, f"caps bids at {m.group(1)}, not at lots.max_bids_per_supplier ({cap})"))
        going_on = re.search(r"\bgo on\b|\bthrough\b|shortlist", sentence, re.I)
        for m in re.finditer(r"\b(?:invite|take) up to (\w+)|\bup to (\w+) for (?:each lot|lots? \d)", sentence):
            if not going_on:
                continue
            size = m.group(1) or m.group(2)
            if _count(size) not in sizes:
                found.append((unit, sentence, f"shortlists up to {size}: no stage or lot gives that size"))
    return found


VOCABULARY_CHECKS = {
    **{key: (lambda key: lambda pack: vocabulary_findings(pack, key))(key) for key in VOCABULARY},
    "model_contracts": model_contract_findings,
    "first_deadline": first_deadline_findings,
    "joint_wording": joint_wording_findings,
    "lot_specific": lot_findings,
    "lot_detail": lot_detail_findings,
    "framework_wording": lambda pack: framework_wording_findings(pack),
}
VOCABULARY_WHAT = {
    "outcomes": "speaks of outcomes, indicators, baselines or targets, but the spec has no outcomes",
    "phases": "speaks of phases, go/no-go, seed funding or test beds, but the spec has no phases",
    "tupe": "speaks of TUPE, but the spec says no staff transfer",
    "joint": "speaks of a joint procurement or authorities, but one authority buys alone",
    "lots": "speaks of lots by number, but the contract is not divided into lots",
    "kpis": "speaks of KPIs, but the spec has no kpis, no outcome is a KPI and there is no social value",
    "light_touch": "speaks of light-touch contracts, but this is not a light-touch public contract",
    "social_value": "speaks of social value, but the spec has none",
    "standstill": "speaks of a standstill, but the contract is below the threshold (no standstill by law)",
    "stage_numbers": "speaks of stages, but the procedure has one stage",
    "model_contracts": "names a model contract the pack does not carry",
    "first_deadline": "calls the first stage's deadline the tender deadline",
    "joint_wording": "gets the joint procurement wrong",
    "lot_specific": "presents something of one lot as if it applied to the whole contract, or leaves it out",
    "lot_detail": "says a lot's reservation, the cap on bids or a shortlist size the spec does not give",
    "framework": "speaks of a framework or call-offs, but the tender awards a contract",
    "framework_wording": "speaks of winners or of one contract awarded now, but the tender sets up a framework",
}


# A framework awards places on it now and the work later, through call-off contracts: no "winner", no
# "winning supplier", no "the contract" awarded, signed or started now, in any plugin's words (social value and
# outcomes included).
FRAMEWORK_WRONG = [r"\bwinners?\b", r"\bwinning (supplier|bidder|tender|scores?)\b", r"\bif you win\b(?! a place)",
                   r"\b(award|sign|signs|signed) the contract\b", r"\bthe contract (starts|runs|is signed)\b",
                   r"\bcontract signed\b", r"\bDraft contract\b"]


def framework_wording_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """In a framework's pack, no sentence outside the call-off contract template speaks of a winner or of the
    contract as awarded, signed or started now."""
    if pack.spec.framework is None:
        return []
    rx = [re.compile(p, re.I) for p in FRAMEWORK_WRONG]
    found = []
    for unit, sentence in every_sentence(pack.units):
        if unit.doc in CONTRACT_DOCUMENTS or unit.where == "What the call-off contract says":
            continue   # the template, and the summary of its clauses, speak of "the Contract" each call-off is
        for r in rx:
            if m := r.search(sentence):
                found.append((unit, sentence, f"says {m.group()!r}"))
                break
    return found


# --------------------------------------------------------------------------- (b) sections of the Act

_CITATION = re.compile(r"\b(?:[Ss]ections?|s\.)\s?(\d+)(?:\(\d+\))?((?:\s*(?:,|to|and|or|-|–)\s*(?:s\.\s?)?\d+(?:\(\d+\))?)*)")
_ACT = re.compile(r"\b(?:the )?([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)* Act \d{4})|\bthe Act\b")
_OF_ACT = re.compile(r"^(?:\s*(?:,|to|and|or)?\s*)*\s*of (?:the )?([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)* Act \d{4})")
ACT = "Procurement Act 2023"
# Sections that never apply below the threshold (they are duties of public contracts only).
NEVER_BELOW = {"19", "20", "51", "52", "68", "71", "73", "74", "75", "81", "82", "83"}


def _numbers(first: str, rest: str) -> set[str]:
    found = [int(first)] + [int(n) for n in re.findall(r"(?<!\()\b\d+\b(?!\))", rest)]
    if re.search(r"\bto\b|-|–", rest) and len(found) == 2:
        return {str(n) for n in range(found[0], found[1] + 1)}
    return {str(n) for n in found}


def citations(sentence_text: str) -> list[tuple[set[str], str]]:
    """(section numbers, the act) for every section cited in a piece of text."""
    out = []
    for m in _CITATION.finditer(sentence_text):
        numbers = _numbers(m.group(1), m.group(2) or "")
        after = _OF_ACT.match(sentence_text[m.end():])
        if after:
            act = after.group(1)
        else:
            before = [a.group(1) or ACT for a in _ACT.finditer(sentence_text[:m.start()])]
            act = before[-1] if before else ACT       # a bare "section 52" in a pack is the Procurement Act's
        out.append((numbers, re.sub(r"^(The|the) ", "", act)))
    return out


def section_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """Every section of the Procurement Act 2023 cited is in force for this tender."""
    spec = pack.spec
    allowed = tenderpack.law.sections_in_force(spec)
    kpi = tenderpack.law.regime(spec).kpi_duty
    below = tenderpack.law.regime(spec).below_threshold
    found = []
    for unit in pack.units:
        # Whole units, not sentences: "(section 74)" leans on an Act named earlier in the paragraph.
        for numbers, act in citations(unit.text):
            if act != ACT:
                continue
            wrong = sorted(n for n in numbers if n not in allowed or (below and n in NEVER_BELOW)
                           or (n in {"52", "71"} and not kpi))
            if wrong:
                for s in sentences(unit.text):
                    if any(re.search(rf"\b{n}\b", s) for n in wrong) and re.search(r"[Ss]ection|s\.", s):
                        found.append((unit, s, f"cites section {', '.join(wrong)} of the {ACT}, which does not "
                                               f"apply to this tender (in force: {', '.join(sorted(allowed, key=int)) or 'none'})"))
    return found


def kpi_claim_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """The £5m KPI duty is each contract's own: a sentence saying the contract is worth more than £5m is
    untrue when some contract of the tender (a lot, one authority's contract) is not (said as a
    condition, "If this Contract is worth more than £5 million", it is true); and the yearly
    publication of performance against the KPIs is section 71, not section 52."""
    regime = tenderpack.law.regime(pack.spec)
    small = [c for c in regime.contracts if c.value_including_vat is not None and c.value_including_vat <= regime.kpi_value]
    found = []
    over = re.compile(r"\b(this|the) contract is worth (more|over) than £5 ?(million|m)\b|\bworth over £5 ?(million|m)\b", re.I)
    for unit, sentence in every_sentence(pack.units):
        # "If this Contract is worth more than £5 million, ..." is a condition, true of every contract.
        if small and over.search(sentence) and not re.match(r"\s*(If|Where|When)\b", sentence):
            found.append((unit, sentence, "says the contract is worth more than £5 million, but "
                          + text.join([f"{c.label} is worth {text.money(c.value_including_vat)} with VAT" for c in small])))
    for unit in pack.units:
        for s in sentences(unit.text):
            cited = set().union(*[n for n, act in citations(s) if act == ACT]) if citations(s) else set()
            if "52" in cited and "71" not in cited and re.search(r"perform", s, re.I) and re.search(
                    r"once a year|every 12 months|each year|yearly", s, re.I):
                found.append((unit, s, "gives section 52 as the source of the yearly publication of performance "
                                       "against the KPIs, which is section 71"))
    return found


# Below the threshold, duties of public contracts said without a section number.
ACT_DUTY_BELOW = [
    r"Procurement Act 2023 (says|requires|sets|limits|makes)[^.]*\b(must|award|publish|chang|requir)",
    r"\b(must|have to|required to)\b[^.]*\bunder the Procurement Act 2023",
    r"as the Procurement Act 2023 requires",
    r"Procurement Act 2023 requires us",
]


def act_duty_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """Below the threshold, good practice is the buyer's choice, never a duty of the Act that does not apply."""
    if not facts(pack.spec)["below_threshold"]:
        return []
    rx = [re.compile(p, re.I) for p in ACT_DUTY_BELOW]
    found = []
    exclusion = re.compile(r"excluded supplier|exclu|debar|central digital platform|contract details notice|"
                           r"below-threshold|tender notice", re.I)
    for unit, sentence in every_sentence(pack.units):
        if any(r.search(sentence) for r in rx) and not exclusion.search(sentence):
            found.append((unit, sentence, "gives the Act as the reason for a duty of public contracts only"))
    return found


# --------------------------------------------------------------------------- (c) dates

MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_DATE = re.compile(rf"\b(?:({'|'.join(WEEKDAYS)}),? )?(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
_TIME = r"(?:\d{1,2}(?::\d\d)?(?:am|pm)|12 noon|midnight)"
_DAY = rf"(?:(?:{'|'.join(WEEKDAYS)}),? )?\d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}"
_DATETIME = re.compile(rf"(?P<t1>{_TIME}) on (?P<d1>{_DAY})|(?P<d2>{_DAY}),? (?:at )?(?P<t2>{_TIME})")


def dates_in(value: str) -> list[tuple[dt.date, str | None, str]]:
    """(date, weekday printed or None, the text) for every date written out in words."""
    out = []
    for m in _DATE.finditer(value):
        day = dt.date(int(m.group(4)), MONTHS.index(m.group(3)) + 1, int(m.group(2)))
        out.append((day, m.group(1), m.group(0)))
    return out


def datetimes_in(value: str) -> list[tuple[dt.date, str]]:
    """(date, time as printed) for every deadline written with a time."""
    out = []
    for m in _DATETIME.finditer(value):
        day = dates_in(m.group("d1") or m.group("d2"))[0][0]
        out.append((day, m.group("t1") or m.group("t2")))
    return out


def _add_months(day: dt.date, months: int) -> dt.date:
    from tenderpack.spec import _add_months as add

    return add(day, months)


def deadlines(spec: tenderpack.Spec) -> dict[str, dt.datetime]:
    """Every deadline with a time, by what it is for."""
    t = spec.timetable
    out = {"questions": t.clarification_deadline, "first deadline": t.tender_deadline}
    for i, stage in enumerate(spec.procedure.stages):
        if stage.deadline is not None:
            out[f"deadline of {stage.name}"] = stage.deadline
        if stage.clarification_deadline is not None:
            out[f"questions in {stage.name}"] = stage.clarification_deadline
    return out


def known_dates(spec: tenderpack.Spec) -> dict[dt.date, set[str]]:
    """Every date the spec holds or implies, with what happens on it."""
    t = spec.timetable
    out: dict[dt.date, set[str]] = {}

    def add(day, what):
        if day is not None:
            out.setdefault(day.date() if isinstance(day, dt.datetime) else day, set()).add(what)

    add(spec.document_date, "document date")
    add(t.notice, "notice")
    add(t.evaluation_end, "evaluation end")
    add(t.award, "award")
    add(t.standstill_end, "standstill end")
    if t.standstill_end:
        add(text.signing_from(spec), "signing from")
    add(text.signature_date(spec), "signature")
    add(t.contract_start, "contract start")
    add(t.contract_end, "contract end")
    add(text.validity_end(spec), "validity end")
    for what, when in deadlines(spec).items():
        add(when, what)
    months = 0
    for n in t.extensions:
        months += n
        add(_add_months(t.contract_end, months), "end with extensions")
    for m in t.milestones:
        add(m.date, m.event)
    if spec.framework is not None:
        for day in spec.framework.reopening:
            add(day, "framework reopened")
    for stage in spec.procedure.stages:
        add(stage.starts, f"{stage.name} starts")
        add(stage.ends, f"{stage.name} ends")
    for phase in spec.procedure.innovation_phases:
        add(phase.starts, f"{phase.name} starts")
        add(phase.decision, f"{phase.name} decision")
        add(phase.ends, f"{phase.name} ends")
    for o in spec.outcomes:
        add(o.baseline.date, f"{o.id} baseline")
        for target in o.targets:
            add(target.by, f"{o.id} target")
    # contract years (prices are asked for each year): start + k years, and the day before
    last = _add_months(t.contract_end, sum(t.extensions))
    k = 0
    while True:
        start = _add_months(t.contract_start, 12 * k)
        if start > last:
            break
        add(start, "contract year starts")
        add(start - dt.timedelta(days=1), "contract year ends")
        k += 1
    return out


def _event_rules(spec: tenderpack.Spec) -> tuple[list, list]:
    """What each event is called, and the dates it may carry.

    Labels (a timetable row, a key fact, a calendar event: one date beside what happens on it)
    and phrases (in a sentence, the date right after the words that name the event).
    """
    t = spec.timetable
    last = _add_months(t.contract_end, sum(t.extensions))
    clarifications = {d.date() for k, d in deadlines(spec).items() if k.startswith("questions")}
    deadline_days = {d.date() for d in deadlines(spec).values()}
    signing = {text.signing_from(spec), text.signature_date(spec)}
    labels = [
        ("the standstill's end", r"standstill[^|:]*\bends?\b", {t.standstill_end}),
        ("the contract start", r"\b(contract|framework) starts\b", {t.contract_start}),
        ("the award", r"\baward decision\b|\btell you the result\b|\bpublish the award\b", {t.award}),
        ("the questions deadline", r"\blast (day|time) to ask\b|\bquestions by\b|\bask by\b", clarifications),
        ("a deadline", r"\bdeadline\b", deadline_days),
        ("the end of the first term", r"\bfirst term\b[^|:]*\bends\b", {t.contract_end}),
        ("the latest end", r"\blatest end\b|\bevery extension\b", {last}),
        ("the evaluation's end", r"\bevaluation (finishes|ends)\b", {t.evaluation_end}),
        ("the tender notice", r"\btender notice published\b", {t.notice}),
        ("signing", r"\b(contract|framework agreement) (is )?signed\b|\bsign the (contract|framework agreement)\b",
         signing),
    ]
    phrases = [
        ("the contract start", rf"\b(?:contract|framework) (?:starts|begins|will start)(?: on)? ({_DAY})",
         [{t.contract_start}]),
        ("the contract term", rf"\bruns from ({_DAY}) to ({_DAY})", [{t.contract_start}, {t.contract_end}]),
        ("the contract term", rf"\bruns until ({_DAY})", [{t.contract_end, last}]),
        ("the award", rf"\b(?:tell (?:you|every bidder|bidders) the result|award decision|publish the award notice)"
                      rf"[^.]*? on ({_DAY})", [{t.award}]),
        ("signing", rf"\b(?:signed|sign(?:ing)?) (?:the (?:contract|framework agreement) )?(?:from|on) ({_DAY})",
         [signing]),
        ("the standstill", rf"\bstandstill\b[^.]*? ({_DAY})", [{t.award, t.standstill_end, text.signing_from(spec)}]),
        ("the questions deadline", rf"\b(?:last (?:day|time) to ask|ask (?:us |your questions )?by|questions by)\b"
                                   rf"[^.]*?({_DAY})", [clarifications]),
        ("a deadline", rf"\b(?:send|submit|upload)\b[^.]*?\bby (?:{_TIME} on )?({_DAY})",
         [deadline_days - clarifications]),
    ]
    return ([(what, re.compile(rx, re.I), allowed) for what, rx, allowed in labels],
            [(what, re.compile(rx, re.I), allowed) for what, rx, allowed in phrases])


def date_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """Every date is a date of this tender, with its own weekday; each event's sentences name its date."""
    spec = pack.spec
    known = known_dates(spec)
    dl = deadlines(spec)
    labels, phrases = _event_rules(spec)
    stage_names = {stage.name: i for i, stage in enumerate(spec.procedure.stages)}
    found = []
    for unit in pack.units:
        if unit.kind not in ("row", "fact", "event"):
            continue
        printed = dates_in(unit.text)
        if len(printed) != 1:
            continue
        label = _DATE.sub("", unit.text)
        for what, rx, allowed in labels:
            if rx.search(label):
                if printed[0][0] not in allowed:
                    found.append((unit, unit.text, f"dates {what} on {printed[0][2]}"))
                break
    for unit, sentence in every_sentence(pack.units):
        for day, weekday, written in dates_in(sentence):
            if weekday and WEEKDAYS[day.weekday()] != weekday:
                found.append((unit, sentence, f"{written!r} is a {WEEKDAYS[day.weekday()]}"))
            if day not in known and not re.search(r"\bversion\b|\bas of\b", sentence):
                found.append((unit, sentence, f"{written!r} is no date of this tender"))
        for day, when in datetimes_in(sentence):
            match = [k for k, v in dl.items() if v.date() == day]
            if not match:
                found.append((unit, sentence, f"a deadline on {text.date(day)} is no deadline of this tender"))
            elif not any(text.time(dl[k]) == when for k in match):
                found.append((unit, sentence, f"the deadline on {text.date(day)} is at "
                                              f"{text.time(dl[match[0]])}, not {when}"))
        if unit.kind in ("paragraph", "event"):
            for what, rx, allowed in phrases:
                for m in rx.finditer(sentence):
                    for group, ok in zip(m.groups(), allowed):
                        day = dates_in(group)[0][0]
                        if day not in ok:
                            found.append((unit, sentence, f"dates {what} on {text.date(day)}"))
        for m in re.finditer(r"\b(?:stays?|remains?|must stay) (?:open|valid)[^.]*? for (\d+) days", sentence, re.I):
            if int(m.group(1)) != spec.submission.validity_days:
                found.append((unit, sentence, f"tenders stay valid {spec.submission.validity_days} days, not {m.group(1)}"))
        # a sentence that names one stage gives that stage's deadlines only
        named = [name for name in stage_names if name.lower() in sentence.lower()] if unit.kind != "flow" else []
        if len(named) == 1:
            stage = spec.procedure.stages[stage_names[named[0]]]
            own = {d.date() for d in (stage.deadline, stage.clarification_deadline) if d is not None}
            if stage_names[named[0]] == 0:
                own |= {spec.timetable.tender_deadline.date(), spec.timetable.clarification_deadline.date()}
            for day, when in datetimes_in(sentence):
                if day not in own:
                    found.append((unit, sentence, f"gives {named[0]} the deadline of another stage ({text.date(day)})"))
        # the standstill's last day is not a signing day: the contract is signed from the next day
        if spec.timetable.standstill_end:
            last = text.date(spec.timetable.standstill_end)
            if last in sentence and re.search(r"\bsign", sentence, re.I) and not re.search(
                    rf"after\s+(\w+\s+)?{re.escape(last)}|\b(ends?|last day|end of)\b", sentence, re.I):
                found.append((unit, sentence, f"lets the contract be signed on {last}, the standstill's last day "
                                              f"(it can be signed from {text.date(text.signing_from(spec))})"))
    return found


def calendar_findings(pack: Pack) -> list[str]:
    """The calendar's events fall on the spec's dates."""
    spec = pack.spec
    t = spec.timetable
    cal = pack.calendar
    if cal is None:
        return ["no calendar in the pack"] if spec.sme_pack else []
    expected: dict[str, dt.date | dt.datetime] = {"questions": t.clarification_deadline, "deadline": t.tender_deadline,
                                                  "award": t.award, "contract-start": t.contract_start}
    for i, stage in enumerate(spec.procedure.stages):
        if i > 0 and stage.deadline is not None:
            expected[f"stage-{i + 1}-deadline"] = stage.deadline
    for i, m in enumerate(t.milestones):
        expected[f"milestone-{i + 1}-"] = m.date
    problems = []
    seen = set()
    for event in cal.events:
        key = next((k for k in expected if event.uid.startswith(k + ".") or (k.endswith("-") and event.uid.startswith(k))),
                   None)
        if key is None:
            continue
        seen.add(key)
        if event.start != expected[key]:
            problems.append(f"event {event.summary!r} starts {event.start}, but the spec says {expected[key]}")
        if spec.procedure.stages and key == "deadline" and re.search(r"deadline for tenders|tender deadline",
                                                                     event.summary, re.I):
            problems.append(f"event {event.summary!r} calls the first stage's deadline the tender deadline")
    final = text.final_deadline(spec)
    if not any(e.start == final for e in cal.events):
        problems.append(f"no event for the final deadline ({text.datetime(final)})")
    for key in ("questions", "deadline", "award", "contract-start"):
        if key not in seen:
            problems.append(f"no event for {key}")
    return problems


# --------------------------------------------------------------------------- (d) drafting

CONTRACT_DOCUMENTS = ("draft-contract", "social-value-schedule")
FALLBACK_DRAFTING = {"DRAFT-IF-SO": r"\bIf so\b", "DRAFT-MIGHT": r"\bmight\b", "DRAFT-MAY-NOT": r"\bmay not\b",
                     "DRAFT-SHALL": r"\bshall\b"}


def drafting_module():
    """The clause library's drafting checks (src/tenderpack/library/drafting.py), when they exist."""
    if importlib.util.find_spec("tenderpack.library.drafting") is None:
        return None
    module = importlib.import_module("tenderpack.library.drafting")
    return module if hasattr(module, "check_text") else None


def drafting_findings(pack: Pack) -> list[tuple[Unit, str, str]]:
    """Every sentence of the rendered contract passes the drafting checks."""
    module = drafting_module()
    found = []
    for unit in pack.units:
        if unit.doc not in CONTRACT_DOCUMENTS or unit.kind not in ("paragraph", "fact", "row", "flow"):
            continue
        if module is not None:
            for issue in module.check_text(unit.text, unit.doc):
                code = str(issue.message).split(":", 1)[0]
                found.append((unit, unit.text, code))
        else:
            for code, rx in FALLBACK_DRAFTING.items():
                for s in sentences(unit.text):
                    if re.search(rx, s):
                        found.append((unit, s, code))
    return found


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("matrix-specs")


@pytest.fixture(scope="module")
def packs(spec_dir):
    """Every pack of the matrix, composed once for the module."""
    return {name: compose_pack(name, spec_dir) for name in NAMES}


def test_matrix_covers_every_pair_of_shapes():
    """The generated specs meet every pair of factor levels a valid spec can have, in 12 to 20 specs."""
    covered = set()
    for name in NAMES:
        covered |= matrix_specs._pairs(SHAPES[name])
    missing = matrix_specs.coverable_pairs() - covered
    assert not missing, f"pairs no spec of the matrix has: {sorted(missing)}"
    assert 12 <= len(NAMES) <= 20, f"the matrix has {len(NAMES)} specs"
    assert len(set(NAMES)) == len(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_spec_validates_without_findings(name, packs):
    """Every spec of the matrix validates and every rule passes: no error, no warning, nothing waived."""
    pack = packs[name]
    assert not pack.problems, f"{describe(pack)}:\n  " + "\n  ".join(pack.problems)


@pytest.mark.parametrize("name", [n for n in NAMES if DATA[n] is not None])
def test_generated_spec_has_its_shape(name, packs):
    """The spec written for a shape holds exactly that shape's facts (so the vocabulary checks test what they say)."""
    shape, f = SHAPES[name], facts(packs[name].spec)
    regime = tenderpack.law.regime(packs[name].spec)
    assert f["outcomes"] == (shape.outcomes != "none")
    assert any(o.kpi for o in packs[name].spec.outcomes) == (shape.outcomes == "kpi")
    assert len(packs[name].spec.kpis) == (3 if shape.kpis == "three" else 0)
    assert not f["light_touch"]                # grounds maintenance: the light-touch words come from the example
    assert f["phases"] == (shape.phases == "some")
    assert f["tupe"] == (shape.tupe == "yes")
    assert f["joint"] == (shape.buyer != "one")
    assert f["each_authority"] == (shape.buyer == "joint_each_authority")
    assert f["lots"] == (shape.lots == "two")
    assert f["social_value"] == (shape.social_value == "present")
    assert f["below_threshold"] == (shape.procedure == "below_threshold")
    assert f["kpi_duty"] == (shape.value == "big_one_contract"), regime.contracts
    if shape.value == "big_split_in_lots":
        assert regime.value_including_vat > regime.kpi_value
    t = packs[name].spec.timetable
    if f["public_contract"]:
        assert t.standstill_end == tenderpack.law.standstill_last_day(t.award)
        assert text.signature_date(packs[name].spec) >= text.signing_from(packs[name].spec)
    else:
        assert t.standstill_end is None
    assert text.validity_end(packs[name].spec) >= text.signature_date(packs[name].spec)


@pytest.mark.parametrize("check", list(VOCABULARY_CHECKS))
@pytest.mark.parametrize("name", NAMES)
def test_no_sentence_speaks_of_what_the_spec_lacks(name, check, packs):
    """A sentence appears only when the spec holds its fact (outcomes, phases, TUPE, joint buyers, lots, KPIs,
    social value, a standstill, stages); no model contract is named; a competitive flexible procedure never
    calls its first deadline the tender deadline; a joint procurement is worded for how its contracts are signed."""
    pack = packs[name]
    found = VOCABULARY_CHECKS[check](pack)
    assert not found, report(pack, VOCABULARY_WHAT[check], found)


@pytest.mark.parametrize("name", NAMES)
def test_no_section_of_the_act_is_cited_outside_its_regime(name, packs):
    """Every section of the Procurement Act 2023 that any document cites is in force for this tender
    (tenderpack.law.sections_in_force); s.52 and s.71 only with the KPI duty; below the threshold none of
    the public-contract sections."""
    pack = packs[name]
    found = section_findings(pack)
    assert not found, report(pack, "cites a section of the Act that does not apply", found)


@pytest.mark.parametrize("name", NAMES)
def test_the_kpi_duty_is_said_of_each_contract_and_its_own_section(name, packs):
    """'This contract is worth more than £5 million' only when every contract of the tender is (a lot, or
    one authority's own contract, is a contract of its own); yearly KPI publication is cited as s.71."""
    pack = packs[name]
    found = kpi_claim_findings(pack)
    assert not found, report(pack, "says something of the £5m KPI duty that is not true of every contract", found)


@pytest.mark.parametrize("name", [n for n in NAMES if SHAPES[n].procedure == "below_threshold"])
def test_below_threshold_good_practice_is_not_called_a_duty_of_the_act(name, packs):
    """Below the threshold, a duty of public contracts (most advantageous tender, conflicts record, changes,
    publishing the contract) is never given the Act as its reason, with or without a section number."""
    pack = packs[name]
    found = act_duty_findings(pack)
    assert not found, report(pack, "says the Act imposes a duty that applies to public contracts only", found)


@pytest.mark.parametrize("name", NAMES)
def test_every_date_agrees_with_the_spec(name, packs):
    """Every date printed is one of this tender's dates, with the right weekday; every deadline has its own
    time; the standstill, the award, the start and signing are each given their own date in every document."""
    pack = packs[name]
    found = date_findings(pack)
    assert not found, report(pack, "prints a date that does not agree with the spec", found)


@pytest.mark.parametrize("name", NAMES)
def test_calendar_events_match_the_spec(name, packs):
    """The .ics calendar's events fall on the spec's dates, with the final deadline among them."""
    pack = packs[name]
    problems = calendar_findings(pack)
    assert not problems, f"{describe(pack)}: important-dates.ics:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_contract_passes_the_drafting_checks(name, packs):
    """Every rendered sentence of the draft contract (and the social value schedule) passes the clause
    library's drafting checks: no "If so", "might", "may not", "shall"..."""
    pack = packs[name]
    found = drafting_findings(pack)
    assert not found, report(pack, "fails a drafting check", found)


# --------------------------------------------------------------------------- the checks catch what they claim to


def _planted(pack: Pack, *units: Unit) -> Pack:
    return Pack(pack.name, pack.spec, [], pack.trees, [*pack.units, *units], pack.calendar)


def _first(predicate) -> str:
    return next(n for n in NAMES if predicate(SHAPES[n]) and DATA[n] is not None)


def test_the_checks_catch_planted_untruths(packs):
    """Each check finds an untrue sentence planted in a pack that is otherwise read as it is: the matrix
    passing means the documents are true, not that the checks are blind."""
    plain = packs[_first(lambda s: s.procedure == "open" and s.buyer == "one" and s.lots == "none"
                         and s.outcomes == "none" and s.social_value == "absent")]
    below = packs[_first(lambda s: s.procedure == "below_threshold")]
    cf = packs[_first(lambda s: s.procedure == "competitive_flexible" and s.lots == "two")]
    each = packs[_first(lambda s: s.buyer == "joint_each_authority")]
    big_one_lots = packs[_first(lambda s: s.value == "big_one_contract" and s.lots == "two")]
    t = plain.spec.timetable

    def unit(doc, words, kind="paragraph", where="Planted"):
        return Unit(doc, where, kind, words, where, f"{doc} / planted")

    planted = {
        "outcomes": "We pay part of the fee for outcomes against their baseline.",
        "phases": "At the end of each phase we make a go/no-go decision.",
        "tupe": "TUPE may apply to staff who work on the current contract.",
        "joint": "This is a joint procurement led by the lead authority.",
        "lots": "You can bid for lot 1, lot 2 or both.",
        "kpis": "The contract has three KPIs.",
        "light_touch": "This is a light-touch contract: the Act gives us more freedom.",
        "social_value": "Social value counts for 10% of the score.",
        "stage_numbers": "In stage 2 we ask for your tender.",
        "model_contracts": "The contract is the Short Form Contract.",
        "framework": "Councils order the work through call-off contracts under the framework.",
    }
    for key, words in planted.items():
        found = VOCABULARY_CHECKS[key](_planted(plain, unit("how-to-bid", words)))
        assert any(s == words for _, s, _ in found), key
    framework = packs[next(n for n in NAMES if n.endswith("-framework_several"))]
    for words in ("We award the contract to the most advantageous tender.", "Lot 1 has up to 3 winners.",
                  "If you win, we pay every valid invoice within 30 days."):
        found = VOCABULARY_CHECKS["framework_wording"](_planted(framework, unit("how-to-bid", words)))
        assert any(s == words for _, s, _ in found), words
    assert VOCABULARY_CHECKS["standstill"](_planted(below, unit("how-to-bid", "The standstill ends on 12 April 2027.")))
    first = text.datetime(cf.spec.timetable.tender_deadline)
    assert VOCABULARY_CHECKS["first_deadline"](_planted(cf, unit("invitation-to-tender", f"Tender deadline: {first}", "fact")))
    names = " and ".join(a.name for a in each.spec.authorities)
    assert VOCABULARY_CHECKS["joint_wording"](_planted(
        each, unit("social-value-schedule", f"This schedule is part of the contract between {names} and the supplier.")))
    lot1 = cf.spec.lots.items[0]
    if lot1.requirements:
        assert lot_findings(_planted(cf, unit("invitation-to-tender", lot1.requirements[0], where="Requirements")))

    assert section_findings(_planted(plain, unit("invitation-to-tender", "We set KPIs, as section 52 of the Procurement "
                                                                         "Act 2023 requires.")))
    assert section_findings(_planted(below, unit("evaluation-methodology", "We award the contract to the most advantageous "
                                                                           "tender, as section 19 of the Procurement Act 2023 requires.")))
    assert not section_findings(_planted(below, unit("draft-contract", "We have a duty to consider equality (section 149 "
                                                                       "of the Equality Act 2010).")))
    assert act_duty_findings(_planted(below, unit("glossary", "The Procurement Act 2023 says we must award to it.")))
    assert kpi_claim_findings(_planted(big_one_lots, unit("draft-contract", "This Contract is worth more than £5 million.")))

    wrong_start = text.date(t.contract_start + dt.timedelta(days=1))
    wrong_day = f"{WEEKDAYS[(t.tender_deadline.weekday() + 1) % 7]} {text.date(t.tender_deadline.date())}"
    for planted_unit in [unit("how-to-bid", f"The contract starts on {wrong_start}."),
                         unit("invitation-to-tender", f"{text.date(text.signing_from(plain.spec), weekday=True)} | "
                                                      "Standstill period ends (8 working days)", "row"),
                         unit("how-to-bid", f"Send it by 12 noon on {wrong_day}."),
                         unit("how-to-bid", f"Send it by 5pm on {text.date(t.tender_deadline.date(), weekday=True)}."),
                         unit("how-to-bid", f"We then wait until {text.date(t.standstill_end)} before we sign.")]:
        assert date_findings(_planted(plain, planted_unit)), planted_unit.text
    assert drafting_findings(_planted(plain, unit("draft-contract", "The supplier may fail. If so, we shall end it.")))


# --------------------------------------------------------------------------- one pack built for real


@pytest.fixture(scope="module")
def built(spec_dir, tmp_path_factory, packs):
    """The pack of FULL_BUILD written to Word and PDF (and every other file), once for the module."""
    from tenderpack.build import BuildOptions, build

    out = tmp_path_factory.mktemp("matrix-build") / "pack"
    # A cache of its own (a module fixture runs before conftest's per-test one): every file rendered afresh.
    cache = tmp_path_factory.mktemp("matrix-build-cache")
    build(_spec_path(FULL_BUILD, spec_dir), out, BuildOptions(formats=("docx", "pdf"), jobs=2, cache_dir=cache))
    return out


def _flat(value: str) -> str:
    return " ".join(value.split())


def pdf_flowing_text(path: Path) -> str:
    """The text of a PDF as it flows: running headers and footers and link addresses taken out."""
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                               text=True).stdout.split("\f")
    else:
        from pypdf import PdfReader

        pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    counts: dict[str, int] = {}
    for page in lines:
        for line in set(page):
            counts[line] = counts.get(line, 0) + 1
    running = {line for line, n in counts.items() if len(lines) > 2 and n > len(lines) / 2}
    kept = [line for page in lines for line in page
            if line not in running and not re.fullmatch(r"Page \d+ of \d+", line)]
    return re.sub(r" ?\(https?://[^)]*\)", "", _flat(" ".join(kept)))


_FILE_UNITS: dict[tuple[Path, str], list[Unit]] = {}


def file_units(folder: Path, fmt: str) -> list[Unit]:
    """The text of every .docx (paragraphs and table rows, as composed) or .pdf (flowing text) of a pack."""
    from _packs import docx_text

    key = (folder, fmt)
    if key in _FILE_UNITS:
        return _FILE_UNITS[key]
    out = []
    for path in sorted(folder.rglob(f"*.{fmt}")):
        doc = path.stem
        if fmt == "docx":
            for line in docx_text(path).splitlines():
                if line.strip(" |"):
                    out.append(Unit(doc, path.name, "row" if " | " in line else "paragraph", line.strip(),
                                    "", f"{doc} / file"))
        else:
            # "flow": PDF text runs table cells together, so only the checks that need no layout read it
            out.append(Unit(doc, path.name, "flow", pdf_flowing_text(path), "", f"{doc} / file"))
    _FILE_UNITS[key] = out
    return out


@dataclass
class _Event:
    uid: str
    summary: str
    start: object


def ics_calendar(path: Path):
    """The events of an .ics file, with UK local times as naive datetimes (as the spec writes them)."""
    import icalendar

    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("dtstart")
        if isinstance(start, dt.datetime) and start.tzinfo is not None:
            from zoneinfo import ZoneInfo

            start = start.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)
        events.append(_Event(str(ev.get("uid")), str(ev.get("summary")), start))
    return type("Ics", (), {"events": events})()


FILE_CHECKS = {**{k: f for k, f in VOCABULARY_CHECKS.items() if k != "lot_specific"},   # needs the tree's headings
               "sections": section_findings, "kpi_claims": kpi_claim_findings, "act_duty": act_duty_findings,
               "dates": date_findings, "drafting": drafting_findings}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_written_files_carry_the_composed_text(fmt, built, packs):
    """Every paragraph and row of the composed trees is in the written .docx and .pdf files, so what the
    matrix reads in the trees is what a bidder reads in the files."""
    pack = packs[FULL_BUILD]
    texts: dict[str, str] = {}
    for u in file_units(built, fmt):
        texts[u.doc] = texts.get(u.doc, "") + " " + u.text
    # compared without spaces or hyphens: PDF text breaks lines anywhere and joins "sub-criterion" at a line end
    squeeze = {doc: re.sub(r"[\s\-\u00ad]", "", value) for doc, value in texts.items()}
    missing = []
    for unit in pack.units:
        if unit.doc not in pack.trees or unit.kind not in ("paragraph", "heading", "clause"):
            continue
        if fmt == "pdf" and (unit.where == "(title)" or unit.text == pack.trees[unit.doc].title):
            continue       # a brief PDF has no description; its title is the running header too
        body = re.sub(r"[\s\-\u00ad]", "", unit.text)
        if body and body not in squeeze.get(unit.doc, ""):
            missing.append(f"[{unit.doc}] {unit.text!r}")
    assert set(pack.trees) <= set(texts), f"documents with no .{fmt}: {sorted(set(pack.trees) - set(texts))}"
    assert not missing, f"{len(missing)} composed paragraphs are not in the .{fmt} files:\n  " + "\n  ".join(missing[:40])


@pytest.mark.parametrize("check", list(FILE_CHECKS))
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_written_files_pass_the_checks(fmt, check, built, packs):
    """The checks of the matrix, run on the text read back from the written .docx and .pdf files."""
    pack = packs[FULL_BUILD]
    real = Pack(f"{FULL_BUILD} ({fmt} files)", pack.spec, [], pack.trees, file_units(built, fmt), None)
    found = FILE_CHECKS[check](real)
    assert not found, report(real, f"{check} (read from the .{fmt} files)", found)


def test_the_written_calendar_matches_the_spec(built, packs):
    """The .ics file's events, read back, fall on the spec's dates."""
    pack = packs[FULL_BUILD]
    real = Pack(f"{FULL_BUILD} (.ics file)", pack.spec, [], {}, [], ics_calendar(built / "sme" / "important-dates.ics"))
    problems = calendar_findings(real)
    assert not problems, f"{describe(real)}:\n  " + "\n  ".join(problems)
