"""Every limit is set in one place (tenderpack.limits) and documented in docs/limits.md."""

from pathlib import Path

import tenderpack.limits as limits

DOC = Path(__file__).resolve().parents[1] / "docs" / "limits.md"


def _names() -> list[str]:
    return [name for name in vars(limits) if name.isupper() and not name.startswith("_")]


def test_every_limit_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in _names() if f"`{name}`" not in text]
    assert not missing, f"docs/limits.md does not list {missing}"


def test_docs_list_no_limit_that_does_not_exist():
    import re

    text = DOC.read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([A-Z_]+)` \|", text, flags=re.M)
    assert listed, "docs/limits.md has no table of limits"
    assert sorted(set(listed) - set(_names())) == []


def test_every_limit_is_a_positive_number():
    for name in _names():
        value = getattr(limits, name)
        assert isinstance(value, (int, float)) and value > 0, name
