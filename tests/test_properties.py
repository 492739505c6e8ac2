"""Property-based tests (hypothesis): valid variations build; broken variations are located errors.

Kept fast: few examples, no PDFs (only `validate`, or one Word document).
"""

from __future__ import annotations

import copy
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _packs import docx_text
from tenderpack.cli import cli

MINIMAL = yaml.safe_load((Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
FAST = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def dump(data: dict, folder: Path) -> Path:
    path = folder / "tender.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- (a) valid variations

# Printable text of any script, with the characters templates and markup care about.
_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"))
_text = st.text(st.one_of(_chars, st.sampled_from("{}<>&\"'%#*_[]()|\\`~")), min_size=1, max_size=120)
# A title has something visible in it (leading and trailing spaces are not part of a title).
titles = _text.map(str.strip).filter(lambda s: s != "").map(lambda s: s[:200])


@st.composite
def weights(draw) -> list[int]:
    """2 to 5 positive whole weights adding up to 100."""
    n = draw(st.integers(2, 5))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 100]
    return [b - a for a, b in zip(bounds, bounds[1:])]


@st.composite
def valid_specs(draw) -> dict:
    data = copy.deepcopy(MINIMAL)
    data["title"] = draw(titles)
    data["summary"] = draw(_text)
    data["value"]["estimated_excluding_vat"] = str(draw(st.decimals(
        min_value=Decimal("1"), max_value=Decimal("90000"), places=2, allow_nan=False, allow_infinity=False)))
    ws = draw(weights())
    criteria = [{"id": "P1", "name": "Price", "type": "price", "weight": ws[0]}]
    for i, w in enumerate(ws[1:], start=1):
        criteria.append({"id": f"Q{i}", "name": draw(_text), "weight": w,
                         "word_limit": draw(st.integers(1, 5000))})
    data["award"]["criteria"] = draw(st.permutations(criteria))
    return data


@FAST
@given(data=valid_specs())
def test_valid_variations_build_and_keep_their_title(data):
    with tempfile.TemporaryDirectory() as folder:
        path = dump(data, Path(folder))
        out = Path(folder) / "out"
        result = run("build", path, "-o", out, "--format", "docx", "--only", "invitation-to-tender")
        assert result.exit_code == 0, result.output
        text = docx_text(out / "invitation-to-tender.docx")
        assert data["title"] in text


# ---------------------------------------------------------------------------- (b) invalid variations

REQUIRED = [("tenderpack",), ("reference",), ("title",), ("summary",), ("category",), ("cpv",), ("buyer",),
            ("buyer", "lead"), ("buyer", "lead", "name"), ("value",), ("value", "estimated_excluding_vat"),
            ("procedure",), ("procedure", "type"), ("timetable",), ("timetable", "notice"),
            ("timetable", "tender_deadline"), ("timetable", "contract_end"), ("award",), ("award", "criteria"),
            ("award", "criteria", 0, "id"), ("award", "criteria", 0, "name"), ("commercial",),
            ("submission",), ("submission", "portal", "name"),
            ("contacts",), ("contacts", 0, "name")]
NUMBERS = [("value", "estimated_excluding_vat"), ("award", "criteria", 0, "weight"),
           ("award", "criteria", 1, "weight"), ("award", "criteria", 0, "word_limit")]
WRONG_TYPES = [(("title",), {"a": 1}), (("summary",), ["a", "b"]), (("cpv",), "90911300-9 and more"),
               (("contacts",), "Sam Clerk"), (("value", "estimated_excluding_vat"), "about twelve thousand"),
               (("timetable", "notice"), "next spring"), (("award", "criteria"), {"id": "Q1"}),
               (("award", "criteria", 0, "weight"), [60]), (("buyer", "lead"), "Little Ashby"),
               (("procedure", "type"), "auction"), (("tenderpack",), 2)]


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def _keys(data, path=()):
    """The path of every mapping key in the data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from _keys(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _keys(value, (*path, i))


ALL_KEYS = list(_keys(MINIMAL))


@st.composite
def misspelt(draw, key: str) -> str:
    how = draw(st.sampled_from(["drop", "double", "swap", "add", "case"]))
    i = draw(st.integers(0, len(key) - 1))
    if how == "drop" and len(key) > 1:
        new = key[:i] + key[i + 1:]
    elif how == "double":
        new = key[:i] + key[i] + key[i:]
    elif how == "swap" and len(key) > 1:
        j = min(i + 1, len(key) - 1)
        new = key[:min(i, j)] + key[max(i, j)] + key[min(i, j)] + key[max(i, j) + 1:] if i != j else key + "x"
    elif how == "case":
        new = key.upper()
    else:
        new = key + draw(st.sampled_from("sxz_"))
    return new if new != key else key + "_"


@st.composite
def invalid_specs(draw) -> tuple[dict, str]:
    data = copy.deepcopy(MINIMAL)
    kind = draw(st.sampled_from(["drop", "negative", "misspell", "wrong-type"]))
    if kind == "drop":
        path = draw(st.sampled_from(REQUIRED))
        del _parent(data, path)[path[-1]]
    elif kind == "negative":
        path = draw(st.sampled_from(NUMBERS))
        _parent(data, path)[path[-1]] = -draw(st.integers(1, 10**6))
    elif kind == "misspell":
        path = draw(st.sampled_from(ALL_KEYS))
        parent = _parent(data, path)
        new = draw(misspelt(path[-1]))
        if new in parent:   # e.g. 'type' misspelt into a sibling's name: make it unknown
            new += "_"
        parent[new] = parent.pop(path[-1])
    else:
        path, value = draw(st.sampled_from(WRONG_TYPES))
        _parent(data, path)[path[-1]] = value
    return data, f"{kind} {path}"


@FAST
@given(case=invalid_specs())
def test_broken_variations_are_errors_located_in_the_file(case):
    data, what = case
    with tempfile.TemporaryDirectory() as folder:
        path = dump(data, Path(folder))
        result = run("validate", path)
        assert result.exit_code == 2, (what, result.output)
        lines = [line.strip() for line in result.output.splitlines() if line.strip()]
        assert lines, what
        located = re.compile(rf"^(error: )?{re.escape(str(path))}:\d+:")
        for line in lines:
            if re.fullmatch(r"error: \d+ problems", line):
                continue
            assert located.match(line), (what, line, result.output)


@st.composite
def impossible_dates(draw) -> str:
    """Text that YAML reads as a date but no calendar has: month 13, 30 February, day 32..."""
    year = draw(st.integers(2025, 2040))
    month, day = draw(st.one_of(
        st.tuples(st.integers(13, 99), st.integers(1, 28)),
        st.tuples(st.integers(1, 12), st.integers(32, 99)),
        st.tuples(st.just(2), st.integers(30, 31)),
        st.tuples(st.sampled_from([4, 6, 9, 11]), st.just(31)),
        st.tuples(st.just(0), st.integers(1, 28))))
    time = draw(st.sampled_from(["", "T12:00", "T12:00:00"]))
    return f"{year}-{month:02d}-{day:02d}{time}"


DATE_LINES = [line for line in yaml.safe_dump(MINIMAL, sort_keys=False).splitlines()
              if re.search(r": '?\d{4}-\d\d-\d\d", line)]


@FAST
@given(line=st.sampled_from(DATE_LINES), date=impossible_dates())
def test_impossible_dates_are_errors_located_in_the_file(line, date):
    """A date typed as 2026-13-45 is not a crash: exit 2, the line and field named."""
    text = yaml.safe_dump(MINIMAL, sort_keys=False)
    key = line.split(":", 1)[0]
    broken = text.replace(line, f"{key}: {date}", 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tender.yaml"
        path.write_text(broken, encoding="utf-8")
        result = run("validate", path)
    assert result.exit_code == 2, (date, result.output)
    number = broken.splitlines().index(f"{key}: {date}") + 1
    assert re.search(rf"{re.escape(str(path))}:{number}:\d+: \S*{re.escape(key.strip().lstrip('- '))}: ",
                     result.output), result.output
    # YAML reads 2026-13-45 as a date and fails; 2026-13-45T12:00 stays text that the model refuses.
    assert re.search(rf"{re.escape(date)} is not a real date or time|must be a (valid datetime or )?date",
                     result.output), result.output
