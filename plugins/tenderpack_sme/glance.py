"""The sections of "Tender at a glance": one page a small firm reads to decide whether to bid.

It answers, in order: what we are buying and for whom, the value or budget, the lots, who
can bid, the key dates, what to send, how we score, payment within 30 days, and who to ask.
Every sentence is short and plain; the other SME documents give the detail.
"""

from __future__ import annotations

import re
from decimal import Decimal

import tenderpack
from tenderpack import KeyFacts, Paragraph, Run, Section, Table, markdown, text

from . import facts, lotlines
from .dates import key_dates

TYPE_NAMES = {"quality": "Quality", "price": "Price", "social_value": "Social value"}


def sections(spec: tenderpack.Spec) -> list[Section]:
    """One section, so the page has one big heading: the summary, the facts and the dates."""
    return [Section("At a glance", [*_summary(spec), facts_box(spec), dates_table(spec)], order=10, key="sme:facts")]


# --------------------------------------------------------------------------- helpers


def link(label: str, url: str | None) -> Run:
    return Run(label, url=url) if url else Run(label)


def buyers(spec: tenderpack.Spec) -> str:
    """Who is buying; in a joint procurement the lead, the others and how the contract is signed."""
    if not spec.buyer.participants:
        return spec.buyer.lead.name
    out = f"{spec.buyer.lead.name} (lead), with {text.join([a.name for a in spec.buyer.participants])}"
    if facts.each_signs(spec):
        out += ". Each signs its own contract"
    return out


def who_can_bid(spec: tenderpack.Spec) -> str:
    shortlist = next((s for s in spec.procedure.stages if s.shortlist_size), None)
    if spec.procedure.stages:
        if shortlist and shortlist.shortlist_size:
            out = (f"Any supplier can apply; we invite up to {facts.count(shortlist.shortlist_size)} to go on."
                   if lotlines.shortlists(spec, shortlist) is None else
                   f"Any supplier can apply. We invite bidders to go on, lot by lot: {lotlines.invited(spec, shortlist)}.")
        else:
            out = "Any supplier can apply."
    else:
        out = "Any business, charity or social enterprise can bid."
    return " ".join(x for x in (out, *lotlines.reserved(spec), conditions_text(spec), needs(spec)) if x)


SHORT_CONDITIONS = 90   # characters: longer conditions are counted here and listed in "How to bid"


def conditions_text(spec: tenderpack.Spec) -> str:
    """The conditions a bidder must meet, in brief: their own words when short, else how many there are,
    and how many more a lot has."""
    c = spec.conditions
    found = [x.strip().rstrip(".") for x in (*c.legal, *c.financial, *c.technical)]
    own = [lot for lot in spec.lots.items if lot.conditions]
    more = ""
    if len(own) == 1:
        more = f"lot {own[0].number} has {facts.count(len(own[0].conditions))} more"
    elif own:
        more = f"{facts.lot_names([lot.number for lot in own])} have more"
    if found and sum(len(x) for x in found) <= SHORT_CONDITIONS:
        said = "You need: " + "; ".join(x[:1].lower() + x[1:] if x[1:2].islower() else x for x in found) + "."
        return said + (f" {more[:1].upper()}{more[1:]}: see “How to bid”." if more else "")
    n = len(found)
    if not n:
        lots = facts.lot_names([lot.number for lot in own])
        return f"{lots[:1].upper()}{lots[1:]} {'has' if len(own) == 1 else 'have'} conditions: see “How to bid”." \
            if own else ""
    return (f"You must meet {facts.count(n)} {facts.plural(n, 'condition')}" + (f", and {more}" if more else "")
            + ": see “How to bid”.")


def needs(spec: tenderpack.Spec) -> str:
    """What a small firm needs, in a sentence or two: accounts, turnover, insurance, lot conditions."""
    c = spec.conditions
    accounts = "audited accounts" if not c.audited_accounts_required else ""
    turnover = "a minimum turnover" if c.minimum_turnover is None else ""
    missing = [x for x in (accounts, turnover) if x]
    out = []
    if missing:
        out.append(f"No {' or '.join(m.removeprefix('a ') for m in missing)} needed.")
    if c.audited_accounts_required:
        out.append("You need audited accounts.")
    if c.minimum_turnover is not None:
        out.append(f"You need a turnover of at least {text.money(c.minimum_turnover)} a year.")
    if c.insurance:
        out.append(f"You need insurance only {facts.if_you_win(spec).lower()}.")
    return " ".join(out)


def deadlines_text(spec: tenderpack.Spec) -> str:
    """The tender deadline; in a procedure with stages, each stage's deadline named by its stage
    (the timetable's tender deadline is the first stage's; "What to send" names the portal)."""
    t, portal = spec.timetable, spec.submission.portal
    stages = spec.procedure.stages
    if not stages:
        return f"{text.datetime(t.tender_deadline)}, through {portal.name}"
    parts = [f"{facts.stage_short(stage)}: {text.datetime(deadline)}."
             for i, stage in enumerate(stages) if (deadline := text.stage_deadline(spec, i)) is not None]
    return " ".join(parts)


def value_text(spec: tenderpack.Spec) -> str:
    """The value, and the budget with what it covers: both excluding VAT."""
    v = spec.value
    whole = "with extensions" if facts.extended(spec) else "for the whole term"
    if text.whole_works(spec):   # the works have a completion date, not a term
        whole = "for the whole of the works"
    # A framework's value is what all its call-off contracts together may add up to: no one contract is worth it.
    together = " That is what all the call-off contracts together may add up to." if text.is_framework(spec) else ""
    if not facts.budget_published(spec):
        return f"About {text.money(v.estimated_excluding_vat)} excluding VAT, {whole}.{together}"
    assert v.budget_ceiling is not None   # facts.budget_published
    first = "for each lot's first term" if facts.lots_differ(spec) else "for the first term"
    covers = {"whole_term": whole, "initial_term": first, "year": "a year"}[v.budget_covers]
    rule = facts.budget_rule(spec).removesuffix(".")
    rule = rule[:1].lower() + rule[1:]
    return (f"About {text.money(v.estimated_excluding_vat)} {whole}.{together} Budget {text.money(v.budget_ceiling)}"
            f"{' for all the lots together,' if spec.lots.items else ''} {covers}: {rule}. Both exclude VAT.")


def lots_text(spec: tenderpack.Spec) -> str:
    lots = spec.lots.items
    several = facts.several_win(spec)

    def winners(lot) -> str:
        n = facts.winners(spec, lot)
        if facts.framework(spec):   # places on the framework, not winners of a contract
            return f" (up to {facts.count(n)} suppliers)" if n > 1 else " (one supplier)"
        return f" (up to {facts.count(n)} winners)" if n > 1 else (" (one winner)" if several else "")

    cap = spec.lots.max_bids_per_supplier
    lead = f"Bid for up to {facts.count(cap)}" if cap else "Bid for one or more"
    return f"{lead}: " + "; ".join(f"{lot.number}. {lot.title}{winners(lot)}" for lot in lots) + "."


def score_split(spec: tenderpack.Spec, lot=None, capital: bool = True) -> str | None:
    """'Quality 60%, Price 25%, Social value 15%': the weights by kind, for the whole tender or one lot."""
    totals: dict[str, Decimal] = {}
    for c in spec.award.criteria:
        if lot is not None and lot not in facts.criterion_lots(spec, c):
            continue
        if lot is None and c.weight is None and not spec.needs_award_weight(c):
            continue   # weighted only by the lots that use it, such as a criterion of one lot
        weight = facts.lot_weight(lot, c) if lot is not None else c.weight
        if weight is None:
            return None
        totals[c.type.value] = totals.get(c.type.value, Decimal(0)) + weight
    names = {t: n if capital else n.lower() for t, n in TYPE_NAMES.items()}
    return ", ".join(f"{names[t]} {text.percent(w)}" for t, w in totals.items())


def scoring_text(spec: tenderpack.Spec) -> str:
    """The split of the score; each lot's own when the lots are scored differently."""
    splits = {lot.number: score_split(spec, lot, capital=False) for lot in spec.lots.items}
    if len(set(splits.values())) > 1 and None not in splits.values():
        return " ".join(f"Lot {n}: {split}." for n, split in splits.items())
    split = score_split(spec)
    return split + "." if split else "Criteria ranked in order of importance."


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
    """The documents to send, numbered on one line: '1. Price form; 2. Form of tender, signed'; in a
    procedure with stages, grouped by the stage they are sent at: 'Stage 1: questionnaire. Stages 2 and 4:
    answers to quality questions Q1 to Q4; social value answer; price schedule; form of tender, signed'.

    Notes in brackets are left out here to keep the page to one page; "How to bid" has them."""
    docs = spec.submission.documents
    if not docs:
        return [Run("See “How to bid”")]
    if spec.procedure.stages:
        return by_stage_runs(spec)
    out: list[Run] = []
    for i, d in enumerate(docs, start=1):
        out.append(Run(f"{'; ' if i > 1 else ''}{i}. "))
        out += markdown.inline(text.submission_item(spec, brief_item(d)))   # where to find a form we cannot carry
    return out


def _lower(item: str) -> str:
    first = item.split(" ", 1)[0]
    return item[:1].lower() + item[1:] if first[1:] == first[1:].lower() else item


def by_stage_runs(spec: tenderpack.Spec) -> list[Run]:
    """The documents grouped by stage: the questionnaire at the participation stage (a document that names
    that stage or a questionnaire), everything else at the stages that ask for tenders."""
    stages = spec.procedure.stages
    first = next((s for s in stages if s.type.value in ("participation", "shortlisting")), None)
    tender = [stages[i] for i in facts.tender_stages(spec) if i is not None]
    early: list[str] = []
    later: list[str] = []
    for d in spec.submission.documents:
        short = brief_item(d)
        if first is not None and re.search(rf"questionnaire|\b{re.escape(facts.stage_short(first))}\b", d, re.I):
            short = re.sub(rf"^{re.escape(facts.stage_short(first))}\s+", "", short, flags=re.I)
            early.append(short)
        else:
            later.append(short)
    out: list[Run] = []
    if first is not None:
        sent = "; ".join(_lower(x) for x in early) if early else text.STAGE_SENDS[first.type.value]
        out += [Run(f"{facts.stage_short(first)}: "), *markdown.inline(sent), Run(". ")]
    if later:
        if tender:
            out.append(Run(f"{facts.stage_names(tender)}: "))
        out += [*markdown.inline("; ".join(_lower(x) for x in later)), Run(". ")]
    return [*out, Run(f"Send through {spec.submission.portal.name}")]


def brief_item(item: str) -> str:
    """A document to send without its notes in brackets: "How to bid" lists them in full."""
    short = re.sub(r"\s*\([^()]*\)", "", item).strip()
    return short or item


# --------------------------------------------------------------------------- the facts


def term_text(term: text.Term, spec: tenderpack.Spec, none: str = "") -> str:
    """'From 1 October 2027 to 30 September 2030, with options to extend by up to 2 years'."""
    out = f"From {text.date(term.start)} to {text.date(term.end)}"
    if len(term.extensions) == 1:   # one option: no "options", no "up to"
        out += f", with one option to extend by {text.months(term.extensions[0])}"
    elif term.extensions:
        out += f", with options to extend by up to {text.months(facts.extension_months(spec, term))}"
    return out + ("" if term.extensions else none)


def contract_text(spec: tenderpack.Spec) -> str:
    shared = text.one_term(spec)
    if shared is None:   # the lots' terms differ: each lot's, lots with the same term together
        out = facts.lot_terms(spec, lambda x: term_text(x, spec, ", with no option to extend")).removesuffix(".")
        out = re.sub(r": From ", ": from ", out)
    elif text.works_form(spec) is not None:   # a completion date, not the end of a term
        out = f"Starts {text.date(shared.start)}; the works must be complete by {text.date(shared.end)}"
    else:
        out = term_text(shared, spec)
    if facts.framework(spec):
        return framework_text(spec, out)
    on = f", on the {spec.contract.name}" if spec.contract is not None else ""   # the form the spec names
    if not spec.lots.items:
        out = f"One contract{' for each of us' if facts.each_signs(spec) else ''}{on}. {out}"
    elif on:
        out = f"On the {on.removeprefix(', on the ')}. {out}"
    return out


def framework_text(spec: tenderpack.Spec, term: str) -> str:
    """The framework in brief: its kind and term, how the work is ordered, and any fee."""
    fw = spec.framework
    assert fw is not None   # asked only for a framework
    kind = "An open framework, reopened to new suppliers" if fw.type == "open" else "A closed framework"
    out = [f"{kind}. {term}."]
    ways = text.call_off_methods(spec)
    out.append(f"Work is ordered through call-off contracts, awarded {text.join(ways, last='or')}.")
    if fw.fee_percent is not None:
        out.append(f"You pay us a fee of {text.percent(fw.fee_percent)} of the value of each call-off contract you get.")
    return " ".join(out)


def questions_runs(spec: tenderpack.Spec) -> list[Run]:
    t = spec.timetable
    stages = spec.procedure.stages
    about = f" about {facts.stage_short(stages[0])}" if stages else ""
    if len(stages) > 1:
        return [*main_contact(spec), Run(f". {facts.stage_short(stages[0])} questions by "
                                         f"{text.datetime(t.clarification_deadline)}")]
    return [*main_contact(spec), Run(f". Ask{about} by {text.datetime(t.clarification_deadline)}")]


def facts_box(spec: tenderpack.Spec) -> KeyFacts:
    items: list[tuple[str, str | list[Run]]] = [("Who is buying", buyers(spec))]
    items.append(("Value", value_text(spec)))
    if spec.lots.items:
        items.append(("Lots", lots_text(spec)))
    elif winners := facts.winners_sentence(spec):
        items.append(("Suppliers" if facts.framework(spec) else "Winners", winners))
    items += [
        ("Framework" if facts.framework(spec) else "Contract", contract_text(spec)),
        ("Who can bid", who_can_bid(spec)),
        ("Deadlines" if len(spec.procedure.stages) > 1 else "Deadline", deadlines_text(spec)),
        ("What to send", what_to_send_runs(spec)),
        ("How we score", scoring_text(spec)),
        ("Payment", (text.works_payment(spec) or
                     f"{'The body that orders the work pays' if facts.framework(spec) else 'We pay'} within "
                     f"{spec.commercial.payment_days} days of a valid invoice").removesuffix(".")),
        ("Questions", questions_runs(spec)),
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
    """The dates after the box: milestones up to the first deadline, and the result.

    The question time and the deadlines are in the box above. Later stages' question
    times, milestones after the first deadline (such as "shortlisted bidders told"), the
    standstill and the signing are in "How to bid" and the calendar file."""
    first = spec.timetable.tender_deadline.date()
    rows = [[d.when_text(), d.short] for d in key_dates(spec, contract_start=False)
            if d.key not in ("questions", "deadline", "signature", "standstill-end")
            and not d.key.endswith("-questions") and not d.key.endswith("-deadline")
            and not (d.key.startswith("milestone") and d.day > first)]
    return Table.of(["Important dates (UK time)", "What happens"], rows, widths=[3, 4])
