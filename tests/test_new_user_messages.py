"""Messages a new user met ("Real tenders"): each says what to write instead, at the field.

Every test changes a copy of an example the way a new user did, runs ``tenderpack validate``
and reads the message where the user meets it.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from tenderpack.cli import cli
from tenderpack.spec import Spec, cpv_check_digit

ROOT = Path(__file__).parent.parent
GROUNDS = (ROOT / "examples" / "small-open-grounds.yaml").read_text(encoding="utf-8")
HOME_CARE = (ROOT / "examples" / "innovation-home-care.yaml").read_text(encoding="utf-8")


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def validate(tmp_path: Path, text: str):
    path = tmp_path / "tender.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["validate", str(path)]), path


def line_of(text: str, piece: str) -> int:
    """The 1-based number of the line that holds ``piece`` (once in the text)."""
    [number] = [i for i, line in enumerate(text.splitlines(), 1) if piece in line]
    return number


def refused(tmp_path: Path, text: str) -> tuple[str, Path]:
    result, path = validate(tmp_path, text)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output, path


# --------------------------------------------------------------------------- 1. CPV check digits

# Codes from the published CPV list, each with its check digit.
PUBLISHED = ["77310000-6", "77314000-4", "77313000-7", "77312100-1", "85312000-9", "85323000-9", "73000000-2",
             "79410000-1", "90911300-9", "45000000-7", "72000000-5", "80000000-4", "30192121-5", "30192122-2",
             "98513310-8", "45211340-4", "66517000-7", "71222200-2", "03000000-1", "09000000-3"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_cpv_check_digit_matches_the_published_list(code):
    """The check digit tenderpack works out is the one the CPV list gives."""
    assert cpv_check_digit(code[:8]) == code[-1]


@pytest.mark.parametrize("written", ["77310000", '"77310000"'])
def test_cpv_code_without_check_digit_gives_the_right_one(tmp_path, written):
    """A CPV code without its check digit (a number, or text) is refused, naming the code with its digit."""
    text = changed(GROUNDS, "  - 77314000-4 ", f"  - {written} ")
    output, path = refused(tmp_path, text)
    assert f"{path}:{line_of(text, written)}:5: cpv[0]: 77310000 needs its check digit: write 77310000-6" in output
    assert "valid string" not in output


def test_cpv_code_with_the_wrong_check_digit_says_which_is_right(tmp_path):
    """A check digit that does not match the code says the right one, and that a digit may be mistyped."""
    output, _ = refused(tmp_path, changed(GROUNDS, "  - 77313000-7 ", "  - 77313000-4 "))
    assert "cpv[1]: the check digit of 77313000 is 7, not 4: check the code in the CPV list" in output


# --------------------------------------------------------------------------- 2. amounts and percentages


@pytest.mark.parametrize("written, number", [("£118.5m", "118500000"), ("£60,000", "60000"),
                                             ("2.5 million", "2500000"), ("£75k", "75000")])
def test_amount_written_with_pound_sign_or_m_says_the_number(tmp_path, written, number):
    """An amount such as £118.5m is refused with the plain number to write instead."""
    text = changed(GROUNDS, "estimated_excluding_vat: 60000 ", f'estimated_excluding_vat: "{written}" ')
    output, _ = refused(tmp_path, text)
    assert (f"value.estimated_excluding_vat: '{written}' is not a plain number: write {number} (or {number}.00); "
            "an amount is in pounds, without a £ sign, commas or letters such as m for million") in output
    assert "valid decimal" not in output


@pytest.mark.parametrize("written, expected", [("about sixty thousand", "must be a plain number, such as 60000 or 12.5"),
                                               ("[60000]", "must be a plain number, such as 60000")])
def test_amount_that_is_no_number_says_plain_number(tmp_path, written, expected):
    """An amount that is not a number at all is asked for as a plain number, without 'decimal' or a class name."""
    text = changed(GROUNDS, "estimated_excluding_vat: 60000 ", f"estimated_excluding_vat: {written} ")
    output, _ = refused(tmp_path, text)
    assert f"value.estimated_excluding_vat: {expected}" in output
    assert "decimal" not in output.lower()


def test_percentage_with_percent_sign_says_the_number(tmp_path):
    """A weight written 30% is refused with 30: the model takes percentages as numbers from 0 to 100."""
    text = changed(GROUNDS, "      weight: 35", "      weight: 35%")
    output, _ = refused(tmp_path, text)
    assert ("award.criteria[0].weight: '35%' is not a plain number: write 35; a percentage is a number from 0 to 100, "
            "without the % sign") in output


# --------------------------------------------------------------------------- 3. shapes in words, not class names

NOT_DIVIDED = """lots:
  reasons_not_divided: >-
    The sites are small and close together, so one firm can look after them all. Splitting
    the work would cost more and make it harder to plan visits.
"""


def test_lots_written_as_a_list_says_to_put_it_under_items(tmp_path):
    """lots: given straight as a list of lots says to write items: and names no class."""
    text = changed(GROUNDS, NOT_DIVIDED, "lots:\n  - number: 1\n    title: Parks\n  - number: 2\n    title: Cemetery\n")
    output, _ = refused(tmp_path, text)
    assert ("lots: must be a mapping, not a list: write items: under lots:, and the list under items: (each item "
            "with number and title); see the example that `tenderpack init --example innovation-home-care` writes"
            in output)
    assert "instance of" not in output and "Lots" not in output


@pytest.mark.parametrize("old, new, expected", [
    (NOT_DIVIDED, "lots: 2\n", "lots: must be a mapping with fields such as items, max_per_supplier, max_bids_per_supplier, "
                               "allocation_method or reasons_not_divided, one 'field: value' a line, indented under lots:"),
    ("buyer:\n  lead:\n    name: Kelbrook Town Council\n", "buyer: Kelbrook Town Council\nold_buyer:\n  lead:\n",
     "buyer: must be a mapping with lead, one 'field: value' a line, indented under buyer:"),
    ("    - id: Q1\n", "    - Q1\n    - id: Q1b\n",
     "award.criteria[0]: must be a mapping with id and name, such as '- id: …' with the other fields on the lines "
     "below it, lined up with id"),
    ("cpv:\n  - 77314000-4                       # grounds maintenance services\n"
     "  - 77313000-7                       # parks maintenance services\n", "cpv: 77314000-4\n",
     "cpv: must be a list: write [77314000-4] for a single item, or each item on a new line under cpv: starting "
     "with '- '"),
])
def test_wrong_shape_is_said_in_words(tmp_path, old, new, expected):
    """A mapping or list of the wrong shape says what shape the field takes, never a class name."""
    output, _ = refused(tmp_path, changed(GROUNDS, old, new))
    assert expected in output
    assert "instance of" not in output and "valid dictionary" not in output and "valid list" not in output


# --------------------------------------------------------------------------- 4. tabs


@pytest.mark.parametrize("old", ["  award: 2027-03-24", "      deadline: 2027-05-28T12:00", "value:"])
def test_tab_says_yaml_indents_with_spaces(tmp_path, old):
    """A tab in the indentation (or at the start of a line) is named with its line and column."""
    source = HOME_CARE if "deadline" in old else GROUNDS
    if old == "value:":
        text = changed(source, "\nvalue:\n", "\n\tvalue:\n")
        old = "\tvalue:"
    else:
        text = changed(source, old, "\t" + old.lstrip(" "))
        old = "\t" + old.lstrip(" ")
    output, path = refused(tmp_path, text)
    line = line_of(text, old)
    assert (f"{path}:{line}:1: a tab at line {line} column 1: YAML indents with spaces; replace the tab with spaces"
            in output)
    assert "cannot start any token" not in output and "violates indentation" not in output


# --------------------------------------------------------------------------- 5. keys for what tenderpack does not describe


def test_variants_key_says_tenderpack_does_not_describe_variant_bids(tmp_path):
    """variants: says variant bids are not described yet, and what to do instead."""
    output, _ = refused(tmp_path, changed(GROUNDS, "\nlots:\n", "\nvariants: true\nlots:\n"))
    assert "variants: unknown field 'variants': tenderpack does not yet describe variant bids" in output
    assert "expected one of" not in output


@pytest.mark.parametrize("old, new, expected", [
    ("  tender_deadline: 2027-03-08T12:00", "  tender_dedline: 2027-03-08T12:00",
     "timetable.tender_dedline: unknown field 'tender_dedline'; did you mean 'tender_deadline'?"),
    ("\nlots:\n", "\ndeadline: 2027-03-08T12:00\nlots:\n",
     "deadline: unknown field 'deadline'; the deadline for tenders is timetable.tender_deadline (under timetable:)"),
    ("\nlots:\n", "\ntupe: false\nlots:\n",
     "tupe: unknown field 'tupe' here; it belongs under commercial: (commercial.tupe)"),
    ("  budget_ceiling: 60000", "  budget: 60000",
     "value.budget: unknown field 'budget'; the budget is value.budget_ceiling (under value:)"),
])
def test_unknown_key_points_to_the_field_to_use(tmp_path, old, new, expected):
    """A misspelt key suggests the nearest field; a key that lives elsewhere says where."""
    output, _ = refused(tmp_path, changed(GROUNDS, old, new))
    assert expected in output


# --------------------------------------------------------------------------- 6. deadlines without a time

DEADLINES = [
    (GROUNDS, "  tender_deadline: 2027-03-08T12:00", "timetable.tender_deadline", "2027-03-08"),
    (GROUNDS, "  clarification_deadline: 2027-02-22T12:00", "timetable.clarification_deadline", "2027-02-22"),
    (HOME_CARE, "      deadline: 2027-07-23T12:00", "procedure.stages[3].deadline", "2027-07-23"),
    (HOME_CARE, "      clarification_deadline: 2027-07-14T12:00", "procedure.stages[3].clarification_deadline",
     "2027-07-14"),
]


@pytest.mark.parametrize("source, old, field, day", DEADLINES)
@pytest.mark.parametrize("quote", ["", '"'])
def test_deadline_without_time_is_refused_at_the_field(tmp_path, source, old, field, day, quote):
    """A deadline written as a date only is refused (it would mean midnight), saying to write the time."""
    new = old.replace(f"{day}T12:00", f"{quote}{day}{quote}")
    text = changed(source, old, new)
    output, path = refused(tmp_path, text)
    line = line_of(text, new)
    assert re.search(rf"{re.escape(str(path))}:{line}:\d+: {re.escape(field)}: write the time too, such as "
                     rf"{day}T12:00 \(noon, UK time\)", output), output


def _datetime_fields(model: type[BaseModel], seen: set) -> set[str]:
    found = set()
    for name, field in model.model_fields.items():
        for arg in [field.annotation, *typing.get_args(field.annotation)]:
            base = typing.get_args(arg)[0] if typing.get_origin(arg) is typing.Annotated else arg
            if base is dt.datetime:
                found.add(f"{model.__name__}.{name}")
            for inner in [base, *typing.get_args(base)]:
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                    seen.add(inner)
                    found |= _datetime_fields(inner, seen)
    return found


def test_every_datetime_field_is_checked_above():
    """The deadlines tested above are every date-and-time field of the spec (a new one needs a test here)."""
    assert _datetime_fields(Spec, {Spec}) == {"Timetable.tender_deadline", "Timetable.clarification_deadline",
                                              "Stage.deadline", "Stage.clarification_deadline"}


# --------------------------------------------------------------------------- 7. rules located and worded


def over_five_million(text: str) -> str:
    """The grounds example as an open procedure worth £10.8 million with VAT: it needs three KPIs."""
    for old, new in [("estimated_excluding_vat: 60000 ", "estimated_excluding_vat: 9000000 "),
                     ("estimated_including_vat: 72000", "estimated_including_vat: 10800000"),
                     ("annual_value: 20000", "annual_value: 3000000"),
                     ("budget_ceiling: 60000", "budget_ceiling: 9000000"),
                     ("type: below_threshold", "type: open")]:
        text = changed(text, old, new)
    return text


def kpi_line(output: str) -> str:
    [line] = [line for line in output.splitlines() if "[PA23-S52-KPIS]" in line]
    return line


def test_missing_kpis_without_outcomes_are_reported_at_the_value(tmp_path):
    """With no outcomes written, the KPI warning is at the value that brings the duty, not the top of the file."""
    text = over_five_million(GROUNDS)
    result, path = validate(tmp_path, text)
    line = kpi_line(result.output)
    assert f"{path}:{line_of(text, 'estimated_including_vat: 10800000')}:28: value.estimated_including_vat:" in line
    assert "add outcomes: with at least 3 outcomes" in line


OUTCOME = """outcomes:
  - id: O1
    statement: Parks stay clean and safe.
    indicator: {name: Sites inspected clean, unit: percent}
    targets: [{value: 95%, by: 2028-03-31}]
    data_source: Monthly inspections
    frequency: monthly
    verified_by: Town Clerk
    kpi: false
"""


@pytest.mark.parametrize("outcomes, at, field", [
    ("outcomes: []\n", "outcomes: []", "outcomes"),
    (OUTCOME, "    kpi: false", "outcomes[0].kpi"),
])
def test_missing_kpis_are_reported_where_the_outcomes_are(tmp_path, outcomes, at, field):
    """With outcomes written, the KPI warning is at them: at an outcome marked kpi: false, else at outcomes."""
    text = changed(over_five_million(GROUNDS), "\nrequirements:\n", f"\n{outcomes}\nrequirements:\n")
    result, path = validate(tmp_path, text)
    assert f"{path}:{line_of(text, at)}:" in kpi_line(result.output)
    assert f": {field}: [PA23-S52-KPIS]" in kpi_line(result.output)


def test_lots_cap_equal_to_the_number_of_lots_is_not_an_award_cap(tmp_path):
    """max_per_supplier equal to the number of lots caps nothing: no allocation method is asked for, and a
    warning says the field caps the lots a supplier wins, not its bids."""
    text = changed(HOME_CARE, "  # max_per_supplier: 1", "  max_per_supplier: 2")
    result, path = validate(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "PA23-S23-LOTS-CAP" not in result.output
    assert (f"{path}:{line_of(text, 'max_per_supplier: 2')}:21: lots.max_per_supplier: [TP-LOTS-CAP-NO-LIMIT] "
            "The limit is 2 lots per supplier and there are 2 lots, so it limits nothing. max_per_supplier is the "
            "most lots one supplier can win, not the most it can bid for") in result.output


def test_lots_cap_below_the_number_of_lots_says_it_caps_awards(tmp_path):
    """A real cap on awards still needs an allocation method, and the error says it is about winning, not bidding."""
    text = changed(HOME_CARE, "  # max_per_supplier: 1", "  max_per_supplier: 1")
    output, _ = refused(tmp_path, text)
    assert ("lots.max_per_supplier: [PA23-S23-LOTS-CAP] This limits the lots one supplier can win, not the lots it "
            "can bid for (every supplier can bid for every lot). Suppliers can win at most 1 of the 2 lots") in output
    assert "TP-LOTS-CAP-NO-LIMIT" not in output
