"""The buyer's contract data (NEC4 Contract Data part one, JCT Contract Particulars) as a table of rows.

Each row is a fact the spec holds, and only then: the form's Options, the parties, the dates (from the
timetable), the people in contract.data, the periods, damages and retention, the insurance cover (from
conditions.insurance) and the law (from commercial.governing_law). Labels are plain; an Option is named
only where the entry belongs to it.
"""

from __future__ import annotations

import tenderpack
from tenderpack import text

from .words import LAW, amendments_words, client_word, form_of, has_kpis, kpi_clause_number, x20

ROLES = (("project_manager", "Project Manager"), ("supervisor", "Supervisor"), ("service_manager", "Service Manager"),
         ("employers_agent", "Employer's Agent"), ("contract_administrator", "Architect/Contract Administrator"),
         ("quantity_surveyor", "Quantity Surveyor"))


def conditions(spec: tenderpack.Spec) -> list[list[str]]:
    """The form and what its conditions of contract are: its clauses, the Options chosen (one row each, in the form's
    words) and the buyer's own clauses in this document. JCT forms have no Options."""
    form = form_of(spec)
    ours = bool(form.amendments) or kpi_clause_number(spec) is not None
    out = [["Form", form.title]]
    if form.family == "jct":
        return out + [["Conditions of contract", "The conditions of the form, "
                       + ("with the amendments in this document" if ours else "with no amendments")]]
    head = "The clauses of the form" if form.form == "nec4_ecsc" else "The core clauses"
    said = head + (" and the clauses of the Options below" if form.option_list() else "")
    if ours:
        said += f", and the {amendments_words(spec)} in this document"
    out.append(["Conditions of contract", said])
    for option in form.option_list():
        kind, _, rest = option.partition(" Option ")
        code, _, name = rest.partition(" (")
        out.append([f"{kind[:1].upper()}{kind[1:]} Option {code}", (name[:1].upper() + name[1:-1]) if name else "Used"])
    return out


def _person(person) -> str:
    return f"{person.name}, {person.organisation}" if person.organisation else person.name


def _parties(spec: tenderpack.Spec) -> str:
    """The buyer (or the buyers, together), with the lead's address when the spec gives it."""
    lead = spec.buyer.lead
    first = f"{lead.name}, {lead.address}" if lead.address else lead.name
    if not spec.buyer.participants:
        return first
    return f"{text.join([a.name for a in spec.authorities])}, together. Address for the contract: {first}"


def _attached(spec: tenderpack.Spec) -> str | None:
    parts = spec.contract.parts(spec.attachments) if spec.contract is not None else []
    if not parts:
        return None
    return "; ".join(f"“{a.title}” ({a.pack_path})" for _, a in parts)


def rows(spec: tenderpack.Spec) -> list[list[str]]:
    """[label, our data] for each entry the spec holds, in the order of the form's contract data."""
    form = form_of(spec)
    t = spec.timetable
    data = form.data
    nec4, works = form.family == "nec4", form.form != "nec4_tsc"
    out: list[list[str]] = [*conditions(spec),
                            ["The works" if works else "The service", spec.title],
                            [f"The {client_word(spec)}", _parties(spec)]]
    for field, word in ROLES:
        person = getattr(data, field) if data is not None else None
        if person is not None:
            out.append([f"The {word}", _person(person)])
    if documents := _attached(spec):
        out.append(["Our documents that are part of the contract", f"{documents}, in the folder “attachments”"])
    if form.form == "nec4_tsc":
        out.append(["The service period", f"{text.date(t.contract_start)} to {text.date(t.contract_end)}"])
    elif nec4:
        out.append(["The starting date", text.date(t.contract_start)])
    else:
        out.append(["Date for Commencement of the Works" if form.form == "jct_mw" else "Date of Possession of the site",
                    text.date(t.contract_start)])
    if data is not None and data.access_dates:
        out.append(["Access dates", "; ".join(f"{a.part}: {text.date(a.date)}" for a in data.access_dates)])
    if works:
        out.append(["Completion date for the whole of the works" if nec4 else "Date for Completion",
                    text.date(t.contract_end)])
    out += _periods(spec)
    out += _money(spec)
    if kpis := _kpi_row(spec):
        out.append(kpis)
    for cover in spec.conditions.insurance:
        out.append([f"Insurance: {cover.type}", f"Cover of at least {text.money(cover.amount)} for each claim"])
    if data is not None and data.adjudicator_nominating_body:
        out.append(["Adjudicator nominating body", data.adjudicator_nominating_body])
    out.append(["Law of the contract", LAW[spec.commercial.governing_law]])
    return out


def _weeks(n: int) -> str:
    return text.plural(n, "week")


def _periods(spec: tenderpack.Spec) -> list[list[str]]:
    data = form_of(spec).data
    if data is None:
        return []
    out = []
    if data.defects_weeks is not None:
        out.append(["Period from Completion of the whole of the works to the defects date", _weeks(data.defects_weeks)])
    if data.defect_correction_weeks is not None:
        out.append(["Defect correction period", _weeks(data.defect_correction_weeks)])
    if data.rectification_months is not None:
        out.append(["Rectification Period", text.months(data.rectification_months)])
    return out


def _money(spec: tenderpack.Spec) -> list[list[str]]:
    form = form_of(spec)
    data = form.data
    if data is None:
        return []
    out = []
    ecc = form.form == "nec4_ecc"
    if data.delay_damages is not None:
        label = ("Delay damages (Option X7)" if ecc else "Delay damages" if form.family == "nec4"
                 else "Liquidated damages")
        out.append([label, f"{text.money(data.delay_damages)} for each {data.delay_damages_per} of delay"])
    if data.retention_percent is not None:
        label = "Retention percentage (Option X16)" if ecc else "Retention Percentage"
        out.append([label, text.percent(data.retention_percent)])
    return out


def _kpi_row(spec: tenderpack.Spec) -> list[str] | None:
    """Option X20: its incentive schedule is this document's KPI part. (Without X20, the clause the pack adds
    makes the KPIs part of the contract, and the conditions of contract name it.)"""
    if not has_kpis(spec) or not x20(spec):
        return None
    return ["Key Performance Indicators (Option X20)",
            "The incentive schedule for Key Performance Indicators is the part “Key performance indicators” of this "
            "document"]
