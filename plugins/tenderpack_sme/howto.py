"""How to bid: two to three pages that take a small firm from "is this for me?" to a sent tender."""

from __future__ import annotations

import tenderpack
from tenderpack import ListBlock, Paragraph, Run, Section, Table, markdown, text

from .dates import SENDS
from .glance import link, main_contact


def sections(spec: tenderpack.Spec) -> list[Section]:
    out = [start(spec), decide(spec), register(spec), ask(spec), answers(spec), prices(spec), sign(spec), send(spec)]
    if spec.procedure.stages:
        out.append(stages(spec))
    out += [next_steps(spec), together(spec)]
    return out


def _step(n: int, title: str) -> str:
    return f"Step {n}: {title}"




# --------------------------------------------------------------------------- 10 start


def start(spec: tenderpack.Spec) -> Section:
    we = text.join([a.name for a in spec.authorities])
    blocks = [
        Paragraph.of(f"This guide takes you through bidding for “{spec.title}”, step by step."),
        Paragraph.of(f"“We” means {we}. “You” means a business, charity or social enterprise that wants to bid."),
        *[Paragraph.of(s) for s in text.joint_buyers(spec)],
        Paragraph.of("We have kept the forms in this folder short, so you can answer in about a day."),
    ]
    return Section("Before you start", blocks, order=10, key="sme-howto:start")


# --------------------------------------------------------------------------- 20 decide


def decide(spec: tenderpack.Spec) -> Section:
    c = spec.conditions
    blocks: list = []   # what we are buying is on "Tender at a glance"; this page is about taking part
    v = spec.value
    value = f"We think the contract is worth about {text.money(v.estimated_excluding_vat)} excluding VAT, including any extensions."
    blocks.append(Paragraph.of(value))
    if v.budget_ceiling is not None and v.budget_published:
        blocks.append(Paragraph.of(f"Our budget is {text.money(v.budget_ceiling)}. We may reject a price above it."))
    if spec.lots.items:
        blocks.append(Paragraph.of(f"There are {len(spec.lots.items)} lots. You can bid for one lot or more."))
        if spec.lots.max_per_supplier:
            n = spec.lots.max_per_supplier
            blocks.append(Paragraph.of(f"One supplier can win at most {n} lot{'s' if n > 1 else ''}."))
    blocks.append(Paragraph.of("To take part, you must meet the conditions of participation:"))
    conditions = [*c.legal, *c.financial, *c.technical]
    if conditions:
        blocks.append(ListBlock([[Paragraph(markdown.inline(x))] for x in conditions]))
    need = ["We do not ask for audited accounts." if not c.audited_accounts_required else "We ask for audited accounts."]
    need.append("We do not ask for a minimum turnover." if c.minimum_turnover is None
                else f"You need a turnover of at least {text.money(c.minimum_turnover)} a year.")
    if c.insurance:
        need.append("You do not need insurance to bid. The winner must show it has the insurance that the invitation to tender lists.")
    blocks.append(Paragraph.of(" ".join(need)))
    return Section(_step(1, "decide whether to bid"), blocks, order=20, key="sme-howto:decide")


# --------------------------------------------------------------------------- 30 register


def register(spec: tenderpack.Spec) -> Section:
    portal = spec.submission.portal
    blocks = [Paragraph([Run("Register on "), link(portal.name, portal.url),
                         Run(". It is free. Everything about this tender happens there.")]),
              Paragraph.of(f"Search for our reference, {spec.reference}, and download the pack.")]
    return Section(_step(2, "register on the portal"), blocks, order=30, key="sme-howto:register")


# --------------------------------------------------------------------------- 40 ask


def ask(spec: tenderpack.Spec) -> Section:
    portal = spec.submission.portal
    blocks = [
        Paragraph([Run("Ask us anything through "), link(portal.name, portal.url),
                   Run(f". The last time to ask is {text.datetime(spec.timetable.clarification_deadline)}.")]),
        Paragraph([Run("If the portal does not work for you, contact "), *main_contact(spec), Run(".")]),
        Paragraph.of("We share every question and answer with all bidders. We do not say who asked."),
    ]
    return Section(_step(3, "ask questions"), blocks, order=40, key="sme-howto:ask")


# --------------------------------------------------------------------------- 50 answers


def answers(spec: tenderpack.Spec) -> Section:
    quality = [c for c in spec.award.criteria if c.type.value == "quality"]
    sv = [c for c in spec.award.criteria if c.type.value == "social_value"]
    n = len(quality) + (len(sv) if spec.social_value else 0)
    blocks = [Paragraph.of(f"Answer the {n} question{'s' if n != 1 else ''} in the “Response form”. "
                           "Type straight into the boxes.")]
    rows = []
    for c in quality:
        limit = f"{text.number(c.word_limit, 0)} words" if c.word_limit else "No limit"
        rows.append([f"{c.id}: {c.name}", limit, text.percent(c.weight) if c.weight is not None else f"Rank {c.rank}"])
    if spec.social_value:
        limit = f"{text.number(spec.social_value.character_limit, 0)} characters"
        for c in sv:
            rows.append([f"{c.id}: {c.name}", limit, text.percent(c.weight) if c.weight is not None else f"Rank {c.rank}"])
    if rows:
        blocks.append(Table.of(["Question", "Limit", "Weight"], rows, widths=[5, 2, 1]))
    blocks += [
        Paragraph.of("Keep to each limit. We do not read past it."),
        Paragraph.of("Answer the question asked. Give real examples, numbers and dates: they score better than promises."),
    ]
    if any(c.minimum_score is not None for c in spec.award.criteria):
        blocks.append(Paragraph.of("Some questions have a minimum score. If you score below it, we cannot choose your tender."))
    return Section(_step(4, "write your answers"), blocks, order=50, key="sme-howto:answers")


# --------------------------------------------------------------------------- 60 prices


def prices(spec: tenderpack.Spec) -> Section:
    blocks = [
        Paragraph.of("Fill in the “Price form”, or the pricing schedule spreadsheet if you prefer. "
                     "Both ask for the same prices."),
        Paragraph.of("Give a price for one unit of each line. Prices are in pounds and exclude VAT."),
        Paragraph.of("The lowest price gets full marks for price. Other prices score in proportion to it."),
    ]
    if spec.outcomes and any(o.payment.type.value != "none" for o in spec.outcomes):
        blocks.append(Paragraph.of("Part of what we pay depends on results. The “Outcome specification” explains how."))
    return Section(_step(5, "give your prices"), blocks, order=60, key="sme-howto:prices")


# --------------------------------------------------------------------------- 70 sign


def sign(spec: tenderpack.Spec) -> Section:
    blocks = [Paragraph.of("Fill in and sign the “Form of tender and declarations”. "
                           "It confirms your offer and that you have bid fairly."),
              Paragraph.of("Someone who can commit your organisation must sign it.")]
    return Section(_step(6, "sign the form of tender"), blocks, order=70, key="sme-howto:sign")


# --------------------------------------------------------------------------- 80 send


def send(spec: tenderpack.Spec) -> Section:
    s = spec.submission
    if spec.procedure.stages:
        blocks = [Paragraph([Run("Send what each stage asks for through "), link(s.portal.name, s.portal.url),
                             Run(", by that stage's deadline.")]),
                  Paragraph.of(f"The first deadline is {text.datetime(spec.timetable.tender_deadline)}.")]
    else:
        blocks = [Paragraph([Run("Send everything through "), link(s.portal.name, s.portal.url),
                             Run(f" by {text.datetime(spec.timetable.tender_deadline)}.")])]
    if s.documents:
        blocks += [Paragraph.of("Send:"), ListBlock([[Paragraph(markdown.inline(d))] for d in s.documents], ordered=True)]
    blocks += [Paragraph.of("We cannot accept a late tender. Leave time for the upload."),
               Paragraph.of(f"Your tender must stay open for {s.validity_days} days after the deadline.")]
    return Section(_step(7, "send your tender"), blocks, order=80, key="sme-howto:send")


# --------------------------------------------------------------------------- 85 stages


def stages(spec: tenderpack.Spec) -> Section:
    rows = []
    for i, stage in enumerate(spec.procedure.stages):
        deadline = spec.timetable.tender_deadline if i == 0 else stage.deadline
        if deadline:
            what = f"Send {SENDS[stage.type.value]} by {text.datetime(deadline)}"
        elif stage.starts and stage.ends:
            what = f"From {text.date(stage.starts)} to {text.date(stage.ends)}"
        else:
            what = "We tell you the dates"
        rows.append([stage.name, what])
    blocks = [Paragraph.of("This tender has stages. You send something at some of them."),
              Table.of(["Stage", "What you do"], rows, widths=[3, 4])]
    shortlist = next((s for s in spec.procedure.stages if s.shortlist_size), None)
    if shortlist:
        blocks.append(Paragraph.of(f"After {shortlist.name.split(':')[0].lower()}, we invite up to "
                                   f"{shortlist.shortlist_size} bidders to go on."))
    return Section("A tender in stages", blocks, order=85, key="sme-howto:stages")


# --------------------------------------------------------------------------- 90 next


def next_steps(spec: tenderpack.Spec) -> Section:
    t = spec.timetable
    blocks = [Paragraph.of(f"We plan to tell every bidder the result on {text.date(t.award, weekday=True)}.")]
    if spec.procedure.type.value != "below_threshold":
        blocks.append(Paragraph.of("You get an assessment summary: your scores, the winner's scores and our reasons."))
    if t.standstill_end:
        blocks.append(Paragraph.of(f"We then wait until {text.date(t.standstill_end)} before we sign. "
                                   "This is the standstill period."))
    blocks += [Paragraph.of(f"The contract starts on {text.date(t.contract_start)}."),
               Paragraph.of(f"If you win, we pay every valid invoice within {spec.commercial.payment_days} days.")]
    return Section("What happens next", blocks, order=90, key="sme-howto:next")


# --------------------------------------------------------------------------- 95 together


def together(spec: tenderpack.Spec) -> Section:
    blocks = [Paragraph.of("You can bid with other firms as a group (a consortium), or use subcontractors. "
                           "Tell us who does what. You must pay your subcontractors within 30 days of a valid invoice.")]
    return Section("Bidding with others", blocks, order=95, key="sme-howto:together")
