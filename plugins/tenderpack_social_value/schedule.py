"""The social value schedule: the part of the contract that turns commitments into KPIs.

The winning commitments are written into the schedule before the contract is signed and
are KPIs from signature. How it is part of the contract depends on the contract's form
(contract.py): Schedule 4 of tenderpack's own contract, or the clause the pack adds to an NEC4
or JCT form; with an attached model contract there is no schedule of the pack's own. Whether
the Act's duty to publish performance against KPIs applies comes from ``tenderpack.law``, for
each contract's own value, never from a figure here.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, text

from . import contract
from .requirements import chosen, outcome_label, reporting

# Where a KPI's commitment comes from: the winning tender, or (for a framework) the tender of the supplier a
# call-off contract is awarded to, written in before that call-off contract is signed.
WRITTEN_IN = "Written in from the winning tender before signing"
WRITTEN_IN_CALL_OFF = "Written in from the supplier's tender before the call-off contract is signed"

# The social value KPIs are numbered SVK1, SVK2...: "SV1" is the award criterion's id in a spec.
KPI_PREFIX = "SVK"

# The evidence for a KPI whose metric the model data does not give (the bidder proposes its own measure).
OWN_MEASURE = "the records behind each measure you proposed in your tender"


def kpi_rows(spec: tenderpack.Spec) -> list[list[str]]:
    """One KPI for each reporting metric of each chosen award criterion, numbered SVK1, SVK2..."""
    rows, n = [], 0
    for outcome, entry in chosen(spec):
        metrics = entry.metrics if entry and entry.metrics else ("The measure you propose in your tender",)
        for metric in metrics:
            n += 1
            rows.append([f"{KPI_PREFIX}{n}", outcome_label(outcome, entry), metric,
                         WRITTEN_IN_CALL_OFF if text.is_framework(spec) else WRITTEN_IN, reporting(spec).capitalize()])
    return rows


def evidence(spec: tenderpack.Spec) -> list[str]:
    """The evidence to keep for the chosen award criteria's metrics only, from the model data, each said once:
    'payroll records and contracts of employment, for full-time equivalent jobs created through the contract'."""
    items: list[str] = []
    for _, entry in chosen(spec):
        if entry is None or not entry.metrics:
            items.append(OWN_MEASURE)
            continue
        for metric, records in zip(entry.metrics, entry.evidence or ("",) * len(entry.metrics)):
            what = metric[0].lower() + metric[1:]
            what = f"the {what}" if what.split(" ", 1)[0] in ("share", "area") else what
            items.append(f"{records}, for {what}" if records else f"the records behind the figure for {what}")
    return list(dict.fromkeys(items)) or [OWN_MEASURE]


def part_of(spec: tenderpack.Spec) -> list[str]:
    """Which contract this schedule belongs to, as the spec's buyer.contracts says."""
    names = [a.name for a in spec.authorities]
    if text.is_framework(spec):
        return ["This schedule is part of each call-off contract under the framework, between the body that awards "
                "it and the supplier.",
                "In it, \u201cwe\u201d means the body that awards the call-off contract."]
    if not spec.buyer.participants:
        return [f"This schedule is part of the contract between {names[0]} and the supplier."]
    if spec.buyer.contracts == "each_authority":
        return [f"This schedule is part of each authority's contract with the supplier: {text.join(names)} "
                "each sign their own.",
                "In it, \u201cwe\u201d means the authority whose contract it is."]
    return [f"This schedule is part of the one contract between {text.join(names)} and the supplier.",
            f"In it, \u201cwe\u201d means {text.join(names)}."]


def contract_name(label: str) -> str:
    """A contract of tenderpack.law's regime, in words: 'the contract for lot 1', 'Dunmore City Council's contract'."""
    return f"the contract for {label}" if label.startswith("lot ") else label


def publication(spec: tenderpack.Spec) -> list[Paragraph]:
    """Section 71: yearly publication of performance against the KPIs, only where the duty applies."""
    cite = tenderpack.law.cite(spec, "kpi-performance")
    regime = tenderpack.law.regime(spec)
    if not cite or not regime.kpi_duty:
        return []
    over = [c for c in regime.contracts if c.value_including_vat is not None and c.value_including_vat > regime.kpi_value]
    limit = f"{text.money(regime.kpi_value)} including VAT"
    # The duty to publish KPI performance covers the contract's KPIs: under an NEC4 or JCT form, those its data sets.
    kpis = (f"the Key Performance Indicators in “{contract.data_name(spec)}”" if contract.kind(spec) == contract.FORM
            else None)
    if len(over) == len(regime.contracts) == 1:
        return [Paragraph.of(f"This contract is worth more than {limit}. We publish how you perform against "
                             f"{kpis or 'its KPIs'} at least every 12 months, as {cite} requires.")]
    which = text.join([contract_name(c.label) for c in over])
    return [Paragraph.of(f"Each contract is judged on its own value: {which} "
                         f"{'is' if len(over) == 1 else 'are each'} worth more than {limit}."),
            Paragraph.of(f"For {'that contract' if len(over) == 1 else 'those contracts'}, we publish how you perform "
                         f"against {kpis or ('its' if len(over) == 1 else 'their') + ' KPIs'} at least every 12 months, as {cite} requires.")]


def about_lines(spec: tenderpack.Spec) -> list[str]:
    """Where the schedule sits and how the commitments get into it: the draft contract, or (for a framework) the
    call-off contract template, filled in at each call-off; under an NEC4 or JCT form, the clause the pack adds."""
    if contract.kind(spec) == contract.FORM:
        name = f"the {contract.form_name(spec)}"
        which = f"each call-off contract on {name}" if text.is_framework(spec) else name
        out = [f"It becomes part of {which} through {contract.clause_in(spec)}."]
    elif text.is_framework(spec):
        out = ["In the \u201cCall-off contract (template)\u201d, it is part of Schedule 4 (Social value)."]
    else:
        out = ["In the draft contract, it is part of Schedule 4 (Social value)."]
    # Under an NEC4 or JCT form, "Key Performance Indicators" are the form's own (Option X20 or the pack's KPI
    # clause): the commitments are called what they are.
    form = contract.kind(spec) == contract.FORM
    if text.is_framework(spec):
        out += ["Before we sign a call-off contract, we write into it the social value commitments from the supplier's "
                "tender, each with its target.",
                "From signature, each commitment is part of the call-off contract, with its measure and target."
                if form else "From signature, each commitment is a performance indicator (KPI) of the call-off contract."]
    else:
        out += ["Before we sign the contract, we write the social value commitments from the winning tender into it, "
                "each with its target.",
                "From signature, each commitment is part of the contract, with its measure and target."
                if form else "From signature, each commitment is a performance indicator (KPI) of the contract."]
    if contract.kind(spec) == contract.FORM and contract.x20(spec):
        out.append("They are not Key Performance Indicators of Option X20: no incentive is paid for them.")
    return out


def kpi_clause(spec: tenderpack.Spec) -> str:
    """The contract's clause on KPIs, by its title: the draft contract's, or the call-off contract's."""
    whose = "call-off contract's" if text.is_framework(spec) else "draft contract's"
    return f"the {whose} clause on KPIs (\u201cKPIs and reviewing performance\u201d)"


def report_to(spec: tenderpack.Spec) -> str:
    """Where each report goes: by the date the contract's KPI clause sets; under an NEC4 or JCT form, to the form's
    manager, as the clause the pack adds says."""
    if contract.kind(spec) == contract.FORM:
        return f"You send each report to {contract.manager(spec)}, as {contract.clause(spec)} says."
    return f"You send each report to the contract manager by the date {kpi_clause(spec)} sets."


def if_missed(spec: tenderpack.Spec) -> str:
    """What happens when a target is missed: the contract's KPI clause, or the clause the pack adds to a form."""
    if contract.kind(spec) == contract.FORM:
        return (f"If you miss a target, or expect to, you send {contract.manager(spec)} a plan to meet it "
                f"({contract.clause(spec)}).")
    return f"If you miss a target, {kpi_clause(spec)} says what happens. The same rule applies to every KPI."


def sections(spec: tenderpack.Spec) -> list[Section]:
    about: list[tenderpack.Block] = [
        *[Paragraph.of(x) for x in part_of(spec)],
        *[Paragraph.of(x) for x in about_lines(spec)],
    ]
    rows = kpi_rows(spec)
    kpis: list[tenderpack.Block] = [
            Paragraph.of("These are the social value KPIs. Each one uses a reporting metric from the social value model."),
            Table.of(["KPI", "Award criterion", "Reporting metric", "Commitment and target", "How often you report"], rows,
                     caption="Social value KPIs", widths=[1.4, 3, 4, 3, 2])]
    if not rows:
        kpis = [Paragraph.of("The KPIs are the commitments in the "
                             + ("supplier's tender" if text.is_framework(spec) else "winning tender")
                             + ", each with a target and a date.")]
    report: list[tenderpack.Block] = [
        Paragraph.of(f"You report progress on every KPI {reporting(spec)}, for the period just ended."),
        Paragraph.of(report_to(spec)),
        Paragraph.of("Each report gives:"),
        ListBlock.of("the figure for each KPI, and the total so far against the target",
                     "the evidence behind each figure",
                     "what went well and what did not",
                     "what you will do in the next period"),
        Paragraph.of("Keep the evidence, such as:"),
        ListBlock.of(*evidence(spec)),
        Paragraph.of("We check the evidence. We may ask to see the records behind any figure."),
    ]
    report.extend(publication(spec))
    shortfall: list[tenderpack.Block] = [
        *([Paragraph.of("Tell us as soon as you think you may miss a target.")] if contract.kind(spec) == contract.OWN
          else []),   # under a form, the clause the pack adds says whom to tell, with a plan
        Paragraph.of(if_missed(spec)),
        Heading("Changing a commitment", level=2),
        Paragraph.of("We can agree in writing to change a commitment when things change. "
                     "The new commitment must be worth at least as much as the old one."),
    ]
    return [
        Section("About this schedule", about, order=10, key="sv-schedule:about"),
        Section("Social value KPIs", kpis, order=20, key="sv-schedule:kpis"),
        Section("Reporting", report, order=30, key="sv-schedule:reporting"),
        Section("If a commitment is not met", shortfall, order=40, key="sv-schedule:shortfall"),
    ]
