"""The social value schedule: the part of the contract that turns commitments into KPIs."""

from __future__ import annotations

from decimal import Decimal

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, text

from .requirements import chosen, outcome_label, reporting

# Contracts above this value must have at least three KPIs, published (Procurement Act 2023, s.52).
KPI_PUBLISH_THRESHOLD = Decimal(5_000_000)

EVIDENCE = (
    "payroll and staff records, for jobs, pay and working conditions",
    "certificates and attendance records, for training and apprenticeships",
    "invoices and payment records, for spend with small firms and social enterprises",
    "meter readings, fuel records and waste notes, for the environment",
)


def kpi_rows(spec: tenderpack.Spec) -> list[list[str]]:
    """One KPI for each reporting metric of each chosen award criterion."""
    rows, n = [], 0
    for outcome, entry in chosen(spec):
        metrics = entry.metrics if entry and entry.metrics else ("The measure you propose in your tender",)
        for metric in metrics:
            n += 1
            rows.append([f"SV{n}", outcome_label(outcome, entry), metric,
                         "From the winning tender", reporting(spec).capitalize()])
    return rows


def sections(spec: tenderpack.Spec) -> list[Section]:
    buyers = text.join([a.name for a in spec.authorities])
    about = [
        Paragraph.of(f"This schedule is part of the contract between {buyers} and the supplier."),
        Paragraph.of("It turns the social value commitments in the supplier's tender into performance indicators (KPIs)."),
        Paragraph.of("Before we sign the contract, we fill in each commitment and target from the winning tender."),
        *[Paragraph.of(x) for x in text.joint_buyers(spec)],
    ]
    rows = kpi_rows(spec)
    kpis = [Paragraph.of("These are the social value KPIs. Each one uses a reporting metric from the social value model."),
            Table.of(["KPI", "Award criterion", "Reporting metric", "Commitment and target", "How often you report"], rows,
                     caption="Social value KPIs", widths=[1, 3, 4, 3, 2])]
    if not rows:
        kpis = [Paragraph.of("The KPIs are the commitments in the winning tender, each with a target and a date.")]
    report = [
        Paragraph.of(f"You report progress on every KPI {reporting(spec)}, for the period just ended."),
        Paragraph.of("You send each report to the contract manager, by the date we agree at the start of the contract."),
        Paragraph.of("Each report gives:"),
        ListBlock.of("the figure for each KPI, and the total so far against the target",
                     "the evidence behind each figure",
                     "what went well and what did not",
                     "what you will do in the next period"),
        Paragraph.of("Keep the evidence, such as:"),
        ListBlock.of(*EVIDENCE),
        Paragraph.of("We check the evidence. We may ask to see the records behind any figure."),
    ]
    if spec.value.estimated_excluding_vat > KPI_PUBLISH_THRESHOLD:
        report.append(Paragraph.of("The contract is worth more than £5 million. We publish how you perform against "
                                   "its KPIs at least once a year, as section 52 of the Procurement Act 2023 requires."))
    shortfall = [
        Paragraph.of("Tell us as soon as you think you may miss a target."),
        Paragraph.of("You then agree a plan with us to catch up, with dates. We review it at each contract meeting."),
        Paragraph.of("If you do not keep to the plan, we treat it as a failure to perform the contract."),
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
