"""Writing a tender on the page (issue 15, items 2, 3, 6 and 9): start from an example or an
upload, sections made from the spec model, checks beside the fields with the command line's
codes and words, and a YAML download that `tenderpack build` reads unchanged."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.limits import SPEC_MAX_BYTES
from tenderpack.reader import read_spec
from test_web_support import client, form_data, new_tender, text

from conftest import EXAMPLES

SECTIONS = ["buyer", "what", "value", "procedure", "lots", "award", "social-value", "outcomes", "contract", "files",
            "settings"]


def _yaml(c, tender: int) -> str:
    return c.get(f"/tenders/{tender}/tender.yaml").content.decode("utf-8")


def _save(c, tender: int, slug: str, **changes):
    page = c.get(f"/tenders/{tender}/sections/{slug}/")
    return c.post(f"/tenders/{tender}/sections/{slug}/", form_data(text(page), **changes))


@pytest.mark.parametrize("example", ["small-open-grounds.yaml", "innovation-home-care.yaml",
                                     "framework-highways.yaml"])
def test_saving_every_section_as_shown_keeps_the_spec(example, tmp_path):
    """Every field kind read back from its input (fieldsets, add-another lists, date inputs,
    radios, yes/no, textareas, one-a-line lists): each section saved as the page shows it
    (marked complete, so each save writes a new version) gives the example's own spec."""
    c = client()
    tender = new_tender(c, example.removesuffix(".yaml"))
    for slug in SECTIONS:
        assert _save(c, tender, slug, completed="yes").status_code == 302, slug
    saved = tmp_path / "tender.yaml"
    saved.write_text(_yaml(c, tender), encoding="utf-8")
    assert read_spec(saved).model_dump() == read_spec(EXAMPLES / example).model_dump()
    history = text(c.get(f"/tenders/{tender}/history/"))
    assert history.count("Saved ") == len(SECTIONS)
    overview = text(c.get(f"/tenders/{tender}/"))
    assert overview.count(">Completed") + overview.count("Completed\n") >= 1
    assert "Has errors" not in overview and "In progress" not in overview


def test_the_downloaded_yaml_builds_unchanged_with_the_cli(tmp_path):
    """The second door: the spec saved on the page, downloaded, is accepted by `tenderpack build`
    as it is (here after a change made on the page)."""
    c = client()
    tender = new_tender(c)
    assert _save(c, tender, "what", title="Grounds maintenance & cemetery care").status_code == 302
    spec = tmp_path / "tender.yaml"
    spec.write_text(_yaml(c, tender), encoding="utf-8")
    out = tmp_path / "pack"
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out), "--format", "docx",
                                      "--only", "tender-at-a-glance,invitation-to-tender"])
    assert result.exit_code == 0, result.output
    from _packs import docx_text

    assert "Grounds maintenance & cemetery care" in docx_text(out / "invitation-to-tender.docx")


def test_a_rule_error_stands_beside_its_field_with_the_cli_code_and_words(tmp_path):
    """Payment in 45 days: the page puts the rule's message beside the field and in the error
    summary (linked to the field), with the same code and words as `tenderpack validate` on the
    same spec; the task list marks the section "Has errors"."""
    c = client()
    tender = new_tender(c, "innovation-home-care")
    response = _save(c, tender, "contract", **{"commercial.payment_days": "45"})
    assert response.status_code == 302
    page = text(c.get(response["Location"]))
    spec = tmp_path / "tender.yaml"
    spec.write_text(_yaml(c, tender), encoding="utf-8")
    validated = CliRunner().invoke(cli, ["validate", str(spec)])
    assert validated.exit_code == 2
    line = next(line for line in validated.output.splitlines() if "commercial.payment_days" in line)
    code, words = re.search(r"\[([A-Z0-9-]+)\] (.*?)(?: \((?:Procurement Act|s\.)[^)]*\))?$", line).groups()
    beside = re.search(r'id="f-commercial-payment-days-error"(.*?)</p>', page, re.S).group(1)
    assert f'data-code="{code}"' in beside
    assert html.escape(f"[{code}] {words}", quote=True) in beside
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S).group(1)
    assert 'href="#f-commercial-payment-days"' in summary and code in summary
    overview = text(c.get(f"/tenders/{tender}/"))
    contract = re.search(r">Contract</a>.*?</li>", overview, re.S).group(0)
    assert "Has errors" in contract


def test_a_value_of_the_wrong_type_is_kept_and_reported_beside_its_field():
    """'ten' typed for a number is not lost: it is saved as typed and the spec's own validation
    message stands beside the field (pydantic, located as the CLI locates it)."""
    c = client()
    tender = new_tender(c)
    response = _save(c, tender, "contract", **{"commercial.payment_days": "ten"})
    page = text(c.get(response["Location"]))
    field = re.search(r'id="f-commercial-payment-days-error"(.*?)</p>', page, re.S).group(1)
    assert "integer" in field or "number" in field
    assert 'value="ten"' in page
    assert "payment_days: ten" in _yaml(c, tender)


def test_hostile_text_is_shown_literally():
    """Markup and template syntax typed into a field come back escaped on every page, and the
    preview shows them as text."""
    hostile = '<script>alert(1)</script> {{ 7*7 }} & "quotes"'
    c = client()
    tender = new_tender(c)
    assert _save(c, tender, "what", title=hostile).status_code == 302
    for url in (f"/tenders/{tender}/", f"/tenders/{tender}/sections/what/", f"/tenders/{tender}/check/",
                f"/tenders/{tender}/preview/invitation-to-tender/", "/"):
        page = text(c.get(url))
        assert "<script>alert(1)</script>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_a_stale_save_is_refused_and_the_other_window_keeps_its_save():
    """Two windows on one tender: the second save, made from the revision the first has already
    moved on from, is refused with "This tender changed in another window" and nothing is lost."""
    c = client()
    tender = new_tender(c)
    first = form_data(text(c.get(f"/tenders/{tender}/sections/what/")), title="Saved in window one")
    second = form_data(text(c.get(f"/tenders/{tender}/sections/what/")), title="Typed in window two")
    assert c.post(f"/tenders/{tender}/sections/what/", first).status_code == 302
    refused = c.post(f"/tenders/{tender}/sections/what/", second)
    assert refused.status_code == 409
    page = text(refused)
    assert "This tender changed in another window" in page
    assert 'Typed in window two' in page   # what was typed is still on the page
    assert "title: Saved in window one" in _yaml(c, tender)


def test_add_another_lot_then_save():
    """"Add another" gives an empty lot to fill in (not saved yet); saved, the lot is in the spec
    and its lot table; "Remove" takes it out again."""
    c = client()
    tender = new_tender(c, "innovation-home-care")
    page = text(c.get(f"/tenders/{tender}/sections/lots/"))
    count = int(re.search(r'name="lots.items.count" value="(\d+)"', page).group(1))
    added = c.post(f"/tenders/{tender}/sections/lots/", form_data(page, _action="add:lots.items"))
    assert added.status_code == 200
    page = text(added)
    assert "not saved yet" in page
    assert f'name="lots.items.{count}.title"' in page
    saved = c.post(f"/tenders/{tender}/sections/lots/", form_data(page, **{
        f"lots.items.{count}.number": str(count + 1), f"lots.items.{count}.title": "Night sitting service"}))
    assert saved.status_code == 302
    assert "title: Night sitting service" in _yaml(c, tender)
    page = text(c.get(f"/tenders/{tender}/sections/lots/"))
    button = re.search(rf'value="(remove:lots\.items:[^"]+)">Remove lot {count + 1}<', page).group(1)
    removed = c.post(f"/tenders/{tender}/sections/lots/", form_data(page, _action=button))
    assert "Night sitting service" not in text(removed)
    assert c.post(f"/tenders/{tender}/sections/lots/", form_data(text(removed))).status_code == 302
    assert "Night sitting service" not in _yaml(c, tender)


def test_fields_come_from_the_model_with_their_inputs():
    """Labels from the model's titles (else field names), hints from its descriptions, a date
    input for a date, a character count where the model sets a limit, radios for a choice,
    yes/no for a bool."""
    from tenderpack.spec import Spec, Timetable

    c = client()
    tender = new_tender(c)
    what = text(c.get(f"/tenders/{tender}/sections/what/"))
    assert html.escape(Spec.model_fields["summary"].description, quote=True) in what
    assert 'data-module="govuk-character-count" data-maxlength="200"' in what   # title: at most 200 characters
    procedure = text(c.get(f"/tenders/{tender}/sections/procedure/"))
    assert 'name="timetable.notice-day"' in procedure and 'name="timetable.notice-year"' in procedure
    assert html.escape(Timetable.model_fields["notice"].description, quote=True) in procedure
    assert 'type="radio" value="below_threshold" checked' in procedure
    value = text(c.get(f"/tenders/{tender}/sections/value/"))
    assert re.search(r'name="value.budget_published" type="radio" value="yes"\s+checked', value)


def test_every_top_level_field_of_the_spec_has_a_section():
    """A field added to the spec reaches a page: every top-level field is in one section
    (those no section names land in "Other settings")."""
    from tenderpack.spec import Spec
    from tenderpack.web.schema_form import fields_of
    from tenderpack.web.sections import sections

    placed = [k for s in sections() for k in s.keys]
    assert len(placed) == len(set(placed))
    assert {f.key for f in fields_of(Spec)} - {"tenderpack"} == set(placed)


def test_upload_reads_the_file_as_the_cli_does():
    """An upload that is not YAML is refused with the CLI's located message and nothing is
    saved; one that reads but breaks the spec is saved, its problems listed as the CLI lists them."""
    c = client()
    before = text(c.get("/")).count("/tenders/")
    bad = c.post("/tenders/upload", {"spec": _file(b"tenderpack: 1\ntitle: [unclosed\n")})
    assert bad.status_code == 400
    assert re.search(r"tender\.yaml:\d+:\d+: not valid YAML", text(bad))
    assert text(c.get("/")).count("/tenders/") == before
    spec = (EXAMPLES / "small-open-grounds.yaml").read_text().replace("payment_days: 30", "payment_days: 90")
    assert "payment_days: 90" in spec
    saved = c.post("/tenders/upload", {"spec": _file(spec.encode())})
    assert saved.status_code == 302
    overview = text(c.get(saved["Location"]))
    assert re.search(r"tender\.yaml:\d+:\d+: commercial\.payment_days: ", overview)
    assert "Has errors" in overview


def test_an_upload_over_the_cap_is_refused_naming_the_limit():
    c = client()
    big = b"tenderpack: 1\n" + b"#" * (SPEC_MAX_BYTES + 10)
    refused = c.post("/tenders/upload", {"spec": _file(big)})
    assert refused.status_code == 400
    assert f"smaller than {SPEC_MAX_BYTES // (1024 * 1024)} MB" in text(refused)


def test_check_your_answers_lists_every_answer_with_a_change_link():
    c = client()
    tender = new_tender(c)
    page = text(c.get(f"/tenders/{tender}/check/"))
    assert "Check your answers" in page and "govuk-summary-list" in page
    assert "Grounds maintenance for Kelbrook parks and cemetery" in page
    assert f'href="/tenders/{tender}/sections/what/#f-title"' in page


def test_section_states_on_the_task_list():
    """Not yet started, in progress, completed: a section's state follows what is saved."""
    c = client()
    tender = new_tender(c)
    overview = text(c.get(f"/tenders/{tender}/"))
    assert re.search(r">Social value</a>.*?In progress", overview, re.S)
    assert re.search(r">Attached files</a>.*?Not yet started", overview, re.S)
    assert _save(c, tender, "buyer", completed="yes").status_code == 302
    overview = text(c.get(f"/tenders/{tender}/"))
    buyer = re.search(r">Buyer</a>.*?</li>", overview, re.S).group(0)
    assert "Completed" in buyer and "govuk-tag" not in buyer


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("../../etc/passwd", content, content_type="application/x-yaml")


def test_saves_in_a_row_write_what_a_fresh_read_would(monkeypatch):
    """A save starts from the document the last save wrote (kept, not read again): the text is the same as
    when the buyer's text is read afresh, and every comment stays."""
    import copy

    import yaml

    from tenderpack.web import yamltext

    text = (EXAMPLES / "innovation-home-care.yaml").read_text(encoding="utf-8")
    old = yaml.safe_load(text)
    for days in (28, 21, 14):
        new = copy.deepcopy(old)
        new["commercial"]["payment_days"] = days
        kept = yamltext.update(text, old, new)
        monkeypatch.setattr(yamltext, "_DOCUMENTS", {})
        monkeypatch.setattr(yamltext, "_KNOWN", {})
        assert yamltext.update(text, old, new) == kept
        assert kept.count("#") == text.count("#") and f"payment_days: {days}" in kept
        yamltext.update(text, old, new)   # leaves the written document kept, as a save does
        text, old = kept, new


def test_a_description_that_only_repeats_the_label_is_no_hint():
    from tenderpack.spec import Spec
    from tenderpack.web.schema_form import field_named

    conditions = field_named(Spec, "conditions")
    assert conditions is not None and conditions.label == "Conditions of participation" and conditions.hint == ""
    assert field_named(Spec, "title").hint   # a real description stays


def test_hints_name_fields_by_their_labels_not_their_yaml_keys():
    """A description written for the YAML file reads in the page's words: a path or key by its label, a value
    as words; a web address stays as it is."""
    from tenderpack.spec import Spec
    from tenderpack.web.schema_form import field_named, plain_words

    assert plain_words("left empty, award.suppliers applies.") == "left empty, “Suppliers who win” applies."
    assert plain_words("(buyer.contracts: each_authority)") == "(“Contracts in a joint procurement”: each authority)"
    assert plain_words("see https://tenders.example.org/a_b.html") == "see https://tenders.example.org/a_b.html"
    assert plain_words("not.a.field stays") == "not.a.field stays"
    share = field_named(__import__("tenderpack.spec", fromlist=["Authority"]).Authority, "share_percent")
    assert share is not None and "buyer.contracts" not in share.hint and "each_authority" not in share.hint
    assert field_named(Spec, "title").hint   # a plain description is unchanged
