"""The sections of the outcome specification."""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, markdown, text

from tenderpack import payments as payment

PRIORITY = {"primary": "Primary", "secondary": "Secondary"}


def md(value: str | None) -> list[tenderpack.Block]:
    return markdown.parse(value) if value else []


def bullets(items: list[str]) -> ListBlock:
    return ListBlock([[Paragraph(markdown.inline(i))] for i in items])


def sections(spec: tenderpack.Spec) -> list[Section]:
    out = [about(spec)]
    if spec.problem:
        out.append(problem(spec))
    if spec.outcomes:
        out += [summary(spec), details(spec)]
        if any(o.payment.type.value != "none" for o in spec.outcomes):
            out.append(payment_mechanism(spec))
    if spec.requirements or any(lot.requirements for lot in spec.lots.items):
        out.append(requirements(spec))
    if spec.procedure.innovation_phases:
        out.append(phases(spec))
    return out


# --------------------------------------------------------------------------- helpers


def baseline_text(outcome) -> str:
    """'78.4% (31 March 2026; source: …)' or the year-1 promise."""
    b = outcome.baseline
    if not b.value:
        return "Set in year 1"
    details = []
    if b.date:
        details.append(text.date(b.date))
    if b.source:
        details.append(f"source: {b.source}")
    return f"{b.value} ({'; '.join(details)})" if details else b.value


def target_text(target) -> str:
    return f"{target.value} by {text.date(target.by)}"


def final_target(outcome) -> str:
    return target_text(max(outcome.targets, key=lambda t: t.by))


def all_targets(outcome) -> str:
    """'82% by 30 September 2028; 86% by 30 September 2030'."""
    return "; ".join(target_text(t) for t in sorted(outcome.targets, key=lambda t: t.by))


def indicator_text(outcome) -> str:
    """'People … (percent)'."""
    return f"{outcome.indicator.name} ({outcome.indicator.unit})"


# --------------------------------------------------------------------------- 10 about


def we_means(spec: tenderpack.Spec) -> list[Paragraph]:
    """A short "we means" for a joint procurement; the full joint wording is in the invitation and the contract."""
    if not spec.buyer.participants:
        return []
    return [Paragraph.of(f"In this specification, \u201cwe\u201d means {text.join([a.name for a in spec.authorities])}.")]


def budget_sentence(spec: tenderpack.Spec) -> str:
    """'Our budget is £2,880,000 excluding VAT for the first term, ...', saying what the budget covers."""
    v = spec.value
    assert v.budget_ceiling is not None   # about() says the budget only when there is one
    amount = f"Our budget is {text.money(v.budget_ceiling)} excluding VAT"
    if v.budget_covers == "year":
        return f"{amount} a year."
    terms = text.terms(spec)   # each lot's own term, when the lots' terms differ
    extended = any(x.extensions for x, _ in terms)
    shared = text.one_term(spec)
    if v.budget_covers == "initial_term":
        extra = ", before any extension" if extended else ""
        if shared is None:
            ends = text.join([f"{text.date(x.end)} for {payment.lot_names(sorted(numbers))}" for x, numbers in terms])
            return f"{amount} for each lot's first term, to {ends}{extra}, all the lots together."
        return f"{amount} for the first term, to {text.date(shared.end)}{extra}."
    whole = "the whole term" if shared is not None else "each lot's whole term, all the lots together"
    return f"{amount} for {whole}{', including any extension' if extended else ''}."


def about(spec: tenderpack.Spec) -> Section:
    blocks = [
        Paragraph.of("This specification describes the problem we want to solve and the results we want."),
        Paragraph.of("It does not tell you how to do the work. You propose how, and we judge your proposal against the award criteria."),
        *md(spec.summary),
        *we_means(spec),
    ]
    v = spec.value
    if v.budget_ceiling is not None and v.budget_published:
        blocks.append(Paragraph.of(budget_sentence(spec)))
    return Section("About this specification", blocks, order=10, key="outcomes:about")


# --------------------------------------------------------------------------- 20 problem


def problem(spec: tenderpack.Spec) -> Section:
    p = spec.problem
    assert p is not None   # sections() asks for this section only when the spec states a problem
    blocks: list[tenderpack.Block] = [Heading("Background", level=2), *md(p.context),
              Heading("The problem, and who has it", level=2), *md(p.problem)]
    if p.good_looks_like:
        blocks += [Heading("What good looks like", level=2), *md(p.good_looks_like)]
    covered = "framework" if text.is_framework(spec) else "contract"   # a framework's call-offs are bought later
    if p.in_scope:
        blocks += [Heading(f"What the {covered} covers", level=2), bullets(p.in_scope)]
    if p.out_of_scope:
        blocks += [Heading(f"What the {covered} does not cover", level=2), bullets(p.out_of_scope)]
    if p.constraints:
        blocks += [Heading("Limits your solution must respect", level=2), bullets(p.constraints)]
    if p.ip_position:
        blocks += [Heading("Who owns what you create", level=2), *md(p.ip_position)]
    return Section("The problem we want to solve", blocks, order=20, key="outcomes:problem")


# --------------------------------------------------------------------------- 30 summary


def lot_note(spec: tenderpack.Spec) -> list[Paragraph]:
    """With lots: which lots the outcomes belong to, in a sentence."""
    if not spec.lots.items or not spec.outcomes:
        return []
    named = {tuple(sorted(o.lots)) for o in spec.outcomes}
    if named == {()}:
        return [Paragraph.of("Every outcome applies to every lot.")]
    if len(named) == 1:
        only = payment.lot_names(list(next(iter(named))))
        return [Paragraph.of(f"Every outcome belongs to {only} only. They apply to you "
                             f"{text.only_if_you_win_lots(spec, only)}.")]
    if text.is_framework(spec):
        return [Paragraph.of("Each outcome belongs to the lots shown. It applies only to call-off contracts under "
                             "those lots.")]
    return [Paragraph.of("Each outcome belongs to the lots shown. It applies to you only for those lots.")]


def summary(spec: tenderpack.Spec) -> Section:
    """The table of outcomes, in two parts so it stays readable on a page: what we measure,
    then how it is checked and paid."""
    measured, checked = [], []
    lots = bool(spec.lots.items)
    for o in spec.outcomes:
        measured.append([o.id, o.statement, PRIORITY[o.priority], indicator_text(o), baseline_text(o), all_targets(o)]
                        + ([payment.applies_to(spec, o, short=True)] if lots else []))
        checked.append([o.id, f"{o.data_source} ({o.frequency})", o.verified_by, payment.short(spec, o),
                        "Yes" if o.kpi else "No"])
    primary = sum(1 for o in spec.outcomes if o.priority == "primary")
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"There {'is' if len(spec.outcomes) == 1 else 'are'} {len(spec.outcomes)} outcome"
                     f"{'' if len(spec.outcomes) == 1 else 's'}. {primary} {'is' if primary == 1 else 'are'} primary: "
                     "they matter most."),
        *lot_note(spec),
        Table.of(["Id", "Outcome", "Priority", "Indicator (unit)", "Baseline", "Targets"] + (["Lot"] if lots else []),
                 measured, caption="Outcomes at a glance",
                 widths=[1.5, 5, 2.5, 5, 4, 4] + ([2.5] if lots else [])),
        Table.of(["Id", "Data source (how often)", "Who checks", "Payment link", "Contract KPI"],
                 checked, caption="How each outcome is checked and paid", widths=[1.5, 5, 5, 4, 2.5]),
    ]
    return Section("Outcomes at a glance", blocks, order=30, key="outcomes:summary")


# --------------------------------------------------------------------------- 40 details


def details(spec: tenderpack.Spec) -> Section:
    blocks: list = [Paragraph.of("This section sets out each outcome in full.")]
    for o in spec.outcomes:
        blocks += outcome_blocks(spec, o)
    return Section("The outcomes in detail", blocks, order=40, key="outcomes:details")


def outcome_blocks(spec: tenderpack.Spec, o) -> list:
    ind = o.indicator
    where = payment.applies_to(spec, o)
    blocks: list = [
        Heading(f"{o.id}: {o.statement.rstrip('.')}", level=2),
        Paragraph.of(f"This is a {o.priority} outcome."
                     + (f" It applies to {payment.lot_names(sorted(o.lots))} only." if o.lots and where else "")
                     + (" It applies to every lot." if where and not o.lots else "")),
        Heading("How we measure it", level=3),
        Table.of(["What", "Details"], [
            ["Outcome", o.statement],
            *([["Lot", where]] if where else []),
            ["Priority", PRIORITY[o.priority]],
            ["Indicator", ind.name],
            ["Unit", ind.unit],
            ["Baseline", baseline_text(o)],
            ["Targets", all_targets(o)],
            ["Data source", o.data_source],
            ["How often we measure it", o.frequency],
            ["Who checks the figures", o.verified_by],
            ["Payment link", payment.short(spec, o)],
            ["Contract KPI", "Yes" if o.kpi else "No"],
        ], caption=f"Measuring {o.id}", widths=[2, 5]),
    ]
    if ind.definition:
        blocks += [Paragraph.of("How we count it:"), *md(ind.definition)]
    if not o.baseline.value:
        # A framework's outcomes have the framework's dates: its baseline is set in the framework's first year.
        blocks.append(Paragraph.of("We do not have a reliable figure today. We will set the baseline in the first "
                                   "year of the framework, from the same data source." if text.is_framework(spec) else
                                   "We do not have a reliable figure today. We will set the baseline with you in "
                                   "the first year of the contract, from the same data source."))
    blocks += [
        Heading("Targets", level=3),
        Table.of(["Target", "By"], [[t.value, text.date(t.by)] for t in sorted(o.targets, key=lambda t: t.by)],
                 caption=f"Targets for {o.id}", widths=[2, 3]),
        Heading("Payment", level=3),
        Paragraph.of(payment.sentence(spec, o)),
        *([Paragraph.of("\u201cHow we pay for outcomes\u201d sets out the formula, with a worked example.")]
          if o.payment.type.value != "none" else []),
        Paragraph.of(kpi_sentence(spec, o)),
    ]
    return blocks


def kpi_sentence(spec: tenderpack.Spec, o) -> str:
    """Whether the outcome is a KPI of the contract; for a framework, of each call-off contract (under its lots)."""
    if not text.is_framework(spec):
        return ("This outcome is a performance indicator (KPI) in the contract." if o.kpi
                else "This outcome is not one of the contract's performance indicators (KPIs).")
    if not o.kpi:
        return "This outcome is not a performance indicator (KPI) in the call-off contracts."
    under = f" under {payment.lot_names(sorted(o.lots))}" if o.lots and spec.lots.items else ""
    return f"This outcome is a performance indicator (KPI) in each call-off contract{under}."


# --------------------------------------------------------------------------- 45 payment mechanism


def examples_sentence(spec: tenderpack.Spec, paid: list) -> str:
    """Where the worked examples' figures come from. For a framework, a call-off contract's charges are not known yet,
    so the fee-at-risk example makes them up (tenderpack.payments says so): the sentence says which figures are the
    pack's and which are made up."""
    if not text.is_framework(spec):
        return "The examples use round figures from this pack; your payments depend on your prices and results."
    kinds = {o.payment.type.value for o in paid}
    made_up = {"fee_at_risk": "a call-off contract's charges", "price_per_outcome": "the number of results",
               "bonus": "how often the result meets the target"}
    such = text.join([words for kind, words in made_up.items() if kind in kinds], last="or")
    return ("The examples use this pack's payment amounts, percentages and limits. "
            f"Their other figures{f', such as {such},' if such else ''} are made up to show the sums. "
            "Your payments depend on your prices and results.")


def payment_mechanism(spec: tenderpack.Spec) -> Section:
    paid = [o for o in spec.outcomes if o.payment.type.value != "none"]
    unpaid = [o.id for o in spec.outcomes if o.payment.type.value == "none"]
    blocks: list = [Paragraph.of("This section sets out who pays how much, for which outcome, on what evidence and by when."),
                    Paragraph.of("For each outcome, it gives the formula in words and a worked example. "
                                 + examples_sentence(spec, paid))]
    if spec.buyer.participants and spec.buyer.contracts == "each_authority":
        # Whether a limit is for all contracts together is said once, with the limit (tenderpack.payments).
        blocks.append(Paragraph.of("Each authority signs its own contract and pays under it."))
    for o in paid:
        blocks.append(Heading(f"{o.id}: {o.statement.rstrip('.')}", level=2))
        where = payment.applies_to(spec, o)
        if where and o.lots:
            blocks.append(Paragraph.of(f"This payment is part of {payment.lot_names(sorted(o.lots))} only."))
        blocks += [Paragraph.of(x) for x in payment.mechanism(spec, o)]
    rows = [payment.table_row(spec, o) for o in paid]
    # A framework's outcome payments are made by the body that awards each call-off contract, not by "we".
    most, when = ("Most paid", "When paid") if text.is_framework(spec) else ("Most we pay", "When we pay")
    blocks += [Heading("The payments in one table", level=2),
               Table.of(["Outcome", "How payment works", "Amount", most, "Evidence", when], rows,
                        caption="Payment for outcomes", widths=[1, 3, 3, 2, 5, 3])]
    if unpaid:
        blocks.append(Paragraph.of(f"Payment does not depend on {text.join(unpaid)}. "
                                   "We still measure {} and review {} with you.".format(
                                       "it" if len(unpaid) == 1 else "them", "it" if len(unpaid) == 1 else "them")))
    blocks.append(Paragraph.of("All amounts exclude VAT."))
    return Section("How we pay for outcomes", blocks, order=45, key="outcomes:payment")


# --------------------------------------------------------------------------- 50 requirements


def requirements(spec: tenderpack.Spec) -> Section:
    blocks: list = [Paragraph.of("We keep fixed requirements to a minimum.")]
    if spec.requirements:
        lead = "You must meet these in every lot:" if spec.lots.items else "You must meet these:"
        blocks += [Paragraph.of(lead), bullets(spec.requirements)]
    for lot in spec.lots.items:
        if lot.requirements:
            blocks += [Paragraph.of(f"For lot {lot.number} ({lot.title}) only, you must also meet these:"),
                       bullets(lot.requirements)]
    return Section("Fixed requirements", blocks, order=50, key="outcomes:requirements")


# --------------------------------------------------------------------------- 60 phases


def phase_lots(spec: tenderpack.Spec, ph) -> str:
    """'Lot 1', 'Every lot', or '' when there are no lots."""
    if not spec.lots.items:
        return ""
    return payment.lot_names(sorted(ph.lots)).capitalize() if ph.lots else "Every lot"


def phases(spec: tenderpack.Spec) -> Section:
    items = spec.procedure.innovation_phases
    total = sum(ph.budget for ph in items)
    lots = bool(spec.lots.items)
    rows = []
    for ph in items:
        seed = text.money(ph.seed_funding) if ph.seed_funding is not None else "None"
        when = text.months(ph.duration_months)
        ends = ph.ends   # known when the phase has a start date
        if ph.starts and ends is not None:
            when = f"{text.date(ph.starts)} to {text.date(ends)} ({when})"
        decision = text.date(ph.decision) if ph.decision else ("None" if not ph.go_no_go else "At the end of the phase")
        rows.append([ph.name, when, text.money(ph.budget), str(ph.suppliers), seed, decision]
                    + ([phase_lots(spec, ph)] if lots else []))
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"The work runs in {len(items)} phases, with a total budget of {text.money(total)} excluding VAT."),
    ]
    named = {tuple(sorted(ph.lots)) for ph in items}
    if lots and len(named) == 1 and named != {()}:
        only = payment.lot_names(list(next(iter(named))))
        blocks.append(Paragraph.of(f"The phases are part of {only} only. They apply to you "
                                   f"{text.only_if_you_win_lots(spec, only)}."))
    elif lots and named != {()}:
        blocks.append(Paragraph.of("Each phase is part of the lots shown. It applies to you only for those lots."))
    blocks.append(Table.of(["Phase", "When", "Budget", "Suppliers", "Seed funding for each supplier", "Go/no-go decision"]
                           + (["Lot"] if lots else []), rows,
                           caption="Phases and budgets", widths=[4, 3, 2, 2, 2, 2] + ([1.5] if lots else [])))
    for ph in items:
        blocks.append(Heading(ph.name, level=2))
        blocks += md(ph.description)
        if ph.test_bed:
            blocks.append(Paragraph.of(f"Test bed: {ph.test_bed}."))
        if ph.go_no_go:
            if ph.decision:
                blocks.append(Paragraph.of(f"We make the go/no-go decision on {text.date(ph.decision, weekday=True)}."))
            blocks.append(Paragraph.of("Go/no-go: to go on to the next phase, you must show:"))
            blocks.append(bullets(ph.go_no_go))
        elif ph is not items[-1]:
            blocks.append(Paragraph.of("There is no go/no-go decision at the end of this phase."))
    return Section("Phases and go/no-go decisions", blocks, order=60, key="outcomes:phases")
