"""Every input `build` cannot handle is refused by `validate` already, at its file, line and field.

Dates, numbers, YAML tags, JSON's own reading, merge keys, words too long for a line, and
control characters that must never reach the terminal (issue: items 7, 8 and 10).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.errors import SpecError
from tenderpack.reader import read_spec

HERE = Path(__file__).parent
MINIMAL = (HERE / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
INNOVATION = (HERE.parent / "examples" / "innovation-home-care.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "tender.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str, text: str = MINIMAL) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def validate(path: Path, seconds: float = 20):
    """`tenderpack validate`: no traceback, no crash, and quick."""
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert time.perf_counter() - started < seconds, "validate took too long"
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def refused(path: Path, line: int, field: str) -> str:
    """Validate exits 2 with a message at ``path:line:col: field: ...``; returns that message."""
    result = validate(path)
    assert result.exit_code == 2, result.output
    prefix = f"{path}:{line}:"
    found = [x.strip() for x in result.output.splitlines() if prefix in x and f": {field}: " in x]
    assert found, result.output
    return found[0]


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize("old, new, field, limit", [
    ("contract_end: 2028-03-31", "contract_end: 9999-12-31", "timetable.contract_end", "SPEC_LATEST_YEAR"),
    ("notice: 2027-02-01", "notice: 0001-01-01", "timetable.notice", "SPEC_EARLIEST_YEAR"),
    ("tender_deadline: 2027-03-01T12:00:00", "tender_deadline: 2101-03-01T12:00:00", "timetable.tender_deadline",
     "SPEC_LATEST_YEAR"),
])
def test_a_date_outside_the_years_is_refused_at_its_field(tmp_path, old, new, field, limit):
    """9999-12-31 broke the build ("year 10000 is out of range"), 0001-01-01 the OCDS notice."""
    text = changed(old, new)
    message = refused(write(tmp_path, text), line_of(text, new), field)
    assert "outside the years 2000 to 2100" in message and limit in message


def test_a_time_with_a_zone_is_refused_naming_uk_time(tmp_path):
    """A deadline with a time zone made the rules fail (TypeError): tenderpack takes every time as UK time."""
    for zoned in ("2027-03-01T12:00:00+05:00", "'2027-03-01T12:00:00Z'"):
        text = changed("tender_deadline: 2027-03-01T12:00:00", f"tender_deadline: {zoned}")
        message = refused(write(tmp_path, text), line_of(text, zoned), "timetable.tender_deadline")
        assert "without a time zone, such as 2027-03-01T12:00" in message and "UK time" in message


def test_a_bare_number_is_not_read_as_a_date(tmp_path):
    """20270201 is not seconds since 1970: it is refused, with the form a date takes."""
    text = changed("notice: 2027-02-01", "notice: 20270201")
    message = refused(write(tmp_path, text), line_of(text, "notice: 2027"), "timetable.notice")
    assert message.endswith("must be a date written as YYYY-MM-DD")


def test_extensions_are_bounded_each_and_together(tmp_path):
    """Extensions past year 9999 broke the build: each, and all together, are bounded in months."""
    text = changed("  contract_end: 2028-03-31\n", "  contract_end: 2028-03-31\n  extensions: [99999999]\n")
    message = refused(write(tmp_path, text), line_of(text, "extensions"), r"timetable.extensions[0]")
    assert "at most 1,200 months (SPEC_MAX_TERM_MONTHS)" in message
    text = changed("  contract_end: 2028-03-31\n", "  contract_end: 2028-03-31\n  extensions: [1000, 1000]\n")
    message = refused(write(tmp_path, text), line_of(text, "extensions"), "timetable.extensions")
    assert "add up to 2,000 months, over the limit of 1,200 months (SPEC_MAX_TERM_MONTHS)" in message


def test_innovation_phases_are_bounded_together(tmp_path):
    """Phases without dates run one after another: their months together are bounded too."""
    text = re.sub(r"duration_months: \d+", "duration_months: 600", INNOVATION)   # three phases of 50 years
    assert text.count("duration_months: 600") == 3
    path = write(tmp_path, text)
    message = refused(path, line_of(text, "innovation_phases:"), "procedure.innovation_phases")
    assert "the phases add up to" in message and "(SPEC_MAX_TERM_MONTHS)" in message


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("old, new, field, expected", [
    ("word_limit: 500", "word_limit: 123456789012345678901234567890", "award.criteria[0].word_limit",
     "must be at most 1,000,000 (SPEC_MAX_COUNT)"),
    ("estimated_excluding_vat: 12000", "estimated_excluding_vat: 10000000000000", "value.estimated_excluding_vat",
     "must be at most £1,000,000,000,000 (SPEC_MAX_AMOUNT)"),
    ("estimated_excluding_vat: 12000", "estimated_excluding_vat: '1E+999999999'", "value.estimated_excluding_vat",
     "(SPEC_MAX_AMOUNT)"),
    ("weight: 60", "weight: '1E-999999999'", "award.criteria[0].weight", "must have no more than 2 decimal places"),
])
def test_a_number_too_big_or_too_fine_is_refused_at_its_field(tmp_path, old, new, field, expected):
    """A word limit of 30 digits broke the build (decimal.InvalidOperation); an amount or a
    percentage with a huge exponent must not be written out in full anywhere."""
    text = changed(old, new)
    assert expected in refused(write(tmp_path, text), line_of(text, new), field)


def test_a_spec_at_the_edges_of_every_bound_builds(tmp_path):
    """The bounds are where the build still works: the last year with the longest extensions
    (in the notice and the calendar), the largest amount and the largest word limit."""
    data = yaml.safe_load(MINIMAL)
    data["timetable"].update(notice="2000-01-03", clarification_deadline="2000-01-17T12:00",
                             tender_deadline="2000-01-31T12:00", evaluation_end="2000-02-10", award="2000-02-15",
                             contract_start="2000-04-01", contract_end="2100-12-31", extensions=[600, 600])
    data["value"] = {"estimated_excluding_vat": 1_000_000_000_000, "budget_ceiling": 1_000_000_000_000}
    data["award"]["criteria"][0]["word_limit"] = 1_000_000
    path = write(tmp_path, yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out), "--format", "docx",
                                      "--only", "invitation-to-tender,tender-notice.ocds,important-dates"])
    assert result.exit_code == 0, result.output
    notice = json.loads((out / "tender-notice.ocds.json").read_text(encoding="utf-8"))
    period = notice["releases"][0]["tender"]["contractPeriod"]
    assert period["maxExtentDate"].startswith("2200-12-31") and notice["publishedDate"].startswith("2000-01-03T00:00:00")
    assert "DTSTART;TZID=Europe/London:20000131T120000" in (out / "sme" / "important-dates.ics").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- YAML tags and merge keys


@pytest.mark.parametrize("value, tag", [
    ("!!binary AAEC", "!!binary"),
    ("!!set {Window: null}", "!!set"),
    ("!!omap [{a: 1}]", "!!omap"),
    ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
    ("!mine Window cleaning", "!mine"),
])
def test_yaml_tags_other_than_the_plain_ones_are_refused(tmp_path, value, tag):
    """!!binary carried NUL bytes past the control-character check; no other tag has a use either."""
    text = changed("title: Window cleaning", f"title: {value}")
    message = refused(write(tmp_path, text), 4, "title")
    assert f"the YAML tag {tag} is not allowed" in message


def test_plain_tags_are_still_read(tmp_path):
    """!!str, !!int and the other plain tags are what YAML reads anyway: they stay allowed."""
    text = changed("title: Window cleaning", "title: !!str 2027").replace("word_limit: 500", "word_limit: !!int '500'")
    spec = read_spec(write(tmp_path, text))
    assert spec.title == "2027" and spec.award.criteria[0].word_limit == 500


MERGED = """
contacts:
  - &sam
    name: Sam Clerk
    email: sam@example.org
  - <<: *sam
    email: office@example.org
"""


def test_an_explicit_key_overrides_a_merged_one(tmp_path):
    """`<<: *base` followed by a key the base has is legal YAML: the explicit key wins."""
    text = changed("contacts:\n  - name: Sam Clerk\n    email: clerk@example.org", MERGED.strip())
    spec = read_spec(write(tmp_path, text))
    assert [(c.name, c.email) for c in spec.contacts] == [("Sam Clerk", "sam@example.org"),
                                                          ("Sam Clerk", "office@example.org")]


def test_a_key_written_twice_beside_a_merge_is_still_refused(tmp_path):
    text = changed("contacts:\n  - name: Sam Clerk\n    email: clerk@example.org",
                   MERGED.strip() + "\n    email: again@example.org")
    path = write(tmp_path, text)
    with pytest.raises(SpecError) as info:
        read_spec(path)
    assert str(info.value) == f"{path}:{len(text.splitlines())}:5: contacts[1].email: key appears twice"


# ---------------------------------------------------------------------------- JSON


def _json_data() -> dict:
    data = yaml.safe_load(MINIMAL)
    data["title"] = "Window cleaning 😀"
    return data


def test_json_is_read_as_json_says(tmp_path):
    """A surrogate-pair escape (as json.dumps writes 😀) is one character; 1e3 is a number."""
    text = json.dumps(_json_data(), default=str, indent=2).replace('"word_limit": 500', '"word_limit": 1e3')
    assert "\\ud83d\\ude00" in text and "1e3" in text
    spec = read_spec(write(tmp_path, text, "tender.json"))
    assert spec.title == "Window cleaning 😀" and spec.award.criteria[0].word_limit == 1000


def test_json_problems_are_located_at_line_and_column(tmp_path):
    """A JSON syntax error, a bad value and a key given twice each name their line."""
    text = json.dumps(_json_data(), default=str, indent=2)
    broken = text.replace('"category": "services",', '"category": "services"')
    line = line_of(broken, '"category"') + 1
    path = write(tmp_path, broken, "tender.json")
    with pytest.raises(SpecError, match=rf"^{path}:{line}:3: not valid JSON: Expecting ',' delimiter$"):
        read_spec(path)
    bad = text.replace('"word_limit": 500', '"word_limit": 123456789012345678901234567890')
    path = write(tmp_path, bad, "tender.json")
    line = line_of(bad, '"word_limit"')
    assert refused(path, line, "award.criteria[0].word_limit").endswith("(SPEC_MAX_COUNT)")
    twice = text.replace('"title":', '"title": "Again",\n  "title":')
    path = write(tmp_path, twice, "tender.json")
    with pytest.raises(SpecError, match=rf"^{path}:{line_of(twice, 'Again') + 1}:\d+: title: key appears twice$"):
        read_spec(path)


def test_json_is_bounded_like_yaml(tmp_path):
    """NaN is no JSON number; deep nesting stops at SPEC_MAX_DEPTH, quickly and without a traceback."""
    text = json.dumps(_json_data(), default=str).replace('"word_limit": 500', '"word_limit": NaN')
    result = validate(write(tmp_path, text, "tender.json"))
    assert result.exit_code == 2 and "not valid JSON: NaN is not a JSON number" in result.output
    result = validate(write(tmp_path, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "deep.json"))
    assert result.exit_code == 2 and "nested more than 64 levels deep" in result.output


# ---------------------------------------------------------------------------- words and control characters


def test_a_word_too_long_for_a_line_is_refused_at_its_field(tmp_path):
    """One 100,000-character word took minutes to lay out: validate refuses it at once."""
    text = MINIMAL + "requirements:\n  - Clean every window " + "w" * 100_000 + " each month.\n"
    message = refused(write(tmp_path, text), line_of(text, "Clean every window"), "requirements[0]")
    assert "a word of 100,000 characters" in message and "at most 200 characters (SPEC_MAX_WORD_CHARS)" in message
    assert len(message) < 400, "the message must not echo the word"


def test_web_addresses_have_their_own_allowance(tmp_path):
    """A long web address (a real one can pass 200 characters) is fine up to SPEC_MAX_LINK_CHARS."""
    url = "https://example.org/tenders?" + "a" * 1500
    text = MINIMAL + f"requirements:\n  - Read the rules at {url} first.\n"
    assert validate(write(tmp_path, text)).exit_code == 0
    text = MINIMAL + f"requirements:\n  - Read the rules at {url + 'a' * 600} first.\n"
    message = refused(write(tmp_path, text), line_of(text, "Read the rules"), "requirements[0]")
    assert "at most 2,000 characters (SPEC_MAX_LINK_CHARS)" in message


def test_control_characters_never_reach_the_terminal(tmp_path):
    """ESC [ 2 J (clear the screen) in a key or a value is shown escaped in every message, and
    the C1 controls (U+009B starts an escape sequence too) are refused like the others."""
    cases = [MINIMAL + '"\\x1b[2J": 1\n',
             changed("title: Window cleaning", 'title: !!int "\\x1b[2J"'),
             changed("title: Window cleaning", 'title: "Window\\x9b2Jcleaning"')]
    for text in cases:
        result = validate(write(tmp_path, text))
        assert result.exit_code == 2, result.output
        assert "\x1b" not in result.output and "\x9b" not in result.output, ascii(result.output)
    assert "unknown field '\\x1b[2J'" in validate(write(tmp_path, cases[0])).output
    assert "title: contains the control character U+009B" in result.output
