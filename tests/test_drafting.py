"""Drafting checks: each clause sentence says what it means (tenderpack.library.drafting).

A sentence is an obligation ("must"), a discretion ("may" = is allowed to), a condition
("If ..., ..."), a declaration or a definition. Words that blur these are errors with a
code, the file and line of the sentence, the sentence itself and a rewrite; `clauses
check` reports them and every build stops on them.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.library import ClauseSource, Library, builtin_source, load_library
from tenderpack.library.drafting import CHECKS, check_clause, check_text, sentences

from conftest import ROOT

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
FILE = "clauses/x.md"


def clause_file(body: str, id: str = "org:extra", extra: str = "") -> str:
    """A small approved clause; its body starts on line 12 of the file."""
    return ("---\n"
            f"id: {id}\n"
            "title: Extra clause\n"
            'version: "1.0"\n'
            "status: approved\n"
            "owner: Test legal team\n"
            "approved_on: 2026-10-01\n"
            "review_by: 2099-12-31\n"
            "placement: {document: draft-contract, section: services, order: 90}\n"
            "summary: A test clause.\n"
            f"{extra}"
            "---\n"
            f"{body}\n")


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "org"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def issues(body: str) -> list[str]:
    return [str(i) for i in check_text(body, FILE)]


def only(body: str) -> str:
    found = issues(body)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- each check fires


def test_may_then_if_so_is_the_false_permission_error():
    """A "may" sentence followed by "If so" reads as a permission: DRAFT-MAY-IF-SO, with the condition in full."""
    message = only("We will meet every month.\nYou may miss the target for a {KPI} twice. If so, send us a plan.")
    assert message.startswith(f"{FILE}:2: DRAFT-MAY-IF-SO: ")
    assert "\u201cYou may miss the target for a {KPI} twice.\u201d" in message
    assert "\u201cIf you miss the target for a {KPI} twice, send us a plan.\u201d" in message


def test_false_permission_suggestion_turns_may_not_and_third_person_into_a_condition():
    """The suggested condition reads correctly: "may not use" -> "do not use"; "an event may stop" -> "stops"."""
    event = only("A {Force Majeure Event} may stop the {Services}. If so, either party may end the {Contract}.")
    assert "If a {Force Majeure Event} stops the {Services}, either party may end the {Contract}." in event
    ip = [m for m in issues("You may not use the {New IP}. If so, and you do not plan to, you must transfer it.")
          if "DRAFT-MAY-IF-SO" in m]
    assert len(ip) == 1
    assert "If you do not use the {New IP}, and you do not plan to, you must transfer it." in ip[0]


def test_other_back_references_after_may_are_the_same_error():
    """ "In that case" or "If this happens" after a "may" sentence hides the condition just like "If so"."""
    message = only("Your staff may commit fraud. In that case, we may end the {Contract}.")
    assert ": DRAFT-MAY-IF-SO: " in message and '"In that case"' in message
    assert "If your staff commit fraud, we may end the {Contract}." in message


def test_if_so_opening_a_sentence_is_an_error_even_without_may():
    """ "If so" at the start of a sentence never says its condition: DRAFT-IF-SO, with a rewrite."""
    message = only("The work is late. If so, we pay less.")
    assert message.startswith(f"{FILE}:1: DRAFT-IF-SO: ")
    assert "\u201cIf the work is late, we pay less.\u201d" in message
    first = only("If so, we pay less.")
    assert "DRAFT-IF-SO" in first and "<the condition>" in first


def test_might_is_an_error_with_may_and_if_rewrites():
    """ "might" is neither a permission nor a condition: DRAFT-MIGHT suggests "may" or an "If" sentence."""
    message = only("We might end the {Contract}.")
    assert message.startswith(f"{FILE}:1: DRAFT-MIGHT: ")
    assert "\u201cWe may end the {Contract}.\u201d" in message
    assert "\u201cIf we end the {Contract}, ...\u201d" in message


def test_may_not_is_an_error_with_both_readings():
    """ "may not" is ambiguous: DRAFT-MAY-NOT offers "must not" and "does not have to"."""
    message = only("You may not use our logo.")
    assert message.startswith(f"{FILE}:1: DRAFT-MAY-NOT: ")
    assert "\u201cYou must not use our logo.\u201d" in message
    assert "\u201cYou do not have to use our logo.\u201d" in message
    third = only("The supplier may not subcontract.")
    assert "\u201cThe supplier does not have to subcontract.\u201d" in third


def test_shall_is_an_error():
    """ "shall" is a legal archaism: DRAFT-SHALL suggests "must" (or "will")."""
    message = only("The supplier shall pay the fee.")
    assert message.startswith(f"{FILE}:1: DRAFT-SHALL: ") and "\u201cThe supplier must pay the fee.\u201d" in message


def test_should_may_have_to_and_or_provided_that_and_bare_subject_to_are_errors():
    """Each of the other blurred forms has its own code and a suggestion."""
    cases = {
        "You should send a report.": ("DRAFT-SHOULD", "\u201cYou must send a report.\u201d"),
        "We may have to publish it.": ("DRAFT-MAY-HAVE-TO", "If the law requires us to"),
        "Send it by email and/or post.": ("DRAFT-AND-OR", "\u201cSend it by email or post.\u201d"),
        "You may subcontract, provided that you tell us.": ("DRAFT-PROVIDED",
                                                            "\u201cYou may subcontract only if you tell us.\u201d"),
        "You may subcontract, subject to our approval.": ("DRAFT-SUBJECT-TO", "write the condition in full"),
    }
    for body, (code, suggestion) in cases.items():
        message = only(body)
        assert message.startswith(f"{FILE}:1: {code}: "), message
        assert suggestion in message, message


# --------------------------------------------------------------------------- good drafting passes


def test_good_drafting_passes():
    """Conditions in full, real discretions, obligations and named references are not errors."""
    good = """If you miss the target for a {KPI} twice, we may end the {Contract}.

We may end the {Contract} at any time. If we do, we pay your costs. You must not use our logo.

Either party may end the {Contract}. It must give 20 {Working Days}' notice.

You promise that your tender is true. Each party keeps its {Background IP}.

Changes are subject to [[core:variation]] and subject to the Procurement Act 2023.

A reference such as e.g. this one, or No. 3, does not end a sentence. If something goes wrong, tell us."""
    assert issues(good) == []


def test_words_inside_other_words_do_not_fire():
    """Whole words only: "mighty", "shallow", "mayor" and "provided" (as a verb) are fine."""
    assert issues("The mayor crossed a shallow river in a mighty boat. The data you provided shows it.") == []


# --------------------------------------------------------------------------- markup and lines


def test_sentences_keep_their_file_line_through_markup():
    """{% %} tags are blanked, and {Term}, [[ref]] and {{ value }} never start or end a sentence wrongly."""
    body = ("\n" * 11 + "The {Contract} ends on {{ timetable.contract_end }}. {Subcontractors} must stop.\n"
            "{% if commercial.tupe %}\n"
            "[[core:tupe]] applies. Staff transfer.\n"
            "{% endif %}\n"
            "- a list item\n")
    found = [(s.line, s.text) for s in sentences(body)]
    assert found == [(12, "The {Contract} ends on {{ timetable.contract_end }}."), (12, "{Subcontractors} must stop."),
                     (14, "[[core:tupe]] applies."), (14, "Staff transfer."), (16, "a list item")]


def test_text_inside_a_condition_is_checked_at_its_line():
    """A passage inside {% if %} is checked whether or not it applies to a given spec."""
    body = "\n" * 11 + "You must keep records.\n\n{% if commercial.tupe %}\nYou may not refuse staff.\n{% endif %}\n"
    found = issues(body)
    assert len(found) == 1 and found[0].startswith(f"{FILE}:15: DRAFT-MAY-NOT: ")


def test_words_a_placeholder_prints_are_checked():
    """The quoted words in a {{ }} placeholder are part of the text: "shall" there is an error too."""
    message = only('You {{ "shall" if commercial.tupe else "must" }} pay.')
    assert "DRAFT-SHALL" in message


def test_definitions_and_summary_are_checked(tmp_path):
    """A defined term's meaning and the clause summary are read too, at their own lines."""
    d = folder(tmp_path, {"x.md": clause_file("You must wear a {Badge}.",
                                              extra="defines:\n  Badge: a card that you shall wear.\n")
                          .replace("summary: A test clause.", "summary: Says what you might wear.")})
    lib = Library([builtin_source(), ClauseSource(d, name="org")])
    messages = [str(e) for e in lib.errors]
    assert any(m.startswith(f"{d / 'x.md'}:12: DRAFT-SHALL") for m in messages), messages
    assert any(m.startswith(f"{d / 'x.md'}:10: DRAFT-MIGHT") for m in messages), messages


# --------------------------------------------------------------------------- the library


def test_the_built_in_library_has_no_drafting_error():
    """Every built-in clause (body, definitions, summary) passes every drafting check."""
    library = load_library()
    assert library.errors == []
    for clause in library.files:
        assert check_clause(clause) == [], clause.file


def test_a_bad_clause_is_a_library_error_with_file_line_and_code(tmp_path):
    """The library check collects drafting errors with the others, so nothing is built."""
    d = folder(tmp_path, {"x.md": clause_file("You may be late. If so, tell us.")})
    lib = Library([builtin_source(), ClauseSource(d, name="org")])
    assert [str(e).split(": ")[:2] for e in lib.errors] == [[f"{d / 'x.md'}:12", "DRAFT-MAY-IF-SO"]]


def test_a_clause_that_is_overridden_is_not_checked(tmp_path):
    """Only clauses that can go into a pack are checked: a replaced clause's wording does not block a build."""
    d = folder(tmp_path, {"old.md": clause_file("You may be late. If so, tell us.", id="org:old"),
                          "new.md": clause_file("If you are late, tell us.", id="org:new",
                                                extra="overrides: org:old\n")})
    assert Library([builtin_source(), ClauseSource(d, name="org")]).errors == []


def test_readme_explains_every_check():
    """clauses/README.md names every check code, so legal teams can look up a message."""
    readme = (ROOT / "clauses" / "README.md").read_text(encoding="utf-8")
    assert "How clause sentences are drafted" in readme
    for code in CHECKS:
        assert code in readme, code


# --------------------------------------------------------------------------- commands


def test_clauses_check_reports_a_drafting_error_and_exits_1(tmp_path):
    """`tenderpack clauses check DIR` prints the located message with its code and exits non-zero."""
    d = folder(tmp_path, {"bribery.md": clause_file(
        "You must not offer a bribe.\n\nYour staff may commit fraud. If so, we may end the {Contract}.")})
    result = CliRunner().invoke(cli, ["clauses", "check", str(d)])
    assert result.exit_code == 1, result.output
    assert f"{d / 'bribery.md'}:14: DRAFT-MAY-IF-SO:" in result.output
    assert "If your staff commit fraud, we may end the {Contract}." in result.output
    assert re.search(r"1 errors?, 0 warnings", result.output)


def test_a_build_with_a_bad_clause_fails_with_exit_code_2(tmp_path):
    """`tenderpack build --clauses DIR` stops before writing anything, with the located message."""
    d = folder(tmp_path, {"logo.md": clause_file("You may not use our logo.")})
    out = tmp_path / "pack"
    result = CliRunner().invoke(cli, ["build", str(MINIMAL), "-o", str(out), "--only", "draft-contract",
                                      "--format", "docx", "--clauses", str(d)])
    assert result.exit_code == 2, result.output
    assert f"{d / 'logo.md'}:12: DRAFT-MAY-NOT:" in result.output
    assert not (out / "draft-contract.docx").exists()
