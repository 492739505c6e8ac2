"""Reading a specification: every problem located by file, line, column and field path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tenderpack.errors import SpecError
from tenderpack.reader import read_spec

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "tender.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(SpecError) as info:
        read_spec(path)
    return [str(i) for i in info.value.issues]


def test_minimal_spec_is_valid():
    """The minimal fixture validates and keeps its values."""
    spec = read_spec(FIXTURES / "minimal.yaml")
    assert spec.reference == "MIN-001"
    assert spec.award.criteria[0].word_limit == 500


def test_json_spec_is_read(tmp_path):
    """A JSON file is read as well as YAML."""
    import json
    data = yaml.safe_load(MINIMAL)
    path = write(tmp_path, json.dumps(data, default=str), "tender.json")
    assert read_spec(path).title == "Window cleaning"


def test_error_names_file_line_column_and_path(tmp_path):
    """A bad value is reported as file:line:col: path: message, pointing at the value."""
    text = MINIMAL.replace("  estimated_excluding_vat: 12000", "  estimated_excluding_vat: -5")
    path = write(tmp_path, text)
    line = text.splitlines().index("  estimated_excluding_vat: -5") + 1
    assert errors(path) == [f"{path}:{line}:28: value.estimated_excluding_vat: must be greater than or equal to 0"]


def test_list_item_path_uses_index(tmp_path):
    """Paths into lists use [index], as in lots[1].value."""
    text = MINIMAL.replace("      weight: 40", "      weight: 400")
    found = errors(write(tmp_path, text))
    assert len(found) == 1 and "award.criteria[1].weight: must be less than or equal to 100" in found[0]


def test_unknown_key_suggests_nearest(tmp_path):
    """A misspelt key is an error that suggests the nearest valid field."""
    text = MINIMAL.replace("summary:", "sumary:")
    found = errors(write(tmp_path, text))
    assert any("sumary: unknown field 'sumary'; did you mean 'summary'?" in e for e in found)


def test_unknown_nested_key_suggests_nearest(tmp_path):
    """Suggestions work inside nested models too."""
    text = MINIMAL.replace("  contract_start:", "  contract_strat:")
    found = errors(write(tmp_path, text))
    assert any("timetable.contract_strat: unknown field 'contract_strat'; did you mean 'contract_start'?" in e
               for e in found)


def test_all_errors_reported_together(tmp_path):
    """Several mistakes are all reported in one run, in file order."""
    text = (MINIMAL.replace("category: services", "category: servces")
            .replace('cpv: ["90911300-9"]', 'cpv: ["909"]')
            .replace("      weight: 60", "      weight: 0"))
    found = errors(write(tmp_path, text))
    assert len(found) == 3
    assert [e.split(": ")[1] for e in found] == ["category", "cpv[0]", "award.criteria[0].weight"]


def test_missing_field_points_at_parent(tmp_path):
    """A required field that is missing is reported at the mapping that should hold it."""
    text = MINIMAL.replace("    name: Little Ashby Town Council\n", "    address: High Street\n")
    found = errors(write(tmp_path, text))
    assert any(e.endswith("buyer.lead.name: is required") for e in found)


@pytest.mark.parametrize("text, expected", [
    ("tenderpack: 1\ntitle: [unclosed\n", "not valid YAML"),
    ("", "file is empty"),
    ("   \n\n", "file is empty"),
    ("# only a comment\n", "file holds no data"),
    ("- a\n- b\n", "must be a mapping"),
])
def test_unreadable_content_gets_one_line(tmp_path, text, expected):
    """Malformed YAML, an empty file, or a list instead of a mapping: one clear line."""
    found = errors(write(tmp_path, text))
    assert len(found) == 1 and expected in found[0] and str(tmp_path) in found[0]


def test_not_utf8(tmp_path):
    """A file that is not UTF-8 says so, with the line of the first bad byte."""
    path = tmp_path / "tender.yaml"
    path.write_bytes(b"tenderpack: 1\ntitle: caf\xe9\n")
    assert errors(path) == [f"{path}:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_missing_file_and_folder(tmp_path):
    """A missing file and a folder given instead of a file each get one line."""
    assert errors(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: file not found"]
    assert "is a folder" in errors(tmp_path)[0]


def test_wrong_schema_version(tmp_path):
    """A future spec version is refused with the version named."""
    found = errors(write(tmp_path, MINIMAL.replace("tenderpack: 1", "tenderpack: 2")))
    assert any("unsupported specification version 2" in e for e in found)


def test_control_character_rejected_with_path(tmp_path):
    """Characters that XML cannot hold are rejected with the field path."""
    text = MINIMAL.replace("title: Window cleaning", 'title: "Window\\x07cleaning"')
    found = errors(write(tmp_path, text))
    assert any("title: contains the control character U+0007" in e for e in found)


def test_duplicate_key_is_an_error(tmp_path):
    """A key given twice is an error rather than the last one silently winning."""
    found = errors(write(tmp_path, MINIMAL + "title: Again\n"))
    assert any("title: key appears twice" in e for e in found)


def test_alias_bomb_is_refused(tmp_path):
    """YAML aliases that expand exponentially are refused quickly, not expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    found = errors(write(tmp_path, "\n".join(lines) + "\n"))
    assert "aliases may be expanding" in found[0]


def test_timetable_order_checked_at_field(tmp_path):
    """Dates out of order are reported at the later field."""
    text = MINIMAL.replace("award: 2027-03-15", "award: 2027-03-05")
    found = errors(write(tmp_path, text))
    assert any("timetable.award: 2027-03-05 is before evaluation_end (2027-03-10)" in e for e in found)


def test_lot_naming_missing_criterion(tmp_path):
    """A lot that names a criterion that does not exist is an error at that lot."""
    text = MINIMAL.replace("lots:\n", "lots:\n  items:\n    - number: 1\n      title: North\n      criteria: [Q9]\n")
    found = errors(write(tmp_path, text))
    assert any("lots.items[0].criteria[0]: no award criterion has the id 'Q9'" in e for e in found)
