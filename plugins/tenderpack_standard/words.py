"""Phrases and small helpers shared by the standard documents.

Everything here turns spec values into plain-English text. Nothing here knows about a
particular tender: every fact comes from the spec.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import tenderpack
from tenderpack import ListBlock, Paragraph, Run, markdown, text

PROCEDURE_NAMES = {
    "open": "the open procedure",
    "competitive_flexible": "the competitive flexible procedure",
    "below_threshold": "an open competition for a contract below the threshold",
}

CRITERION_TYPES = {"quality": "Quality", "price": "Price", "social_value": "Social value"}


def md(value: str | None) -> list[tenderpack.Block]:
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


def buyers_or(spec: tenderpack.Spec) -> str:
    """'Kelbrook Town Council', or 'Dunmore City Council or Eastvale Borough Council'."""
    return text.join(buyer_names(spec), last="or")


def we_and_you(spec: tenderpack.Spec) -> Paragraph:
    """Say who 'we' and 'you' are, once, near the top of a document."""
    if is_joint(spec):
        we = f"In this document, “we” means {buyers_text(spec)}, buying together."
    else:
        we = f"In this document, “we” means {spec.buyer.lead.name}."
    return Paragraph.of(f"{we} “You” means a supplier who wants to bid.")


def procedure_name(spec: tenderpack.Spec) -> str:
    name = PROCEDURE_NAMES[spec.procedure.type.value]
    return name.replace("for a contract", "for a framework") if text.is_framework(spec) else name


def criterion_type(criterion) -> str:
    return CRITERION_TYPES[criterion.type.value]


def weight_text(criterion, spec: tenderpack.Spec | None = None) -> str:
    """'25%' for a weighted criterion, 'Rank 2' for a ranked one; for a criterion weighted only by the lots
    that use it (such as a criterion of one lot), its weight in each: '20% in lot 3'."""
    if criterion.weight is not None:
        return text.percent(criterion.weight)
    if criterion.rank is None and spec is not None:
        own = [(lot.number, lot.weights[criterion.id]) for lot in spec.lots.items if criterion.id in lot.weights]
        return text.join([f"{text.percent(w)} in lot {n}" for n, w in own])
    return f"Rank {criterion.rank}"


def weights_used(spec: tenderpack.Spec) -> bool:
    """True when every criterion has a weight (otherwise the criteria are ranked); a criterion that only
    lots weigh, each with its own weight (lots.items[].weights), needs none of its own."""
    needed = [c for c in spec.award.criteria if spec.needs_award_weight(c)]
    return all(c.weight is not None for c in needed) and any(c.weight is not None for c in spec.award.criteria)


def weight_by_type(spec: tenderpack.Spec) -> list[tuple[str, Decimal]]:
    """[('quality', Decimal('60')), ('price', ...), ...] in the order types first appear."""
    totals: dict[str, Decimal] = {}
    for c in spec.award.criteria:
        if c.weight is None:
            continue
        totals[c.type.value] = totals.get(c.type.value, Decimal(0)) + c.weight
    return list(totals.items())


def weight_summary(spec: tenderpack.Spec) -> str | None:
    """'Quality counts for 60%, price for 25% and social value for 15% of the total score.'"""
    parts = weight_by_type(spec)
    if not parts or not weights_used(spec):
        return None
    phrases = [f"{CRITERION_TYPES[t].lower()} for {text.percent(w)}" for t, w in parts]
    first = phrases[0][0].upper() + phrases[0][1:]
    return f"{text.join([first.replace(' for ', ' counts for ', 1), *phrases[1:]])} of the total score."


def lot_weight_summary(spec: tenderpack.Spec, lot) -> str | None:
    """'quality counts for 50%, price for 35% and social value for 15%': the weights of one lot by type."""
    totals: dict[str, Decimal] = {}
    for c in lot_criteria(spec, lot):
        w = lot_weight(lot, c)
        if w is None:
            return None
        totals[c.type.value] = totals.get(c.type.value, Decimal(0)) + w
    phrases = [f"{CRITERION_TYPES[t].lower()} for {text.percent(w)}" for t, w in totals.items()]
    if not phrases:
        return None
    return text.join([phrases[0].replace(" for ", " counts for ", 1), *phrases[1:]])


def weight_summaries(spec: tenderpack.Spec) -> list[str]:
    """How much each type counts: once for the tender, or for each lot when some lot has its own criteria or weights."""
    lots = spec.lots.items
    if not any(lot_has_own_criteria(lot) for lot in lots):
        summary = weight_summary(spec)
        return [summary] if summary else []
    out = []
    for lot in lots:
        if (summary := lot_weight_summary(spec, lot)) is not None:
            out.append(f"In lot {lot.number}, {summary} of the total score.")
    return out


def criterion_lots(spec: tenderpack.Spec, criterion) -> list[int]:
    """The numbers of the lots ``criterion`` applies to (every lot's when it applies to all)."""
    return [lot.number for lot in spec.lots.items if not lot.criteria or criterion.id in lot.criteria]


def applies_to(spec: tenderpack.Spec, criterion) -> str:
    """'Every lot', 'Lot 1 only' or 'Lots 1 and 3 only'."""
    numbers = criterion_lots(spec, criterion)
    if len(numbers) == len(spec.lots.items):
        return "Every lot"
    return capital(lots_phrase(numbers)) + " only" if numbers else "No lot"


def only_some_lots(spec: tenderpack.Spec) -> bool:
    """True when some award criterion does not apply to every lot."""
    return any(lot.criteria for lot in spec.lots.items)


def lots_scored_otherwise(spec: tenderpack.Spec) -> list[int]:
    """The lots whose criteria and weights differ from the award criteria table's: a lot that lists only
    criteria of the table, at the table's weights, is scored as the table says."""
    table = {c.id: c.weight for c in spec.award.criteria if c.weight is not None}
    out = []
    for lot in spec.lots.items:
        if lot.weights:
            scored = dict(lot.weights)
        else:   # a criterion with no weight in the table is one a lot weighs itself: not the table's
            ids = lot.criteria or [c.id for c in spec.award.criteria]
            scored = {i: table[i] for i in ids if i in table}
        if scored != table:
            out.append(lot.number)
    return out


def own_criteria_sentence(spec: tenderpack.Spec) -> str:
    """'The weights in this table are for lot 1. Lot 2 uses other criteria or weights.' ('' when every lot is
    scored as the table says)."""
    own = lots_scored_otherwise(spec)
    if not own:
        return ""
    plain_lots = [lot.number for lot in spec.lots.items if lot.number not in own]
    first = f"The weights in this table are for {lots_phrase(plain_lots)}. " if plain_lots else ""
    return first + f"{capital(lots_phrase(own))} {'uses' if len(own) == 1 else 'use'} other criteria or weights."


def criterion_weight_words(spec: tenderpack.Spec, criterion) -> str:
    """'Weight: 25%.', or for lots: 'For lot 1 only. Weight: 25%.' / 'Weight: 15% in lot 1 and 30% in lot 2.'"""
    lots = spec.lots.items
    if not lots or not any(lot_has_own_criteria(lot) for lot in lots):
        return f"Weight: {weight_text(criterion)}."
    here = [lot for lot in lots if lot.number in criterion_lots(spec, criterion)]
    weights = [lot_weight(lot, criterion) for lot in here]
    only = "" if len(here) == len(lots) else f"This question is for {lots_phrase([lot.number for lot in here])} only. "
    if len(set(weights)) <= 1:
        return f"{only}Weight: {weight_text(criterion) if weights[0] is None else text.percent(weights[0])}."
    parts = [f"{text.percent(w) if w is not None else weight_text(criterion)} in lot {lot.number}"
             for lot, w in zip(here, weights)]
    return f"{only}Weight: {text.join(parts)}."


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                8: "eight", 9: "nine"}


def count_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def extensions_phrase(extensions: list[int]) -> str:
    """'one optional extension of 12 months', 'two optional extensions of 12 months each'."""
    n = len(extensions)
    if n == 1:
        return f"one optional extension of {text.months(extensions[0])}"
    if len(set(extensions)) == 1:
        return f"{count_word(n)} optional extensions of {text.months(extensions[0])} each"
    return f"{count_word(n)} optional extensions, of {text.join([text.months(m) for m in extensions])}"


def the_extensions(extensions: list[int]) -> str:
    """'the optional extension', 'both optional extensions' or 'every optional extension'."""
    n = len(extensions)
    return "the optional extension" if n == 1 else "both optional extensions" if n == 2 else "every optional extension"


def whole_term_words(spec: tenderpack.Spec, lot=None, whose: str = "each lot's") -> str:
    """'the whole term, including the optional extension', or 'the whole term' when there is none (of ``lot``'s
    contract, when given). When the lots' terms differ: 'each lot's whole term, including the optional extensions
    of lot 1' (``whose`` says whose: "each lot's", "the lot's")."""
    term = text.term(spec, lot) if lot is not None else text.one_term(spec)
    if term is not None:
        return f"the whole term, including {the_extensions(list(term.extensions))}" if term.extensions \
            else "the whole term"
    extended = [(x, numbers) for x, numbers in text.terms(spec) if x.extensions]
    if not extended:
        return f"{whose} whole term"
    if sum(len(numbers) for _, numbers in extended) == len(spec.lots.items):
        return f"{whose} whole term, including any optional extension"
    many = sum(len(x.extensions) * len(numbers) for x, numbers in extended) > 1
    return (f"{whose} whole term, including the optional extension{'s' if many else ''} of "
            f"{lots_phrase([n for _, numbers in extended for n in numbers])}")


def extensions_text(extensions: list[int], it: str = "it") -> str | None:
    """'We may extend it twice, by 12 months each time.' (``it``: 'each of them', for several contracts)."""
    if not extensions:
        return None
    if len(set(extensions)) == 1:
        times = {1: "once", 2: "twice"}.get(len(extensions), f"{count_word(len(extensions))} times")
        each = "" if len(extensions) == 1 else " each time"
        return f"We may extend {it} {times}, by {text.months(extensions[0])}{each}."
    return f"We may extend {it} {count_word(len(extensions))} times, by {text.join([text.months(m) for m in extensions])}."


def contract_term(spec: tenderpack.Spec) -> str:
    """'The contract runs from 1 October 2027 to 30 September 2030 (3 years).' (or 'The framework runs ...')"""
    term = text.one_term(spec) or text.term(spec)
    return f"{capital(text.awarded(spec))} runs from {_runs(term)}."


def _runs(term: text.Term) -> str:
    """'1 October 2027 to 30 September 2030 (3 years)'."""
    length = f" ({text.months(term.months)})" if term.months else ""
    return f"{text.date(term.start)} to {text.date(term.end)}{length}"


def term_sentences(spec: tenderpack.Spec) -> list[str]:
    """How long the contract runs and how we may extend it; when the lots' terms differ, lot by lot, each lot
    that cannot be extended saying so. ['The contract for lot 1 runs from … (3 years). We may extend it twice, by
    12 months each time.', 'The contract for lot 2 runs from … (2 years). It cannot be extended.']"""
    term = text.one_term(spec)
    if term is not None:
        return [x for x in (contract_term(spec), extensions_text(list(term.extensions))) if x]
    out = []
    for x, numbers in text.terms(spec):
        one = len(numbers) == 1
        said = f"{capital(text.contract_of(spec, numbers))} {'runs' if one else 'run'} from {_runs(x)}. "
        said += extensions_text(list(x.extensions), "it" if one else "each of them") or \
            ("It cannot be extended." if one else "They cannot be extended.")
        out.append(said)
    return out


def term_phrase(term: text.Term, none: str = "") -> str:
    """'1 October 2027 to 30 September 2030, with two optional extensions of 12 months each'; without extensions,
    the dates followed by ``none`` (such as ', with no extension')."""
    dates = f"{text.date(term.start)} to {text.date(term.end)}"
    return dates + (f", with {extensions_phrase(list(term.extensions))}" if term.extensions else none)


def terms_text(spec: tenderpack.Spec) -> str:
    """The contract's term in a line: '1 October 2027 to 30 September 2030, with …'; when the lots' terms differ,
    'Lot 1: 1 October 2027 to 30 September 2030, with …. Lot 2: 1 April 2028 to 31 March 2030, with no extension'."""
    term = text.one_term(spec)
    if term is not None:
        return term_phrase(term)
    return ". ".join(f"{capital(lots_phrase(numbers))}: {term_phrase(x, ', with no extension')}"
                     for x, numbers in text.terms(spec))


def lots_text(spec: tenderpack.Spec) -> str:
    """'2 lots: 1. Reablement and home care; 2. Care technology…' or 'One contract, not divided into lots'."""
    items = spec.lots.items
    if not items:
        return f"One {text.awarded(spec).removeprefix('the ')}, not divided into lots"
    return f"{len(items)} lots: " + "; ".join(f"lot {lot.number}, {lot.title}" for lot in items)


def value_text(spec: tenderpack.Spec) -> str:
    """'£4,800,000 excluding VAT, over the whole term, including both optional extensions'; for a framework, what
    all its call-off contracts may add up to."""
    every = ", for every call-off contract together" if text.is_framework(spec) else ""
    return f"{text.money(spec.value.estimated_excluding_vat)} excluding VAT{every}, over {whole_term_words(spec)}"


def budget_period(spec: tenderpack.Spec) -> str:
    """What the budget pays for, in words: 'the initial term, 1 October 2027 to 30 September 2030, before any extension'."""
    covers = spec.value.budget_covers
    if covers == "year":
        return f"one year of {text.awarded(spec)}"
    if text.whole_works(spec):   # a works form: a completion date, not a term
        return "the whole of the works"
    term = text.one_term(spec)
    if term is None:   # the lots' terms differ: each lot's own
        if covers == "initial_term" and _extended(spec):
            each = text.join([f"{text.date(x.start)} to {text.date(x.end)} for {lots_phrase(numbers)}"
                              for x, numbers in text.terms(spec)])
            return f"each lot's initial term, before any extension: {each}"
        return whole_term_words(spec)
    if covers == "initial_term" and term.extensions:
        return f"the initial term, {text.date(term.start)} to {text.date(term.end)}, before any extension"
    if term.extensions:
        return whole_term_words(spec)
    return f"the whole term of {text.awarded(spec)}"


def _extended(spec: tenderpack.Spec) -> bool:
    """Whether some contract (some lot's) has an optional extension."""
    return any(x.extensions for x, _ in text.terms(spec))


def budget_is_part(spec: tenderpack.Spec) -> bool:
    """True when the budget pays for less than the whole term that the prices cover (every extension included)."""
    covers = spec.value.budget_covers
    return covers == "year" or (covers == "initial_term" and _extended(spec))


def budget_share(spec: tenderpack.Spec) -> str:
    """The budget's period as a share of the term the prices cover: '36 of the 60 months the prices cover'."""
    term = text.one_term(spec)
    if term is not None:
        part, whole, unit = _budget_part(spec, term)
        return f"{part} of the {whole} {unit} the prices cover"
    out = []
    for x, numbers in text.terms(spec):   # the lots' terms differ: each lot's own share
        part, whole, unit = _budget_part(spec, x)
        its = "its" if len(numbers) == 1 else "their"
        share = f"all {whole} {unit}" if part == whole else f"{part} of the {whole} {unit}"
        out.append(f"for {lots_phrase(numbers)}, {share} {its} prices cover")
    return "; ".join(out)


def _budget_part(spec: tenderpack.Spec, term: text.Term) -> tuple[str, str, str]:
    """The budget's part of ``term`` and the whole of it, in months (or days, when the initial term is not a whole
    number of months): ('36', '60', 'months')."""
    initial = term.months
    if initial is not None:
        part = 12 if spec.value.budget_covers == "year" else initial
        return str(part), str(initial + sum(term.extensions)), "months"
    whole = (term.latest_end - term.start).days + 1
    part = 365 if spec.value.budget_covers == "year" else (term.end - term.start).days + 1
    return text.number(part, 0), text.number(whole, 0), "days"


def prices_cover(spec: tenderpack.Spec) -> str:
    """What a tender's total covers: the pricing schedule always prices the whole term, extensions included.
    For a framework, what a bidder prices and how its price is worked out (framework_prices)."""
    if text.is_framework(spec):
        return " ".join(framework_prices(spec))
    who = "Your price for each lot covers" if spec.lots.items else "Your total price covers"
    if text.whole_works(spec):   # a works form: a completion date, not a term
        return f"{who} the whole of the works."
    return f"{who} {whole_term_words(spec, whose=THE_LOTS)}."


THE_LOTS = "the lot's"   # whose whole term a lot's price covers, when the lots' terms differ


def each_of(numbers: list[int]) -> str:
    """'lot 2', or 'each of lots 2, 3 and 4'."""
    return lots_phrase(numbers) if len(numbers) == 1 else f"each of {lots_phrase(numbers)}"


def framework_prices(spec: tenderpack.Spec) -> list[str]:
    """What a bidder for a framework prices, and the price we score: a rate for each item of the pricing schedule,
    times the item's estimated quantity (what may be ordered under all call-off contracts over the framework's whole
    term), added up; for a lot with no items, a price for each year of the framework, added up. Never that a rate
    is fixed: commercial.price_basis says how prices are set."""
    from .periods import period_word   # periods imports this module: asked for here, when used

    lots = spec.lots.items
    rated = [lot.number for lot in lots if any(i.lot == lot.number for i in spec.pricing.items)]
    yearly = [lot.number for lot in lots if lot.number not in rated]
    out: list[str] = []
    if rated or (not lots and spec.pricing.items):
        where = "" if not lots else "For each lot, you" if not yearly else f"For {lots_phrase(rated)}, you"
        whose = "total price" if not lots else "price for a lot" if not yearly else f"price for {each_of(rated)}"
        out += [f"{where or 'You'} give a rate for each item in the pricing schedule.",
                f"Your {whose} is each rate times the item's estimated quantity, added up.",
                "The quantities are our estimates of what may be ordered under all the call-off contracts, over "
                f"the framework's {whole_term_words(spec).removeprefix('the ')}. We use them only to compare "
                "tenders. They are not a promise that any work will be ordered."]
    if yearly or (not lots and not spec.pricing.items):
        word = period_word(spec)
        if not lots:
            out.append(f"Your total price is the total of the prices you give for each {word} of the framework, "
                       f"over its {whole_term_words(spec).removeprefix('the ')}.")
        else:
            where = "each lot" if not rated else each_of(yearly)
            out.append(f"Your price for {where} is the total of the prices you give for each {word} of the "
                       f"framework, over its {whole_term_words(spec).removeprefix('the ')}.")
    return out


def budget_measure(spec: tenderpack.Spec) -> str:
    """The part of the prices the budget is compared with, when the budget covers less than the whole term."""
    lots = bool(spec.lots.items)
    if spec.value.budget_covers == "initial_term" and not spec.pricing.items:
        each = "each lot" if lots else text.awarded(spec)
        term = text.one_term(spec)
        leaving = the_extensions(list(term.extensions)) if term is not None else "every optional extension"
        return f"For the budget, we count only your prices for the initial term of {each}, leaving out {leaving}."
    period = "the initial term's" if spec.value.budget_covers == "initial_term" else "one year's"
    return f"For the budget, we count only {period} share of {'each price' if lots else 'your total price'}: {budget_share(spec)}."


def over_budget_sentence(spec: tenderpack.Spec) -> str:
    """What happens to a tender above the budget: 'We may reject ...' or 'We will reject ...'."""
    verb = "will" if spec.value.over_budget == "reject" else "may"
    if spec.lots.items:
        return (f"We {verb} reject a tender for a lot if, with our choices for the other lots, "
                "the total would go above the budget.")
    if budget_is_part(spec):
        return f"We {verb} reject a tender if that part of its price is above the budget."
    return f"We {verb} reject a tender priced above the budget."


def budget_sentences(spec: tenderpack.Spec) -> list[str]:
    """The budget: how much (when published), what it covers, what part of the prices it is compared
    with, and what happens to a tender above it. Nothing when there is no budget.

    The pricing schedule always prices the whole term with every extension; when the budget pays
    for less (the initial term, or a year), only that part of each price is compared with it.
    """
    v = spec.value
    if v.budget_ceiling is None:
        return []
    if v.budget_published:
        together = " for all the lots together" if spec.lots.items else ""
        out = [f"Our budget{together} is {text.money(v.budget_ceiling)} excluding VAT. It covers {budget_period(spec)}."]
    else:
        out = ["We have set a budget but do not publish it.", f"It covers {budget_period(spec)}."]
    part = budget_is_part(spec)
    if spec.lots.items and not v.budget_published:   # a published budget says so in its first sentence
        out.append("The budget is for all the lots together, not for each lot.")
    if part:
        out += [prices_cover(spec), budget_measure(spec)]
    if spec.lots.items:
        what = "that part of the prices" if part else "the total of the prices"
        out.append(f"We compare the budget with {what} we would pay for all the lots together.")
    elif part:
        out.append("We compare that part with the budget.")
    else:
        out.append("We compare it with your total price.")
    out.append(over_budget_sentence(spec))
    return out


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


def joint_paragraphs(spec: tenderpack.Spec) -> list[tenderpack.Block]:
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

def phase_dates(phase) -> str:
    """'1 October 2027 to 31 January 2028' for a phase with a start date, else ''."""
    if phase.starts is None:
        return ""
    return f"{text.date(phase.starts)} to {text.date(phase.ends)}"


# --------------------------------------------------------------------------- the law, said only where it applies


def capital(value: str) -> str:
    """The text with its first letter in capitals."""
    return value[:1].upper() + value[1:]


def article(phrase: str) -> str:
    """'a services contract', 'an outcome contract'."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def cite(spec: tenderpack.Spec, key: str) -> str | None:
    """The citation of duty ``key`` from law.yaml when that duty applies to this tender, else None."""
    return tenderpack.law.cite(spec, key)


def public_contract(spec: tenderpack.Spec) -> bool:
    return tenderpack.law.regime(spec).public_contract


# --------------------------------------------------------------------------- who wins, and who signs


def winners(spec: tenderpack.Spec, lot=None) -> int:
    """How many suppliers win ``lot`` (or the contract) (tenderpack.text.winners)."""
    return text.winners(spec, lot)


def many_winners(spec: tenderpack.Spec) -> bool:
    """True when some lot (or the contract) has more than one winning supplier."""
    return text.several_winners(spec)


def winning_supplier(spec: tenderpack.Spec) -> str:
    """'the winning supplier', or 'each winning supplier' when a lot has several (for a framework: 'each
    supplier appointed to the framework')."""
    return text.appointed(spec)


def award_sentence(spec: tenderpack.Spec, lot=None) -> str:
    """Who wins the contract (or ``lot``): the most advantageous tender, or the N highest-scoring tenders.
    For a framework: how many suppliers we appoint to it (or to the lot)."""
    what = f"lot {lot.number}" if lot is not None else text.awarded(spec)
    n = winners(spec, lot)
    if text.is_framework(spec):
        if n > 1:
            return f"We appoint up to {n} suppliers to {what}: the {n} highest-scoring tenders."
        return f"We appoint one supplier to {what}: the most advantageous tender{' for that lot' if lot is not None else ''}."
    if n > 1:
        return f"We award {what} to up to {n} suppliers: the {n} highest-scoring tenders."
    return f"We award {what} to the most advantageous tender{' for that lot' if lot is not None else ''}."


def award_basis(spec: tenderpack.Spec) -> list[str]:
    """The basis of award: the Act's duty for a public contract; below the threshold, the buyer's own choice."""
    where = cite(spec, "most-advantageous-tender")
    if not spec.lots.items and winners(spec) == 1:
        if where:
            return [f"We award {text.awarded(spec)} to the most advantageous tender, as {where} requires."]
        return [f"We will award {text.awarded(spec)} to the most advantageous tender."]
    if where:
        out = [f"We judge tenders on the basis of the most advantageous tender, as {where} requires."]
    else:
        out = ["We will judge tenders on the basis of the most advantageous tender."]
    if spec.lots.items:
        out.append("We evaluate each lot on its own.")
        out += [award_sentence(spec, lot) for lot in spec.lots.items]
    else:
        out.append(award_sentence(spec))
    return out


def each_authority(spec: tenderpack.Spec) -> bool:
    """True when each authority of a joint procurement signs its own contract."""
    return bool(spec.buyer.participants) and spec.buyer.contracts == "each_authority"


def who_signs_sentences(spec: tenderpack.Spec) -> list[str]:
    """In a joint procurement: one contract for all, or a contract for each authority (with its share)."""
    if not spec.buyer.participants:
        return []
    who = winning_supplier(spec)
    if not each_authority(spec):
        return [f"The authorities sign one {text.agreement(spec).removeprefix('the ')} together with {who}."]
    out = [f"Each authority signs its own contract with {who}."]
    shares = [(a.name, a.share_percent) for a in spec.authorities if a.share_percent is not None]
    if shares:
        parts = [f"{name} {text.percent(share)}" for name, share in shares]
        out.append(f"Each authority's contract is for its share of the estimated value: {text.join(parts)}.")
    return out


# --------------------------------------------------------------------------- stages


def sends(spec: tenderpack.Spec, index: int) -> str:
    """What bidders send at stage ``index`` (text.STAGE_SENDS), unless the stage has no questionnaire."""
    stage = spec.procedure.stages[index]
    if stage.type.value == "participation" and not stage.questions:
        return "your request to take part"
    return text.STAGE_SENDS[stage.type.value]


def stage_question_deadline(spec: tenderpack.Spec, index: int):
    """The last time to ask questions in stage ``index`` (tenderpack.text.stage_question_deadline)."""
    return text.stage_question_deadline(spec, index)


def question_time(spec: tenderpack.Spec, index: int) -> str:
    """When questions close in stage ``index``, in the same words as the SME pack's "How to bid"."""
    return text.stage_question_time(spec, index)


def question_time_sentence(spec: tenderpack.Spec, index: int) -> str:
    """The same rule as a sentence: 'The last time to ask in this stage is …' or 'Ask before the stage ends on …'."""
    if (asks := stage_question_deadline(spec, index)) is not None:
        return f"The last time to ask in this stage is {text.datetime(asks)}."
    when = question_time(spec, index)
    if when.startswith("Before"):
        return f"Ask b{when[1:]}."
    return "We will tell you the last time to ask when the stage starts."


def shortlist_sentences(spec: tenderpack.Spec, stage) -> list[str]:
    """How many bidders a stage takes through and, with lots, that the number is for all the lots together;
    or, when some lot gives its own number, the number for each lot."""
    n = stage.shortlist_size
    per_lot = lot_shortlists(spec, stage)
    if per_lot is not None:
        out = ["We make a shortlist for each lot on its own."]
        out += [f"For {lots_phrase(numbers)}, we will take up to {size} bidders through to the next stage."
                for size, numbers in grouped_shortlists(per_lot)]
        if stage.questions:
            out.append("Every bidder answers the same questions at this stage, whichever lots it bids for.")
        return out
    out = [f"We will take up to {n} bidders through to the next stage."]
    if spec.lots.items:
        out.append(f"The limit of {n} is for all the lots together, not for each lot.")
        if stage.questions:
            out.append("Every bidder answers the same questions at this stage, whichever lots it bids for.")
    return out


def stage_tie_rule(stage, per_lot: bool = False) -> list[str]:
    """What happens when bidders are level for the last place on a shortlist of ``shortlist_size``: the
    scored questions in order of weight, then a draw; never more than the shortlist size (of each lot's
    shortlist, when ``per_lot``)."""
    scored = [q for q in stage.questions if not q.pass_fail]
    weights = {q.id: q.weight if q.weight is not None else 0 for q in scored}
    order = [q.id for q in sorted(scored, key=lambda q: -weights[q.id])]
    out = []
    if order:
        out.append(f"If bidders are level for the last place, we rank them by their score for {', then '.join(order)}.")
        out.append("If they are still level, we draw lots, watched by someone who does not score the answers.")
    else:
        out.append("If more bidders qualify than there are places, we draw lots, watched by someone who does not "
                   "score the answers.")
    out.append("For each lot, we never take more bidders through than its number above." if per_lot
               else f"We never take more than {stage.shortlist_size} bidders through.")
    return out


def questionnaire_stages(spec: tenderpack.Spec) -> list[tuple[int, Any]]:
    """The stages that ask questions (the stage questionnaire), with their index."""
    return [(i, s) for i, s in enumerate(spec.procedure.stages) if s.questions]


def first_questionnaire_stage(spec: tenderpack.Spec):
    found = questionnaire_stages(spec)
    return found[0][1] if found else None


def declaration_place(spec: tenderpack.Spec) -> str:
    """Where a bidder makes its exclusion and conflicts declarations."""
    stage = first_questionnaire_stage(spec)
    form = "the form of tender" if spec.sme_pack else "your tender"
    if stage is not None:
        return f"the “Stage questionnaire” for {stage.name}, and again in {form}"
    return form


# --------------------------------------------------------------------------- lots


def lot_weight(lot, criterion):
    """The weight of ``criterion`` in ``lot``: the lot's own, the criterion's, or None when it does not apply."""
    if lot.criteria and criterion.id not in lot.criteria:
        return None
    return lot.weights.get(criterion.id, criterion.weight)


def lot_criteria(spec: tenderpack.Spec, lot) -> list:
    """The award criteria that apply to ``lot``."""
    return [c for c in spec.award.criteria if not lot.criteria or c.id in lot.criteria]


def lot_has_own_criteria(lot) -> bool:
    return bool(lot.criteria or lot.weights)


def lots_phrase(numbers: list[int]) -> str:
    """'lot 1' or 'lots 1 and 2'."""
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return f"lot {numbers[0]}"
    return "lots " + text.join([str(n) for n in numbers])


# A lot's own detail: each said only when the spec gives it.

RESERVED_FOR = {"sme": "small and medium-sized enterprises",
                "sme_vcse": "small and medium-sized enterprises and voluntary, community and social enterprises",
                "supported_employment": "supported employment providers",
                "public_service_mutual": "public service mutuals"}


def reserved_sentence(lot) -> str | None:
    """'Lot 3 is reserved for small and medium-sized enterprises.'"""
    if lot.reserved_for is None:
        return None
    return f"Lot {lot.number} is reserved for {RESERVED_FOR[lot.reserved_for]}."


def reserved_lots(spec: tenderpack.Spec) -> list[str]:
    """One sentence for each kind of reservation: 'Lots 3 and 4 are reserved for small and medium-sized enterprises.'"""
    out = []
    for kind, who in RESERVED_FOR.items():
        numbers = [lot.number for lot in spec.lots.items if lot.reserved_for == kind]
        if numbers:
            out.append(f"{capital(lots_phrase(numbers))} {'is' if len(numbers) == 1 else 'are'} reserved for {who}.")
    return out


def bid_cap_sentence(spec: tenderpack.Spec) -> str | None:
    """'You can bid for up to two lots.' when the spec limits the lots one supplier can bid for."""
    n = spec.lots.max_bids_per_supplier
    if n is None or not spec.lots.items:
        return None
    return f"You can bid for up to {count_word(n)} lot{'s' if n > 1 else ''}."


def lot_cpv_sentence(lot) -> str | None:
    """'The main Common Procurement Vocabulary (CPV) code of this lot is 50700000-2. Other codes: 45453000-7.'"""
    if not lot.cpv:
        return None
    out = f"The main Common Procurement Vocabulary (CPV) code of this lot is {lot.cpv[0]}."
    if len(lot.cpv) > 1:
        out += f" Other codes: {text.join(lot.cpv[1:])}."
    return out


def place_text(place) -> str | None:
    """'The north of the district (ITL code TLF22)': the area and its code, as the spec gives them."""
    if place is None or (place.region is None and place.itl is None):
        return None
    if place.region is None:
        return f"ITL code {place.itl}"
    return full_stop(place.region).removesuffix(".") + (f" (ITL code {place.itl})" if place.itl else "")


def lot_place_blocks(lot) -> list[tenderpack.Block]:
    """Where the lot's work is done: its area and the addresses of its sites."""
    place = lot.place
    if place is None:
        return []
    blocks: list[tenderpack.Block] = []
    if (area := place_text(place)) is not None:
        blocks.append(Paragraph.of(f"Where the work is done: {area}."))
    if place.addresses:
        blocks.append(Paragraph.of("The work is done at this address:" if len(place.addresses) == 1
                                   else "The work is done at these addresses:"))
        blocks.append(bullets(list(place.addresses)))
    return blocks


def lot_term(spec: tenderpack.Spec, lot) -> tuple[dt.date, dt.date, list[int]]:
    """The lot's contract start, end of the initial term and extensions: its own, else the tender's."""
    term = text.term(spec, lot)
    return term.start, term.end, list(term.extensions)


def lot_has_own_term(spec: tenderpack.Spec, lot) -> bool:
    """Whether the lot's term differs from the timetable's (then the lots' terms differ: rule TP-LOT-DATES refuses
    lots that all share a term of their own)."""
    return text.term(spec, lot) != text.term(spec)


def lot_term_sentence(spec: tenderpack.Spec, lot) -> str | None:
    """'This lot's contract runs from 1 April 2028 to 31 March 2031, with one optional extension of 12 months.'
    Only for a lot whose dates differ from the timetable's."""
    if not lot_has_own_term(spec, lot):
        return None
    start, end, extensions = lot_term(spec, lot)
    tail = f", with {extensions_phrase(extensions)}" if extensions else ", and cannot be extended"
    return f"This lot's contract runs from {text.date(start)} to {text.date(end)}{tail}."


def lot_shortlists(spec: tenderpack.Spec, stage) -> dict[int, int] | None:
    """How many bidders ``stage`` takes through for each lot, when some lot gives its own number (the stage
    then shortlists lot by lot; a lot without its own takes the stage's); None when the stage's number is
    for all the lots together."""
    if not stage.shortlist_size or not any(lot.shortlist_size for lot in spec.lots.items):
        return None
    return {lot.number: lot.shortlist_size or stage.shortlist_size for lot in spec.lots.items}


def grouped_shortlists(per_lot: dict[int, int]) -> list[tuple[int, list[int]]]:
    """(size, lot numbers) for each size, largest first: [(5, [1]), (4, [2, 3])]."""
    groups: dict[int, list[int]] = {}
    for number, size in per_lot.items():
        groups.setdefault(size, []).append(number)
    return sorted(groups.items(), key=lambda pair: -pair[0])


# --------------------------------------------------------------------------- conditions of participation


def has_conditions(spec: tenderpack.Spec) -> bool:
    """True when the spec sets any condition of participation (general, turnover or a lot's own)."""
    c = spec.conditions
    return bool(c.legal or c.financial or c.technical or c.minimum_turnover is not None
                or c.audited_accounts_required or any(lot.conditions for lot in spec.lots.items))


def evidence_lines(spec: tenderpack.Spec) -> list[str]:
    """What a bidder gives to show it meets the conditions: one line for each kind of condition the spec
    sets, asking for facts the bidder has, never a figure the spec does not hold."""
    c = spec.conditions
    out = []
    if c.legal:
        out.append("Legal conditions: a short statement of how you meet each one, with any registration "
                   "or licence number it needs.")
    if c.financial:
        out.append("Financial conditions: a short statement of how you meet each one, with a document "
                   "that shows it, such as a letter from your bank.")
    if c.minimum_turnover is not None:
        out.append("Turnover: your turnover for your last full financial year.")
    if c.audited_accounts_required:
        out.append("Accounts: your audited accounts for your last full financial year.")
    if c.technical:
        out.append("Technical ability: a short description of each example or qualification the condition "
                   "asks for. For work you did, say who it was for, when, and what you did.")
    own = [lot.number for lot in spec.lots.items if lot.conditions]
    if own:
        out.append(f"Conditions for {lots_phrase(own)} only: a short statement of how you meet each one, "
                   "with any registration number it needs.")
    return out
