"""The contract in brief: a plain summary of the contract, built from each clause's summary.

The clause library gives every clause that applies to this build (the ``clauses`` argument
of document_sections), each with a one-sentence summary written by the legal team. This
document lists them in the contract's order, after the main commercial facts from the spec.

Each summary is rendered by the clause library for this spec (a legal team writes it with
the same {% if %} as the body). A summary that still speaks of something this tender lacks
(outcomes, phases, KPIs...) is replaced by a pointer to the clause, from summaries.yaml; one
that speaks of something that belongs to some lots only says which lots.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

import tenderpack
from tenderpack import Heading, Paragraph, Section, Table, text

from . import facts

LAW = {"england_and_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


@lru_cache(maxsize=1)
def data() -> dict:
    raw = resources.files(__package__).joinpath("summaries.yaml").read_text(encoding="utf-8")
    return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _number(info) -> tuple[int, str]:
    try:
        return int(str(info.number).split(".")[0]), str(info.number)
    except (TypeError, ValueError):
        return 10**6, ""


def _document_title(doc_id: str) -> str:
    return doc_id.replace("-", " ").capitalize()


# --------------------------------------------------------------------------- the facts


def _fits(sentence: str, spec: tenderpack.Spec) -> bool:
    """Whether the buyer's own words fit the plain-English sentence limit for small firms.

    Counted as the lint counts: a sentence ends at . ! ? or a colon followed by a space."""
    limit = spec.plain_language.sme.max_sentence_words or spec.plain_language.max_sentence_words
    return all(len(part.split()) <= limit for part in re.split(r"(?<=[.!?:])\s+", sentence))


def how_we_pay(spec: tenderpack.Spec) -> list[str]:
    """How prices are set: the buyer's words when they are short enough, else the spec's facts."""
    basis = (spec.commercial.price_basis or "").strip().rstrip(".")
    if basis and _fits(f"How we pay: {basis}.", spec):
        first = basis.split(" ", 1)[0]
        lower = first[:1].lower() + first[1:] if first[1:] == first[1:].lower() else first
        return [f"How we pay: {lower}{basis[len(first):]}."]
    out = []
    if spec.pricing.items:
        out.append("We pay your price for each unit of work we order.")
    elif basis or not spec.outcomes:
        out.append("We pay the price you give for each year of the contract.")
    if "outcome_payments" in facts.features(spec):
        lots = facts.paid_outcome_lots(spec)
        where = f"For {facts.lot_names(lots)}, part" if lots else "Part"
        out.append(f"{where} of what we pay depends on results. The “Outcome specification” explains how.")
    return out


def facts_blocks(spec: tenderpack.Spec, clauses=()) -> list:
    c, t = spec.commercial, spec.timetable
    contract = facts.the_contract(spec)
    winner = "a supplier that wins" if facts.several_win(spec) else "the supplier that wins"
    out = [Paragraph.of(f"{facts.we_means(spec)} “You” means {winner}.")]
    first = ["The “Draft contract” in this pack sets out the terms of each contract." if facts.each_signs(spec)
             else "The “Draft contract” in this pack is the contract you sign."]
    if described := facts.contract_description(spec):
        first.append(described)
    if talks := facts.negotiated(spec):
        first.append(f"The draft contract may change through {talks} before final tenders.")
    first.append(f"The law of {LAW[c.governing_law]} governs {contract}.")
    out.append(Paragraph.of(" ".join(first)))
    if signs := facts.who_signs(spec):
        out.append(Paragraph.of(signs))
    runs = f"{contract.capitalize()} {'run' if facts.each_signs(spec) else 'runs'} from {text.date(t.contract_start)} " \
           f"to {text.date(t.contract_end)}."
    if t.extensions:
        runs += f" We may extend {'them' if facts.each_signs(spec) else 'it'} by up to " \
                f"{text.months(facts.extension_months(spec))}."
    out.append(Paragraph.of(runs))
    pay = [f"We pay every valid invoice within {c.payment_days} days."]
    from .howto import flows_down
    if flows_down(spec, clauses):
        pay.append("You must pay your own subcontractors within 30 days too.")
    out.append(Paragraph.of(" ".join(pay)))
    out += [Paragraph.of(s) for s in how_we_pay(spec)]
    if c.tupe:
        out.append(Paragraph.of("Staff may transfer to you under TUPE when the contract starts."))
    return out


# --------------------------------------------------------------------------- the clauses


def clause_line(spec: tenderpack.Spec, info, on: set[str]) -> tuple[str, str]:
    """(title, summary) of one clause, true for this tender."""
    title, summary = info.title, info.summary   # the library renders each summary
    if facts.missing(spec, summary, on):   # a safety net for a legal team's summary that does not
        summary = data()["fallback"].format(number=info.number or "")
        if not info.number:
            summary = "The draft contract sets this out in full."
    notes = []
    for feature, lots in (("outcomes", facts.outcome_lots(spec)), ("phases", facts.phase_lots(spec))):
        words = facts.FEATURE_WORDS[feature] + (facts.FEATURE_WORDS["go_no_go"] if feature == "phases" else [])
        if lots and any(re.search(w, summary, re.I) for w in words):
            notes.append(data()["lot_notes"][feature].format(lots=facts.lot_names(lots)))
    return title, " ".join([summary, *notes])


def sections(spec: tenderpack.Spec, clauses) -> list[Section]:
    about = [*facts_blocks(spec, clauses),
             Paragraph.of("This is a plain summary to help you decide whether to bid. "
                          "The draft contract in the pack has the full terms. If the two differ, the draft contract counts.")]
    out = [Section("About the contract", about, order=10, key="sme-contract:about")]
    by_document: dict[str, list] = {}
    for info in clauses or ():
        by_document.setdefault(info.document, []).append(info)
    if not by_document:
        out.append(Section("What the contract says", [
            Paragraph.of("The draft contract in the pack sets out the terms in full.")], order=20, key="sme-contract:clauses"))
        return out
    on = facts.features(spec)
    blocks: list = [Paragraph.of("Each line sums up one clause, in the order of the contract.")]
    for doc_id, infos in by_document.items():
        if len(by_document) > 1:
            blocks.append(Heading(_document_title(doc_id), level=2))
        rows = []
        for info in sorted(infos, key=_number):
            title, summary = clause_line(spec, info, on)
            label = f"{info.number}. {title}" if info.number else title
            rows.append([label, summary])
        blocks.append(Table.of(["Clause", "What it says"], rows, caption=f"{_document_title(doc_id)} in brief",
                               widths=[2, 5]))
    out.append(Section("What the contract says", blocks, order=20, key="sme-contract:clauses"))
    return out
