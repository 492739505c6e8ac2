"""The draft contract: built from the clause library into Word and PDF, with its schedules.

The files are read back (python-docx, pypdf) to check what a reader sees.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as Word
from pypdf import PdfReader

from tenderpack.cli import cli

from conftest import ROOT

HERE = Path(__file__).parent
HOME_CARE = ROOT / "examples" / "innovation-home-care.yaml"
MINIMAL = HERE / "fixtures" / "minimal.yaml"
LEGAL_PACKAGE = ROOT / "examples" / "legal-team-plugin"


def build(spec: Path, out: Path, *args: str, formats: str = "docx,pdf"):
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out), "--only", "draft-contract",
                                      "--format", formats, *args])
    assert result.exit_code == 0, result.output
    return out


def word_text(path: Path) -> str:
    doc = Word(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def home_care_pack(tmp_path_factory):
    return build(HOME_CARE, tmp_path_factory.mktemp("contract") / "pack")


@pytest.fixture(scope="module")
def manifest(home_care_pack):
    data = json.loads((home_care_pack / "manifest.json").read_text())
    return next(d for d in data["documents"] if d["id"] == "draft-contract")


def test_draft_contract_is_in_the_pack_in_word_and_pdf(home_care_pack, manifest):
    """The pack has a "Draft contract" document in Word and PDF, from the contract plugin."""
    assert manifest["title"] == "Draft contract" and manifest["plugin"] == "contract"
    assert (home_care_pack / "draft-contract.docx").stat().st_size > 5000
    assert (home_care_pack / "draft-contract.pdf").stat().st_size > 5000


def test_contract_has_its_schedules(home_care_pack):
    """The contract carries its five schedules: specification, charges, KPIs, social value, data processing.
    No contract of the example is over £5m on its own (each council signs its own, per lot), so the
    KPI schedule cites no KPI section of the Act."""
    paragraphs = Word(home_care_pack / "draft-contract.docx").paragraphs
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading 1")]
    for title in ("Schedule 1: Specification", "Schedule 2: Charges", "Schedule 3: KPIs",
                  "Schedule 4: Social value", "Schedule 5: Data processing"):
        assert title in headings, headings
    texts = [p.text for p in paragraphs]
    kpis = " ".join(texts[texts.index("Schedule 3: KPIs"):texts.index("Schedule 4: Social value")])
    assert "section 52" not in kpis.lower() and "section 71" not in kpis.lower()
    pdf = pdf_text(home_care_pack / "draft-contract.pdf")
    assert "Phase 2: test and learn" in pdf


def test_cross_references_read_the_same_in_word_and_pdf(home_care_pack, manifest):
    """[[core:termination]] becomes the same "clause N" in Word and PDF; no reference syntax is left."""
    number = {s["clause"]: s["number"] for s in manifest["sources"]}
    sentence = f"unless it ends earlier under clause {number['core:termination']}."
    word = flat(word_text(home_care_pack / "draft-contract.docx"))
    pdf = pdf_text(home_care_pack / "draft-contract.pdf")
    assert sentence in word and sentence in pdf
    exit_ref = f"clause {number['core:exit']} applies"
    assert exit_ref in word and exit_ref in pdf
    for text in (word, pdf):
        assert "[[" not in text and "{Contract}" not in text and "{{" not in text


def test_payment_clause_says_30_days_and_flows_down(home_care_pack):
    """The contract promises payment within 30 days and passes it down to subcontractors (s.68, s.73)."""
    word = flat(word_text(home_care_pack / "draft-contract.docx"))
    assert "We will pay each valid invoice within 30 days of receiving it." in word
    assert "Section 73 of the Procurement Act 2023" in word


def test_definitions_table_in_the_document(home_care_pack):
    """The definitions clause holds a table of the terms used, in Word."""
    doc = Word(home_care_pack / "draft-contract.docx")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Term")
    terms = [row.cells[0].text for row in table.rows[1:]]
    assert "Transferring Staff" in terms and terms == sorted(terms, key=str.casefold)


def test_manifest_records_clause_provenance(manifest):
    """The manifest lists, for the contract, each clause's id, version, content hash, source and why."""
    sources = manifest["sources"]
    assert len(sources) >= 30
    tupe = next(s for s in sources if s["clause"] == "core:tupe")
    assert tupe["version"] == "1.1" and tupe["source"] == "core" and tupe["file"] == "tupe.md"
    assert tupe["why"] == "applies_when: commercial.tupe (commercial.tupe = true)"
    digest = hashlib.sha256((ROOT / "clauses" / "tupe.md").read_bytes()).hexdigest()
    assert tupe["sha256"] == digest
    assert [s["number"] for s in sources] == [str(i) for i in range(1, len(sources) + 1)]


def test_spec_values_literal_in_word_and_pdf(tmp_path):
    """Spec values placed in clauses come out literally in Word and PDF: no markup, no references."""
    hostile = "A fixed price **not bold** [[core:term]] {Contract} {{ 7*7 }} <b>x</b> & co"
    data = yaml.safe_load(MINIMAL.read_text())
    data["commercial"]["price_basis"] = hostile
    spec = tmp_path / "hostile.yaml"
    spec.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = build(spec, tmp_path / "pack")
    expected = f"How prices are set: {hostile}."
    assert expected in flat(word_text(out / "draft-contract.docx"))
    assert expected in pdf_text(out / "draft-contract.pdf")


def test_legal_team_package_installs_and_overrides_a_core_clause(tmp_path):
    """The example legal-team package, pip-installed, is found by its entry point; its override is in the contract."""
    target = tmp_path / "site"
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(LEGAL_PACKAGE)]
    if importlib.util.find_spec("hatchling") is not None:
        command.insert(5, "--no-build-isolation")
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    assert list(target.glob("dunmore_legal_clauses-*.dist-info"))
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "pack"
    done = subprocess.run([sys.executable, "-m", "tenderpack", "build", str(HOME_CARE), "-o", str(out),
                           "--only", "draft-contract", "--format", "docx"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert any(p["name"] == "dunmore_legal" for p in manifest["plugins"])
    sources = next(d for d in manifest["documents"] if d["id"] == "draft-contract")["sources"]
    payment = next(s for s in sources if s["clause"] == "dunmore:payment")
    assert payment["overrides"] == "core:payment" and payment["version"] == "1.2"
    assert payment["source"] == "Dunmore legal"
    assert not any(s["clause"] == "core:payment" for s in sources)
    assert any(s["clause"] == "dunmore:safeguarding" for s in sources)
    word = flat(word_text(out / "draft-contract.docx"))
    assert "Dunmore aims to pay every valid invoice within 10 days of receiving it." in word
    listing = subprocess.run([sys.executable, "-m", "tenderpack", "clauses", "list"], capture_output=True,
                             text=True, env=env, cwd=tmp_path)
    assert re.search(r"core:payment .*left out: overridden by dunmore:payment", listing.stdout), listing.stdout
