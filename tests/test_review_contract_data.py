"""The NEC4 Contract Data part one after a lawyer's review: it says where the Scope is (and carries the spec's
requirements as its "Scope" part, so that they are terms of the contract), gives the general, time, payment and
weather entries the spec holds (with the language and currency, always English and pounds), names the entries
the NEC4 Engineering and Construction Contract still lacks instead of passing for the whole of part one (and rule
TP-NEC4-CONTRACT-DATA warns of them at contract.data), states NEC4 insurance cover "for any one event", and
carries no drafting note ("We added Z4 ...") in the contract text: "About this document" says what the added
clauses do.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tenderpack.build import BuildOptions, build
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack.tender import Tender

from _packs import docx_tables, docx_text, pdf_text

EXAMPLES = Path(__file__).parent.parent / "examples"
FOOTBRIDGE = yaml.safe_load((EXAMPLES / "works-nec4-footbridge.yaml").read_text(encoding="utf-8"))
HIGHWAYS = yaml.safe_load((EXAMPLES / "framework-highways.yaml").read_text(encoding="utf-8"))
FILES = {"files/site-information.txt": "Site Information (test copy)\n",
         "files/bridge-specification.txt": "Specification for the bridge (test copy)\n"}
COMPLETE = "These are our entries. The form says what each one means."
RIVER = "Do no work in the river between 1 October and 31 March, when fish spawn."


def write(folder: Path, base: dict, *changes) -> Path:
    data = copy.deepcopy(base)
    for change in changes:
        change(data)
    for rel, body in FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(body, encoding="utf-8")
    path = folder / "tender.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def built(factory, name: str, base: dict, *changes, formats=("docx",)) -> Path:
    folder = factory.mktemp(name)
    out = folder / "pack"
    build(write(folder, base, *changes), out, BuildOptions(formats=formats, only=("contract-data",)))
    return out


def rows(path: Path) -> dict[str, str]:
    table = next(t for t in docx_tables(path) if t[0] == ["Entry", "Our data"])
    return {row[0]: row[1] for row in table[1:]}


def problems(path: Path) -> dict[str, list[str]]:
    report = Tender.load(path, Plugins()).checks()
    assert report.failures == []
    out: dict[str, list[str]] = {}
    for p in report.problems:
        out.setdefault(p.code, []).append(str(p))
    return out


def unwaived(d):
    d.pop("waivers", None)


def attached(d):
    """The Site Information and a specification attached: part one is complete."""
    unwaived(d)
    d["attachments"] = [{"title": "Site Information", "file": "files/site-information.txt"},
                        {"title": "Bridge specification", "file": "files/bridge-specification.txt",
                         "kind": "specification"}]
    d["contract"]["data"]["site_information"] = "Site Information"


def thin(d):
    """No period for reply, tribunal or retention free amount, and no requirements: no Scope."""
    unwaived(d)
    for key in ("period_for_reply_weeks", "tribunal", "retention_free_amount"):
        del d["contract"]["data"][key]
    d["requirements"] = []


def without_x20(d):
    """Social value, and the KPIs made part of the contract by a Z clause the pack adds (no Option X20)."""
    d["award"]["criteria"][-1]["weight"] -= 10
    d["award"]["criteria"].append({"id": "SV1", "name": "Social value", "type": "social_value", "weight": 10})
    d["social_value"] = {"weighting": 10, "reporting": "quarterly",
                         "outcomes": [{"id": "1a", "commitment_hint": "Apprenticeships for local young people."}]}
    d["contract"]["secondary_options"] = ["X2", "X7", "X16", "Y(UK)2"]


def jct(d):
    d["commercial"]["contract_form"] = "works contract under the JCT Design and Build Contract"
    d["contract"] = {"form": "jct_db", "edition": "2024 Edition",
                     "data": {"employers_agent": {"name": "Rachel Bell"}, "rectification_months": 12}}
    d.pop("waivers", None)


def highways_ecc(d):
    d["contract"] = {"form": "nec4_ecc", "edition": "June 2017 with amendments January 2023", "main_option": "B",
                     "dispute_option": "W2", "secondary_options": ["X2", "Y(UK)2"],
                     "data": {"defects_weeks": 52, "defect_correction_weeks": 2}}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "example", FOOTBRIDGE, formats=("docx", "pdf"))


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "complete", FOOTBRIDGE, attached)


def test_the_example_gives_the_entries_and_names_the_one_it_lacks(example):
    """The footbridge's part one: the Scope is this document's "Scope" part; the new entries read back; the
    sentence before the table names the Site Information as not given yet, in Word and in PDF."""
    found = rows(example / "contract-data.docx")
    assert found["The Scope is in"] == "The part “Scope” of this document"
    assert found["The boundaries of the site"] == "Drawing LDC-041-002, Site boundary"
    assert found["The language of the contract"] == "English"
    assert found["The period for reply"] == "2 weeks"
    assert found["The tribunal"] == "Litigation (the courts)"
    assert found["Period after the Contract Date within which the Contractor submits a first programme"] == "2 weeks"
    assert found["The Contractor submits revised programmes at intervals no longer than"] == "4 weeks"
    assert found["The currency of the contract"] == "The pound sterling (£)"
    assert found["The assessment interval"] == "4 weeks"
    assert found["The period within which payments are made"] == "30 days"   # commercial.payment_days
    assert found["The interest rate"] == "2% a year above the Bank of England's base rate"
    assert found["Retention free amount (Option X16)"] == "£100,000"
    assert found["The place where weather is recorded"] == "Lunnford sewage treatment works weather station"
    assert "The Site Information is in" not in found
    said = f"{COMPLETE} The form also asks for entries we have not given yet: the Site Information."
    assert said in docx_text(example / "contract-data.docx")
    assert said in " ".join(pdf_text(example / "contract-data.pdf").split())


def test_the_scope_part_carries_the_requirements(example):
    """The requirements the Invitation to tender sets are in the "Scope" part, so they are terms of the contract."""
    text = docx_text(example / "contract-data.docx")
    scope = text.rsplit("\nScope\n", 1)[1].split("\nKey performance indicators\n", 1)[0]
    assert scope.splitlines() == [
        "These requirements are part of the Scope. The Contractor Provides the Works in accordance with them.",
        *FOOTBRIDGE["requirements"]]
    assert RIVER in scope


def test_nec4_insurance_is_for_any_one_event(example, tmp_path_factory):
    """NEC4's insurance table gives cover for any one event; a JCT form keeps "for each claim"."""
    found = rows(example / "contract-data.docx")
    assert found["Insurance: Public liability"] == "Cover of at least £10,000,000 for any one event"
    assert "for each claim" not in docx_text(example / "contract-data.docx")
    pack = built(tmp_path_factory, "jct", FOOTBRIDGE, jct)
    found = rows(pack / "contract-data.docx")
    assert found["Insurance: Public liability"] == "Cover of at least £10,000,000 for each claim"
    # JCT has no NEC4 Scope, language or currency entry, and no claim of missing NEC4 entries.
    assert not {"The Scope is in", "The language of the contract", "The currency of the contract"} & set(found)
    text = docx_text(pack / "contract-data.docx")
    assert f"{COMPLETE}\n" in text and "\nScope\n" not in text


def test_a_complete_part_one_says_so_and_lists_its_files(complete, tmp_path_factory):
    """With the Site Information and a specification attached, the entries name both files, the sentence claims
    nothing missing, and the rule is silent."""
    found = rows(complete / "contract-data.docx")
    assert found["The Site Information is in"] == ("“Site Information” (attachments/site-information.txt), in the "
                                                   "folder “attachments”")
    assert found["The Scope is in"] == ("The part “Scope” of this document; “Bridge specification” "
                                        "(attachments/bridge-specification.txt), in the folder “attachments”")
    text = docx_text(complete / "contract-data.docx")
    assert f"\n{COMPLETE}\n" in text and "not given yet" not in text
    assert "The Scope is also in “Bridge specification”, in the folder “attachments”." in text
    assert "TP-NEC4-CONTRACT-DATA" not in problems(write(tmp_path_factory.mktemp("rule-ok"), FOOTBRIDGE, attached))


def test_the_rule_and_the_document_name_what_is_missing(tmp_path_factory):
    """Without the period for reply, the tribunal, the retention free amount and any requirement, the rule warns
    at contract.data, and the document names the same entries; with no requirement there is no Scope part."""
    path = write(tmp_path_factory.mktemp("thin"), FOOTBRIDGE, thin)
    found = problems(path)["TP-NEC4-CONTRACT-DATA"]
    assert len(found) == 1 and "contract.data:" in found[0]
    assert ("lacks the Scope (requirements, or an attachment of kind specification), the period for reply, the "
            "tribunal, the Site Information and the retention free amount (Option X16)") in found[0]
    pack = tmp_path_factory.mktemp("thin-pack") / "pack"
    build(path, pack, BuildOptions(formats=("docx",), only=("contract-data",)))
    text = docx_text(pack / "contract-data.docx")
    assert (f"{COMPLETE} The form also asks for entries we have not given yet: the Scope, the period for reply, "
            "the tribunal, the Site Information and the retention free amount (Option X16).") in text
    assert "\nScope\n" not in text and "The Scope is in" not in rows(pack / "contract-data.docx")


def test_site_information_must_name_an_attachment(tmp_path):
    """A Site Information title no attachment has: exit 2, naming the field and the titles to choose from."""
    def wrong(d):
        d["contract"]["data"]["site_information"] = "Ground report"
    result = CliRunner().invoke(cli, ["validate", str(write(tmp_path, FOOTBRIDGE, wrong))])
    assert result.exit_code == 2, result.output
    assert "contract.data.site_information" in result.output
    assert "no entry of attachments has the title 'Ground report'" in result.output


def test_no_drafting_note_in_the_contract_text(tmp_path_factory):
    """Without Option X20 and with social value, the pack adds Z4 (KPIs) and Z5 (social value): "About this
    document" says what they do; the Z clauses carry no "We added" note."""
    pack = built(tmp_path_factory, "no-x20", FOOTBRIDGE, without_x20)
    text = docx_text(pack / "contract-data.docx")
    assert "We added" not in text
    about = text.rsplit("\nAbout this document\n", 1)[1].split("\nContract Data part one\n", 1)[0]
    assert "Z4 makes the KPIs part of the contract." in about.splitlines()
    assert "Z5 makes the social value schedule part of the contract." in about.splitlines()


def test_a_framework_leaves_the_site_to_the_call_off(tmp_path_factory):
    """Each call-off's site is its own: its Site Information, boundaries and weather place are filled in at the
    call-off, and the missing entries named are the framework's own."""
    path = write(tmp_path_factory.mktemp("fw"), HIGHWAYS, highways_ecc)
    pack = tmp_path_factory.mktemp("fw-pack") / "pack"
    build(path, pack, BuildOptions(formats=("docx",), only=("contract-data",)))
    found = rows(pack / "contract-data.docx")
    for entry in ("The Site Information is in", "The boundaries of the site", "The place where weather is recorded"):
        assert found[entry] == "Filled in at the call-off"
    text = docx_text(pack / "contract-data.docx")
    assert "the Site Information" not in text.split("not given yet: ", 1)[1].split("\n", 1)[0]
    assert "the period for reply" in text.split("not given yet: ", 1)[1].split("\n", 1)[0]
