"""tenderpack clauses list, show, check and new, through click's runner."""

from __future__ import annotations

import re

from click.testing import CliRunner

from tenderpack.cli import cli

from conftest import ROOT

HOME_CARE = ROOT / "examples" / "innovation-home-care.yaml"


def run(*args):
    return CliRunner().invoke(cli, ["clauses", *[str(a) for a in args]])


def test_list_shows_every_clause():
    """clauses list shows each clause with its version, placement and status."""
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "core:payment" in result.output and "draft-contract/money" in result.output
    assert "clauses in use" in result.output


def test_list_with_spec_says_what_applies_and_why():
    """With --spec, list says which clauses apply and which do not, with the condition and its value."""
    result = run("list", "--spec", HOME_CARE)
    assert result.exit_code == 0, result.output
    applies, _, rest = result.output.partition("DO NOT APPLY")
    assert "core:tupe" in applies and "commercial.tupe (commercial.tupe = true)" in applies
    assert "core:law-scotland" in rest and "commercial.governing_law = 'england_and_wales'" in rest
    assert re.search(r"core:ip\s+applies_when: not procedure.innovation_phases", rest)


def test_show_prints_governance_and_body():
    """clauses show ID prints its front matter and its text."""
    result = run("show", "core:tupe")
    assert result.exit_code == 0, result.output
    assert "applies when: commercial.tupe" in result.output and "owner:" in result.output
    assert "{Transferring Staff}" in result.output


def test_show_with_spec_renders_the_clause():
    """clauses show ID --spec renders it for that spec."""
    result = run("show", "core:payment", "--spec", HOME_CARE)
    assert result.exit_code == 0, result.output
    assert "We will pay each valid invoice within 30 days of receiving it." in result.output


def test_show_unknown_id_suggests():
    """An unknown id is a bad-input error with suggestions."""
    result = run("show", "core:paymnt")
    assert result.exit_code == 2 and "core:payment" in result.output


def test_check_passes_on_the_starter_library():
    """clauses check exits 0 on the built-in library."""
    result = run("check", "--spec", HOME_CARE)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_check_reports_every_problem_and_exits_1(tmp_path):
    """clauses check DIR lists each problem with file and line, and exits 1."""
    (tmp_path / "a.md").write_text("---\nid: org:a\ntitle: A\nversion: '1'\nstatus: draft\n"
                                   "placement: {document: draft-contract, section: money}\nsummary: A.\n---\n"
                                   "{{ commercial.nope }}\n")
    (tmp_path / "b.md").write_text("---\nid: org:b\n---\n")
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.md'}:9: commercial has no field 'nope'" in result.output
    assert f"{tmp_path / 'b.md'}:" in result.output and "title is required" in result.output
    assert "errors" in result.output


def test_new_writes_a_clause_that_checks(tmp_path):
    """clauses new writes a draft with front matter filled in; check accepts it; new refuses to overwrite."""
    result = run("new", "legal:safeguarding", "--dir", tmp_path, "--section", "services")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "safeguarding.md").read_text()
    assert "id: legal:safeguarding" in text and "status: draft" in text and "section: services" in text
    assert run("check", tmp_path).exit_code == 0
    again = run("new", "legal:safeguarding", "--dir", tmp_path)
    assert again.exit_code == 2 and "already exists" in again.output


def test_new_rejects_a_bad_id(tmp_path):
    """clauses new needs a namespaced id."""
    result = run("new", "Safeguarding", "--dir", tmp_path)
    assert result.exit_code == 2 and "not a clause id" in result.output
