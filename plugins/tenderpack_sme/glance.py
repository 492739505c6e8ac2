"""The sections of "Tender at a glance": one page a small firm reads to decide whether to bid.

It answers, in order: what we are buying and for whom, the value or budget, the lots, who
can bid, the key dates, what to send, how we score, payment within 30 days, and who to ask.
Every sentence is short and plain; the other SME documents give the detail.
"""

from __future__ import annotations

import re

import tenderpack
from tenderpack import KeyFacts, Paragraph, Run, Section, Table, markdown, text

from .dates import key_dates

TYPE_NAMES = {"quality": "Quality", "price": "Price", "social_value": "Social value"}


def sections(spec: tenderpack.Spec) -> list[Section]:
    """One section, so the page has one big heading: the summary, the facts and the dates."""
    return [Section("At a glance", [*_summary(spec), facts_box(spec), dates_table(spec)], order=10, key="sme:facts")]


# --------------------------------------------------------------------------- helpers


def link(label: str, url: str | None) -> Run:
    return Run(label, url=url) if url else Run(label)


def buyers(spec: tenderpack.Spec) -> str:
    if not spec.buyer.participants:
        return spec.buyer.lead.name
    return f"{spec.buyer.lead.name} (lead), with {text.join([a.name for a in spec.buyer.participants])}"


def joint_paragraphs(spec: tenderpack.Spec) -> list[Paragraph]:
    return [Paragraph.of(s) for s in text.joint_buyers(spec)]


def who_signs(spec: tenderpack.Spec) -> str | None:
    """'Director of Adult Social Care (Dunmore City Council); …', for a joint procurement."""
    if not spec.buyer.participants:
        return None
    return "; ".join(f"{a.signatory or 'To be confirmed'} ({a.name})" for a in spec.authorities)


def who_can_bid(spec: tenderpack.Spec) -> str:
    shortlist = next((s.shortlist_size for s in spec.procedure.stages if s.shortlist_size), None)
    if spec.procedure.type.value == "competitive_flexible":
        if shortlist:
            out = f"Any supplier can apply. We then invite up to {shortlist} to send a full tender."
        else:
            out = "Any supplier can apply. We then invite some to send a full tender."
    else:
        out = "Any business, charity or social enterprise can bid."
    return f"{out} {needs(spec)}"


def needs(spec: tenderpack.Spec) -> str:
    """What a small firm needs, in a sentence or two: accounts, turnover, insurance."""
    c = spec.conditions
    accounts = "audited accounts" if not c.audited_accounts_required else ""
    turnover = "a minimum turnover" if c.minimum_turnover is None else ""
    missing = [x for x in (accounts, turnover) if x]
    out = []
    if missing:
        out.append(f"You do not need {' or '.join(missing)}.")
    if c.audited_accounts_required:
        out.append("You need audited accounts.")
    if c.minimum_turnover is not None:
        out.append(f"You need a turnover of at least {text.money(c.minimum_turnover)} a year.")
    if c.insurance:
        out.append("You need insurance only if you win.")
    return " ".join(out)


def deadline_label(spec: tenderpack.Spec) -> str:
    """In a procedure with stages, the first deadline is for applying, not for the final tender."""
    return "Deadline to apply" if spec.procedure.stages else "Deadline"


def value_text(spec: tenderpack.Spec) -> str:
    v = spec.value
    out = f"About {text.money(v.estimated_excluding_vat)} excluding VAT, with extensions"
    if v.budget_ceiling is not None and v.budget_published:
        out += f". Budget {text.money(v.budget_ceiling)}"
    return out


def lots_text(spec: tenderpack.Spec) -> str:
    lots = spec.lots.items
    if not lots:
        return "None. It is one contract"
    return f"{len(lots)} lots: " + "; ".join(f"{lot.number}. {lot.title}" for lot in lots) + ". Bid for one or more"


def score_split(spec: tenderpack.Spec) -> str | None:
    totals: dict[str, object] = {}
    for c in spec.award.criteria:
        if c.weight is None:
            return None
        totals[c.type.value] = totals.get(c.type.value, 0) + c.weight
    return ", ".join(f"{TYPE_NAMES[t]} {text.percent(w)}" for t, w in totals.items())


def scoring_text(spec: tenderpack.Spec) -> str:
    split = score_split(spec)
    parts = [split + "." if split else "Criteria ranked in order of importance."]
    if any(lot.weights for lot in spec.lots.items):
        parts.append("Some lots have their own weights.")
    return " ".join(parts)


def main_contact(spec: tenderpack.Spec) -> list[Run]:
    c = spec.contacts[0]
    reach: list[Run] = []
    if c.email:
        reach.append(Run(c.email, url=f"mailto:{c.email}"))
    if c.phone:
        reach += [Run(" or ")] if reach else []
        reach.append(Run(c.phone))
    return [Run(c.name), Run(": "), *reach] if reach else [Run(c.name)]


def what_to_send_runs(spec: tenderpack.Spec) -> list[Run]:
    """The documents to send, numbered on one line: '1. Price form; 2. Form of tender, signed'.

    Notes in brackets are left out here to keep the page to one page; "How to bid" has them."""
    docs = spec.submission.documents
    if not docs:
        return [Run("See “How to bid”")]
    out: list[Run] = []
    for i, d in enumerate(docs, start=1):
        out.append(Run(f"{'; ' if i > 1 else ''}{i}. "))
        out += markdown.inline(brief_item(d))
    return out


def brief_item(item: str) -> str:
    """A document to send without its notes in brackets: "How to bid" lists them in full."""
    short = re.sub(r"\s*\([^()]*\)", "", item).strip()
    return short or item


# --------------------------------------------------------------------------- the facts


def facts_box(spec: tenderpack.Spec) -> KeyFacts:
    t = spec.timetable
    portal = spec.submission.portal
    who = buyers(spec)
    if signs := who_signs(spec):
        who += f". Signed by: {signs}"
    items: list[tuple[str, str | list[Run]]] = [("Who is buying", who)]
    items += [
        ("Value", value_text(spec)),
        ("Lots", lots_text(spec)),
        ("Contract", f"{text.date(t.contract_start)} to {text.date(t.contract_end)}"
                     + (", with options to extend" if t.extensions else "")),
        ("Who can bid", who_can_bid(spec)),
        (deadline_label(spec), f"{text.datetime(t.tender_deadline)}, through {portal.name}"),
        ("What to send", what_to_send_runs(spec)),
        ("How we score", scoring_text(spec)),
        ("Payment", f"We pay within {spec.commercial.payment_days} days of a valid invoice"),
        ("Questions", [*main_contact(spec), Run(f". Ask by {text.datetime(t.clarification_deadline)}")]),
    ]
    return KeyFacts.of(items)


def _summary(spec: tenderpack.Spec) -> list:
    """The first sentence of the spec's summary (its first paragraph when that has formatting),
    so the page stays one page."""
    blocks = markdown.parse(spec.summary)[:1]
    if not blocks or not isinstance(blocks[0], Paragraph):
        return blocks
    first = blocks[0]
    if all(not (r.bold or r.italic or r.url) for r in first.runs):
        whole = "".join(r.text for r in first.runs)
        match = re.match(r"(.+?[.!?])\s+(?=[A-Z])", whole)
        if match:
            return [Paragraph.of(match.group(1))]
    return blocks


# --------------------------------------------------------------------------- dates


def dates_table(spec: tenderpack.Spec) -> Table:
    first = spec.timetable.tender_deadline.date()
    # The questions deadline is in the box above, and so is the first deadline of a procedure in
    # stages (the table then lists the later ones). Milestones after the first deadline (such as
    # "shortlisted bidders told") are in the calendar file.
    rows = [[d.when_text(), d.short] for d in key_dates(spec, contract_start=False)
            if d.key != "questions" and not (d.key == "deadline" and spec.procedure.stages)
            and not (d.key.startswith("milestone") and d.day > first)]
    return Table.of(["Important dates (UK time)", "What happens"], rows, widths=[3, 4])
