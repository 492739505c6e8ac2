"""The service today, the start after signing, and the staff who may transfer (TUPE).

The invitation to tender and the contract summary say who provides the service now and what
we spend on it (spec.incumbent), that the contract is signed on one day and the service
starts on another, with what the winner does in between (timetable.mobilisation), and the
TUPE figures (commercial.transferring_staff): each sentence only when the spec holds its
fact. Read back from the built Word files, and from the composed sections for the variants.
"""

from __future__ import annotations

import importlib
import json

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.spec import consistency_errors
from tenderpack.tree import Paragraph, plain_text, walk

from _packs import docx_text
from conftest import EXAMPLES
from test_ocds import example, variant
from test_rules import findings, write_spec
from test_standard_truth import ITT, plain, section

SUMMARY = importlib.import_module("tenderpack_sme.summary")
PENSIONS = "Two of them are members of the Local Government Pension Scheme."


def everything(data: dict) -> None:
    """The grounds example with a named current supplier, its spend, a mobilisation period and TUPE figures."""
    data["timetable"].update(contract_signature="2027-03-26", mobilisation="Hire the staff and get the mowers ready.")
    data["incumbent"] = {"current": "supplier", "name": "Greenways Ltd",
                         "annual_spend": {"amount": 19500, "start": "2026-01-01", "end": "2026-12-31"},
                         "spend_so_far": {"amount": 58000, "start": "2024-04-01", "end": "2027-01-31"}}
    data["commercial"]["tupe"] = True
    data["commercial"]["transferring_staff"] = {"staff": 3, "full_time_equivalent": 2.5, "annual_cost": 78000,
                                                "pensions": PENSIONS, "data_available_from": "2027-02-08"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The invitation to tender and the contract summary, built in Word, of the grounds example with every fact."""
    folder = tmp_path_factory.mktemp("incumbent-tupe")
    data = variant(example("small-open-grounds"), everything).model_dump(mode="json", by_alias=True, exclude_none=True)
    spec_file = folder / "tender.json"
    spec_file.write_text(json.dumps(data), encoding="utf-8")
    out = folder / "pack"
    result = CliRunner().invoke(cli, ["build", str(spec_file), "-o", str(out), "--format", "docx",
                                      "--only", "invitation-to-tender", "--only", "contract-summary"])
    assert result.exit_code == 0, result.output
    return docx_text(out / "invitation-to-tender.docx"), docx_text(out / "sme" / "contract-summary.docx")


def itt(spec, key: str) -> str:
    return plain([section(spec, ITT, key)])


def summary(spec) -> str:
    """The facts at the head of the contract summary, as plain text."""
    return "\n".join(plain_text(b.runs) for b in walk(SUMMARY.facts_blocks(spec)) if isinstance(b, Paragraph))


def grounds(change=None):
    return variant(example("small-open-grounds"), change or (lambda d: None))


# --------------------------------------------------------------------------- the built documents


def test_the_invitation_says_the_service_today(built):
    """Who provides the service now (named, as the buyer chose), and what we spent in a year and so far."""
    invitation, _ = built
    assert "How it is done now" in invitation
    assert ("Greenways Ltd provides this service now. In the year from 1 January 2026 to 31 December 2026, we spent "
            "£19,500 on it, excluding VAT. From 1 April 2024 to 31 January 2027, we spent £58,000 under the current "
            "contract, excluding VAT.") in invitation


def test_the_invitation_says_signing_and_start_apart(built):
    """The contract is signed on one day and the service starts on another; the winner gets ready in between."""
    invitation, _ = built
    assert "We plan to sign the contract on Friday 26 March 2027; the service starts on Thursday 1 April 2027." in invitation
    assert "If you win, you get ready between the two dates (mobilisation): Hire the staff and get the mowers ready." \
        in invitation


def test_the_invitation_gives_the_tupe_figures(built):
    """How many may transfer, their cost, their pensions, and when the detailed information comes."""
    invitation, _ = built
    assert ("3 people may transfer (2.5 full-time equivalents). Their pay, with the employer's National Insurance and "
            "pension contributions, costs £78,000 a year in total.") in invitation
    assert f"Pensions: {PENSIONS}" in invitation
    assert "We will share detailed information about these staff from Monday 8 February 2027. It will not name anyone." \
        in invitation
    assert "later in the procedure" not in invitation


def test_the_contract_summary_says_the_same_facts(built):
    """The contract summary for small firms: signing and start, the supplier today and a year's spend, TUPE figures."""
    _, brief = built
    assert "We plan to sign the contract on 26 March 2027. The service starts on 1 April 2027." in brief
    assert "Between the two, you get ready (mobilisation): Hire the staff and get the mowers ready." in brief
    assert "Greenways Ltd provides this service now. In the year to 31 December 2026, we spent £19,500 on it, excluding VAT." \
        in brief
    assert ("Staff may transfer to you under TUPE when the contract starts. 3 people may transfer. Their pay, with the "
            "employer's National Insurance and pension costs, comes to £78,000 a year. " f"Pensions: {PENSIONS}") in brief


# --------------------------------------------------------------------------- only what the spec holds


def test_nothing_about_the_service_today_without_it():
    """No incumbent: no heading, no supplier, no spend, in the invitation or the summary; with one, both say it."""
    spec = grounds()
    for said in (itt(spec, "itt:what"), summary(spec)):
        assert "How it is done now" not in said and "provides this service now" not in said and "we spent" not in said
    given = grounds(lambda d: d.update(incumbent={"current": "supplier"}))
    assert "How it is done now" in itt(given, "itt:what")
    assert "A supplier provides this service now." in summary(given)


@pytest.mark.parametrize("current, sentence", [
    ("supplier", "A supplier provides this service now."),
    ("suppliers", "Several suppliers provide this service now."),
    ("in_house", "Our own staff provide this service now."),
    ("none", "This is a new service: nobody provides it now."),
])
def test_who_provides_it_now(current, sentence):
    """Each answer has its own sentence; a supplier is named only when the buyer gives its name."""
    spec = grounds(lambda d: d.update(incumbent={"current": current}))
    said = itt(spec, "itt:what")
    assert sentence in said and "Greenways" not in said and "we spent" not in said
    assert sentence in summary(spec)


def test_spend_under_several_contracts():
    """With several current suppliers, the spend so far is under the current contracts."""
    spec = grounds(lambda d: d.update(incumbent={"current": "suppliers", "spend_so_far": {
        "amount": 1000, "start": "2026-01-01", "end": "2026-06-30"}}))
    assert "From 1 January 2026 to 30 June 2026, we spent £1,000 under the current contracts, excluding VAT." \
        in itt(spec, "itt:what")


def test_no_signing_sentence_when_signing_is_the_start():
    """Without a planned signature before the start, neither document says the service starts on another day;
    with one, both do."""
    for spec in (grounds(), grounds(lambda d: d["timetable"].update(contract_signature="2027-04-01"))):
        assert "the service starts on" not in itt(spec, "itt:contract")
        assert "The service starts on" not in summary(spec)
    before = grounds(lambda d: d["timetable"].update(contract_signature="2027-03-31"))
    assert "the service starts on Thursday 1 April 2027" in itt(before, "itt:contract")
    assert "The service starts on 1 April 2027." in summary(before)


def test_signing_without_mobilisation_says_only_the_dates():
    """A signature before the start, with no mobilisation given: the two dates, and nothing about getting ready."""
    spec = grounds(lambda d: d["timetable"].update(contract_signature="2027-03-26"))
    said = itt(spec, "itt:contract")
    assert "We plan to sign the contract on Friday 26 March 2027; the service starts on Thursday 1 April 2027." in said
    assert "mobilisation" not in said and "get ready" not in summary(spec)


def test_goods_start_with_supply():
    """For goods, it is supply that starts, not a service."""
    spec = grounds(lambda d: d.update(category="goods") or d["timetable"].update(contract_signature="2027-03-26"))
    assert "supply starts on Thursday 1 April 2027" in itt(spec, "itt:contract")
    assert "Supply starts on 1 April 2027." in summary(spec)


def test_tupe_says_only_the_figures_given():
    """Only a head count: no cost, no pensions; no figures at all: the sentence about sharing later, as before."""
    only_staff = grounds(lambda d: d["commercial"].update(tupe=True, transferring_staff={"staff": 1}))
    said = itt(only_staff, "itt:contract")
    assert "1 person may transfer." in said
    assert "costs" not in said and "Pensions" not in said and "full-time" not in said
    assert "We will share information about these staff later in the procedure." in said
    bare = itt(grounds(lambda d: d["commercial"].update(tupe=True)), "itt:contract")
    assert "may transfer." not in bare.replace("Staff may transfer", "") and "Pensions" not in bare


def test_attached_staff_data_and_more_later():
    """A tupe-data attachment is pointed to; a date given as well says more follows then."""
    def change(data):
        data["commercial"].update(tupe=True, transferring_staff={"data_available_from": "2027-02-15"})
        data["attachments"] = [{"title": "TUPE staff data", "file": "tupe.xlsx", "kind": "tupe-data"}]

    said = itt(grounds(change), "itt:contract")
    assert ("Information about these staff is in “TUPE staff data” (attachments/tupe.xlsx), in “Our own documents”. "
            "We will share more from Monday 15 February 2027. It will not name anyone.") in said


def test_long_words_go_to_the_invitation_in_the_summary():
    """Pensions or mobilisation too long for a small firm's sentence: the summary points to the invitation."""
    long = ("Some of them are members of the Local Government Pension Scheme and the others are members of a "
            "broadly comparable scheme run by the current supplier for all of its staff in the region")
    spec = grounds(lambda d: d["timetable"].update(contract_signature="2027-03-26", mobilisation=long)
                   or d["commercial"].update(tupe=True, transferring_staff={"pensions": long}))
    said = summary(spec)
    assert "The invitation to tender explains their pensions." in said
    assert "Between the two, you get ready to start. The invitation to tender says what this involves." in said
    assert long not in said
    assert long in itt(spec, "itt:contract")


# --------------------------------------------------------------------------- facts that must fit together


@pytest.mark.parametrize("change, where, said", [
    (lambda d: d["timetable"].update(mobilisation="Get ready."), ("timetable", "mobilisation"), "no time to get ready"),
    (lambda d: d.update(incumbent={"current": "in_house", "name": "Greenways Ltd"}), ("incumbent", "name"),
     "no one current supplier to name"),
    (lambda d: d.update(incumbent={"current": "none", "spend_so_far": {"amount": 1, "start": "2026-01-01",
                                                                       "end": "2026-02-01"}}),
     ("incumbent", "spend_so_far"), "no current contract"),
    (lambda d: d.update(incumbent={"current": "supplier", "annual_spend": {"amount": 1, "start": "2026-01-01",
                                                                           "end": "2026-12-30"}}),
     ("incumbent", "annual_spend", "end"), "the year ends on 2026-12-31"),
    (lambda d: d.update(incumbent={"current": "supplier", "annual_spend": {"amount": 1, "start": "2026-03-01",
                                                                           "end": "2027-02-28"}}),
     ("incumbent", "annual_spend", "end"), "is after the tender notice"),
    (lambda d: d["commercial"].update(transferring_staff={"staff": 2}), ("commercial", "transferring_staff"),
     "commercial.tupe is false"),
    (lambda d: d["commercial"].update(tupe=True, transferring_staff={"staff": 2, "full_time_equivalent": 2.5}),
     ("commercial", "transferring_staff", "full_time_equivalent"), "more than the 2 people"),
    (lambda d: d["commercial"].update(tupe=True, transferring_staff={"data_available_from": "2027-01-15"}),
     ("commercial", "transferring_staff", "data_available_from"), "is before the tender notice"),
])
def test_facts_that_do_not_fit_are_errors_at_their_field(change, where, said):
    """Each contradiction is an error at the field at fault, saying what to write instead."""
    found = dict(consistency_errors(grounds(change)))
    assert where in found, found
    assert said in found[where]


def test_an_error_is_located_in_the_file(tmp_path):
    """Through the command line, the error names the file, line and field."""
    path = tmp_path / "tender.yaml"
    source = (EXAMPLES / "small-open-grounds.yaml").read_text(encoding="utf-8")
    path.write_text(source.replace("  contract_start: 2027-04-01\n",
                                   "  contract_start: 2027-04-01\n  mobilisation: Get the mowers ready.\n", 1),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:" in result.output and ": timetable.mobilisation: there is no time to get ready" in result.output


# --------------------------------------------------------------------------- the rule


def tupe_on(day: str):
    def change(data):
        data["commercial"]["tupe"] = True
        data["commercial"]["transferring_staff"] = {"staff": 2, "data_available_from": day}
    return change


def test_staff_information_after_the_deadline_is_a_warning(tmp_path):
    """TP-TUPE-DATA: information promised on the tender deadline's day, or after it, leaves bidders pricing blind."""
    for day in ("2027-03-01", "2027-03-05"):   # minimal.yaml: tenders due 1 March 2027
        found = findings(write_spec(tmp_path, tupe_on(day)))["TP-TUPE-DATA"]
        assert [p.severity for p in found] == ["warning"]
        assert "tenders are due" in found[0].message
        assert found[0].where.path == "commercial.transferring_staff.data_available_from" and found[0].where.line


def test_staff_information_after_the_last_questions_is_a_warning(tmp_path):
    """TP-TUPE-DATA: information after the last time to ask questions leaves no time to ask about it."""
    found = findings(write_spec(tmp_path, tupe_on("2027-02-20")))["TP-TUPE-DATA"]   # questions close 15 February
    assert len(found) == 1 and "last time to ask questions" in found[0].message


def test_staff_information_in_time_is_no_finding(tmp_path):
    """Information shared before the questions close: no finding."""
    assert "TP-TUPE-DATA" not in findings(write_spec(tmp_path, tupe_on("2027-02-08")))
