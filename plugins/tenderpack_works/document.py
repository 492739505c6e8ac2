"""The document of the buyer's part of an NEC4 or JCT form: what the contract is, the contract data, the KPIs
and the buyer's own clauses (Z clauses, or the schedule of amendments)."""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, markdown, text

from . import data, kpis, social
from .words import (amendments_title, amendments_words, clause_label, client_word, data_title, form_of,
                    is_framework, kpi_clause_number)


def sections(spec: tenderpack.Spec) -> list[Section]:
    out = [about(spec), contract_data(spec)]
    if part := scope(spec):
        out.append(part)
    if part := kpis.section(spec):
        out.append(part)
    out.append(amendments(spec))
    return out


def about(spec: tenderpack.Spec) -> Section:
    form = form_of(spec)
    framework = is_framework(spec)
    contract = "each call-off contract" if framework else "the contract"
    ours = f"{data_title(spec)}, our data for {'it' if framework else contract}, and our {amendments_words(spec)}"
    blocks: list[tenderpack.Block] = [Paragraph.of(f"Each call-off contract under the framework is the {form.title}."
                                                   if framework else f"The contract is the {form.title}.")]
    if options := form.option_list():
        blocks += [Paragraph.of("It uses these Options of the form:"),
                   ListBlock.of(*(x[:1].upper() + x[1:] for x in options))]
    blocks += [
        Paragraph.of("This pack does not include the text of the form, which is copyright. You need your own copy "
                     "of it, from its publisher."),
        Paragraph.of(f"This document gives our part of {contract}: {ours}."),
    ]
    # What the clauses the pack adds do, said here rather than as notes inside the contract text.
    if (n := kpi_clause_number(spec)) is not None:
        blocks.append(Paragraph.of(f"{clause_label(spec, n)} makes the KPIs part of the contract."))
    if said := social.about(spec):
        blocks.append(Paragraph.of(said))
    if framework:
        blocks += [
            Paragraph.of(f"Each call-off contract has its own {data_title(spec)}. The body that awards it fills in "
                         f"the entries marked “{data.AT_CALL_OFF}”. The other entries are the same for every "
                         "call-off contract."),
            Paragraph.of(f"In the form and in this document, the {client_word(spec)} is the body that awards the "
                         "call-off contract. The Contractor is the supplier on the framework that wins it."),
        ]
    else:
        blocks.append(Paragraph.of(f"In the form and in this document, the {client_word(spec)} is {_we(spec)}, and "
                                   "the Contractor is the winning bidder."))
    if form.form in ("nec4_ecc", "nec4_tsc"):
        blocks.append(Paragraph.of("Contract Data part two holds the Contractor's own data, "
                                   + (f"{_call_off_source(spec)}." if framework else "from the winning tender.")))
    if spec.lots.items and not framework:
        blocks.append(Paragraph.of("Each lot is a contract of its own, on these terms. Where an entry names the "
                                   "lots, the contract for a lot takes the entry for its lot."))
    blocks.append(Paragraph.of(f"Before {text.final_deadline_name(spec)} we will tell every bidder of any change to "
                               "these terms."))
    blocks.append(_questions_by(spec))
    return Section("About this document", blocks, order=10, key="works:about")


def _call_off_source(spec: tenderpack.Spec) -> str:
    """Where a call-off's Contract Data part two comes from: the supplier's tender, or its call-off bid."""
    fw = spec.framework
    if fw is not None and fw.call_off.competition is not None:
        return "from its tender for the framework, or from its bid in the call-off competition"
    return "from its tender for the framework"


def _we(spec: tenderpack.Spec) -> str:
    return text.join([a.name for a in spec.authorities])


def _questions_by(spec: tenderpack.Spec) -> Paragraph:
    """When to raise a term that would stop a bid: the times are the invitation's timetable's, said once there."""
    lead = "If a term would stop you bidding or add to your price, tell us through the portal"
    if spec.procedure.stages:
        return Paragraph.of(f"{lead}, by the last time for questions in the stage you are at. The timetable in the "
                            "Invitation to tender gives that time for each stage.")
    return Paragraph.of(f"{lead}, by the last time for questions. The timetable in the Invitation to tender gives "
                        "that time.")


def contract_data(spec: tenderpack.Spec) -> Section:
    intro = "These are our entries. The form says what each one means."
    if lacking := data.missing(spec):   # say so, rather than let the table pass for the whole of part one
        intro += f" The form also asks for entries we have not given yet: {text.join(lacking)}."
    blocks: list[tenderpack.Block] = [
        Paragraph.of(intro),
        Table.of(["Entry", "Our data"], data.rows(spec), widths=[3, 5]),
    ]
    return Section(data_title(spec), blocks, order=100, key="works:data", page_break_before=True)


def scope(spec: tenderpack.Spec) -> Section | None:
    """NEC4's Scope: the spec's requirements, which the contract data names as part of it (without this part, the
    requirements in the Invitation to tender would not be terms of the contract)."""
    if form_of(spec).family != "nec4":
        return None
    lots = [lot for lot in spec.lots.items if lot.requirements]
    if not spec.requirements and not lots:
        return None
    blocks: list[tenderpack.Block] = [Paragraph.of("These requirements are part of the Scope. The Contractor "
                                                   "Provides the Works in accordance with them." if
                                                   form_of(spec).form != "nec4_tsc" else
                                                   "These requirements are part of the Scope. The Contractor "
                                                   "Provides the Service in accordance with them.")]
    if spec.requirements:
        if lots:
            blocks.append(Paragraph.of("For every lot:"))
        blocks.append(ListBlock.of(*spec.requirements))
    for lot in lots:
        blocks += [Paragraph.of(f"For lot {lot.number} only:"), ListBlock.of(*lot.requirements)]
    if files := data.specifications(spec):
        blocks.append(Paragraph.of(f"The Scope is also in {text.join([f'“{a.title}”' for a in files])}, in the "
                                   "folder “attachments”."))
    return Section("Scope", blocks, order=150, key="works:scope", page_break_before=True)


def amendments(spec: tenderpack.Spec) -> Section:
    form = form_of(spec)
    title = amendments_title(spec)
    extra = [*kpis.clause(spec), *social.clause(spec)]
    if not form.amendments and not extra:
        what = "Z clauses" if title == "Z clauses" else "changes to the form"
        blocks: list[tenderpack.Block] = [Paragraph.of(f"We add no {what}: the form applies as its publisher "
                                                       "issued it, with the entries above.")]
        return Section(title, blocks, order=300, key="works:amendments", page_break_before=True)
    lead = ("These clauses are part of the conditions of contract." if form.family == "nec4"
            else "These amendments change the terms of the form.")
    blocks = [Paragraph.of(lead)]
    for n, amendment in enumerate(form.amendments, start=1):
        blocks.append(Heading(f"{clause_label(spec, n)}: {amendment.title}", level=2))
        blocks += markdown.parse(amendment.text)
    blocks += extra
    return Section(title, blocks, order=300, key="works:amendments", page_break_before=True)

