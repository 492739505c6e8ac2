"""The stage questionnaire: a document of its own for every stage that asks questions.

It is registered only when a stage of the procedure has questions, sits right after the
invitation to tender, and gives bidders everything they answer at that stage: what to send
and by when, how to ask questions, the declarations and conditions to confirm (pointing to
the invitation's sections), each question with its limit, weight or pass/fail mark, minimum
score and a box to answer in, how answers are scored and who goes through.
"""

from __future__ import annotations

import docx

import tenderpack
from tenderpack import text
from tenderpack.templates import Templates
from tenderpack.tree import Document, Heading, Paragraph, plain_text, walk
from tenderpack.writers.docx import DocxWriter

from conftest import load_example, sample_context
from test_standard_truth import HOME, GROUNDS, ITT, documents, plain, rows, section, sections, table, variant

SQ = "stage-questionnaire"


def stage_section(spec, index: int = 0) -> tenderpack.Section:
    return section(spec, SQ, f"sq:stage-{index + 1}")


def test_registered_only_when_a_stage_asks_questions():
    """The questionnaire exists for the home care stages (stage 1 has questions), not for the one-stage
    grounds tender, and not when no stage has questions."""
    assert SQ in documents(load_example(HOME))
    assert SQ not in documents(load_example(GROUNDS))
    bare = variant(HOME, lambda d: d["procedure"]["stages"][0].pop("questions"))
    assert SQ not in documents(bare)


def test_it_comes_right_after_the_invitation_to_tender():
    """Its order puts it straight after the invitation and before the evaluation methodology."""
    docs = documents(load_example(HOME))
    assert docs[ITT].order < docs[SQ].order < docs["evaluation-methodology"].order
    assert docs[SQ].title == "Stage questionnaire"


def test_each_question_has_its_facts_and_an_answer_box():
    """Each question shows its id, text, guidance, word limit, weight and minimum score, and is followed
    by an empty answer box (a Paragraph with role 'answer')."""
    spec = load_example(HOME)
    stage = spec.procedure.stages[0]
    blocks = list(walk(stage_section(spec).blocks))
    body = plain([stage_section(spec)])
    for q in stage.questions:
        heading = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith(f"Question {q.id}"))
        assert f"no more than {q.word_limit} words" in blocks[heading].text
        rest = blocks[heading + 1:]
        end = next((i for i, b in enumerate(rest) if isinstance(b, Heading)), len(rest))
        mine = rest[:end]
        words = " ".join(plain_text(b.runs) for b in mine if isinstance(b, Paragraph))
        assert f"Weight: {text.percent(q.weight)} of the stage score." in words
        assert f"Minimum score: {q.minimum_score}." in words
        assert tenderpack.markdown.parse(q.question)[0].runs[0].text in words
        if q.guidance:
            assert q.guidance in words
        assert isinstance(mine[-1], Paragraph) and mine[-1].role == "answer" and not mine[-1].runs
    assert body.count("Your answer to S") == len(stage.questions)


def test_what_to_send_by_when_and_how_to_ask():
    """The stage's deadline (text.stage_deadline), what it asks for, and its last time to ask questions."""
    spec = load_example(HOME)
    body = plain([stage_section(spec)])
    assert (f"Send {text.STAGE_SENDS['participation']} through {spec.submission.portal.name} "
            f"by {text.datetime(text.stage_deadline(spec, 0))}.") in body
    assert f"The last time to ask in this stage is {text.datetime(spec.timetable.clarification_deadline)}." in body


def test_declarations_point_to_the_invitation_sections_that_exist():
    """The exclusion declaration, the conflicts declaration and the conditions point to sections of the
    invitation to tender that exist under those names."""
    spec = load_example(HOME)
    body = plain([stage_section(spec)])
    titles = [s.title for s in sections(spec, ITT)]
    for name in ("Exclusion", "Conflicts of interest", "Conditions of participation"):
        assert f"“{name}” in the “Invitation to tender”" in body
        assert name in titles
    declaration = rows(table(sections(spec, SQ), "Exclusion declaration"))
    assert any("central digital platform" in r[0] for r in declaration)
    assert any("associated person" in r[0] and "subcontractor" in r[0] for r in declaration)
    assert any("debarment list" in r[0] for r in declaration)


def test_conditions_to_confirm_include_each_lots_own():
    """Every general condition applies to every lot; a lot's own condition is marked for that lot only."""
    spec = load_example(HOME)
    found = rows(table(sections(spec, SQ), "Conditions of participation to confirm"))
    c = spec.conditions
    assert [r[0] for r in found[:len(c.financial) + len(c.technical)]] == [*c.financial, *c.technical]
    assert all(r[1] == "Every lot" for r in found[:len(c.financial) + len(c.technical)])
    assert [r[0] for r in found if r[1] == "Lot 1 only"] == spec.lots.items[0].conditions


def test_scoring_explains_the_scale_weights_and_minimum():
    """The 0 to 5 scale, each question's weight in the stage, its minimum score, and that the stage score
    does not count towards the award."""
    spec = load_example(HOME)
    secs = sections(spec, SQ)
    assert [r[0] for r in rows(table(secs, "Scoring scale for this stage"))] == ["5", "4", "3", "2", "1", "0"]
    weights = rows(table(secs, "Weights and minimum scores"))
    assert weights == [[q.id, text.percent(q.weight), str(q.minimum_score)] for q in spec.procedure.stages[0].questions]
    body = plain(secs)
    assert "If you score below a question's minimum score, you do not go through" in body
    assert "It does not count towards the award of the contract." in body


def test_who_goes_through_and_the_tie_rule():
    """The shortlist size, the next stage, and what happens when bidders are level for the last place: a
    tie-break that never takes more than the shortlist size ("up to N" stays true)."""
    spec = load_example(HOME)
    stage = spec.procedure.stages[0]
    body = plain([stage_section(spec)])
    assert f"To go through to {spec.procedure.stages[1].name}, you must" in body
    assert f"we take up to {stage.shortlist_size} through: those with the highest stage scores." in body
    assert "If bidders are level for the last place, we rank them by their score for S1, then S2." in body
    assert f"We never take more than {stage.shortlist_size} bidders through." in body
    assert "take all of them through" not in body


def test_a_pass_or_fail_question_has_no_weight():
    """A pass/fail question is marked pass or fail, with no weight or minimum score."""
    def change(d):
        d["procedure"]["stages"][0]["questions"].append(
            {"id": "S3", "question": "Do you hold a current CQC registration?", "pass_fail": True})
    spec = variant(HOME, change)
    body = plain([stage_section(spec)])
    assert "We mark S3 pass or fail. A fail on any of them means you do not go through." in body
    assert "Question S3" in body and "We mark this answer pass or fail." in body
    assert "S3" not in [r[0] for r in rows(table(sections(spec, SQ), "Weights and minimum scores"))]


def test_the_questionnaire_is_a_word_form_with_answer_boxes(tmp_path):
    """Written to Word, the questionnaire keeps its questions and an answer box for each (style 'Answer')."""
    spec = load_example(HOME)
    document = Document(id=SQ, title="Stage questionnaire", sections=sections(spec, SQ), context=sample_context())
    target = tmp_path / "sq.docx"
    DocxWriter().write(document, target, Templates(None))
    read = docx.Document(str(target))
    styles = [p.style.name for p in read.paragraphs]
    questions = spec.procedure.stages[0].questions
    assert styles.count("Answer") >= len(questions)
    body = "\n".join(p.text for p in read.paragraphs)
    for q in questions:
        assert f"Your answer to {q.id} (no more than {q.word_limit} words)" in body


def test_conditions_ask_for_evidence_the_spec_supports():
    """The questionnaire says what evidence to give for each kind of condition the spec sets (a short statement,
    a letter from your bank for a financial condition), not 'the evidence it asks for'."""
    spec = load_example(HOME)
    body = plain([stage_section(spec)])
    assert "For each condition, give the evidence it asks for." not in body
    assert "Financial conditions: a short statement of how you meet each one" in body
    assert "such as a letter from your bank" in body
    assert "Conditions for lot 1 only:" in body


def test_below_the_threshold_no_central_digital_platform_row():
    """The declaration asks about the central digital platform only where the law applies it."""
    def shrink(d):
        d["value"].update(estimated_excluding_vat=150000, estimated_including_vat=180000, annual_value=30000,
                          budget_ceiling=90000)
        for lot, v in zip(d["lots"]["items"], (100000, 50000)):
            lot["value"] = v
        for ph in d["procedure"]["innovation_phases"]:
            ph.update(budget=10000, seed_funding=None)
    below = variant(HOME, shrink)
    declaration = rows(table(sections(below, SQ), "Exclusion declaration"))
    assert not any("central digital platform" in r[0] for r in declaration)
    assert "a ground in our exclusion test" in plain(sections(below, SQ)).lower()
