"""The sections of "Tender at a glance". Every sentence here is short and plain."""

from __future__ import annotations

import tenderpack
from tenderpack import KeyFacts, ListBlock, Paragraph, Run, Section, Table, markdown, text

TYPE_NAMES = {"quality": "Quality", "price": "Price", "social_value": "Social value"}


def sections(spec: tenderpack.Spec) -> list[Section]:
    return [facts(spec), for_you(spec), what_to_send(spec), how_we_score(spec), dates(spec), ask_us(spec)]


# --------------------------------------------------------------------------- helpers


def link(label: str, url: str | None) -> Run:
    return Run(label, url=url) if url else Run(label)


def buyers(spec: tenderpack.Spec) -> str:
    return text.join([a.name for a in spec.authorities])


def who_can_bid(spec: tenderpack.Spec) -> str:
    shortlist = next((s.shortlist_size for s in spec.procedure.stages if s.shortlist_size), None)
    if spec.procedure.type.value == "competitive_flexible":
        if shortlist:
            return f"Any supplier can apply. We then invite up to {shortlist} to send a full tender."
        return "Any supplier can apply. We then invite some to send a full tender."
    return "Any business, charity or social enterprise can bid."


def deadline_label(spec: tenderpack.Spec) -> str:
    """In a procedure with stages, the first deadline is for applying, not for the final tender."""
    return "Deadline to apply" if spec.procedure.stages else "Deadline"


def score_split(spec: tenderpack.Spec) -> str | None:
    totals: dict[str, object] = {}
    for c in spec.award.criteria:
        if c.weight is None:
            return None
        totals[c.type.value] = totals.get(c.type.value, 0) + c.weight
    return ", ".join(f"{TYPE_NAMES[t]} {text.percent(w)}" for t, w in totals.items())


def main_contact(spec: tenderpack.Spec) -> list[Run]:
    c = spec.contacts[0]
    reach: list[Run] = []
    if c.email:
        reach.append(Run(c.email, url=f"mailto:{c.email}"))
    if c.phone:
        reach += [Run(" or ")] if reach else []
        reach.append(Run(c.phone))
    return [Run(c.name), Run(": "), *reach] if reach else [Run(c.name)]


# --------------------------------------------------------------------------- the facts


def facts(spec: tenderpack.Spec) -> Section:
    v, t = spec.value, spec.timetable
    value = f"About {text.money(v.estimated_excluding_vat)}, excluding VAT, including extensions"
    if v.budget_ceiling is not None and v.budget_published:
        value += f". Budget {text.money(v.budget_ceiling)}"
    lots = spec.lots.items
    items: list[tuple[str, str | list[Run]]] = [
        ("What we are buying", spec.title),
        ("Who is buying", buyers(spec)),
        ("Value", value),
        ("Lots", f"{len(lots)} lots: " + "; ".join(lot.title for lot in lots) if lots else "None. It is one contract"),
        ("Who can bid", who_can_bid(spec)),
        (deadline_label(spec), text.datetime(t.tender_deadline)),
        ("What to send", f"{len(spec.submission.documents)} documents (see below)" if spec.submission.documents
                         else "See the invitation to tender"),
    ]
    if split := score_split(spec):
        items.append(("How we score", split))
    items += [
        ("Payment", f"Within {spec.commercial.payment_days} days of a valid invoice"),
        ("Questions", main_contact(spec)),
    ]
    return Section("The facts", [KeyFacts.of(items, title="At a glance")], order=10, key="sme:facts")


# --------------------------------------------------------------------------- is this for you?


def for_you(spec: tenderpack.Spec) -> Section:
    c, t = spec.conditions, spec.timetable
    blocks = [*markdown.parse(spec.summary)]
    blocks.append(Paragraph.of(f"The contract runs from {text.date(t.contract_start)} to {text.date(t.contract_end)}."))
    if spec.lots.items:
        blocks.append(Paragraph.of(f"There are {len(spec.lots.items)} lots. You can bid for one or more."))
    need = []
    need.append("You do not need audited accounts." if not c.audited_accounts_required else "You need audited accounts.")
    if c.minimum_turnover is None:
        need.append("You do not need a minimum turnover.")
    else:
        need.append(f"You need a turnover of at least {text.money(c.minimum_turnover)} a year.")
    blocks.append(Paragraph.of(" ".join(need)))
    if c.insurance:
        cover = text.join([f"{i.type.lower()} {text.money(i.amount)}" for i in c.insurance])
        blocks.append(Paragraph.of(f"You do not need insurance to bid. If you win, you need this cover: {cover}."))
    return Section("Is this for you?", blocks, order=20, key="sme:for-you")


# --------------------------------------------------------------------------- what to send


def what_to_send(spec: tenderpack.Spec) -> Section:
    s = spec.submission
    blocks = []
    if s.documents:
        blocks.append(ListBlock([[Paragraph(markdown.inline(d))] for d in s.documents]))
    blocks.append(Paragraph([Run("Send them through "), link(s.portal.name, s.portal.url), Run(".")]))
    blocks.append(Paragraph.of(f"The deadline is {text.datetime(spec.timetable.tender_deadline)}. We cannot accept late tenders."))
    if any(c.word_limit for c in spec.award.criteria):
        blocks.append(Paragraph.of("Keep to the word limits. We do not read past them."))
    return Section("What you need to send", blocks, order=30, key="sme:send")


# --------------------------------------------------------------------------- how we score


def how_we_score(spec: tenderpack.Spec) -> Section:
    rows = [[c.name, f"{text.percent(c.weight)}" if c.weight is not None else f"Rank {c.rank}"]
            for c in spec.award.criteria]
    blocks = [Table.of(["What we score", "Weight" if all(c.weight is not None for c in spec.award.criteria)
                        else "Weight or rank"], rows, widths=[4, 1])]
    if any(c.type.value == "quality" for c in spec.award.criteria):
        scores = [level.score for level in spec.award.scale] or [0, 5]
        blocks.insert(0, Paragraph.of(f"We score each written answer from {min(scores)} to {max(scores)}."))
    rules = []
    if any(c.minimum_score is not None for c in spec.award.criteria):
        rules.append("Some answers have a minimum score. Below it, we cannot choose your tender.")
    if any(c.type.value == "price" for c in spec.award.criteria):
        rules.append("The lowest price gets full marks for price.")
    rules.append("The highest total score wins.")
    blocks.append(Paragraph.of(" ".join(rules)))
    return Section("How we score", blocks, order=40, key="sme:score")


# --------------------------------------------------------------------------- dates


def dates(spec: tenderpack.Spec) -> Section:
    t = spec.timetable
    rows = [(t.clarification_deadline.date(), text.datetime(t.clarification_deadline), "Last day for questions"),
            (t.tender_deadline.date(), text.datetime(t.tender_deadline), deadline_label(spec))]
    rows += [(m.date, text.date(m.date, weekday=True), m.event) for m in t.milestones if m.date <= t.tender_deadline.date()]
    rows.sort(key=lambda r: r[0])
    rows += [(t.award, text.date(t.award, weekday=True), "We tell you the result"),
             (t.contract_start, text.date(t.contract_start, weekday=True), "Contract starts")]
    table = Table.of(["When", "What"], [[when, what] for _, when, what in rows], widths=[3, 3])
    return Section("Important dates", [table], order=50, key="sme:dates")


# --------------------------------------------------------------------------- ask us


def ask_us(spec: tenderpack.Spec) -> Section:
    portal = spec.submission.portal
    blocks = [
        Paragraph([Run("Ask us through "), link(portal.name, portal.url),
                   Run(f" by {text.datetime(spec.timetable.clarification_deadline)}, or contact "),
                   *main_contact(spec), Run(".")]),
        Paragraph.of("We share every answer with all bidders. We do not say who asked."),
    ]
    return Section("Ask us", blocks, order=60, key="sme:ask")
