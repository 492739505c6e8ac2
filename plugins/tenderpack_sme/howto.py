"""How to bid: two to three pages that take a small firm from "is this for me?" to a sent tender."""

from __future__ import annotations

import tenderpack
from tenderpack import ListBlock, Paragraph, Run, Section, Table, markdown, text

from . import facts, lotlines
from .dates import sends
from .glance import link, main_contact


def sections(spec: tenderpack.Spec, clauses=()) -> list[Section]:
    out = [start(spec), decide(spec, clauses), register(spec), ask(spec), answers(spec), prices(spec), sign(spec),
           send(spec)]
    if spec.procedure.stages:
        out.append(stages(spec))
    out.append(next_steps(spec))
    return out


def _step(n: int, title: str) -> str:
    return f"Step {n}: {title}"


def items(values: list[str], ordered: bool = False) -> ListBlock:
    return ListBlock([[Paragraph(markdown.inline(x))] for x in values], ordered=ordered)


def flows_down(spec: tenderpack.Spec, clauses=()) -> bool:
    """Whether the 30-day payment promise reaches subcontractors: by law, or by the draft contract (when the pack
    carries it)."""
    from .contract_form import own_clauses

    return tenderpack.law.applies(spec, "payment-flow-down") or \
        any(str(c.id).endswith("payment-flow-down") for c in own_clauses(spec, clauses))


# --------------------------------------------------------------------------- 10 start


def start(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [Paragraph.of(" ".join(x for x in (
        "This guide takes you through bidding, step by step. The forms in this folder are short: "
        "you can answer in about a day.",
        facts.we_means(spec), facts.lead_runs(spec),
        "“You” means a business, charity or social enterprise that wants to bid.") if x))]
    return Section("Before you start", blocks, order=10, key="sme-howto:start")


# --------------------------------------------------------------------------- 20 decide


def conditions_intro(spec: tenderpack.Spec) -> str:
    if facts.public(spec):
        return "To take part, you must meet the conditions of participation:"
    win = "To win a place on the framework" if facts.framework(spec) else "To win"
    return f"{win}, you must meet these conditions. We check them with your tender, with no separate step before it:"


def decide(spec: tenderpack.Spec, clauses=()) -> Section:
    c = spec.conditions
    blocks: list[tenderpack.Block] = [Paragraph.of(" ".join(facts.value_sentences(spec)))]
    lots = facts.budget_sentences(spec)
    if spec.lots.items:
        lots.append(f"There are {facts.count(len(spec.lots.items))} lots. "
                    + (lotlines.bid_cap(spec) or "You can bid for one lot or more."))
        lots += lotlines.reserved(spec)
        if spec.lots.max_per_supplier:
            n = spec.lots.max_per_supplier
            place = " a place on" if facts.framework(spec) else ""
            lots.append(f"One supplier can win{place} at most {facts.count(n)} {facts.plural(n, 'lot')}.")
    if winners := facts.winners_sentence(spec):
        lots.append(winners)
    if lots:
        blocks.append(Paragraph.of(" ".join(lots)))
    conditions = [*c.legal, *c.financial, *c.technical]
    if conditions:
        blocks += [Paragraph.of(conditions_intro(spec)), items(conditions)]
    for lot in spec.lots.items:
        if lot.conditions:
            blocks += [Paragraph.of(f"If you bid for lot {lot.number}, you must also meet "
                                    f"{'this condition' if len(lot.conditions) == 1 else 'these conditions'}:"),
                       items(lot.conditions)]
    need = ["We do not ask for audited accounts." if not c.audited_accounts_required else "We ask for audited accounts."]
    need.append("We do not ask for a minimum turnover." if c.minimum_turnover is None
                else f"You need a turnover of at least {text.money(c.minimum_turnover)} a year.")
    need.append("The form of tender asks whether any exclusion ground applies to you, and what you have done about it.")
    blocks.append(Paragraph.of(" ".join(need)))
    win = (insurance(spec) if c.insurance else []) + requirements(spec, also=bool(c.insurance))
    if win:
        blocks.append(Paragraph.of(" ".join(win)))
    if spec.attachments:
        blocks.append(Paragraph.of("Read our own documents in the folder “attachments” of the pack as well."))
    blocks.append(Paragraph.of(" ".join(together(spec, clauses))))
    return Section(_step(1, "decide whether to bid"), blocks, order=20, key="sme-howto:decide")


def insurance(spec: tenderpack.Spec) -> list[str]:
    """'You do not need insurance to bid. If you win, you must show ... when we award the contract.'"""
    out = ["You do not need insurance to bid."]
    contract = facts.the_award(spec)
    starts = "start" if facts.each_signs(spec) and not facts.framework(spec) else "starts"
    for when, words in (("award", f"when we award {contract}"), ("contract_start", f"before {contract} {starts}")):
        found = [f"{i.type[0].lower() + i.type[1:]} insurance of {text.money(i.amount)}"
                 for i in spec.conditions.insurance if i.when == when]
        if found:
            lead = f"{facts.if_you_win(spec)}, you must show" if len(out) == 1 else "You must also show"
            out.append(f"{lead} {text.join(found)}, {words}.")
    return out


def requirements(spec: tenderpack.Spec, also: bool = False) -> list[str]:
    """Where the fixed requirements are, naming the lots that have their own; which lots the outcomes are for."""
    out: list[str] = []
    own = [lot.number for lot in spec.lots.items if lot.requirements]
    if spec.requirements or own:
        out.append("You must meet the fixed requirements in the invitation to tender as well." if also
                   else f"{facts.if_you_win(spec)}, you must meet the fixed requirements in the invitation to tender.")
        if own:
            place = " a place on" if facts.framework(spec) else ""
            out.append(f"{facts.lot_names(own).capitalize()} {'has its' if len(own) == 1 else 'have their'} own "
                       f"requirements, which apply only if you win{place} that lot.")
    if spec.outcomes:
        lots = facts.outcome_lots(spec)
        out.append(f"The “Outcome specification” sets out the outcomes we want{f', for {facts.lot_names(lots)} only' if lots else ''}.")
    return [x for x in out if x]


# --------------------------------------------------------------------------- 30 register


def register(spec: tenderpack.Spec) -> Section:
    portal = spec.submission.portal
    cdp = (" You must also register on the central digital platform. "
           "Share your core supplier information there before you send anything.") \
        if tenderpack.law.applies(spec, "central-digital-platform") else ""
    blocks: list[tenderpack.Block] = [
        Paragraph([Run("Register on "), link(portal.name, portal.url),
                   Run(". Everything about this tender happens there. "
                       f"Search for {spec.reference} and download the pack.{cdp}")])]
    return Section(_step(2, "register"), blocks, order=30, key="sme-howto:register")


# --------------------------------------------------------------------------- 40 ask


def stage_question_time(spec: tenderpack.Spec, i: int) -> str:
    """When questions in stage ``i`` close, or how to ask when the spec does not say (tenderpack.text)."""
    return text.stage_question_time(spec, i)


def ask(spec: tenderpack.Spec) -> Section:
    portal = spec.submission.portal
    if spec.procedure.stages:
        when = ". Each stage has its own last time to ask: “A tender in stages” below gives them. "
    else:
        when = f". The last time to ask is {text.datetime(spec.timetable.clarification_deadline)}. "
    blocks: list[tenderpack.Block] = [
        Paragraph([Run("Ask us anything through "), link(portal.name, portal.url), Run(when),
                   Run("If the portal does not work for you, contact "), *main_contact(spec),
                   Run(". We share questions about the tender, and our answers, with all bidders. "
                       "We do not say who asked.")])]
    return Section(_step(3, "ask questions"), blocks, order=40, key="sme-howto:ask")


# --------------------------------------------------------------------------- 50 answers


def _weight(spec: tenderpack.Spec, c) -> str:
    """'25%'; when the question is for some lots only, or the lots weigh it differently, its weight in each
    lot it is for: '25% lot 1', '15% lot 1; 30% lot 2'."""
    lots = facts.criterion_lots(spec, c)
    by_lot = {lot.number: facts.lot_weight(lot, c) for lot in lots}
    if len(set(by_lot.values())) > 1 or len(lots) < len(spec.lots.items):
        return "; ".join(f"{text.percent(w) if w is not None else f'Rank {c.rank}'} lot {n}"
                         for n, w in by_lot.items())
    weight = next(iter(by_lot.values())) if by_lot else c.weight
    return text.percent(weight) if weight is not None else f"Rank {c.rank}"


def answers(spec: tenderpack.Spec) -> Section:
    """Every written question, with when it is sent, its limit and its weight, in one table."""
    rows = []
    staged = False
    for stage in spec.procedure.stages:
        for q in stage.questions:
            staged = True
            weight = "Pass or fail" if q.pass_fail else (
                f"{text.percent(q.weight)} of {facts.stage_short(stage)}" if q.weight is not None else "Scored")
            rows.append([f"{q.id}: {facts.stage_short(stage)} question", facts.stage_short(stage),
                         f"{text.number(q.word_limit, 0)} words" if q.word_limit else "No limit", weight])
    first, final = facts.tender_stages(spec)
    tender_when = facts.stage_names([spec.procedure.stages[i] for i in (first, final) if i is not None]) \
        or "With your tender"
    for c in spec.award.criteria:
        if c.type.value == "quality":
            limit = f"{text.number(c.word_limit, 0)} words" if c.word_limit else "No limit"
        elif c.type.value == "social_value" and spec.social_value:
            limit = f"{text.number(spec.social_value.character_limit, 0)} characters"
        else:
            continue
        rows.append([f"{c.id}: {c.name}", tender_when, limit, _weight(spec, c)])
    n = len(rows)
    if facts.lots_with_fewer_questions(spec):
        lead = [f"The “Response form” has {facts.count(n)} written {facts.plural(n, 'question')}. "
                "Type straight into the boxes.", *facts.questions_by_lot(spec)]
    else:
        lead = [f"Answer the {facts.count(n)} written {facts.plural(n, 'question')} in the “Response form”. "
                "Type straight into the boxes.", *facts.questions_by_lot(spec)]
    if staged:
        lead.append("The stage 1 answers decide who goes on." if spec.procedure.stages[0].questions
                    else "The earlier answers decide who goes on.")
    blocks: list[tenderpack.Block] = [Paragraph.of(" ".join(lead))]
    if rows:
        header = ["Question", "When", "Limit", "Weight"] if spec.procedure.stages else ["Question", "Limit", "Weight"]
        if not spec.procedure.stages:
            rows = [[r[0], r[2], r[3]] for r in rows]
        blocks.append(Table.of(header, rows, widths=[8, 4, 4, 5] if spec.procedure.stages else [5, 2, 1]))
    advice = ["Keep to each limit. We do not read past it.",
              "Answer the question asked. Give real examples, numbers and dates: they score better than promises."]
    if rules := facts.minimum_rules(spec):
        advice += [*rules, "The “Response form” gives each rule beside its question."]
    blocks.append(Paragraph.of(" ".join(advice)))
    return Section(_step(4, "write your answers"), blocks, order=50, key="sme-howto:answers")


# --------------------------------------------------------------------------- 60 prices


def prices(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = []
    rated = spec.pricing.rated   # an adjustment to our rates, rates on a card or a fee, evaluated on a basket or base
    same = "prices"
    if rated:
        sections = " for each section of the schedule" if spec.pricing.adjusted.per == "section" else ""
        each = (" in each lot you bid for" if sections else " for each lot you bid for") if spec.lots.items else ""
        line = {"schedule_of_rates": f"Give one percentage adjustment to our rates{sections}{each}. It applies to "
                                     "every rate in the schedule of rates.",
                "rate_card": "Give your rate for one unit of each line, in pounds, excluding VAT.",
                "percentage_fee": f"Give your fee as a percentage{each}."}[spec.pricing.kind]
        if spec.lots.items and spec.pricing.kind == "rate_card":
            line += " Price only the lots you bid for."
    elif spec.pricing.items:
        line = "Give a price for one unit of each line, in pounds, excluding VAT."
        if spec.lots.items:
            line += " Price only the lots you bid for."
    elif works := text.works_price(spec):   # the form prices the whole of the works: one total, not years
        line, same = " ".join(works), "price"
    else:
        line = f"Give one price for each year of {facts.the_award(spec)}, in pounds, excluding VAT."
        if facts.extended(spec):
            line += " Price the extension years too."
    lowest = "the lowest evaluated price" if rated else "the lowest price"
    each = f"in each lot, {lowest}" if spec.lots.items else lowest
    scoring = ["Fill in the “Price form”, or the pricing schedule spreadsheet if you prefer. "
               f"Both ask for the same {same}. {line}",
               f"Scoring: {each} gets full marks; others score in proportion."]
    if "outcome_payments" in facts.features(spec):
        lots = facts.paid_outcome_lots(spec)
        where = f"For {facts.lot_names(lots)}, part" if lots else "Part"
        scoring.append(f"{where} of what we pay depends on results. The “Outcome specification” explains how.")
    blocks.append(Paragraph.of(" ".join(scoring)))
    return Section(_step(5, "give your prices"), blocks, order=60, key="sme-howto:prices")


# --------------------------------------------------------------------------- 70 sign


def sign(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [
        Paragraph.of("Fill in and sign the “Form of tender and declarations”. It holds your offer and your "
                     "declarations about fair bidding, exclusion and conflicts of interest. "
                     "Someone who can commit your organisation must sign it. "
                     "If you bid as a group, each member signs.")]
    return Section(_step(6, "sign the form of tender"), blocks, order=70, key="sme-howto:sign")


# --------------------------------------------------------------------------- 80 send


def validity(spec: tenderpack.Spec) -> str:
    """How long a tender stays open: counted from the final deadline."""
    n = spec.submission.validity_days
    return (f"Your tender must stay open for {n} days after {text.final_deadline_name(spec)}: "
            f"until {text.date(text.validity_end(spec))}.")


def send(spec: tenderpack.Spec) -> Section:
    s = spec.submission
    if spec.procedure.stages:
        blocks: list[tenderpack.Block] = [
            Paragraph([Run("Send what each stage asks for through "), link(s.portal.name, s.portal.url),
                       Run(", by that stage's deadline. “A tender in stages” below gives the deadlines.")])]
    else:
        blocks = [Paragraph([Run("Send everything through "), link(s.portal.name, s.portal.url),
                             Run(f" by {text.datetime(spec.timetable.tender_deadline)}.")])]
    runs: list[Run] = []
    if s.documents:
        runs.append(Run("Send: "))
        for i, d in enumerate(s.documents, start=1):
            runs += [Run(f"{'; ' if i > 1 else ''}{i}. "), *markdown.inline(text.submission_item(spec, d))]
        runs.append(Run(". "))
    blocks.append(Paragraph([*runs, Run(f"We cannot accept anything late. Leave time for the upload. {validity(spec)}")]))
    return Section(_step(7, "send your tender"), blocks, order=80, key="sme-howto:send")


# --------------------------------------------------------------------------- 85 stages


def stages(spec: tenderpack.Spec) -> Section:
    rows = []
    for i, stage in enumerate(spec.procedure.stages):
        deadline = text.stage_deadline(spec, i)
        if deadline:
            what = f"Send {sends(stage)} by {text.datetime(deadline)}"
        elif stage.starts and stage.ends:
            what = f"From {text.date(stage.starts)} to {text.date(stage.ends)}"
        else:
            what = "We tell you the dates"
        rows.append([stage.name, what, stage_question_time(spec, i)])
    intro = []
    shortlist = next((s for s in spec.procedure.stages if s.shortlist_size), None)
    if shortlist and (n := shortlist.shortlist_size):
        if lotlines.shortlists(spec, shortlist) is None:
            intro.append(f"After {facts.stage_short(shortlist).lower()}, we invite up to "
                         f"{facts.count(n)} {facts.plural(n, 'bidder')} to go on.")
        else:
            intro.append(f"After {facts.stage_short(shortlist).lower()}, we invite bidders to go on, lot by lot: "
                         f"{lotlines.invited(spec, shortlist)}.")
    blocks: list[tenderpack.Block] = [
        *([Paragraph.of(" ".join(intro))] if intro else []),
        Table.of(["Stage", "What you do", "Last time to ask questions"], rows, widths=[3, 4, 3])]
    return Section("A tender in stages", blocks, order=85, key="sme-howto:stages")


# --------------------------------------------------------------------------- 90 next


def phases(spec: tenderpack.Spec) -> list[str]:
    """The research and development phases, named as their lots' own: how many suppliers take part in each,
    the seed funding where the spec gives it, and what a go/no-go decision not to go on means (as the draft
    contract's clause on ending the contract says)."""
    found = spec.procedure.innovation_phases
    if not found:
        return []
    lots = facts.phase_lots(spec)
    who = facts.lot_names(lots).capitalize() if lots else (
        "Each contract" if facts.each_signs(spec) or spec.lots.items else "The contract")
    out = [f"{who} starts with research and development phases."]
    for p in found:
        n, name = p.suppliers, facts.stage_short(p)
        many = f"Up to {facts.count(n)} suppliers" if n > 1 else "One supplier"
        if p.seed_funding is not None:
            out.append(f"{many} {'take' if n > 1 else 'takes'} part in {name}, "
                       f"each with seed funding of {text.money(p.seed_funding)}.")
        else:
            out.append(f"{many} {'run' if n > 1 else 'runs'} {name}.")
    gated = [facts.stage_short(p) for p in found[:-1]]   # the draft contract: a decision ends each phase but the last
    if gated and "go_no_go" in facts.features(spec):
        yours = facts.the_contract(spec).replace("the ", "your ", 1)
        if lots:
            yours = yours.replace("your ", f"your {facts.lot_names(lots)} ", 1)
        ends = "end" if facts.each_signs(spec) else "ends"
        out.append(f"{text.join(gated)} {'ends' if len(gated) == 1 else 'each end'} with a go/no-go decision. "
                   f"If we decide not to go on with you, {yours} {ends} at the end of that phase. "
                   "We pay for the work done in it"
                   + (", including any seed funding due." if "seed_funding" in facts.features(spec) else "."))
    return out


def start_sentence(spec: tenderpack.Spec) -> str:
    """'The contracts start on 1 October 2027.'; when lots start on days of their own, each lot's: 'The contract
    for lot 1 starts on 1 October 2027. The contract for lot 2 starts on 1 April 2028.'"""
    days: dict = {}
    for x, numbers in text.terms(spec):
        days.setdefault(x.start, []).extend(numbers)
    if len(days) == 1:
        return (f"{facts.the_award(spec, capital=True)} "
                f"{'start' if facts.each_signs(spec) and not facts.framework(spec) else 'starts'} "
                f"on {text.date(next(iter(days)))}.")
    out = []
    for day, numbers in sorted(days.items()):
        what = facts.contract_for(spec, numbers)
        out.append(f"{what.capitalize()} {'start' if what.startswith('the contracts') else 'starts'} on {text.date(day)}.")
    return " ".join(out)


def next_steps(spec: tenderpack.Spec) -> Section:
    t = spec.timetable
    contract = facts.the_contract(spec)
    result = [f"We plan to tell every bidder the result on {text.date(t.award, weekday=True)}."]
    if facts.public(spec):
        theirs = "the scores of the suppliers we appoint" if facts.framework(spec) else "the winning scores"
        result.append(f"Your assessment summary gives your scores, {theirs} and our reasons.")
    signing: list[str] = result
    # The Act's standstill, or one the buyer keeps by choice (light-touch services: s.51(3), check).
    if tenderpack.law.applies(spec, "standstill") or t.standstill_end:
        if t.standstill_end:
            signing.append(f"A standstill period follows, until {text.date(t.standstill_end, weekday=True)}. "
                           f"We can sign {contract} from {text.date(text.signing_from(spec), weekday=True)}.")
        else:
            signing.append(f"A standstill period of {facts.count(facts.standstill_days())} working days follows. "
                           f"It starts on the day we publish the award notice. We sign {contract} only after it ends.")
    if t.contract_signature:
        signing.append(f"We plan to sign {contract} on {text.date(t.contract_signature, weekday=True)}.")
    blocks: list[tenderpack.Block] = [Paragraph.of(" ".join(signing))]
    starts = [facts.who_signs(spec) if not facts.shares_said(spec) else "", start_sentence(spec)]
    blocks.append(Paragraph.of(" ".join(x for x in starts if x)))
    if said := phases(spec):
        blocks.append(Paragraph.of(" ".join(said)))
    return Section("What happens next", blocks, order=90, key="sme-howto:next")


# --------------------------------------------------------------------------- bidding with others


def together(spec: tenderpack.Spec, clauses=()) -> list[str]:
    """Bidding with others: consortia, subcontractors, the firms you rely on, and paying subcontractors."""
    out = ["You can bid as a group of firms (a consortium), or use subcontractors. "
           "The form of tender asks who does what.",
           "If you rely on another firm to meet a condition, we check the exclusion grounds for it too."]
    if flows_down(spec, clauses):
        out.append("You must pay your subcontractors within 30 days of a valid invoice.")
    # Said here, beside what you must pay others: How to bid stays within three pages.
    if facts.framework(spec):
        out.append(f"Under each call-off contract, the body that orders the work pays every valid invoice within "
                   f"{spec.commercial.payment_days} days.")
    elif works := text.works_payment(spec):   # an NEC4 or JCT works form pays as the form says
        out.append(f"If you win, {works[:1].lower()}{works[1:]}")
    else:
        out.append(f"If you win, we pay every valid invoice within {spec.commercial.payment_days} days.")
    return out
