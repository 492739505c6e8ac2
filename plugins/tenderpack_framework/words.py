"""The framework's facts in plain words, shared by the framework agreement, the call-off procedure and
the sections this plugin adds to other documents, so that every document says them the same way.

Every sentence rests on a field of ``spec.framework`` (or the timetable, lots and award it
leans on); the law is cited only through ``tenderpack.law``, where the "framework" regime applies.
"""

from __future__ import annotations

import datetime as dt

import tenderpack
from tenderpack import KeyFacts, ListBlock, Paragraph, Run, Table, markdown, text

NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def count(n: int) -> str:
    return NUMBERS.get(n, str(n))


def capital(value: str) -> str:
    return value[:1].upper() + value[1:]


def md(value: str | None) -> list[tenderpack.Block]:
    return markdown.parse(value) if value else []


def framework(spec: tenderpack.Spec):
    """spec.framework (its own model, reached through the spec): this plugin writes only for a framework."""
    fw = spec.framework
    assert fw is not None   # the plugin's hooks return nothing without a framework
    return fw


def buyers(spec: tenderpack.Spec) -> str:
    """'London Borough of Hartwell', or the lead and the others buying with it."""
    return text.join([a.name for a in spec.authorities])


def we_means(spec: tenderpack.Spec) -> str:
    return f"“We” means {buyers(spec)}{', buying together' if spec.buyer.participants else ''}."


def among(spec: tenderpack.Spec) -> str:
    """Who competes for a call-off: 'the lot's suppliers' or 'the framework's suppliers'."""
    return "the lot's suppliers" if spec.lots.items else "the framework's suppliers"


# ---------------------------------------------------------------------------- the term


add_months = tenderpack.text.add_months   # one home: the same day so many months later


def whole_months(start: dt.date, end: dt.date) -> int | None:
    """Months from ``start`` to ``end`` inclusive, when that is a whole number of months."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months if months > 0 and add_months(start, months) == after else None


def latest_end(spec: tenderpack.Spec) -> dt.date:
    t = spec.timetable
    return add_months(t.contract_end + dt.timedelta(days=1), sum(t.extensions)) - dt.timedelta(days=1)


def longest_months(spec: tenderpack.Spec) -> int:
    """The longest term of a framework, in months (law.yaml, frameworks.term): longer for defence and security
    or utilities frameworks."""
    key = "max_months_defence_or_utilities" if framework(spec).defence_or_utilities else "max_months"
    return int(tenderpack.law.figure("law", "frameworks", "term", key))


def longer_than_allowed(spec: tenderpack.Spec) -> bool:
    """The framework runs, with every extension, past the longest term law.yaml gives."""
    t = spec.timetable
    return latest_end(spec) > add_months(t.contract_start, longest_months(spec)) - dt.timedelta(days=1)


def term_sentences(spec: tenderpack.Spec) -> list[str]:
    """How long the framework runs: its dates, its length, any extensions, and why it is longer than usual."""
    t = spec.timetable
    months = whole_months(t.contract_start, t.contract_end)
    out = [f"The framework runs from {text.date(t.contract_start)} to {text.date(t.contract_end)}"
           + (f" ({text.months(months)})." if months else ".")]
    if t.extensions:
        n = len(t.extensions)
        if len(set(t.extensions)) == 1:
            times = {1: "once", 2: "twice"}.get(n, f"{count(n)} times")
            out.append(f"We may extend it {times}, by {text.months(t.extensions[0])}{' each time' if n > 1 else ''}.")
        else:
            out.append(f"We may extend it {count(n)} times, by {text.join([text.months(m) for m in t.extensions])}.")
        out.append(f"It cannot run past {text.date(latest_end(spec))}.")
    return out


def longer_term_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """Why the framework runs longer than the usual limit: only when it does, and the spec gives the reasons."""
    fw = framework(spec)
    if not fw.longer_term_reason or not longer_than_allowed(spec):
        return []
    years = text.months(longest_months(spec))
    blocks: list[tenderpack.Block] = []
    if cited := tenderpack.law.cite(spec, "framework-term"):
        blocks.append(Paragraph.of(f"A framework may run for {years} at most, unless reasons are given ({cited}). "
                                   "These are our reasons for a longer term:"))
    else:
        blocks.append(Paragraph.of(f"The framework runs for longer than {years}. These are our reasons:"))
    return blocks + md(fw.longer_term_reason)


# ---------------------------------------------------------------------------- who may call off


def named(spec: tenderpack.Spec) -> list[str]:
    """The bodies named as able to award call-off contracts; the buyers of this tender when none is given."""
    who = framework(spec).who_may_call_off
    if who is None:
        return [a.name for a in spec.authorities]
    return list(who.named)


def who_may_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """Who may award call-off contracts under the framework: the bodies named, the class described, where."""
    who = framework(spec).who_may_call_off
    if who is None:
        only = buyers(spec)
        return [Paragraph.of(f"Only {only} may award call-off contracts under this framework.")]
    blocks: list[tenderpack.Block] = []
    if who.named:
        blocks.append(Paragraph.of("These bodies may award call-off contracts under this framework:"))
        blocks.append(ListBlock([[Paragraph(markdown.inline(n))] for n in who.named]))
    if who.described:
        blocks.append(Paragraph.of("So may any body in this class:" if who.named
                                   else "Any body in this class may award call-off contracts under this framework:"))
        blocks += md(who.described)
    if who.locations:
        blocks.append(Paragraph.of(f"Where they are: {text.join(who.locations)}."))
    return blocks


def who_may_short(spec: tenderpack.Spec) -> str:
    """Who may use the framework, on one line: 'London Borough of Hartwell; and any body in this class: ...'."""
    who = framework(spec).who_may_call_off
    if who is None:
        return f"Only {buyers(spec)}"
    parts = []
    if who.named:
        parts.append(text.join(list(who.named)))
    if who.described:
        described = " ".join(who.described.split()).rstrip(".")
        if parts and described[1:2].islower():   # 'Every London borough council' after a list of names
            described = described[:1].lower() + described[1:]
        parts.append(described)
    out = "; and ".join(parts)
    if who.locations:
        out += f" (in {text.join(who.locations)})"
    return out


# ---------------------------------------------------------------------------- suppliers


def suppliers_words(spec: tenderpack.Spec, lot=None) -> str:
    """'up to 4 suppliers' or 'one supplier' for the framework or one lot."""
    n = text.winners(spec, lot)
    return f"up to {n} suppliers" if n > 1 else "one supplier"


def suppliers_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """How many suppliers we appoint to the framework (or each lot), and how they are chosen."""
    lots = spec.lots.items
    how = ("We choose them by the award criteria in the “Evaluation and award methodology”: the highest-scoring "
           "tenders." if text.several_winners(spec) else
           "We choose it by the award criteria in the “Evaluation and award methodology”: the most advantageous "
           "tender.")
    if not lots:
        return [Paragraph.of(f"We appoint {suppliers_words(spec)} to the framework."), Paragraph.of(how)]
    rows = [[str(lot.number), lot.title, capital(suppliers_words(spec, lot))] for lot in lots]
    return [Paragraph.of(f"The framework has {count(len(lots))} lots. We appoint suppliers to each lot on its own."),
            Table.of(["Lot", "Title", "Suppliers we appoint"], rows, caption="Suppliers on each lot",
                     widths=[1, 4, 2]),
            Paragraph.of(how)]


def single_supplier_lots(spec: tenderpack.Spec) -> list:
    """The lots (or [None] for the framework) that appoint one supplier."""
    if spec.lots.items:
        return [lot for lot in spec.lots.items if text.winners(spec, lot) == 1]
    return [None] if text.winners(spec) == 1 else []


def one_supplier_subject(single: list) -> tuple[str, str, str]:
    """The lots that appoint one supplier, as a sentence starts: ('Lot 2', 'has', 'its') or
    ('Lots 2 and 3', 'each have', 'their'); ``single`` is what single_supplier_lots gives (not [None])."""
    numbers = [lot.number for lot in single]
    which = f"lot {numbers[0]}" if len(numbers) == 1 else f"lots {text.join([str(n) for n in numbers])}"
    return (capital(which), "has", "its") if len(numbers) == 1 else (capital(which), "each have", "their")


# ---------------------------------------------------------------------------- kind, fee, reopening


def kind_sentences(spec: tenderpack.Spec) -> list[str]:
    """Closed or open: who is on the framework while it runs, and when an open one is reopened."""
    fw = framework(spec)
    if fw.type == "closed":
        return ["This is a closed framework. Only the suppliers we appoint now are on it, for as long as it runs."
                if text.several_winners(spec) else
                "This is a closed framework. Only the supplier we appoint now is on it, for as long as it runs."]
    out = ["This is an open framework. We reopen it to new suppliers on set dates, so that they can join it."]
    if fw.reopening:
        out.append(f"We reopen it on {text.join([text.date(d) for d in sorted(fw.reopening)])}.")
    if cited := tenderpack.law.cite(spec, "open-framework"):
        out.append(f"An open framework is reopened at set points ({cited}).")
    return out


def fee_sentences(spec: tenderpack.Spec, payee: str = "us") -> list[str]:
    """The framework fee each supplier pays us (the buyers), as a share of each call-off contract's value (only
    with a fee)."""
    fee = framework(spec).fee_percent
    if fee is None:
        return []
    return [f"Each supplier on the framework pays {payee} a framework fee of {text.percent(fee)} of the value of "
            "each call-off contract it is awarded."]


# ---------------------------------------------------------------------------- call-offs


def methods_sentence(spec: tenderpack.Spec) -> str:
    """'Call-off contracts are awarded by direct award, on the framework's objective terms, or after a
    competition among the lot's suppliers.'"""
    return f"Call-off contracts are awarded {text.join(text.call_off_methods(spec), last='or')}."


def criteria_table(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The criteria of a call-off competition, with their weights when given."""
    competition = framework(spec).call_off.competition
    if competition is None or not competition.criteria:
        return []
    weighted = all(c.weight is not None for c in competition.criteria)
    rows: list[list[str | list[Run]]] = [
        [markdown.inline(c.name), text.percent(c.weight) if c.weight is not None else ""] for c in competition.criteria]
    if weighted:
        return [Table.of(["Criterion", "Weight"], rows, caption="Call-off competition criteria", widths=[5, 1])]
    return [ListBlock([[Paragraph(markdown.inline(c.name))] for c in competition.criteria])]


def key_facts(spec: tenderpack.Spec, title: str) -> KeyFacts:
    """The framework at a glance."""
    fw = framework(spec)
    t = spec.timetable
    facts: list[tuple[str, str | list[Run]]] = [
        ("Framework", f"{spec.title} ({spec.reference})"),
        ("Set up by", buyers(spec)),
        ("Kind", "Closed: only the suppliers appointed now" if fw.type == "closed"
         else "Open: reopened to new suppliers on set dates"),
        ("Runs", f"{text.date(t.contract_start)} to {text.date(t.contract_end)}"
         + (f", or to {text.date(latest_end(spec))} if we use "
            f"{'the one optional extension' if len(t.extensions) == 1 else 'every optional extension'}"
            if t.extensions else "")),
        ("Suppliers", capital(suppliers_words(spec)) if not spec.lots.items else
         "; ".join(f"lot {lot.number}: {suppliers_words(spec, lot)}" for lot in spec.lots.items)),
        ("Who may use it", who_may_short(spec)),
        ("Call-off contracts", capital(text.join(text.call_off_methods(spec), last="or"))),
        ("Estimated value", f"{text.money(spec.value.estimated_excluding_vat)} excluding VAT, for every call-off "
                            "contract together"),
    ]
    if fw.fee_percent is not None:
        facts.append(("Framework fee", f"{text.percent(fw.fee_percent)} of the value of each call-off contract"))
    if fw.type == "open" and fw.reopening:
        facts.append(("Reopened", text.join([text.date(d) for d in sorted(fw.reopening)])))
    return KeyFacts.of(facts, title=title)


# ---------------------------------------------------------------------------- the call-off contract's terms


TEMPLATE = "the “Call-off contract (template)”"   # tenderpack's own, when the spec names no other form


def call_off_form(spec: tenderpack.Spec):
    """The NEC4 or JCT form each call-off contract is on (spec.contract), or None: tenderpack's own template."""
    return text.form_of(spec)


def call_off_terms(spec: tenderpack.Spec, who: str, prices: str | None = None) -> list[str]:
    """What each call-off contract follows, and what ``who`` (the body that awards it) fills in: the template, or
    an NEC4 or JCT form with our part of it, in which each call-off has its own contract data. ``prices``: where
    the prices come from, said after the rest."""
    form = call_off_form(spec)
    if form is None:
        out = [f"Each call-off contract follows {TEMPLATE} in this pack.",
               f"{who} fills it in with its own name, the work it orders and the call-off contract's dates."]
    else:
        out = [f"Each call-off contract is the {form.title}.", f"Our “{form.data_name}” in this pack is part of it.",
               f"{who} fills in the call-off contract's {text.form_data_title(spec)}: its name, the work it orders "
               "and the dates."]
    if prices:
        out.append(f"The prices come from {prices}.")
    return out


def filled_from(spec: tenderpack.Spec) -> str:
    """What follows 'a call-off contract' in a step of the procedure: ', filled in from the “Call-off contract
    (template)”', or ' on the NEC4 ..., with its own Contract Data part one filled in'."""
    form = call_off_form(spec)
    if form is None:
        return f", filled in from {TEMPLATE}"
    return f" on the {form.name}, with its own {text.form_data_title(spec)} filled in"


def follows(spec: tenderpack.Spec) -> str:
    """'Each one follows the “Call-off contract (template)”.' or 'Each one is the NEC4 ..., with our “...”.'"""
    form = call_off_form(spec)
    if form is None:
        return f"Each one follows {TEMPLATE}."
    return f"Each one is the {form.name}, with our “{form.data_name}”."


def framework_cited(spec: tenderpack.Spec) -> str | None:
    """The citation of the duty "framework" of law.yaml for a framework that is a public contract, else None."""
    return tenderpack.law.cite(spec, "framework")
