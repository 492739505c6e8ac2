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
    assert [row[0] for row in kpis[1:]] == [f"SVK{i}" for i in range(1, len(metrics) + 1)]
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


# --------------------------------------------------------------------------- the lawyer's review


def test_the_social_value_act_is_named_only_for_a_public_services_contract():
    """The Public Services (Social Value) Act 2012 applies to public contracts for services: the home care
    tender (above the threshold, services) names it through tenderpack.law; nothing says it chose social value."""
    spec = load_example("innovation-home-care.yaml")
    assert tenderpack.law.regime(spec).public_contract and spec.category == "services"
    words = body(sections(spec, "social-value"))
    assert ("The Public Services (Social Value) Act 2012 asks public bodies to consider social value when they buy "
            "services.") in words
    assert "by choice" not in words


def test_below_the_threshold_social_value_is_the_buyers_choice():
    """Below the threshold the Act does not apply: the buyer includes social value by choice, with its model,
    and the Act is not named."""
    words = body(sections(load_example("small-open-grounds.yaml"), "social-value"))
    assert "We include social value by choice, using the PPN 002 (2025) model." in words
    assert "Social Value) Act" not in words
    assert words.count("PPN 002 (2025)") == 1


def test_a_public_contract_for_goods_does_not_name_the_social_value_act():
    """The Act is about services: a public contract for goods includes social value by choice."""
    spec = variant("innovation-home-care.yaml", lambda d: d.update(category="goods"))
    assert tenderpack.law.applies(spec, "social-value-act")
    words = body(sections(spec, "social-value"))
    assert "Social Value) Act" not in words
    assert "We include social value by choice, using the PPN 002 (2025) model." in words


def test_the_act_is_cited_from_law_yaml_not_written_in_the_plugin():
    """The Act's name lives in law.yaml (duty social-value-act, a public-contract duty); no plugin writes it."""
    duty = tenderpack.law.duty("social-value-act")
    assert duty.applies == "public_contract" and duty.citation == "the Public Services (Social Value) Act 2012"
    for path in (ROOT / "plugins").rglob("*.py"):
        assert "Social Value) Act" not in path.read_text(encoding="utf-8"), path


def test_the_schedule_lists_evidence_only_for_the_chosen_metrics():
    """The evidence to keep comes from the model data for the chosen award criteria's metrics only: the
    grounds tender (1a jobs, 4a emissions) asks for no training, spend or waste records."""
    spec = load_example("small-open-grounds.yaml")
    words = body(sections(spec, "social-value-schedule"))
    assert "payroll records and contracts of employment, for full-time equivalent jobs created through the contract" in words
    assert ("fuel records, energy bills and meter readings, for greenhouse gas emissions from running the contract "
            "(tonnes of carbon dioxide equivalent)") in words
    for other in ("certificates", "apprenticeship", "invoices", "waste", "training"):
        assert other not in words, other


def test_the_home_care_schedule_asks_for_no_environmental_evidence():
    """Home care chose 1a, 2a and 8a: its evidence is about jobs, training and wellbeing, never the environment."""
    spec = load_example("innovation-home-care.yaml")
    words = body(sections(spec, "social-value-schedule"))
    assert "certificates and training records, for contract staff who complete training" in words
    assert "sickness absence records, for sickness absence among contract staff (percent of working days)" in words
    for other in ("meter readings", "fuel", "invoices", "waste"):
        assert other not in words, other


@pytest.mark.parametrize("example", ["innovation-home-care.yaml", "small-open-grounds.yaml"])
def test_social_value_kpi_ids_never_clash_with_award_criterion_ids(example):
    """The social value KPIs are SVK1, SVK2...: never an id an award criterion (such as SV1) uses."""
    from tenderpack.tree import Table, plain_text, walk

    spec = load_example(example)
    table = next(b for s in sections(spec, "social-value-schedule") for b in walk(s.blocks)
                 if isinstance(b, Table) and b.caption == "Social value KPIs")
    ids = [plain_text(row[0]) for row in table.rows]
    assert ids == [f"SVK{i}" for i in range(1, len(ids) + 1)]
    assert not set(ids) & {c.id for c in spec.award.criteria}


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_evaluation_guidance_says_what_scores_well_never_must(path):
    """The model's evaluation lines are scoring guidance: 'To score well, ...', with no 'must' (the schedule
    keeps 'must' for what the winner has to do)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert not [line for line in data["evaluation"] if "must" in line.lower()]
    assert "To score well, make commitments specific and measurable, with numbers and dates." in data["evaluation"]


def test_an_emissions_plan_starts_from_the_first_year_of_the_contract():
    """A new contract has no emissions today: the 4a plan cuts them from the first year's level (the baseline)."""
    words = body(sections(load_example("small-open-grounds.yaml"), "social-value"))
    assert "from the level in the first year of the contract (the baseline)" in words
    assert "level today" not in words


def test_one_chosen_criterion_says_what_happens_without_a_commitment():
    """With one award criterion, the instruction says the consequence for that one: the answer scores lower."""
    spec = variant("small-open-grounds.yaml", lambda d: d["social_value"].update(outcomes=[{"id": "1a"}]))
    words = body(sections(spec, "social-value"))
    assert ("Make a commitment towards this award criterion. If your answer makes no commitment towards it, "
            "we score the answer lower.") in words
    assert "must make a commitment" not in words
