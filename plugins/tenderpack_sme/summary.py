"""The contract in brief: a plain summary of the contract, built from each clause's summary.

The clause library gives every clause that applies to this build (the ``clauses`` argument
of document_sections), each with a one-sentence summary written by the legal team. This
document lists them in the contract's order, after the main commercial facts from the spec.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, Paragraph, Section, Table, text

LAW = {"england_and_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


def _number(info) -> tuple[int, str]:
    try:
        return int(str(info.number).split(".")[0]), str(info.number)
    except (TypeError, ValueError):
        return 10**6, ""


def _document_title(doc_id: str) -> str:
    return doc_id.replace("-", " ").capitalize()


def facts(spec: tenderpack.Spec) -> list:
    c, t = spec.commercial, spec.timetable
    term = f"The contract runs from {text.date(t.contract_start)} to {text.date(t.contract_end)}."
    out = [
        Paragraph.of(f"The contract is the {c.contract_form}. The law of {LAW[c.governing_law]} governs it."),
        Paragraph.of(term + (" We may extend it." if t.extensions else "")),
        Paragraph.of(f"We pay every valid invoice within {c.payment_days} days. "
                     "You must pay your own subcontractors within 30 days too."),
    ]
    if c.price_basis:
        out.append(Paragraph.of(f"How we pay: {c.price_basis.strip().rstrip('.')}."))
    if c.tupe:
        out.append(Paragraph.of("Staff may transfer to you from the current provider, under TUPE."))
    if spec.buyer.participants:
        out.append(Paragraph.of(f"{spec.buyer.lead.name} is the lead authority. It buys together with "
                                f"{text.join([a.name for a in spec.buyer.participants])}."))
    out += [Paragraph.of(f"The {a.signatory} signs for {a.name}." if a.signatory
                         else f"{a.name} will tell us who signs for it.") for a in spec.authorities]
    return out


def sections(spec: tenderpack.Spec, clauses) -> list[Section]:
    about = [*facts(spec),
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
    blocks: list = [Paragraph.of("Each line sums up one clause, in the order of the contract.")]
    for doc_id, infos in by_document.items():
        if len(by_document) > 1:
            blocks.append(Heading(_document_title(doc_id), level=2))
        rows = []
        for info in sorted(infos, key=_number):
            label = f"{info.number}. {info.title}" if info.number else info.title
            rows.append([label, info.summary])
        blocks.append(Table.of(["Clause", "What it says"], rows, caption=f"{_document_title(doc_id)} in brief",
                               widths=[2, 5]))
    out.append(Section("What the contract says", blocks, order=20, key="sme-contract:clauses"))
    return out
