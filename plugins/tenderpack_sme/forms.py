"""The short forms of the SME pack: the response form, the price form and the form of tender.

Each is a normal document with empty boxes (answer paragraphs) to type into, so the Word
file is the form. Other plugins add their parts: the social value plugin its question in
the response form, the standard plugin the priced lines in the price form.

Every form speaks as the rest of the pack does: "we" are the buyers, "you" the supplier.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Run, Section, Table, markdown, text

from . import facts
from .glance import link


def md(value: str | None) -> list[tenderpack.Block]:
    return markdown.parse(value) if value else []


def answer_box(label: str) -> list[Paragraph]:
    """A bold label, then an empty box to type the answer in."""
    return [Paragraph([Run(label, bold=True)]), Paragraph([], role="answer")]


def limited_box(limit: str) -> list[Paragraph]:
    return answer_box(f"Your answer (no more than {limit})")


def details_table(spec: tenderpack.Spec) -> Table:
    rows = [["Organisation name", ""], ["Contact name", ""], ["Email", ""], ["Telephone", ""]]
    if spec.lots.items:
        rows.append(["Lots you bid for", ""])
    return Table.of(["Your details", ""], rows, widths=[2, 5])


def stage_name(spec: tenderpack.Spec, index: int | None) -> str | None:
    return spec.procedure.stages[index].name if index is not None else None


def when_to_send(spec: tenderpack.Spec, what: str = "the form", them: bool = False) -> list[Paragraph]:
    """When a form is due: the tender deadline, or the deadlines of the stages that ask for tenders."""
    portal = spec.submission.portal
    first, final = facts.tender_stages(spec)
    if first is None:
        return [Paragraph([Run(f"Send {what} through "), link(portal.name, portal.url),
                           Run(f" by {text.datetime(spec.timetable.tender_deadline)}.")])]
    due = text.stage_deadline(spec, first)
    out = [Paragraph([Run(f"Send {what} with your tender at {stage_name(spec, first)}, through "),
                      link(portal.name, portal.url), Run(f", by {text.datetime(due)}." if due else ".")])]
    if final is not None:
        due = text.stage_deadline(spec, final)
        out.append(Paragraph.of(f"Send {'them' if them else 'it'} again, updated if you wish, with your final tender at "
                                f"{stage_name(spec, final)}"
                                + (f", by {text.datetime(due)}." if due else ".")))
    return out


def quality_questions(spec: tenderpack.Spec) -> list:
    return [c for c in spec.award.criteria if c.type.value == "quality"]


def word_limit(criterion) -> str:
    return f"{text.number(criterion.word_limit, 0)} words" if criterion.word_limit else "500 words (our suggestion)"


def questions_count(spec: tenderpack.Spec) -> int:
    sv = [c for c in spec.award.criteria if c.type.value == "social_value"] if spec.social_value else []
    return len(quality_questions(spec)) + len(sv)


def scale_range(spec: tenderpack.Spec) -> tuple[int, int]:
    scores = [level.score for level in spec.award.scale] or [0, 5]
    return min(scores), max(scores)


# --------------------------------------------------------------------------- response form


criterion_lots = facts.criterion_lots


def weight_text(spec: tenderpack.Spec, criterion) -> str | None:
    """'Weight: 25%.', or each lot's own weight when the lots differ."""
    lots = criterion_lots(spec, criterion)
    by_lot = {lot.number: facts.lot_weight(lot, criterion) for lot in lots}
    found = set(by_lot.values())
    if lots and len(found) > 1:
        parts = [f"{text.percent(w)} for lot {n}" for n, w in by_lot.items() if w is not None]
        return f"Weight: {text.join(parts)}."
    weight = next(iter(found)) if lots else criterion.weight
    if weight is not None:
        return f"Weight: {text.percent(weight)}."
    if criterion.rank is not None:
        return f"Rank: {criterion.rank} in order of importance."
    return None


def rules_beside(spec: tenderpack.Spec, criterion) -> list[tenderpack.Block]:
    """The question's weight, its lots, and each rule that means we reject the tender."""
    lots = criterion_lots(spec, criterion)
    facts_: list[str] = []
    if spec.lots.items and len(lots) < len(spec.lots.items):
        facts_.append(f"Answer this only if you bid for {facts.lot_names([lot.number for lot in lots])}.")
    if weight := weight_text(spec, criterion):
        facts_.append(weight)
    if criterion.minimum_score is not None:
        facts_.append(f"If you score below {criterion.minimum_score} on this question, we reject your tender.")
    out: list[tenderpack.Block] = [Paragraph.of(" ".join(facts_))] if facts_ else []
    if criterion.disqualifies:
        out.append(Paragraph.of("We also reject your tender for this:"))
        out += md(criterion.disqualifies)
    return out


def stage_sections(spec: tenderpack.Spec) -> list[Section]:
    """The questions of each stage that has a questionnaire, with the stage's own deadline."""
    out = []
    portal = spec.submission.portal
    low, high = scale_range(spec)
    for i, stage in enumerate(spec.procedure.stages):
        if not stage.questions:
            continue
        due = text.stage_deadline(spec, i)
        blocks: list[tenderpack.Block] = [
            Paragraph([Run(f"Send these answers at {stage.name}, through "), link(portal.name, portal.url),
                       Run(f", by {text.datetime(due)}." if due else ".")]),
            Paragraph.of("Your answers decide who goes on to the next stage.")]
        for q in stage.questions:
            limit = f"{text.number(q.word_limit, 0)} words" if q.word_limit else "500 words (our suggestion)"
            blocks.append(Heading(f"{q.id}: {facts.stage_short(stage)} question (no more than {limit})", level=2))
            rule: list[str] = []
            if q.pass_fail:
                rule.append("We mark this answer pass or fail. If it fails, you do not go on to the next stage.")
            else:
                rule.append(f"We score this answer from {low} to {high}.")
                if q.weight is not None:
                    rule.append(f"Weight: {text.percent(q.weight)} of the {facts.stage_short(stage)} score.")
                if q.minimum_score is not None:
                    rule.append(f"If you score below {q.minimum_score}, you do not go on to the next stage.")
            blocks.append(Paragraph.of(" ".join(rule)))
            blocks += md(q.question)
            blocks += md(q.guidance)
            blocks.extend(limited_box(limit))
        out.append(Section(f"{stage.name}: questions", blocks, order=20 + i, key=f"sme-form:stage-{i + 1}"))
    return out


def response_form(spec: tenderpack.Spec) -> list[Section]:
    n = questions_count(spec)
    staged = sum(len(s.questions) for s in spec.procedure.stages)
    low, high = scale_range(spec)
    if staged:
        count = (f"This form has {facts.count(staged + n)} questions: {facts.count(staged)} for the earlier "
                 f"{'stage' if sum(1 for s in spec.procedure.stages if s.questions) == 1 else 'stages'} "
                 f"and {facts.count(n)} for your tender.")
    else:
        count = f"This form has {facts.count(n)} {facts.plural(n, 'question')}."
    intro: list[tenderpack.Block] = [
        Paragraph.of(f"{count} Type each answer in the box below it. {facts.we_means(spec)}"),
        *[Paragraph.of(x) for x in [" ".join(facts.questions_by_lot(spec))] if x],
        Paragraph.of("The limit is printed beside each question. We do not read past it."),
        Paragraph.of(f"We score each answer on its own, from {low} to {high}. "
                     "The “Evaluation and award methodology” explains the scores."),
        Paragraph.of("Any rule that means we reject a tender is printed beside its question."),
        details_table(spec),
    ]
    blocks: list[tenderpack.Block] = []
    if n:
        what = ("these answers and your social value answer" if spec.social_value
                else "your answers to these questions")
        blocks += when_to_send(spec, what, them=True)
    for c in quality_questions(spec):
        blocks.append(Heading(f"{c.id}: {c.name} (no more than {word_limit(c)})", level=2))
        blocks += rules_beside(spec, c)
        blocks += md(c.question) or [Paragraph.of(f"Tell us about {c.name.lower()}.")]
        blocks += md(c.guidance)
        blocks.extend(limited_box(word_limit(c)))
    out = [Section("How to use this form", intro, order=10, key="sme-form:intro"), *stage_sections(spec)]
    if blocks:
        out.append(Section("Quality questions" if quality_questions(spec) else "Your tender", blocks,
                           order=40, key="sme-form:quality"))
    every = ("You have answered every question for the lots you bid for."
             if facts.lots_with_fewer_questions(spec) else "You have answered every question.")
    checks = [every, "Each answer is within its limit.",
              "You have filled in “Your details”."]
    checks.append("With your tender, you have filled in the price form and signed the form of tender."
                  if staged else "You have filled in the price form and signed the form of tender.")
    out.append(Section("Before you send", [ListBlock.of(*checks)], order=90, key="sme-form:check"))
    return out


# --------------------------------------------------------------------------- price form


def estimates(spec: tenderpack.Spec) -> str:
    """What the quantities are for, and who pays for what is ordered: "we"; for a framework, the body that awards
    each call-off contract (never "we", the framework's lead buyer)."""
    if text.is_framework(spec):
        who = text.call_off_we(spec)
        pays = ("The body that awards each call-off contract pays for what it orders." if who.startswith("the body ")
                else f"Under each call-off contract, {who} pays for what it orders.")
        return f"Quantities are our estimates. We use them to compare tenders. {pays}"
    return "Quantities are our estimates. We use them to compare tenders, and pay for what we order."


def rated_form(spec: tenderpack.Spec) -> tuple[list[tenderpack.Block], str, str]:
    """How to fill in the price form when bidders give an adjustment to our rates, rates on a card or a fee: what
    to write, what we compare, and that the basket (or notional base) is no promise. Also what the spreadsheet asks
    for, and what it counts when a box is left empty."""
    p = spec.pricing
    each = ", for each lot you bid for" if spec.lots.items else ""
    promise = ("They are not a promise that any work will be ordered." if facts.framework(spec)
               else "They are not a promise to order any work.")
    if p.kind == "schedule_of_rates":
        schedule = p.schedule
        assert schedule is not None   # the spec requires it with this model
        name = schedule.title if schedule.title.lower().startswith("the ") else f"the {schedule.title}"
        sections = p.adjusted.per == "section"
        which = " for each section of the schedule" if sections else ""
        where = (" in each lot you bid for" if sections else " for each lot you bid for") if spec.lots.items else ""
        said = [f"Give one adjustment to our rates, in percent{',' if which or where else ''}{which}{where}. Our rates "
                f"are those of {name}."]
        if schedule.attachment:
            said.append(f"It is attached to this pack as “{schedule.attachment}”.")
        elif schedule.available_from:
            said.append(f"You can read it on {schedule.available_from.rstrip('.')}.")
        said.append(("Your adjustment for a section applies to every rate in that section." if sections else
                     "Your adjustment applies to every rate in the schedule."))
        meaning = "Write -5 for 5% below our rates, 3 for 3% above them, or 0 for our rates."
        low, high = p.adjusted.minimum, p.adjusted.maximum
        if low is not None and high is not None:
            meaning += f" Your adjustment must be between {text.percent(low)} and {text.percent(high)}."
        elif low is not None:
            meaning += f" Your adjustment must be {text.percent(low)} or more."
        elif high is not None:
            meaning += f" Your adjustment must be {text.percent(high)} or less."
        blocks: list[tenderpack.Block] = [Paragraph.of(" ".join(said)), Paragraph.of(meaning),
                                          Paragraph.of("We compare tenders on a basket of typical work. The tables "
                                                       f"below show it, at our rates. Its quantities are only for "
                                                       f"comparing tenders. {promise}")]
        # The spreadsheet shows no price for an empty adjustment (tenderpack_standard's pricing schedule).
        which = "adjustments" if sections else "adjustment"
        empty = (f"Leave the {which} empty for a lot you do not bid for: the sheet then shows no price. "
                 "To bid at our rates, type 0." if spec.lots.items else
                 f"It shows no price until you type {'every' if sections else 'your'} adjustment. To bid at our "
                 "rates, type 0.")
        return blocks, "the same adjustment", empty
    if p.kind == "rate_card":
        blocks = [Paragraph.of("Give your rate for one unit of each line, in pounds, excluding VAT. "
                               "Multiply it by the basket quantity to get the line total."),
                  Paragraph.of(f"Basket quantities are notional. We use them only to compare tenders. {promise}"),
                  Paragraph.of("Give a rate for every line" + (" of each lot you bid for" if spec.lots.items else "")
                               + ". Write 0 if a line costs you nothing. Do not type a negative number.")]
        return blocks, "the same rates", "It counts an empty line as 0."
    spend = "what will be spent under the call-off contracts" if facts.framework(spec) else "what we will spend"
    blocks = [Paragraph.of(f"Give your fee as a percentage{each}. The table below says what it is a percentage of."),
              Paragraph.of("We compare tenders on a notional base: your evaluated price is the base × your fee ÷ 100. "
                           f"The base is only for comparing tenders. It is not a promise of {spend}.")]
    return blocks, "the same fee", "It counts an empty fee as 0."


def price_form(spec: tenderpack.Spec) -> list[Section]:
    if spec.pricing.rated:
        said, same, empty = rated_form(spec)
        if spec.lots.items:
            said.append(Paragraph.of("Fill in the table for each lot you bid for. Leave the other lots empty."))
        said += [
            Paragraph.of(f"The pricing schedule spreadsheet asks for {same} and works out your evaluated price for "
                         f"you. {empty} Send one or the other. If you send both, the spreadsheet counts. "
                         f"{facts.we_means(spec)}"),
            *when_to_send(spec, "your prices", them=True),
            Table.of(["Your details", ""], [["Organisation name", ""]], widths=[2, 5]),
        ]
        return [Section("How to fill in this form", said, order=10, key="sme-price:intro")]
    works = [] if spec.pricing.items else text.works_price(spec)   # the form prices the whole of the works
    if spec.pricing.items:
        blocks: list[tenderpack.Block] = [Paragraph.of("Give your price for one unit of each line, in pounds, excluding VAT. "
                               "Multiply it by the quantity to get the line total.")]
        if spec.lots.items:
            blocks.append(Paragraph.of("Fill in the table for each lot you bid for. Leave the other lots empty."))
        blocks += [
            Paragraph.of(estimates(spec)),
            Paragraph.of("Give a price for every line" + (" of each lot you bid for" if spec.lots.items else "")
                         + ". Write 0 if a line costs you nothing. Do not type a negative number."),
        ]
        empty = "It counts an empty line as 0."
    elif works:   # one total, not a price for each year
        scored = any(c.type.value == "price" for c in spec.award.criteria)
        each = " Fill in the table for each lot you bid for." if spec.lots.items else ""
        blocks = [Paragraph.of(" ".join(works + (["We score this total."] if scored else [])) + each),
                  Paragraph.of("Do not type a negative number.")]
        empty = "It counts an empty price as 0."
    else:
        years = f"each year of {facts.the_award(spec)}" + (", and each extension year" if facts.extended(spec) else "")
        blocks = [Paragraph.of(f"Give your price for {years}, in pounds, excluding VAT. "
                               "Each price covers all the work in that year. Add them up to get the total."),
                  Paragraph.of("Give a price for every year. Write 0 if a year costs you nothing. "
                               "Do not type a negative number.")]
        empty = "It counts an empty year as 0."
    same = "price" if works else "prices and adds them up for you"
    blocks += [
        Paragraph.of(f"The pricing schedule spreadsheet asks for the same {same}. {empty} "
                     f"Send one or the other. If you send both, the spreadsheet counts. {facts.we_means(spec)}"),
        *when_to_send(spec, "your prices", them=True),
        Table.of(["Your details", ""], [["Organisation name", ""]], widths=[2, 5]),
    ]
    return [Section("How to fill in this form", blocks, order=10, key="sme-price:intro")]


# --------------------------------------------------------------------------- form of tender


def signatories(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """Who signs for each authority (a table), or for the one buyer (a sentence)."""
    if not facts.joint(spec):
        a = spec.buyer.lead
        signed = facts.the_contract(spec)
        who = f"The {a.signatory} signs {signed} for {a.name}." if a.signatory \
            else f"{a.name} will tell you who signs {signed} for it."
        return [Paragraph.of(who)]
    rows = [[a.name, "Lead authority" if a is spec.buyer.lead else "Participating authority",
             a.signatory or "To be confirmed"] for a in spec.authorities]
    heading = "Who signs its own contract" if facts.each_signs(spec) else f"Who signs {facts.the_contract(spec)}"
    signs = facts.who_signs(spec)
    assert signs is not None   # facts.joint: it says how the contract is signed
    return [Table.of(["Authority", "Role", heading], rows, caption="Who signs for each authority", widths=[3, 2, 3]),
            Paragraph.of(signs)]


def offer(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    lots = spec.lots.items
    contract = "a contract on these terms with each of us" if facts.each_signs(spec) else "the contract on these terms"
    offered = f"You offer to provide “{spec.title}”"
    signs = f"If you win, you will sign {contract}."
    if facts.framework(spec):
        offered = f"You offer to join “{spec.title}”"
        terms = "the terms of the template" if spec.contract is None else "those terms"   # a form: named just before
        signs = (f"{facts.if_you_win(spec)}, you will sign the framework agreement. You will do the work of each "
                 f"call-off contract you get under it, on {terms}.")
    blocks: list[tenderpack.Block] = [
        Paragraph.of(offered + (", for the lots you name below." if lots else ".")),
        Paragraph.of("Your prices are those in your price form or pricing schedule."),
        Paragraph.of(" ".join(x for x in accepted_terms(spec, facts.contract_description(spec)) if x)),
        Paragraph.of(signs),
        Paragraph.of(f"Your tender stays open for {spec.submission.validity_days} days after "
                     f"{text.final_deadline_name(spec)}: until {text.date(text.validity_end(spec))}. "
                     "We can accept it at any time in that period."),
    ]
    if lots:
        blocks.append(Table.of(["Lot", "You bid for this lot (yes or no)"],
                               [[f"Lot {lot.number}: {lot.title}", ""] for lot in lots], widths=[5, 2]))
    return blocks


def accepted_terms(spec: tenderpack.Spec, described: str | None = None) -> list[str | None]:
    """The terms a bidder accepts: the pack's draft contract, or (when the terms may be negotiated) the draft
    contract as issued with the invitation to send final tenders; then what kind of contract it is."""
    if facts.framework(spec):   # the terms of the framework, and of each call-off contract under it
        described = described.replace("It is ", "Each call-off contract is ", 1) if described else None
        if spec.contract is not None:   # each call-off on an NEC4 or JCT form, with our part of it
            from .contract_form import accepted

            talks = facts.negotiated(spec)
            return [accepted(spec), described,
                    f"Our part of the contract may change through {talks} before final tenders." if talks else None]
        if talks := facts.negotiated(spec):
            return ["You accept the terms of the framework agreement and of the call-off contract template as issued "
                    "with the invitation to send final tenders.", described,
                    f"The “Framework agreement” and the “Call-off contract (template)” in this pack may change through "
                    f"{talks} before then."]
        return ["You accept the terms of the “Framework agreement” and of the “Call-off contract (template)” in this "
                "pack.", described]
    if spec.contract is not None:   # the form the spec names: the draft contract is not in the pack
        from .contract_form import accepted

        talks = facts.negotiated(spec)
        return [accepted(spec), described,
                f"Our part of the contract may change through {talks} before final tenders." if talks else None]
    if talks := facts.negotiated(spec):
        return ["You accept the terms of the draft contract as issued with the invitation to send final tenders.",
                described, f"The “Draft contract” in this pack may change through {talks} before then."]
    return ["You accept the terms of the “Draft contract” in this pack.", described]


def exclusion(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The exclusion declaration: its own part, separate from the conditions of participation.

    The bidder says whether any exclusion ground, mandatory or discretionary, applies to it or to the
    people it answers for, and if so what it has done so it will not happen again (self-cleaning): a
    ground that applies does not by itself make a supplier excluded or excludable."""
    blocks: list[tenderpack.Block] = []
    if facts.public(spec):
        blocks.append(Paragraph.of(f"The exclusion grounds are in {facts.cite(spec, 'exclusion')}. "
                                   "They reach your connected persons too."))
        if persons := facts.cite(spec, "associated-persons"):
            blocks.append(Paragraph.of(f"Under {persons}, we also check the associated persons you rely on "
                                       "and your subcontractors."))
    else:
        blocks.append(Paragraph.of(f"This {facts.the_award(spec).removeprefix('the ')} is below the threshold. {facts.buyer_names(spec)} "
                                   f"{'use' if facts.joint(spec) else 'uses'} these exclusion tests as "
                                   f"{'their' if facts.joint(spec) else 'its'} own, by choice, as good practice."))
    blocks.append(Paragraph.of("Tell us in the box below if any exclusion ground applies, mandatory or discretionary. "
                               "This covers you, your connected persons, the associated persons you rely on and "
                               "the subcontractors you plan to use."))
    blocks.append(Paragraph.of("A ground that applies does not by itself rule you out. Tell us what you have done "
                               "so it will not happen again (self-cleaning). We take that into account."))
    if cited := facts.cite(spec, "excluded-in-competition"):
        must = f"Under {cited}, we must then exclude you."
    else:
        must = "We will then exclude you."
    blocks.append(Paragraph.of("You are an excluded supplier if a mandatory ground applies and the circumstances "
                               f"continue or are likely to happen again. {must}"))
    blocks.append(Paragraph.of("You are an excludable supplier if the same is true of a discretionary ground. "
                               "We may then exclude you."))
    if cited:
        blocks.append(Paragraph.of("If a ground applies to an associated person or a subcontractor, "
                                   "we first give you the chance to replace it."))
    declared = [
        "You have told us in the box below of every exclusion ground that applies to you, your connected persons, "
        "associated persons or subcontractors.",
        "You have also told us there if you, or any of them, are on the debarment list.",
    ]
    if tenderpack.law.applies(spec, "central-digital-platform"):
        declared.append("You are registered on the central digital platform. "
                        "You have shared your core supplier information there.")
    declared.append(f"If anything here changes before we sign {facts.the_contract(spec)}, you will tell us at once.")
    blocks += [Paragraph.of("By signing, you declare that:"), ListBlock.of(*declared, ordered=True)]
    blocks += answer_box("Any exclusion ground that applies: which ground, to whom, and what you have done so it "
                         "will not happen again (write “None” if none applies)")
    return blocks


def conflicts(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The conflicts of interest declaration, and what we do with it."""
    blocks: list[tenderpack.Block] = [
        Paragraph.of("A conflict of interest is when someone could gain from this tender, or sway it, "
                     "through a link between your side and ours. An example is a relative who works for us."),
        Paragraph.of("By signing, you declare that you have told us of every conflict of interest in the box below. "
                     "You will tell us at once of any new one."),
        *answer_box("Any conflict of interest, and what you have done about it (write “None” if there is none)"),
    ]
    names = facts.buyer_names(spec)
    if cited := facts.cite(spec, "conflicts"):
        blocks.append(Paragraph.of(f"Under {cited}, we must find and keep under review any conflict of interest. "
                                   "We must also take steps to deal with it."))
    else:
        blocks.append(Paragraph.of(f"{names} {'keep' if facts.joint(spec) else 'keeps'} a record of conflicts of "
                                   "interest and deal" + ("" if facts.joint(spec) else "s")
                                   + " with them, by choice, as good practice."))
    blocks.append(Paragraph.of("We may ask you for more detail. We may keep a person away from this tender. "
                               "If a conflict gives you an unfair advantage that we cannot remove, we may exclude you."))
    return blocks


def fair_bidding(spec: tenderpack.Spec, clauses=()) -> list[tenderpack.Block]:
    people = "our staff or councillors" if facts.councillors(spec) else "our staff"
    lots = " for each lot you bid for" if spec.lots.items else ""
    named = [
        "Your tender is a genuine offer. You mean to carry out each call-off contract you are awarded."
        if facts.framework(spec) else "Your tender is a genuine offer. You mean to carry out the contract if you win.",
        "You have not agreed your prices or any part of your tender with another bidder.",
        "You have not told anyone your prices, except your consortium members, proposed subcontractors or "
        "professional advisers, or to get insurance or a guarantee. You will not do so before the award.",
        "You have not offered anything to anyone who works for us to sway the result, and you will not.",
        f"You have not tried to contact {people} about this tender, except in the ways it sets out.",
        f"You meet the conditions of participation{lots}. You can show us evidence when we ask.",
    ]
    from .howto import flows_down   # one rule for both documents
    if flows_down(spec, clauses):
        named.append("You will pay your subcontractors within 30 days of a valid invoice.")
    named.append("Everything in your tender is true and complete, as far as you know.")
    return [Paragraph.of("By signing, you declare that:"), ListBlock.of(*named, ordered=True)]


def others(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """Bidding as a group or with subcontractors: the lead member, and who does what."""
    return [
        Paragraph.of("You can bid as a group of firms (a consortium), or use subcontractors. "
                     "If you bid as a group, name the lead member; each member signs."),
        *answer_box("If you bid as a group: the lead member, and every other member"),
        *answer_box("Who does what: each group member, subcontractor or other firm you rely on, and its part of "
                    "the work (write “None” if you bid alone)"),
    ]


def freedom_of_information(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    return [
        Paragraph.of("We must follow the Freedom of Information Act 2000. "
                     "We may have to publish or share information from your tender."),
        Paragraph.of("If part of your tender is commercially sensitive, list it below. "
                     "We decide what to share, but we will consider what you say."),
        *answer_box("Commercially sensitive parts of your tender: for each, which part, why it is sensitive, "
                    "and for how long"),
    ]


def form_of_tender(spec: tenderpack.Spec, clauses=()) -> list[Section]:
    about: list[tenderpack.Block] = [
        Paragraph.of("Fill in this form, sign it and send it with your tender. It is your offer, and your "
                     "declarations about how you have bid."),
        *when_to_send(spec, "this form"),
        Paragraph.of(f"{facts.we_means(spec)} “You” means your organisation."),
    ]
    if runs := facts.lead_runs(spec):
        about.append(Paragraph.of(runs))
    about += signatories(spec)
    signature: list[tenderpack.Block] = [
        Paragraph.of("Someone who can commit your organisation must sign. A typed name counts as a signature. "
                     "If you bid as a group, each member signs: copy this table for each."),
        Table.of(["Signature", ""], [["Signed", ""], ["Full name", ""], ["Role", ""], ["Organisation", ""],
                                     ["Registered address", ""], ["Company or charity number", ""], ["Date", ""]],
                 widths=[2, 5]),
    ]
    return [
        Section("About this form", about, order=10, key="sme-tender:about"),
        Section("Your offer", offer(spec), order=20, key="sme-tender:offer"),
        Section("Exclusion", exclusion(spec), order=30, key="sme-tender:exclusion"),
        Section("Conflicts of interest", conflicts(spec), order=35, key="sme-tender:conflicts"),
        Section("Bidding fairly", fair_bidding(spec, clauses), order=40, key="sme-tender:declarations"),
        Section("Bidding with others", others(spec), order=42, key="sme-tender:others"),
        Section("Freedom of information", freedom_of_information(spec), order=45, key="sme-tender:foi"),
        Section("Signature", signature, order=50, key="sme-tender:signature"),
    ]
