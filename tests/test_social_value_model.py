"""Social value at full depth: the model as versioned data, questions in the model's pattern, the
evaluation guidance, the contract schedule of KPIs, and the rule that outcomes come from the model."""

from __future__ import annotations

import importlib

import pytest
import yaml
from click.testing import CliRunner

import tenderpack
from tenderpack import text

from _packs import built, docx_tables, docx_text, flat
from conftest import EXAMPLES as EXAMPLES_DIR, ROOT, load_example

sv_plugin = importlib.import_module("tenderpack_social_value")
model = importlib.import_module("tenderpack_social_value.model")
requirements = importlib.import_module("tenderpack_social_value.requirements")
MODELS = ROOT / "plugins/tenderpack_social_value/models"


def variant(example: str, change) -> tenderpack.Spec:
    data = yaml.safe_load((EXAMPLES_DIR / example).read_text(encoding="utf-8"))
    change(data)
    return tenderpack.Spec.model_validate(data)


def sections(spec, doc_id):
    doc = tenderpack.DocumentType(id=doc_id, title=doc_id)
    return sv_plugin.document_sections(spec=spec, document=doc) or []


def body(secs) -> str:
    from test_plugins_content import plain

    return plain(secs)


# --------------------------------------------------------------------------- the data


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_model_files_have_source_date_themes_outcomes_criteria_and_metrics(path):
    """Each model file has its source, version and as-of date, and for every award criterion
    its sub-criteria and reporting metrics, under an outcome and a theme."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("model", "source", "url", "version", "as_of", "question", "covers", "evaluation"):
        assert data[key], key
    assert "{characters}" in data["question"] and "{criteria}" in data["question"]
    ids = []
    for theme in data["themes"]:
        assert theme["name"] and theme["outcomes"]
        for outcome in theme["outcomes"]:
            assert outcome["id"] and outcome["title"]
            for c in outcome["criteria"]:
                assert c["title"] and c["sub_criteria"] and c["metrics"], c["id"]
                ids.append(str(c["id"]))
    assert len(ids) == len(set(ids))


def test_the_spec_names_the_model_it_uses():
    """social_value.model picks the data file; PPN 002 is the default and PPN 06/20 is still known."""
    assert model.find("PPN 002 (2025)").name == "PPN 002 (2025)"
    assert model.find("ppn002").name == "PPN 002 (2025)"
    assert model.find("PPN 06/20").lookup("MAC 2.2")[0].id == "2.2"
    assert model.find("Our own local model") is None


# --------------------------------------------------------------------------- the question


def test_each_question_follows_the_model_pattern_with_limit_and_sub_criteria():
    """The question has the character limit and the chosen award criteria, what to cover, and for
    each criterion its sub-criteria, the buyer's local wish and the reporting metrics."""
    spec = load_example("innovation-home-care.yaml")
    data = model.find(spec.social_value.model)
    doc = flat(docx_text(built("innovation-home-care.yaml") / "social-value.docx"))
    limit = f"{text.number(spec.social_value.character_limit, 0)} characters"
    labels = [f"{o.id}: {data.lookup(o.id)[0].title}" for o in spec.social_value.outcomes]
    assert data.question.format(characters=limit, criteria=text.join(labels)) in doc
    for line in data.covers:
        assert line in doc
    for o in spec.social_value.outcomes:
        entry = data.lookup(o.id)[0]
        for item in (*entry.sub_criteria, *entry.metrics, o.commitment_hint):
            assert flat(item) in doc, item


def test_evaluation_guidance_comes_from_the_model():
    """How a social value answer is scored: the scale, the weight and the model's guidance."""
    spec = load_example("small-open-grounds.yaml")
    doc = flat(docx_text(built("small-open-grounds.yaml") / "social-value.docx"))
    for line in model.find(spec.social_value.model).evaluation:
        assert line in doc
    assert f"score ÷ 5 × {text.number(spec.social_value.weighting)}" in doc


def test_outcomes_can_be_split_between_two_social_value_questions():
    """An outcome names the social value criterion that asks about it; each criterion is its own question."""
    def change(d):
        d["award"]["criteria"][-1]["weight"] = 10
        d["award"]["criteria"].append({"id": "SV2", "name": "Workforce wellbeing", "type": "social_value", "weight": 5})
        d["social_value"]["outcomes"][2]["criterion"] = "SV2"
    spec = variant("innovation-home-care.yaml", change)
    qs = requirements.questions_of(spec)
    assert [(q.criterion.id, [o.id for o, _ in q.outcomes]) for q in qs] == [("SV1", ["1a", "2a"]), ("SV2", ["8a"])]
    assert "There are 2 social value questions." in body(sections(spec, "social-value"))


def test_an_outcome_can_name_a_whole_model_outcome():
    """An id of a model outcome (such as '2') stands for all its award criteria."""
    spec = variant("small-open-grounds.yaml", lambda d: d["social_value"]["outcomes"].append({"id": "2"}))
    text_ = body(sections(spec, "social-value"))
    assert "2: Skills for growth" in text_
    assert "Apprenticeships started on the contract" in text_


# --------------------------------------------------------------------------- the contract schedule


@pytest.mark.parametrize("example", ["innovation-home-care.yaml", "small-open-grounds.yaml"])
def test_schedule_turns_each_commitment_into_kpis_reported_on_the_spec_frequency(example):
    """The social value schedule has one KPI per reporting metric of each chosen criterion, with the
    reporting frequency from the spec."""
    spec = load_example(example)
    data = model.find(spec.social_value.model)
    path = built(example) / "social-value-schedule.docx"
    kpis = next(t for t in docx_tables(path) if t[0][0] == "KPI")
    metrics = [m for o in spec.social_value.outcomes for m in data.lookup(o.id)[0].metrics]
    assert [row[2] for row in kpis[1:]] == metrics
    assert [row[0] for row in kpis[1:]] == [f"SV{i}" for i in range(1, len(metrics) + 1)]
    assert {row[4] for row in kpis[1:]} == {"Every quarter"}
    assert "every quarter" in flat(docx_text(path))


def test_reporting_frequency_follows_the_spec():
    """social_value.reporting changes how often the supplier reports, everywhere it is said."""
    spec = variant("small-open-grounds.yaml", lambda d: d["social_value"].update(reporting="monthly"))
    assert "You report progress on every KPI every month, for the period just ended." in body(sections(spec, "social-value-schedule"))
    assert "You report progress to us every month" in body(sections(spec, "social-value"))


# --------------------------------------------------------------------------- bad input


def rules() -> dict:
    found = []
    sv_plugin.register_rules(register=found.append)
    return {r.code: r for r in found}


def test_an_outcome_not_in_the_model_is_an_error_at_its_path():
    """A chosen outcome the model does not have is an error, at social_value.outcomes[i].id."""
    spec = variant("small-open-grounds.yaml", lambda d: d["social_value"]["outcomes"].append({"id": "9z"}))
    rule = rules()["SV-MODEL-OUTCOME"]
    assert rule.severity == "error"
    findings = list(rule.check(spec))
    assert [f.path for f in findings] == [("social_value", "outcomes", 2, "id")]
    assert "'9z' is not in the social value model PPN 002 (2025)" in findings[0].message
    assert not list(rule.check(load_example("small-open-grounds.yaml")))


def test_an_unknown_model_is_a_warning():
    """A model tenderpack has no data for is a warning at social_value.model (ids cannot be checked)."""
    spec = variant("small-open-grounds.yaml", lambda d: d["social_value"].update(model="Kelbrook local model"))
    assert not list(rules()["SV-MODEL-OUTCOME"].check(spec))
    found = list(rules()["SV-MODEL-KNOWN"].check(spec))
    assert rules()["SV-MODEL-KNOWN"].severity == "warning"
    assert [f.path for f in found] == [("social_value", "model")]


def test_build_stops_with_exit_2_on_an_outcome_not_in_the_model(tmp_path):
    """`tenderpack build` reports the rule's error with its field path, exits 2 and writes nothing."""
    from tenderpack.cli import cli

    data = yaml.safe_load((EXAMPLES_DIR / "small-open-grounds.yaml").read_text(encoding="utf-8"))
    data["social_value"]["outcomes"].append({"id": "9z"})
    spec_file = tmp_path / "tender.yaml"
    spec_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(spec_file), "-o", str(tmp_path / "pack")])
    assert result.exit_code == 2, result.output
    assert "social_value.outcomes[2].id" in result.output and "SV-MODEL-OUTCOME" in result.output
    assert not (tmp_path / "pack").exists()


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d["social_value"].update(weighting=20), "social_value.weighting", "does not match"),
    (lambda d: d["social_value"]["outcomes"][0].update(criterion="SV9"), "social_value.outcomes[0].criterion",
     "no social value award criterion"),
    (lambda d: d["social_value"]["outcomes"].append({"id": "1A"}), "social_value.outcomes[2].id", "already chosen"),
])
def test_inconsistent_social_value_is_an_error_at_its_path(tmp_path, change, path, words):
    """The weighting stated twice must agree; an outcome's criterion must exist; an outcome is chosen once."""
    from tenderpack.errors import SpecError
    from tenderpack.reader import read_spec

    data = yaml.safe_load((EXAMPLES_DIR / "small-open-grounds.yaml").read_text(encoding="utf-8"))
    change(data)
    spec_file = tmp_path / "tender.yaml"
    spec_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        read_spec(spec_file)
    assert f"{path}: " in str(exc.value) and words in str(exc.value)
