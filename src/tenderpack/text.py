"""Plain-English formatting of values, in the GOV.UK style, for plugins to use."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def money(amount: Decimal | int | float, pence: bool | None = None) -> str:
    """£1,200,000 or £12.50; pence are shown only when there are any (or when asked)."""
    value = Decimal(str(amount))
    if pence is None:
        pence = value != value.to_integral_value()
    if pence:
        return f"£{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"
    return f"£{value.quantize(Decimal('1'), ROUND_HALF_UP):,.0f}"


def date(day: dt.date, weekday: bool = False) -> str:
    """6 March 2026, or Friday 6 March 2026."""
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def time(moment: dt.time | dt.datetime) -> str:
    """12 noon, midnight, 5pm or 5:30pm."""
    if moment.hour == 12 and moment.minute == 0:
        return "12 noon"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def datetime(moment: dt.datetime) -> str:
    """12 noon on Friday 6 March 2026."""
    return f"{time(moment)} on {date(moment.date(), weekday=True)}"


def percent(value: Decimal | int | float) -> str:
    """20% or 12.5%."""
    number = Decimal(str(value)).normalize()
    return f"{number:f}%"


def number(value: Decimal | int | float, places: int = 2) -> str:
    """A number with thousands separators and at most ``places`` decimals, trailing zeros dropped."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(str(value)).quantize(quantum, ROUND_HALF_UP):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def join(items: list[str], last: str = "and") -> str:
    """a, b and c."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def months(n: int) -> str:
    """12 months, 1 month, 2 years."""
    if n % 12 == 0 and n >= 24:
        return f"{n // 12} years"
    return f"{n} month" if n == 1 else f"{n} months"


def joint_buyers(spec) -> list[str]:
    """For a joint procurement, sentences naming the lead, the others and who signs for each.

    Every document of a joint procurement says the same thing in the same words, so it
    lives here rather than in each plugin. Nothing when one authority buys alone.
    """
    if not spec.buyer.participants:
        return []
    lead = spec.buyer.lead
    others = join([a.name for a in spec.buyer.participants])
    out = [f"This is a joint procurement. {lead.name} is the lead authority: it runs this tender "
           f"for itself and for {others}."]
    out += [f"The {a.signatory} signs for {a.name}." if a.signatory
            else f"{a.name} will tell us who signs for it before the contract is signed." for a in spec.authorities]
    return out


# --------------------------------------------------------------------------- stages and deadlines
# Said once here because every document that names a deadline must name the same one.

STAGE_SENDS = {
    "participation": "your answers to the stage questionnaire",
    "shortlisting": "your answers to the shortlisting questions",
    "tender": "your tender",
    "dialogue": "your ideas for the discussions",
    "negotiation": "your revised proposals",
    "final_tender": "your final tender",
    "presentation": "your presentation",
}


def stage_deadline(spec, index: int):
    """The deadline of stage ``index``: its own, or the timetable's tender deadline for the first stage."""
    stage = spec.procedure.stages[index]
    if stage.deadline is not None:
        return stage.deadline
    return spec.timetable.tender_deadline if index == 0 else None


def first_deadline_name(spec) -> str:
    """What the timetable's tender_deadline is: 'Tender deadline', or the first stage's deadline."""
    stages = spec.procedure.stages
    if not stages:
        return "Tender deadline"
    return f"Deadline for {stages[0].name}"


def final_deadline(spec):
    """The deadline of the last tender bidders send: the final tender stage's, or the tender deadline."""
    for i in reversed(range(len(spec.procedure.stages))):
        if spec.procedure.stages[i].type.value in ("final_tender", "tender"):
            found = stage_deadline(spec, i)
            if found is not None:
                return found
    return spec.timetable.tender_deadline


def final_deadline_name(spec) -> str:
    """'the tender deadline' (one stage), 'the deadline for final tenders', or 'the deadline for stage 2 tenders'."""
    stages = spec.procedure.stages
    for i in reversed(range(len(stages))):
        if stages[i].type.value in ("final_tender", "tender") and stage_deadline(spec, i) is not None:
            if i == 0:
                return "the tender deadline"
            return "the deadline for final tenders" if stages[i].type.value == "final_tender" \
                else f"the deadline for stage {i + 1} tenders"
    return "the tender deadline"


def validity_end(spec):
    """The last day a tender must stay open: validity_days after the final deadline."""
    import datetime as _dt

    return final_deadline(spec).date() + _dt.timedelta(days=spec.submission.validity_days)


def signing_from(spec):
    """The first day the contract can be signed: the day after the standstill, else the award."""
    import datetime as _dt

    t = spec.timetable
    return t.standstill_end + _dt.timedelta(days=1) if t.standstill_end else t.award


def signature_date(spec, lot=None):
    """The planned day of signing: timetable.contract_signature, else the contract start (of ``lot``'s contract when
    given; else the first contract's, when lots start on days of their own)."""
    t = spec.timetable
    return t.contract_signature or (term(spec, lot).start if lot is not None else first_start(spec))


def for_lot(items_lots: list[int], lot_number: int) -> bool:
    """Whether something that names ``items_lots`` (empty = every lot) applies to ``lot_number``."""
    return not items_lots or lot_number in items_lots


# --------------------------------------------------------------------------- small words, one home


def slug(value: str, fallback: str = "") -> str:
    """A lower-case, hyphenated identifier: 'Stage 1: questions' -> 'stage-1-questions'."""
    import re as _re

    return _re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or fallback


def noun(n: int, one: str, many: str | None = None) -> str:
    """The word for ``n`` things: 'supplier' or 'suppliers'."""
    return one if n == 1 else (many or one + "s")


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 supplier', '3 suppliers'."""
    return f"{n} {noun(n, one, many)}"


# --------------------------------------------------------------------------- winners and questions by stage
# Said once here: the invitation and the small-firm pack must give the same numbers and times.


def winners(spec, lot=None) -> int:
    """How many suppliers win ``lot`` (or the contract): the lot's own number, else award.suppliers."""
    if lot is not None and lot.suppliers is not None:
        return lot.suppliers
    return spec.award.suppliers


def several_winners(spec) -> bool:
    """True when some lot (or the contract) has more than one winning supplier."""
    if spec.lots.items:
        return any(winners(spec, lot) > 1 for lot in spec.lots.items)
    return winners(spec) > 1


def stage_question_deadline(spec, index: int):
    """The last time to ask questions in stage ``index``: its own, else the timetable's for the first stage."""
    stage = spec.procedure.stages[index]
    if stage.clarification_deadline is not None:
        return stage.clarification_deadline
    return spec.timetable.clarification_deadline if index == 0 else None


def stage_question_time(spec, index: int) -> str:
    """When questions close in stage ``index``: its own time, else before its deadline, else before it
    ends, else we tell you at its start."""
    asks = stage_question_deadline(spec, index)
    if asks is not None:
        return datetime(asks)
    stage = spec.procedure.stages[index]
    deadline = stage_deadline(spec, index)
    if deadline is not None:
        return f"Before {datetime(deadline)}. We tell you the exact time"
    if stage.ends:
        return f"Before the stage ends on {date(stage.ends)}"
    return "We tell you at the start of the stage"


# --------------------------------------------------------------------------- frameworks
# Said once here: a tender that sets up a framework (spec.framework) awards places on the
# framework, not a contract. The suppliers appointed sign the framework agreement; the work
# itself is bought later, through call-off contracts. Every document words it the same way.


def is_framework(spec) -> bool:
    """True when the tender sets up a framework (spec.framework)."""
    return getattr(spec, "framework", None) is not None


def awarded(spec) -> str:
    """What this tender awards: 'the contract', or 'the framework'."""
    return "the framework" if is_framework(spec) else "the contract"


def agreement(spec) -> str:
    """What is signed after the award: 'the contract', or 'the framework agreement'."""
    return "the framework agreement" if is_framework(spec) else "the contract"


def appointed(spec, several: bool | None = None) -> str:
    """Who is chosen: 'the winning supplier' or 'each winning supplier'; for a framework, 'the supplier
    appointed to the framework' or 'each supplier appointed to the framework'. ``several`` defaults to
    whether some lot (or the contract) has more than one supplier."""
    many = several_winners(spec) if several is None else several
    if is_framework(spec):
        return "each supplier appointed to the framework" if many else "the supplier appointed to the framework"
    return "each winning supplier" if many else "the winning supplier"


def if_you_win(spec) -> str:
    """'If you win', or 'If you win a place on the framework'."""
    return "If you win a place on the framework" if is_framework(spec) else "If you win"


def only_if_you_win_lots(spec, lots: str) -> str:
    """What belongs to some lots only, said to a bidder: 'only if you win lot 1'; for a framework, 'only if you win
    a place on lot 1, and then to your call-off contracts under lot 1'. ``lots`` names them ('lot 1', 'lots 1 and 2')."""
    if is_framework(spec):
        return f"only if you win a place on {lots}, and then to your call-off contracts under {lots}"
    return f"only if you win {lots}"


def suppliers_heading(spec) -> str:
    """The heading of a column of how many suppliers each lot has: 'Winning suppliers' or 'Suppliers appointed'."""
    return "Suppliers appointed" if is_framework(spec) else "Winning suppliers"


def call_off_methods(spec) -> list[str]:
    """How call-off contracts are awarded under the framework, in words: ['by direct award on the framework's
    objective terms', 'after a competition among the framework's suppliers']; [] without a framework."""
    if not is_framework(spec):
        return []
    call_off = spec.framework.call_off
    among = "the lot's suppliers" if spec.lots.items else "the framework's suppliers"
    out = []
    if call_off.direct_award is not None:
        out.append("by direct award on the framework's objective terms")
    if call_off.competition is not None:
        out.append(f"after a competition among {among}")
    return out


def call_off_we(spec) -> str:
    """Who "we" is in a call-off contract: the body that awards it, among those the framework lets call off.
    'London Borough of Hartwell' when it alone may; else 'the body that awards it (London Borough of Hartwell or
    another body that may call off under the framework)'. Only for a framework."""
    who = spec.framework.who_may_call_off
    names = [a.name for a in spec.authorities] if who is None else list(who.named)
    if len(names) == 1 and (who is None or not who.described):
        return names[0]
    if who is not None and who.described:
        return f"the body that awards it ({join([*names, 'another body' if names else 'a body'], last='or')} " \
               "that may call off under the framework)"
    return f"the body that awards it ({join(names, last='or')})"


def call_off_prices(spec) -> str:
    """Where a call-off contract's prices come from: 'from your tender', or 'from your tender, or from your bid in
    the call-off competition' when call-offs may be awarded after one. Only for a framework."""
    if spec.framework.call_off.competition is not None:
        return "from your tender, or from your bid in the call-off competition"
    return "from your tender"


def call_off_ceiling(spec) -> str | None:
    """The sentence that caps a call-off bid by the tender's prices, when the spec says so (pricing.call_off_ceiling,
    only for a framework with call-off competitions); else None."""
    if spec.framework is None or spec.framework.call_off.competition is None or not spec.pricing.call_off_ceiling:
        return None
    p = spec.pricing
    if p.kind == "schedule_of_rates":
        # The schedule's rates change over the framework (indexation): the cap follows them, not the tender's day.
        which = "section" if p.adjusted.per == "section" else "lot" if spec.lots.items else None
        by = f"your adjustment for the {which}" if which else "your adjustment"
        return f"In a call-off competition, you must not bid higher than the schedule's rates in force that day, " \
               f"adjusted by {by}."
    return "A bid in a call-off competition must not be higher than your tender's prices for the same work."


# --------------------------------------------------------------------------- NEC4 and JCT forms
# Said once here: the pack adds clauses of its own after the buyer's amendments to an NEC4 or JCT
# form (spec.contract); the works plugin writes them and every other document names them by the
# same label, and sends reports to the same person.

# The forms for works, whose last day is a completion date rather than the end of a term.
WORKS_FORMS = ("nec4_ecc", "nec4_ecsc", "jct_db", "jct_sbc", "jct_ic", "jct_mw")

# Who receives the Contractor's reports under each form: its manager, else the client.
FORM_MANAGER = {"nec4_ecc": "the Project Manager", "nec4_tsc": "the Service Manager", "nec4_ecsc": "the Client",
                "jct_db": "the Employer's Agent", "jct_sbc": "the Architect/Contract Administrator",
                "jct_ic": "the Architect/Contract Administrator", "jct_mw": "the Architect/Contract Administrator"}


def form_of(spec):
    """spec.contract when it is an NEC4 or JCT form (the pack carries the buyer's part of it), else None."""
    form = getattr(spec, "contract", None)
    return form if form is not None and form.data_name is not None else None


def added_clauses(spec) -> list[str]:
    """The titles of the clauses the pack adds to an NEC4 or JCT form after the buyer's amendments, in order:
    'Key performance indicators' (KPIs, unless NEC4's Option X20 holds them), then 'Social value' (with a
    social_value part). Empty without such a form."""
    form = form_of(spec)
    if form is None:
        return []
    out = ["Key performance indicators"] if form.adds_kpi_clause(bool(spec.kpis) or any(o.kpi for o in spec.outcomes)) \
        else []
    if spec.social_value is not None:
        out.append("Social value")
    return out


def added_clause(spec, title: str) -> str | None:
    """The label of the clause the pack adds with this title: 'Z5' (NEC4) or 'Amendment 5' (JCT); None if it
    adds none."""
    added = added_clauses(spec)
    if title not in added:
        return None
    n = len(spec.contract.amendments) + added.index(title) + 1
    return f"Z{n}" if spec.contract.family == "nec4" else f"Amendment {n}"


def form_data_title(spec) -> str:
    """The buyer's data in the NEC4 or JCT form: 'Contract Data part one', 'Contract Data' (the NEC4 Short
    Contract's has no parts) or 'Contract Particulars' (JCT)."""
    form = spec.contract
    if form.family == "jct":
        return "Contract Particulars"
    return "Contract Data" if form.form == "nec4_ecsc" else "Contract Data part one"


def form_manager(spec) -> str:
    """Who receives the Contractor's reports under the NEC4 or JCT form: 'the Project Manager'."""
    return FORM_MANAGER[spec.contract.form]


def term_ends(spec, what: str) -> str:
    """The timetable's event on a contract's last day: 'First term of the contract ends'; under an NEC4 or JCT form
    for works, the day the works must be complete; under the NEC4 Term Service Contract, the end of the service
    period. A framework's own term ends, whatever form its call-offs use."""
    form = form_of(spec)
    if form is None or is_framework(spec):
        return f"First term of {what} ends"
    if form.form in WORKS_FORMS:
        return f"Completion date of {what}: the works must be complete"
    return f"The service period of {what} ends"


def works_form(spec):
    """spec.contract when it is an NEC4 or JCT form for works and the tender is not a framework, else None: its last
    day is a completion date, not the end of a term."""
    form = form_of(spec)
    return form if form is not None and form.form in WORKS_FORMS and not is_framework(spec) else None


# The document whose total is the tendered price under each NEC4 works form and main Option (Options E and F are
# paid by cost: they have no such total).
_PRICED_DOCUMENT = {("nec4_ecc", "A"): "activity schedule", ("nec4_ecc", "C"): "activity schedule",
                    ("nec4_ecc", "B"): "bill of quantities", ("nec4_ecc", "D"): "bill of quantities",
                    ("nec4_ecsc", None): "price list"}


def works_price(spec) -> list[str]:
    """How a bidder prices a works contract that the spec lists no items for, following its form: 'Give the total of
    the Prices in your activity schedule, in pounds, excluding VAT.', 'It must match the activity schedule you
    send.'; a JCT form: its Contract Sum. Empty without a works form, or under an NEC4 Option paid by cost."""
    form = works_form(spec)
    if form is None:
        return []
    if form.family == "jct":
        return ["Give your Contract Sum, the price for the whole of the works, in pounds, excluding VAT."]
    document = _PRICED_DOCUMENT.get((form.form, form.main_option))
    if document is None:
        return []
    return [f"Give the total of the Prices in your {document}, in pounds, excluding VAT.",
            f"It must match the {document} you send."]


def submission_item(spec, item: str) -> str:
    """A document to send, with where to find a form the pack cannot carry (NEC4's own, which is copyright):
    'Contract Data part two, filled in (the form is in your copy of the NEC4 Engineering and Construction Contract)'."""
    form = form_of(spec)
    said = item.lower()
    if form is None or form.family != "nec4" or "contract data part two" not in said or "your copy" in said:
        return item
    return f"{item} (the form is in your copy of the {form.name})"


def whole_works(spec) -> bool:
    """True when the price and the value cover the whole of the works, which has a completion date, not a term: a
    works form whose contracts have no optional extension."""
    return works_form(spec) is not None and not any(x.extensions for x, _ in terms(spec))


def works_dates(spec) -> list[str]:
    """The dates of a works contract, in its form's words: 'The contract starts on 10 January 2028. The works must be
    complete by 30 November 2028.', then the defects the Contractor puts right after Completion when the contract
    data gives that period. Empty without a works form, or when the lots' dates differ."""
    form, one = works_form(spec), one_term(spec)
    if form is None or one is None:
        return []
    out = [f"The contract starts on {date(one.start)}.", f"The works must be complete by {date(one.end)}."]
    data = form.data
    if data is None:
        return out
    if form.family == "nec4" and data.defects_weeks:
        out.append(f"You then put right defects until the defects date, {data.defects_weeks} weeks after "
                   "Completion.")
    elif form.family == "jct" and data.rectification_months:
        out.append(f"You then put right defects that appear in the Rectification Period, "
                   f"{months(data.rectification_months)} from practical completion.")
    return out


def works_payment(spec) -> str | None:
    """When we pay under an NEC4 or JCT works form, in its words: 'We pay the amount the Project Manager certifies
    within 30 days of each assessment date.'; None without such a form."""
    form, days = works_form(spec), spec.commercial.payment_days
    if form is None:
        return None
    if form.family == "jct":
        return f"We pay each amount due under the contract within {days} days of its due date."
    if form.form == "nec4_ecc":
        return f"We pay the amount the Project Manager certifies within {days} days of each assessment date."
    return f"We pay the amount due within {days} days of each assessment date."


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------- contract terms, lot by lot
# Said once here: each lot is a contract of its own, and a lot may give its own dates
# (lots.items[].contract_start, contract_end, extensions); a lot without them takes the
# timetable's. A document says the term once when every contract shares it, else lot by lot.


@dataclass(frozen=True)
class Term:
    """A contract's term: the day it starts, the last day of its initial term, its optional extensions in months."""
    start: dt.date
    end: dt.date
    extensions: tuple[int, ...] = ()

    @property
    def latest_end(self) -> dt.date:
        """The last day if every extension is used: each extension starts the day after the one before ends."""
        return add_months(self.end + dt.timedelta(days=1), sum(self.extensions)) - dt.timedelta(days=1)

    @property
    def months(self) -> int | None:
        """Whole months of the initial term, when it is a whole number of months (1 October to 30 September: 12)."""
        following = self.end + dt.timedelta(days=1)
        n = (following.year - self.start.year) * 12 + following.month - self.start.month
        return n if n > 0 and add_months(self.start, n) == following else None


def term(spec, lot=None) -> Term:
    """The term of ``lot``'s contract: its own dates and extensions where it gives them, else the timetable's;
    without ``lot``, the timetable's."""
    t = spec.timetable
    if lot is None:
        return Term(t.contract_start, t.contract_end, tuple(t.extensions))
    return Term(lot.contract_start or t.contract_start, lot.contract_end or t.contract_end,
                tuple(t.extensions if lot.extensions is None else lot.extensions))


def terms(spec) -> list[tuple[Term, list[int]]]:
    """Each different term, with the numbers of the lots that have it, in the order of the lots; without lots,
    the timetable's term with no lot numbers."""
    if not spec.lots.items:
        return [(term(spec), [])]
    out: dict[Term, list[int]] = {}
    for lot in spec.lots.items:
        out.setdefault(term(spec, lot), []).append(lot.number)
    return list(out.items())


def one_term(spec) -> Term | None:
    """The term every contract shares (with lots that give no dates of their own: the timetable's), or None when
    some lot's term differs from another's."""
    found = terms(spec)
    return found[0][0] if len(found) == 1 else None


def first_start(spec) -> dt.date:
    """The first day any contract starts."""
    return min(x.start for x, _ in terms(spec))


def last_end(spec) -> dt.date:
    """The last day any contract can run to, with every extension."""
    return max(x.latest_end for x, _ in terms(spec))


def lot_names(numbers: list[int]) -> str:
    """'lot 1', 'lots 1 and 2'."""
    return ("lot " if len(numbers) == 1 else "lots ") + join([str(n) for n in numbers])


def contract_of(spec, numbers: list[int]) -> str:
    """What runs for a term shared by lots ``numbers``: 'the contract for lot 2' (a lot is a contract of its own),
    'the contracts for lots 1 and 3'; for a framework, 'the framework'."""
    if is_framework(spec) or not numbers:
        return awarded(spec)
    if len(numbers) == 1:
        return f"the contract for lot {numbers[0]}"
    return f"the contracts for {lot_names(sorted(numbers))}"
