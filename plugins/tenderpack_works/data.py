"""The buyer's contract data (NEC4 Contract Data part one, JCT Contract Particulars) as a table of rows.

Each row is a fact the spec holds, and only then: the form's Options, the parties, the dates (from the
timetable), the people in contract.data, the periods, damages and retention, the insurance cover (from
conditions.insurance) and the law (from commercial.governing_law). Labels are plain; an Option is named
only where the entry belongs to it. Each lot is a contract of its own: the work, and the dates when the lots'
terms differ, are given lot by lot in one row (shorter than a table per lot, and each lot's entry is in the place
the form's reader looks for it). For a framework, each call-off contract has its own contract data:
the work, the Client and the dates are marked as filled in at the call-off (the framework's own dates
are not a call-off's).
"""

from __future__ import annotations

import tenderpack
from tenderpack import text

from .words import (LAW, amendments_words, clause_label, client_word, form_of, has_kpis, is_framework,
                    social_value_number, x20)

# An entry of a call-off contract's data that the body awarding it fills in.
AT_CALL_OFF = "Filled in at the call-off"

ROLES = (("project_manager", "Project Manager"), ("supervisor", "Supervisor"), ("service_manager", "Service Manager"),
         ("employers_agent", "Employer's Agent"), ("contract_administrator", "Architect/Contract Administrator"),
         ("quantity_surveyor", "Quantity Surveyor"))


def conditions(spec: tenderpack.Spec) -> list[list[str]]:
    """The form and what its conditions of contract are: its clauses, the Options chosen (one row each, in the form's
    words) and the buyer's own clauses in this document. JCT forms have no Options."""
    form = form_of(spec)
    ours = bool(form.amendments) or bool(text.added_clauses(spec))   # ours, or the pack's (KPIs, social value)
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


def _client(spec: tenderpack.Spec) -> str:
    """The Client (or Employer): the buyers; for a framework, the body that awards each call-off contract."""
    if not is_framework(spec):
        return _parties(spec)
    return f"{AT_CALL_OFF}: the body that awards the call-off contract, and its address"


def _attached(spec: tenderpack.Spec) -> str | None:
    parts = spec.contract.parts(spec.attachments) if spec.contract is not None else []
    if not parts:
        return None
    return "; ".join(f"“{a.title}” ({a.pack_path})" for _, a in parts)


def rows(spec: tenderpack.Spec) -> list[list[str]]:
    """[label, our data] for each entry the spec holds, in the order of the form's contract data."""
    form = form_of(spec)
    data = form.data
    nec4, works = form.family == "nec4", form.form != "nec4_tsc"
    framework = is_framework(spec)
    what = f"{AT_CALL_OFF}: the {'work' if works else 'service'} the call-off contract orders, under the " \
           f"framework “{spec.title}”" if framework else _each_lot(spec, lambda lot: lot.title, spec.title)
    out: list[list[str]] = [*conditions(spec),
                            ["The works" if works else "The service", what],
                            [f"The {client_word(spec)}", _client(spec)]]
    for field, word in ROLES:
        person = getattr(data, field) if data is not None else None
        if person is not None:
            out.append([f"The {word}", _person(person)])
    documents = [f"{files}, in the folder “attachments”"] if (files := _attached(spec)) else []
    if (n := social_value_number(spec)) is not None:   # the clause the pack adds makes it part of the contract
        documents.append(f"“Social value schedule”, in this pack ({clause_label(spec, n)})")
    if documents:
        out.append(["Our documents that are part of the contract", "; ".join(documents)])
    if nec4:
        out += _general(spec)
    # A framework's dates are its own: each call-off contract's dates are filled in at the call-off.
    start, end, period = (AT_CALL_OFF,) * 3 if framework else (
        _each_term(spec, lambda x: text.date(x.start)), _each_term(spec, lambda x: text.date(x.end)),
        _each_term(spec, lambda x: f"{text.date(x.start)} to {text.date(x.end)}"))
    if form.form == "nec4_tsc":
        out.append(["The service period", period])
    elif nec4:
        out.append(["The starting date", start])
    else:
        out.append(["Date for Commencement of the Works" if form.form == "jct_mw" else "Date of Possession of the site",
                    start])
    if data is not None and data.access_dates:
        out.append(["Access dates", "; ".join(f"{a.part}: {text.date(a.date)}" for a in data.access_dates)])
    if works:
        out.append(["Completion date for the whole of the works" if nec4 else "Date for Completion", end])
    if data is not None and data.first_programme_weeks is not None:
        out.append(["Period after the Contract Date within which the Contractor submits a first programme",
                    _weeks(data.first_programme_weeks)])
    if data is not None and data.revised_programme_weeks is not None:
        out.append(["The Contractor submits revised programmes at intervals no longer than",
                    _weeks(data.revised_programme_weeks)])
    out += _periods(spec)
    out += _money(spec)
    if form.form == "nec4_ecc" and data is not None and data.weather_place is not None:
        out.append(["The place where weather is recorded", data.weather_place])
    elif form.form == "nec4_ecc" and framework:
        out.append(["The place where weather is recorded", AT_CALL_OFF])
    if kpis := _kpi_row(spec):
        out.append(kpis)
    # NEC4's insurance table states the minimum cover "for any one event"; JCT's forms keep their own words.
    per = "for any one event" if nec4 else "for each claim"
    for cover in spec.conditions.insurance:
        out.append([f"Insurance: {cover.type}", f"Cover of at least {text.money(cover.amount)} {per}"])
    if data is not None and data.adjudicator_nominating_body:
        out.append(["Adjudicator nominating body", data.adjudicator_nominating_body])
    out.append(["Law of the contract", LAW[spec.commercial.governing_law]])
    return out


def specifications(spec: tenderpack.Spec) -> list:
    """The attachments of kind specification: with the requirements, they are the Scope."""
    return [a for a in spec.attachments if a.kind == "specification"]


def has_scope(spec: tenderpack.Spec) -> bool:
    """The spec holds a Scope: requirements (its own or a lot's) or a specification attached."""
    return bool(spec.requirements or any(lot.requirements for lot in spec.lots.items) or specifications(spec))


def missing(spec: tenderpack.Spec) -> list[str]:
    """The entries of Contract Data part one the NEC4 Engineering and Construction Contract asks for and the spec
    does not give (none for another form; a framework's call-off gives its site's entries)."""
    form = form_of(spec)
    if form.form != "nec4_ecc":
        return []
    return ([] if has_scope(spec) else ["the Scope"]) + form.ecc_missing(site=not is_framework(spec))


def _general(spec: tenderpack.Spec) -> list[list[str]]:
    """NEC4's general entries: where the Scope and the Site Information are, the site's boundaries, the language,
    the period for reply and the tribunal."""
    data = form_of(spec).data
    framework = is_framework(spec)
    out = []
    if has_scope(spec):
        where = ["the part “Scope” of this document"] if spec.requirements or any(
            lot.requirements for lot in spec.lots.items) else []
        where += [f"“{a.title}” ({a.pack_path}), in the folder “attachments”" for a in specifications(spec)]
        said = "; ".join(where)
        if framework:
            said += f"; and the work the call-off contract orders ({AT_CALL_OFF.lower()})"
        out.append(["The Scope is in", said[:1].upper() + said[1:]])
    info = data.site_information if data is not None else None
    if info is not None:
        found = [a for a in spec.attachments if " ".join(a.title.split()).lower() == " ".join(info.split()).lower()]
        out.append(["The Site Information is in", f"“{found[0].title}” ({found[0].pack_path}), in the folder "
                                                  "“attachments”" if found else f"“{info}”"])
    elif framework:
        out.append(["The Site Information is in", AT_CALL_OFF])
    if data is not None and data.site_boundaries is not None:
        out.append(["The boundaries of the site", data.site_boundaries])
    elif framework:
        out.append(["The boundaries of the site", AT_CALL_OFF])
    out.append(["The language of the contract", "English"])
    if data is not None and data.period_for_reply_weeks is not None:
        out.append(["The period for reply", _weeks(data.period_for_reply_weeks)])
    if data is not None and data.tribunal is not None:
        out.append(["The tribunal", "Litigation (the courts)" if data.tribunal == "litigation" else "Arbitration"])
    return out


def _each_lot(spec: tenderpack.Spec, say, whole: str) -> str:
    """An entry that differs from lot to lot, for each lot's contract: 'Lot 1: The bridge. Lot 2: The paths.';
    ``whole`` without lots."""
    if not spec.lots.items:
        return whole
    return " ".join(f"Lot {lot.number}: {say(lot)}." for lot in spec.lots.items)


def _each_term(spec: tenderpack.Spec, say) -> str:
    """A date of the contracts' term: said once when every lot's contract shares the term, else lot by lot."""
    one = text.one_term(spec)
    if one is not None:
        return say(one)
    return _each_lot(spec, lambda lot: say(text.term(spec, lot)), "")


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
    # An NEC4 contract's currency is always the pound: the pack prices in pounds.
    # The period for payment is the one every document gives (commercial.payment_days, from each assessment date).
    out = [["The currency of the contract", "The pound sterling (£)"],
           ["The period within which payments are made", text.plural(spec.commercial.payment_days, "day")]] \
        if form.family == "nec4" else []
    if data is None:
        return out
    ecc = form.form == "nec4_ecc"
    if form.family == "nec4":
        if data.assessment_interval_weeks is not None:
            out.append(["The assessment interval", _weeks(data.assessment_interval_weeks)])
        if data.interest_percent is not None:
            out.append(["The interest rate", f"{text.percent(data.interest_percent)} a year above the Bank of "
                                             "England's base rate"])
    if data.delay_damages is not None:
        label = ("Delay damages (Option X7)" if ecc else "Delay damages" if form.family == "nec4"
                 else "Liquidated damages")
        out.append([label, f"{text.money(data.delay_damages)} for each {data.delay_damages_per} of delay"])
    if data.retention_percent is not None:
        label = "Retention percentage (Option X16)" if ecc else "Retention Percentage"
        out.append([label, text.percent(data.retention_percent)])
    if ecc and data.retention_free_amount is not None:
        out.append(["Retention free amount (Option X16)", text.money(data.retention_free_amount)])
    return out


def _kpi_row(spec: tenderpack.Spec) -> list[str] | None:
    """Option X20: its incentive schedule is this document's KPI part. (Without X20, the clause the pack adds
    makes the KPIs part of the contract, and the conditions of contract name it.)"""
    if not has_kpis(spec) or not x20(spec):
        return None
    return ["Key Performance Indicators (Option X20)",
            "The incentive schedule for Key Performance Indicators is the part “Key performance indicators” of this "
            "document"]
