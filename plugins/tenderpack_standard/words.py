"""Phrases and small helpers shared by the standard documents.

Everything here turns spec values into plain-English text. Nothing here knows about a
particular tender: every fact comes from the spec.
"""

from __future__ import annotations

import calendar
import datetime as dt

import tenderpack
from tenderpack import ListBlock, Paragraph, Run, markdown, text

PROCEDURE_NAMES = {
    "open": "the open procedure",
    "competitive_flexible": "the competitive flexible procedure",
    "below_threshold": "an open competition for a contract below the threshold",
}

CRITERION_TYPES = {"quality": "Quality", "price": "Price", "social_value": "Social value"}


def md(value: str | None) -> list:
    """Blocks for a Markdown spec field, or nothing when the field is empty."""
    return markdown.parse(value) if value else []


def bullets(items: list[str], ordered: bool = False) -> ListBlock:
    """A list whose items are short Markdown spec fields (bold, italic and links kept)."""
    return ListBlock([[Paragraph(markdown.inline(i))] for i in items], ordered=ordered)


def run_list(items: list[list[Run]]) -> ListBlock:
    """A bulleted list whose items are ready-made runs."""
    return ListBlock([[Paragraph(r)] for r in items])


def full_stop(value: str) -> str:
    """The text with exactly one full stop at the end (or its own ! or ?)."""
    value = value.strip()
    return value if value.endswith((".", "!", "?")) else value + "."


def link(label: str, url: str | None) -> Run:
    """A run that links to ``url`` when there is one."""
    return Run(label, url=url) if url else Run(label)


def email_run(address: str) -> Run:
    return Run(address, url=f"mailto:{address}")


def buyer_names(spec: tenderpack.Spec) -> list[str]:
    return [a.name for a in spec.authorities]


def buyers_text(spec: tenderpack.Spec) -> str:
    """'Dunmore City Council and Eastvale Borough Council'."""
    return text.join(buyer_names(spec))


def is_joint(spec: tenderpack.Spec) -> bool:
    return bool(spec.buyer.participants)


def we_and_you(spec: tenderpack.Spec) -> Paragraph:
    """Say who 'we' and 'you' are, once, near the top of a document."""
    if is_joint(spec):
        we = f"In this document, “we” means {buyers_text(spec)}, buying together."
    else:
        we = f"In this document, “we” means {spec.buyer.lead.name}."
    return Paragraph.of(f"{we} “You” means a supplier who wants to bid.")


def procedure_name(spec: tenderpack.Spec) -> str:
    return PROCEDURE_NAMES[spec.procedure.type.value]


def criterion_type(criterion) -> str:
    return CRITERION_TYPES[criterion.type.value]


def weight_text(criterion) -> str:
    """'25%' for a weighted criterion, 'Rank 2' for a ranked one."""
    if criterion.weight is not None:
        return text.percent(criterion.weight)
    return f"Rank {criterion.rank}"


def weights_used(spec: tenderpack.Spec) -> bool:
    """True when every criterion has a weight (otherwise the criteria are ranked)."""
    return all(c.weight is not None for c in spec.award.criteria)


def weight_by_type(spec: tenderpack.Spec) -> list[tuple[str, object]]:
    """[('quality', Decimal('60')), ('price', ...), ...] in the order types first appear."""
    totals: dict[str, object] = {}
    for c in spec.award.criteria:
        if c.weight is None:
            continue
        totals[c.type.value] = totals.get(c.type.value, 0) + c.weight
    return list(totals.items())


def weight_summary(spec: tenderpack.Spec) -> str | None:
    """'Quality counts for 60%, price for 25% and social value for 15% of the total score.'"""
    parts = weight_by_type(spec)
    if not parts or not weights_used(spec):
        return None
    phrases = [f"{CRITERION_TYPES[t].lower()} for {text.percent(w)}" for t, w in parts]
    first = phrases[0][0].upper() + phrases[0][1:]
    return f"{text.join([first.replace(' for ', ' counts for ', 1), *phrases[1:]])} of the total score."


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_months(start: dt.date, end: dt.date) -> int | None:
    """Whole months from ``start`` to ``end`` inclusive, when the term is a whole number of months."""
    following = end + dt.timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    if months > 0 and add_months(start, months) == following:
        return months
    return None


def latest_end(spec: tenderpack.Spec) -> dt.date:
    """The end date if every extension is used."""
    t = spec.timetable
    return add_months(t.contract_end + dt.timedelta(days=1), sum(t.extensions)) - dt.timedelta(days=1)


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                8: "eight", 9: "nine"}


def count_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def extensions_text(extensions: list[int]) -> str | None:
    """'We may extend it twice, by 12 months each time.'"""
    if not extensions:
        return None
    if len(set(extensions)) == 1:
        times = {1: "once", 2: "twice"}.get(len(extensions), f"{count_word(len(extensions))} times")
        each = "" if len(extensions) == 1 else " each time"
        return f"We may extend it {times}, by {text.months(extensions[0])}{each}."
    return f"We may extend it {count_word(len(extensions))} times, by {text.join([text.months(m) for m in extensions])}."


def contract_term(spec: tenderpack.Spec) -> str:
    """'The contract runs from 1 October 2027 to 30 September 2030 (3 years).'"""
    t = spec.timetable
    months = term_months(t.contract_start, t.contract_end)
    length = f" ({text.months(months)})" if months else ""
    return f"The contract runs from {text.date(t.contract_start)} to {text.date(t.contract_end)}{length}."


def lots_text(spec: tenderpack.Spec) -> str:
    """'2 lots: 1. Reablement and home care; 2. Care technology…' or 'One contract, not divided into lots'."""
    items = spec.lots.items
    if not items:
        return "One contract, not divided into lots"
    return f"{len(items)} lots: " + "; ".join(f"lot {lot.number}, {lot.title}" for lot in items)


def value_text(spec: tenderpack.Spec) -> str:
    """'£4,800,000 excluding VAT, over the whole term including extensions'."""
    return f"{text.money(spec.value.estimated_excluding_vat)} excluding VAT, over the whole term including extensions"


def budget_sentence(spec: tenderpack.Spec) -> str | None:
    v = spec.value
    if v.budget_ceiling is None:
        return None
    if v.budget_published:
        return f"Our budget is {text.money(v.budget_ceiling)} excluding VAT. We may reject a tender above it."
    return "We have set a budget but do not publish it. We may reject a tender above it."


def stage_dates(stage) -> str:
    if stage.starts and stage.ends:
        return f"{text.date(stage.starts)} to {text.date(stage.ends)}"
    if stage.ends:
        return f"by {text.date(stage.ends)}"
    if stage.starts:
        return f"from {text.date(stage.starts)}"
    return ""


def contact_runs(contact) -> list[Run]:
    """'Priya Natarajan, Procurement lead: priya@… or 01632 960 412'."""
    out = [Run(contact.name)]
    if contact.role:
        out.append(Run(f", {contact.role}"))
    reach: list[Run] = []
    if contact.email:
        reach.append(email_run(contact.email))
    if contact.phone:
        if reach:
            reach.append(Run(" or "))
        reach.append(Run(contact.phone))
    if reach:
        out.append(Run(": "))
        out.extend(reach)
    return out


def first_email(spec: tenderpack.Spec) -> str | None:
    return next((c.email for c in spec.contacts if c.email), None)


# --------------------------------------------------------------------------- joint procurement


def joint_paragraphs(spec: tenderpack.Spec) -> list[Paragraph]:
    return [Paragraph.of(s) for s in text.joint_buyers(spec)]


# --------------------------------------------------------------------------- stages

# What happens at each kind of stage, said once, for stages the spec does not describe.
STAGE_TEXT = {
    "participation": "You tell us who you are and show that you meet the conditions of participation.",
    "shortlisting": "We choose which bidders go through to the next stage, using the criteria below.",
    "tender": "You send a tender that answers the award questions and gives your prices.",
    "dialogue": "We talk with each bidder about its ideas, one bidder at a time. We treat every bidder the same way.",
    "negotiation": "We negotiate with each bidder on its tender, one bidder at a time. We treat every bidder the same way.",
    "final_tender": "You send your final tender. We score final tenders against the award criteria and do not negotiate after them.",
    "presentation": "You present your tender to the people who score it, and answer their questions.",
}

STAGE_SENDS = {
    "participation": "your answers to the conditions of participation",
    "shortlisting": "your answers to the shortlisting questions",
    "tender": "your tender",
    "dialogue": "your ideas for the dialogue",
    "negotiation": "your revised proposals",
    "final_tender": "your final tender",
    "presentation": "your presentation",
}


def stage_deadline(spec: tenderpack.Spec, index: int):
    """The deadline of stage ``index``: its own, or the timetable's tender deadline for the first stage."""
    stage = spec.procedure.stages[index]
    if stage.deadline is not None:
        return stage.deadline
    return spec.timetable.tender_deadline if index == 0 else None


def phase_dates(phase) -> str:
    """'1 October 2027 to 31 January 2028' for a phase with a start date, else ''."""
    if phase.starts is None:
        return ""
    return f"{text.date(phase.starts)} to {text.date(phase.ends)}"
