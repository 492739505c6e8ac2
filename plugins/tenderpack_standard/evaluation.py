"""The evaluation and award methodology: criteria, scale, price formula and worked examples."""

from __future__ import annotations

import re
from decimal import Decimal

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, text

from . import rated, scoring
from .words import (RESERVED_FOR, bid_cap_sentence, capital, extensions_phrase, lot_has_own_term, lot_shortlists,
                    lot_term, place_text, reserved_lots)
from .words import (applies_to, award_basis, award_sentence, budget_sentences, count_word, criterion_lots, criterion_type,
                    criterion_weight_words, lot_criteria, lot_has_own_criteria, lot_weight, lots_phrase, md,
                    only_some_lots, own_criteria_sentence, prices_cover, questionnaire_stages, we_and_you, weight_summaries, weight_text,
                    weights_used, winners)


def sections(spec: tenderpack.Spec) -> list[Section]:
    out = [basis(spec), criteria(spec), quality_questions(spec), quality_scoring(spec)]
    if (price := price_scoring(spec)) is not None:
        out.append(price)
    out.append(total_score(spec))
    out.append(tie_break(spec))
    if spec.lots.items:
        out.append(lots(spec))
    return out


def _number(value: Decimal) -> str:
    """A weight or score as printed in a sum: 25, 12.5."""
    return text.number(value, places=2)


# --------------------------------------------------------------------------- 10 basis


def chosen(spec: tenderpack.Spec) -> str:
    """Who the evaluation chooses: 'the winner', or 'the suppliers for the framework'."""
    return "the suppliers for the framework" if text.is_framework(spec) else "the winner"


def basis(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"This document explains how we evaluate tenders and choose {chosen(spec)}."),
        we_and_you(spec),
        *[Paragraph.of(s) for s in award_basis(spec)],
        Paragraph.of("We judge every tender against the award criteria below, and only those criteria."),
    ]
    stages = questionnaire_stages(spec)
    if stages:
        names = [s.name for _, s in stages]
        blocks.append(Paragraph.of(f"At {text.join(names)}, we choose who goes through using the “Stage questionnaire”, "
                                   "not these award criteria. That document explains how we score it."))
    return Section(f"How we choose {chosen(spec)}", blocks, order=10, key="eval:basis")


# --------------------------------------------------------------------------- 20 criteria


def criteria(spec: tenderpack.Spec) -> Section:
    award = spec.award
    weighted = weights_used(spec)
    some = only_some_lots(spec)
    rows = []
    for c in award.criteria:
        minimum = str(c.minimum_score) if c.minimum_score is not None else "No minimum"
        rows.append([c.id, c.name, criterion_type(c), *([applies_to(spec, c)] if some else []), weight_text(c, spec),
                     minimum])
    if weighted:
        total = sum(c.weight for c in award.criteria if c.weight is not None)   # weights_used: every one has it
        rows.append(["", "Total", "", *([""] if some else []), text.percent(total), ""])
    header = ["Id", "Criterion", "Type", *(["Applies to"] if some else []), "Weight" if weighted else "Weight or rank",
              "Minimum score"]
    blocks: list[tenderpack.Block] = [
        Table.of(header, rows, caption="Award criteria", widths=[1, 4, 2, 2, 1, 1] if some else [1, 4, 2, 1, 1])]
    if weighted:
        blocks.append(Paragraph.of("The weight shows how much each criterion counts, as a share of the total score."))
        if own_criteria_sentence(spec):
            blocks.append(Paragraph.of(own_criteria_sentence(spec) + " “Lots” shows the criteria and weights of every lot."))
        blocks += [Paragraph.of(x) for x in weight_summaries(spec)]
    else:
        blocks.append(Paragraph.of("Criteria with a rank are listed in order of importance. Rank 1 matters most."))
    if any(c.minimum_score is not None for c in award.criteria):
        blocks.append(Paragraph.of("If you score below the minimum on any criterion, we reject your tender."))
    else:
        blocks.append(Paragraph.of("No criterion has a minimum score."))
    return Section("Award criteria", blocks, order=20, key="eval:criteria")


# --------------------------------------------------------------------------- 30 quality questions


def quality_questions(spec: tenderpack.Spec) -> Section:
    quality = [c for c in spec.award.criteria if c.type.value == "quality"]
    if not quality:
        return Section("Quality questions", [Paragraph.of("There are no quality questions.")], order=30, key="eval:quality")
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"There {'is one quality question' if len(quality) == 1 else f'are {count_word(len(quality))} quality questions'}. "
                     "Answer each one on its own: we score each answer separately.")]
    if only_some_lots(spec):
        for lot in spec.lots.items:
            mine = [c.id for c in lot_criteria(spec, lot) if c.type.value == "quality"]
            if len(mine) == len(quality):
                blocks.append(Paragraph.of(f"Lot {lot.number} uses all of them."))
            elif mine:
                blocks.append(Paragraph.of(f"Lot {lot.number} uses {text.join(mine)} only."))
            else:
                blocks.append(Paragraph.of(f"Lot {lot.number} uses none of them."))
    for c in quality:
        blocks.append(Heading(f"{c.id}: {c.name}", level=2))
        facts = [criterion_weight_words(spec, c)]
        if c.word_limit:
            facts.append(f"Word limit: {text.number(c.word_limit, 0)} words. We do not read beyond the limit.")
        blocks.append(Paragraph.of(" ".join(facts)))
        if c.question:
            blocks.append(Heading("The question", level=3))
            blocks += md(c.question)
        if c.guidance:
            blocks.append(Heading("What a good answer covers", level=3))
            blocks += md(c.guidance)
        blocks.append(Heading("When we reject the tender", level=3))
        if c.minimum_score is not None:
            blocks.append(Paragraph.of(f"A score below {c.minimum_score} on this question."))
        if c.disqualifies:
            blocks += md(c.disqualifies)
        if c.minimum_score is None and not c.disqualifies:
            blocks.append(Paragraph.of("Nothing on this question alone. A low score still lowers your total."))
    return Section("Quality questions", blocks, order=30, key="eval:quality")


# --------------------------------------------------------------------------- 40 quality scoring


def quality_scoring(spec: tenderpack.Spec) -> Section:
    levels = scoring.scale(spec)
    top = levels[0][0]
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"We score each quality answer from {levels[-1][0]} to {top}, using this scale:"),
        Table.of(["Score", "What the answer shows"], [[str(s), d] for s, d in levels],
                 caption="Quality scoring scale", widths=[1, 6])]
    example = scoring.quality_example_criterion(spec)
    if example is None:
        return Section("How we score quality", blocks, order=40, key="eval:quality-scoring")
    w = example.weight
    where = ""
    if any(lot_has_own_criteria(lot) for lot in spec.lots.items):
        same = [lot.number for lot in spec.lots.items if lot_weight(lot, example) == w]
        where = f" in {lots_phrase(same)}" if same and len(same) < len(spec.lots.items) else ""
    blocks += [
        Heading("How the weight is applied", level=2),
        Paragraph.of(f"Your weighted score is your score divided by {top}, times the weight of the question. "
                     "We round it to two decimal places."),
        Paragraph.of(f"Weighted score = score ÷ {top} × weight"),
        Heading("Worked example", level=2),
        Paragraph.of(f"Question {example.id}, {example.name}, has a weight of {text.percent(w)}{where}. "
                     "This is what each score is worth:"),
    ]
    rows = []
    for s, _ in levels:
        result = scoring.weighted(s, top, w)
        rows.append([str(s), f"{s} ÷ {top} × {_number(w)}", f"{result:.2f}"])
    blocks.append(Table.of(["Score", "Sum", "Weighted score"], rows,
                           caption=f"Weighted scores for {example.id}", widths=[1, 3, 2]))
    return Section("How we score quality", blocks, order=40, key="eval:quality-scoring")


# --------------------------------------------------------------------------- 50 price


def price_scoring(spec: tenderpack.Spec) -> Section | None:
    criterion = scoring.price_criterion(spec)
    if criterion is None:
        return None
    weight = criterion.weight if criterion.weight is not None else Decimal(100)
    out_of = _number(weight)
    form = spec.sme_pack
    if spec.pricing.rated:
        blocks = rated_scoring(spec, out_of)
    else:
        if spec.lots.items:
            first = ("Your price for a lot is the total on that lot's sheet of the pricing schedule"
                     + (", or in that lot's table of the price form." if form else "."))
        else:
            first = "Your price is the total price in your pricing schedule" + (" or price form." if form else ".")
        blocks = [
            Paragraph.of(first),
            Paragraph.of(prices_cover(spec)),
            Paragraph.of("The lowest price gets full marks for price. Every other price scores in proportion to it."),
            Paragraph.of(f"Price score = lowest price ÷ your price × {out_of}"),
            Paragraph.of("We round the price score to two decimal places."),
        ]
    if spec.lots.items:
        blocks.append(Paragraph.of("To score price, we compare your evaluated price for a lot only with others for "
                                   "the same lot, never with another lot's."
                                   if spec.pricing.rated else
                                   "To score price, we compare your price for a lot only with other prices for the "
                                   "same lot, never with prices for another lot."))
        if spec.value.budget_ceiling is not None:
            blocks.append(Paragraph.of("The budget check is separate. “Our budget” below explains it."))
    if criterion.weight is None:
        blocks.append(Paragraph.of("Price is ranked, not weighted, so we show the price score out of 100."))
    for lot in spec.lots.items:
        own = lot.weights.get(criterion.id)
        if own is not None and own != weight:
            blocks.append(Paragraph.of(f"For lot {lot.number}, price counts for {text.percent(own)}. "
                                       f"The sum for that lot uses {_number(own)} instead of {out_of}."))
    for example in scoring.examples(spec):
        blocks += price_example(spec, criterion, example)
    if budget := budget_sentences(spec):
        blocks.append(Heading("Our budget", level=2))
        blocks.append(Paragraph.of(" ".join(budget)))
    return Section("How we score price", blocks, order=50, key="eval:price")


def rated_scoring(spec: tenderpack.Spec, out_of: str) -> list[tenderpack.Block]:
    """How an evaluated price is worked out and scored: an adjustment, rates or a fee, applied to the basket or the
    notional base, never to the contract's (or the framework's) whole value."""
    form = spec.sme_pack
    if spec.lots.items:
        first = ("Your evaluated price for a lot comes from that lot's sheet of the pricing schedule"
                 + (", or its table in the price form." if form else "."))
    else:
        first = "Your evaluated price comes from your pricing schedule" + (", or your price form." if form else ".")
    return [
        Paragraph.of(first),
        Paragraph.of(" ".join(rated.what_you_give(spec))),
        Paragraph.of(" ".join(rated.what_we_evaluate(spec))),
        Paragraph.of("The lowest evaluated price gets full marks for price. Every other evaluated price scores in "
                     "proportion to it."),
        Paragraph.of(f"Price score = lowest evaluated price ÷ your evaluated price × {out_of}"),
        Paragraph.of("We round the price score to two decimal places."),
    ]


def price_example(spec: tenderpack.Spec, criterion, example) -> list[tenderpack.Block]:
    """A worked example: three made-up prices for the contract or one lot, scored with that lot's price weight."""
    lot = example.lot
    weight = lot_weight(lot, criterion) if lot is not None else criterion.weight
    weight = weight if weight is not None else Decimal(100)
    out_of = _number(weight)
    title = f"Worked example for lot {lot.number}: {lot.title}" if lot is not None else "Worked example"
    caption = (f"Worked example of price scoring for lot {lot.number}" if lot is not None
               else "Worked example of price scoring")
    who = f"for lot {lot.number}" if lot is not None else ""
    if example.kind != "prices":
        return [Heading(title, level=2), *rated_price_example(spec, example, weight, caption, who)]
    if example.rates or not example.prices:
        return [Heading(title, level=2), *framework_price_example(example, weight, caption, who)]
    scores = scoring.price_scores(example.prices, weight)
    lowest = min(example.prices)
    blocks: list[tenderpack.Block] = [
        Heading(title, level=2),
        Paragraph.of(f"Imagine three bidders send these prices{(' ' + who) if who else ''}. {example.basis}")]
    rows = []
    for i, ps in enumerate(scores):
        rows.append([f"Bidder {chr(65 + i)}", text.money(ps.price),
                     f"{text.money(lowest)} ÷ {text.money(ps.price)} × {out_of}", f"{ps.score:.2f}"])
    blocks.append(Table.of(["Bidder", "Price", "Sum", f"Price score (out of {out_of})"], rows,
                           caption=caption, widths=[2, 2, 4, 2]))
    cheapest = chr(65 + example.prices.index(lowest))
    blocks.append(Paragraph.of(f"Bidder {cheapest} has the lowest price, so it gets the full {out_of} marks."))
    return blocks


def framework_price_example(example, weight: Decimal, caption: str, who: str) -> list[tenderpack.Block]:
    """A framework's worked example: made-up rates times the pricing schedule's estimated quantities, the price we
    score; without items to price, the method in words, with no money figure (a lot's estimated value is what all
    its call-off contracts may add up to, not a price)."""
    out_of = _number(weight)
    where = f" {who}" if who else ""
    if not example.prices:
        higher = [(Decimal("1.1"), "10%"), (Decimal("1.25"), "25%")]
        said = [f"Take the lowest price{where}: it gets the full {out_of} marks."]
        said += [f"A price {pct} above it gets 1 ÷ {_number(ratio)} × {out_of} = "
                 f"{scoring.round2(Decimal(weight) / ratio):.2f} marks." for ratio, pct in higher]
        return [Paragraph.of(" ".join(said))]
    one = len(example.lines) == 1
    how = ("Each bidder's price is its rate times the estimated quantity in the pricing schedule." if one else
           "Each bidder's price is its rate for each item times the item's estimated quantity in the pricing "
           "schedule, added up.")
    intro = f"Imagine three bidders give these rates{where}. {example.basis}"
    if not one:
        intro += " Each bidder gives the same rate for every item, to keep the sums short."
    blocks: list[tenderpack.Block] = [Paragraph.of(intro), Paragraph.of(how)]
    lowest = min(example.prices)
    scores = scoring.price_scores(example.prices, weight)
    rows = []
    for i, (rate, ps) in enumerate(zip(example.rates, scores)):
        rated = text.money(rate, pence=True)
        per = f"{rated} per {example.lines[0][0]}" if one else f"{rated} for each item"
        sums = " + ".join(f"{rated} × {text.number(quantity)}" for _, quantity in example.lines)
        rows.append([f"Bidder {chr(65 + i)}", per, f"{sums} = {text.money(ps.price)}",
                     f"{text.money(lowest)} ÷ {text.money(ps.price)} × {out_of}", f"{ps.score:.2f}"])
    blocks.append(Table.of(["Bidder", "Rate", "Price", "Sum", f"Price score (out of {out_of})"], rows,
                           caption=caption, widths=[1.5, 2, 3, 3.5, 1.5]))
    cheapest = chr(65 + example.prices.index(lowest))
    blocks.append(Paragraph.of(f"Bidder {cheapest} has the lowest price, so it gets the full {out_of} marks."))
    return blocks


def rated_price_example(spec: tenderpack.Spec, example, weight: Decimal, caption: str,
                        who: str) -> list[tenderpack.Block]:
    """A worked example of evaluated prices: made-up adjustments applied to the basket at our rates, made-up rates
    times the basket's quantities, or made-up fees on the notional base; then the price formula."""
    out_of = _number(weight)
    where = f" {who}" if who else ""
    scores = scoring.price_scores(example.prices, weight)
    lowest = min(example.prices)
    if example.kind == "rate_card":
        one = len(example.lines) == 1
        intro = f"Imagine three bidders give these rates{where}. {example.basis}"
        if not one:
            intro += " Each bidder gives the same rate for every line, to keep the sums short."
        how = ("Each bidder's evaluated price is its rate times the line's quantity in the basket." if one else
               "Each bidder's evaluated price is its rate for each line times the line's quantity in the basket, "
               "added up.")
        blocks: list[tenderpack.Block] = [Paragraph.of(intro), Paragraph.of(how)]
        given, header = [], "Rate"
        for rate in example.rates:
            rated_ = text.money(rate, pence=True)
            sums = " + ".join(f"{rated_} × {text.number(quantity)}" for _, quantity in example.lines)
            given.append((f"{rated_} per {example.lines[0][0]}" if one else f"{rated_} for each line", sums))
    elif example.kind == "schedule_of_rates":
        intro = f"Imagine three bidders give these adjustments{where}. {example.basis}"
        if rated.by_section(spec):
            intro += " Each bidder gives the same adjustment for every section, to keep the sums short."
        basket = f"the basket{where}" if where else "the basket"
        blocks = [Paragraph.of(intro),
                  Paragraph.of(f"At our rates, {basket} costs {text.money(example.base)}. Each bidder's evaluated "
                               f"price is that total × (1 + its adjustment ÷ 100).")]
        given, header = [], "Adjustment"
        for factor in example.factors:
            given.append((text.percent(factor), f"{text.money(example.base)} × {text.number(1 + factor / 100, 4)}"))
    else:
        intro = f"Imagine three bidders give these fees{where}. {example.basis}"
        blocks = [Paragraph.of(intro),
                  Paragraph.of(f"Each bidder's evaluated price is its fee on the notional base of "
                               f"{text.money(example.base)}: that figure × its percentage ÷ 100.")]
        given, header = [], "Fee"
        for factor in example.factors:
            given.append((text.percent(factor), f"{text.money(example.base)} × {text.percent(factor)}"))
    rows = [[f"Bidder {chr(65 + i)}", said, f"{sums} = {text.money(ps.price)}",
             f"{text.money(lowest)} ÷ {text.money(ps.price)} × {out_of}", f"{ps.score:.2f}"]
            for i, ((said, sums), ps) in enumerate(zip(given, scores))]
    blocks.append(Table.of(["Bidder", header, "Evaluated price", "Sum", f"Price score (out of {out_of})"], rows,
                           caption=caption, widths=[1.5, 2, 3, 3.5, 1.5]))
    cheapest = chr(65 + example.prices.index(lowest))
    blocks.append(Paragraph.of(f"Bidder {cheapest} has the lowest evaluated price, so it gets the full {out_of} "
                               "marks."))
    return blocks


# --------------------------------------------------------------------------- 70 total


def total_score(spec: tenderpack.Spec) -> Section:
    parts = [criterion_type(c).lower() for c in spec.award.criteria]
    kinds = list(dict.fromkeys(parts))
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"Your total score adds up your weighted scores for {text.join(kinds)}."),
        Paragraph.of("The tender with the highest total score is the most advantageous tender."),
    ]
    lots = spec.lots.items
    several = [lot for lot in lots if winners(spec, lot) > 1]
    if text.is_framework(spec):
        blocks += [Paragraph.of(award_sentence(spec, lot)) for lot in several]
        if not lots and winners(spec) > 1:
            blocks.append(Paragraph.of(award_sentence(spec)))
    elif several:
        for lot in several:
            n = winners(spec, lot)
            blocks.append(Paragraph.of(f"Lot {lot.number} has up to {n} winners: the {n} tenders with the highest "
                                       "total scores for that lot."))
    elif not lots and winners(spec) > 1:
        n = winners(spec)
        blocks.append(Paragraph.of(f"The contract has up to {n} winners: the {n} tenders with the highest total scores."))
    if tenderpack.law.regime(spec).public_contract:
        theirs = "the scores of the suppliers we appoint" if text.is_framework(spec) else "the winner's scores"
        blocks.append(Paragraph.of("After the award decision, we send each bidder whose tender we assessed an "
                                   f"assessment summary. It shows your scores, {theirs} and our reasons."))
    else:
        blocks.append(Paragraph.of("After the award decision, we tell every bidder the result, with their scores."))
    return Section("Your total score", blocks, order=70, key="eval:total")


# --------------------------------------------------------------------------- 80 tie-break


def default_tie_rule(criteria, evaluated: bool = False) -> list[str]:
    """The plain default on a tie, drawn from the kinds of criteria used: quality, then price (the evaluated price
    when prices are rates, an adjustment or a fee), then drawing lots (never new prices after the tenders are in)."""
    kinds = {c.type.value for c in criteria}
    steps = []
    if "quality" in kinds:
        steps.append("we choose the tender with the higher total score for quality")
    if "price" in kinds:
        steps.append(f"we choose the tender with the lower {'evaluated ' if evaluated else ''}price")
    out = []
    if steps:
        out.append(f"If two tenders have the same total score, {steps[0]}.")
        if len(steps) > 1:
            out.append(f"If they are still level, {steps[1]}.")
    # Never new prices or new presentations after the tenders are in: only what was already scored,
    # then a draw, so the award stays on the published criteria.
    out.append("If they are still level after that, we draw lots, watched by someone who did not score the tenders.")
    return out


def named_criteria(spec: tenderpack.Spec, words: str) -> list:
    """The award criteria a free-text rule names, by id (Q1) or by name."""
    return [c for c in spec.award.criteria
            if re.search(rf"\b{re.escape(c.id)}\b", words) or c.name.lower() in words.lower()]


def tie_break(spec: tenderpack.Spec) -> Section:
    """What happens on a tie: the spec's own rule, or a plain default drawn from the criteria. When the
    spec's rule names a criterion that a lot does not use, that lot gets the default rule, said as such."""
    title = "If two tenders have the same score"
    rule = spec.award.tie_break
    if not rule:
        return Section(title, [Paragraph.of(x) for x in default_tie_rule(spec.award.criteria, spec.pricing.rated)], order=80,
                       key="eval:tie-break")
    blocks = md(rule)
    named = named_criteria(spec, rule)
    lots = spec.lots.items
    missing = [lot for lot in lots if any(lot.number not in criterion_lots(spec, c) for c in named)]
    if missing:
        using = [lot.number for lot in lots if lot not in missing]
        if using:
            blocks.append(Paragraph.of(f"This rule is for {lots_phrase(using)}."))
        for lot in missing:
            unused = [c.id for c in named if lot.number not in criterion_lots(spec, c)]
            blocks.append(Paragraph.of(f"Lot {lot.number} does not use {text.join(unused)}. "
                                       f"For lot {lot.number}, we use this rule instead:"))
            blocks.append(ListBlock.of(*default_tie_rule(lot_criteria(spec, lot), spec.pricing.rated)))
    return Section(title, blocks, order=80, key="eval:tie-break")


# --------------------------------------------------------------------------- 90 lots


def lots(spec: tenderpack.Spec) -> Section:
    by_id = {c.id: c for c in spec.award.criteria}
    rows = []
    for lot in spec.lots.items:
        if lot.criteria:
            applies = "; ".join(f"{cid}: {by_id[cid].name}" if cid in by_id else cid for cid in lot.criteria)
        else:
            applies = "All the award criteria"
        n = winners(spec, lot)
        rows.append([f"Lot {lot.number}: {lot.title}", applies, f"Up to {n}" if n > 1 else "1"])
    blocks: list[tenderpack.Block] = [
        Paragraph.of("We evaluate each lot on its own. This table shows which criteria apply to each lot, "
                     + ("and how many suppliers we appoint to it." if text.is_framework(spec)
                        else "and how many suppliers win it.")),
        Table.of(["Lot", "Criteria that apply", text.suppliers_heading(spec)], rows, caption="Criteria for each lot",
                 widths=[3, 4, 2])]
    if any(lot.weights for lot in spec.lots.items):
        blocks += lot_weights(spec)
    blocks += lot_details(spec)
    blocks += [Paragraph.of(x) for x in (bid_cap_sentence(spec), *reserved_lots(spec)) if x]
    place = " a place on" if text.is_framework(spec) else ""
    if spec.lots.max_per_supplier:
        n = spec.lots.max_per_supplier
        blocks.append(Paragraph.of(f"One supplier can win{place} at most {count_word(n)} lot{'s' if n > 1 else ''}."))
        blocks += md(spec.lots.allocation_method)
    elif place:
        blocks.append(Paragraph.of("One supplier can win a place on any number of lots."))
    else:
        blocks.append(Paragraph.of("There is no limit on how many lots one supplier can win."))
    return Section("Lots", blocks, order=90, key="eval:lots")


def lot_details(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """A table of what each lot has of its own (CPV codes, place, contract dates, shortlist, reservation),
    with a column only for what some lot gives."""
    lots_ = spec.lots.items
    shortlist = next((s for s in spec.procedure.stages if s.shortlist_size), None)
    per_lot = lot_shortlists(spec, shortlist) if shortlist is not None else None

    def where(lot) -> str:
        if lot.place is None:
            return "Not given"
        return "; ".join(x for x in (place_text(lot.place), *lot.place.addresses) if x)

    def term(lot) -> str:
        start, end, extensions = lot_term(spec, lot)
        return f"{text.date(start)} to {text.date(end)}" + (f", with {extensions_phrase(extensions)}" if extensions
                                                            else ", with no extension")

    columns = [   # (heading, shown, cell, width)
        ("CPV codes", any(lot.cpv for lot in lots_), lambda lot: ", ".join(lot.cpv) or "The tender's codes", 2),
        ("Where the work is done", any(lot.place for lot in lots_), where, 5),
        ("Contract", any(lot_has_own_term(spec, lot) for lot in lots_), term, 4),
        ("Shortlist", per_lot is not None, lambda lot: f"Up to {per_lot[lot.number]}" if per_lot else "", 2),
        ("Reserved for", any(lot.reserved_for for lot in lots_),
         lambda lot: capital(RESERVED_FOR[lot.reserved_for]) if lot.reserved_for else "Not reserved", 3),
    ]
    shown = [(name, cell, width) for name, used, cell, width in columns if used]
    if not shown:
        return []
    rows = [[f"Lot {lot.number}", *[cell(lot) for _, cell, _ in shown]] for lot in lots_]
    return [Paragraph.of("Some lots have details of their own. This table shows them for each lot."),
            Table.of(["Lot", *[name for name, _, _ in shown]], rows, caption="What each lot covers",
                     widths=[1, *[width for _, _, width in shown]])]


def lot_weights(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """A table of the weights in each lot, when some lots have their own."""
    lots_ = spec.lots.items
    rows = []
    for c in spec.award.criteria:
        cells = []
        for lot in lots_:
            w = lot_weight(lot, c)
            cells.append(text.percent(w) if w is not None else ("Does not apply" if lot.criteria and c.id not in lot.criteria
                                                                 else f"Rank {c.rank}"))
        rows.append([f"{c.id}: {c.name}", *cells])
    totals = []
    for lot in lots_:
        ws = [lot_weight(lot, c) for c in spec.award.criteria]
        totals.append(text.percent(sum(w for w in ws if w is not None)))
    rows.append(["Total", *totals])
    return [Paragraph.of("Some lots have their own weights. This table shows the weight of each criterion in each lot."),
            Table.of(["Criterion", *[f"Lot {lot.number}" for lot in lots_]], rows,
                     caption="Weights for each lot", widths=[4, *[2] * len(lots_)])]
