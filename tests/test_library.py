"""The clause library: loading, checking, precedence, the sandbox, references and terms.

Each bad input is one clear message naming the clause file and line, and stops the build
before anything is written.
"""

from __future__ import annotations

import re

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.library import ClauseError, ClauseSource, Library, builtin_source, load_library
from tenderpack.library.sandbox import Record, environment, spec_view
from tenderpack.reader import read_spec
from tenderpack.tree import Clause, plain_text, walk

from conftest import ROOT

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
HOME_CARE = ROOT / "examples" / "innovation-home-care.yaml"
GROUNDS = ROOT / "examples" / "small-open-grounds.yaml"

GOVERNANCE = """version: "1.0"
status: approved
owner: Test legal team
approved_on: 2026-10-01
review_by: 2099-12-31
"""


def clause_text(id="org:extra", body="You must wear a badge.", status="approved", extra="",
                placement="{document: draft-contract, section: services, order: 90}", governance=None) -> str:
    gov = (governance if governance is not None else GOVERNANCE).replace("status: approved", f"status: {status}")
    return (f"---\nid: {id}\ntitle: Extra clause\n{gov}placement: {placement}\n"
            f"summary: A test clause.\n{extra}---\n{body}\n")


def folder(tmp_path: Path, files: dict[str, str], name: str = "org") -> Path:
    root = tmp_path / name
    root.mkdir(exist_ok=True)
    for file, text in files.items():
        (root / file).write_text(text, encoding="utf-8")
    return root


def library(*dirs: Path, **options) -> Library:
    return Library([builtin_source(), *[ClauseSource(d, name=d.name) for d in dirs]], **options)


def only_error(lib: Library) -> str:
    assert len(lib.errors) == 1, [str(e) for e in lib.errors]
    return str(lib.errors[0])


def build(tmp_path: Path, *args) -> tuple[object, Path]:
    out = tmp_path / "pack"
    result = CliRunner().invoke(cli, ["build", str(MINIMAL), "-o", str(out), "--only", "draft-contract",
                                      "--format", "docx", *[str(a) for a in args]])
    return result, out


# --------------------------------------------------------------------------- the starter library


def test_starter_library_is_clean_and_large_enough():
    """The built-in library has at least 30 clauses, no errors and no warnings."""
    lib = load_library()
    assert len(lib.files) >= 30
    assert lib.errors == [] and lib.warnings == []
    assert all(c.id.startswith("core:") for c in lib.files)


@pytest.mark.parametrize("spec", [MINIMAL, HOME_CARE, GROUNDS], ids=lambda p: p.stem)
def test_starter_library_renders_for_every_example(spec):
    """Every clause that applies to each example renders, with no warning about unused terms."""
    pack = load_library().for_spec(read_spec(spec))
    assert pack.applying and pack.warnings == []


def test_every_starter_clause_is_governed_and_plain():
    """Each starter clause has an owner, dates and a one-sentence summary, and no legal archaisms."""
    archaisms = ("herein", "hereinafter", "notwithstanding", "forthwith", "pursuant to", "whereas", "the said")
    for clause in load_library().files:
        m = clause.meta
        assert m.owner and m.approved_on and m.review_by, clause.file
        # Each branch of a summary that follows the spec ({% if %}) is one sentence of 30 words or fewer.
        words = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " x ", m.summary)
        for branch in re.split(r"\{%\s*(?:else|elif)[^%]*%\}", m.summary):
            plain_branch = re.sub(r"\{%.*?%\}", "", branch)
            assert plain_branch.count(". ") == 0 and len(plain_branch.split()) <= 30, clause.file
        assert words.count(". ") == 0, clause.file
        text = clause.body.lower()
        assert not any(word in text for word in archaisms), clause.file


def test_variants_apply_by_condition():
    """TUPE only when staff transfer; the R&D intellectual property variant only with innovation phases."""
    home = {d.clause.id: d.applies for d in load_library().for_spec(read_spec(HOME_CARE)).decisions}
    grounds = {d.clause.id: d.applies for d in load_library().for_spec(read_spec(GROUNDS)).decisions}
    assert home["core:tupe"] and not grounds["core:tupe"]
    assert home["core:ip-rd"] and not home["core:ip"]
    assert grounds["core:ip"] and not grounds["core:ip-rd"]
    assert home["core:law-england-wales"] and not home["core:law-scotland"]


# --------------------------------------------------------------------------- bad clause files


def test_broken_front_matter_names_file_and_line(tmp_path):
    """Front matter that is not YAML: one message with the file and the line."""
    d = folder(tmp_path, {"bad.md": "---\nid: org:bad\ntitle: [unclosed\nversion: '1'\n---\nBody\n"})
    message = only_error(library(d))
    assert f"{d / 'bad.md'}:" in message and "not valid YAML" in message
    assert message.split(":")[1] in ("3", "4")


def test_missing_front_matter_fence(tmp_path):
    """A file without the opening '---' says what a clause file must start with."""
    d = folder(tmp_path, {"bare.md": "Just some text.\n"})
    assert f"{d / 'bare.md'}:1: a clause file must start with a line '---'" in only_error(library(d))


def test_missing_id_names_file_and_line(tmp_path):
    """A clause without an id is reported with its file."""
    text = clause_text().replace("id: org:extra\n", "")
    d = folder(tmp_path, {"noid.md": text})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'noid.md'}:1") and "id is required" in message


def test_malformed_id(tmp_path):
    """An id must be namespaced: 'payment' alone is an error on the id's line."""
    d = folder(tmp_path, {"x.md": clause_text(id="payment")})
    assert f"{d / 'x.md'}:2: id: must be a namespaced id" in only_error(library(d))


def test_bad_date_names_file_and_line(tmp_path):
    """A date that does not exist is reported on its own line."""
    d = folder(tmp_path, {"date.md": clause_text(governance=GOVERNANCE.replace("2026-10-01", "2026-02-30"))})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'date.md'}:7:") and "approved_on" in message and "YYYY-MM-DD" in message


def test_unknown_field_suggests_the_nearest(tmp_path):
    """A misspelt front matter field suggests the right one."""
    d = folder(tmp_path, {"x.md": clause_text(extra="sumary: oops\n")})
    assert "unknown field 'sumary'; did you mean 'summary'?" in only_error(library(d))


def test_unknown_placement_names_file_and_line(tmp_path):
    """A placement in a section no sections.yaml declares is an error on the placement line."""
    d = folder(tmp_path, {"x.md": clause_text(placement="{document: draft-contract, section: monney}")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:9:") and "unknown placement" in message
    assert "did you mean 'money'?" in message


def test_unknown_document_placement(tmp_path):
    """A placement in a document with no clause sections is an error."""
    d = folder(tmp_path, {"x.md": clause_text(placement="{document: nowhere, section: money}")})
    assert "no clauses can go in document 'nowhere'" in only_error(library(d))


def test_unknown_variable_names_file_and_line(tmp_path):
    """A placeholder naming a variable the spec does not have: file and body line, before any build."""
    d = folder(tmp_path, {"x.md": clause_text(body="First line.\n\nWe pay in {{ paymnt_days }} days.")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:14:") and "unknown variable 'paymnt_days'" in message


def test_unknown_field_in_placeholder_suggests(tmp_path):
    """A field that does not exist on part of the spec is found with a suggestion."""
    d = folder(tmp_path, {"x.md": clause_text(body="We pay in {{ commercial.paymnt_days }} days.")})
    assert "commercial has no field 'paymnt_days'; did you mean 'payment_days'?" in only_error(library(d))


def test_condition_on_missing_field_names_file_and_line(tmp_path):
    """applies_when naming a field that does not exist is an error on its line."""
    d = folder(tmp_path, {"x.md": clause_text(extra="applies_when: commercial.tupee\n")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:11:") and "commercial has no field 'tupee'" in message


def test_condition_syntax_error(tmp_path):
    """A condition that is not a valid expression is reported on its line."""
    d = folder(tmp_path, {"x.md": clause_text(extra="applies_when: commercial.tupe and\n")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:11:") and "applies_when is not a valid condition" in message


def test_body_syntax_error_names_line(tmp_path):
    """A Jinja syntax error in the body names the file and line."""
    d = folder(tmp_path, {"x.md": clause_text(body="One.\n\n{% if commercial.tupe %}\nTwo.\n")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:") and "not a valid template" in message


def test_loop_over_a_list_item_field(tmp_path):
    """Loop variables are typed: a field the list's items lack is found."""
    body = "{% for o in outcomes %}{{ o.statment }}{% endfor %}"
    d = folder(tmp_path, {"x.md": clause_text(body=body)})
    assert "outcomes has no field 'statment'" in only_error(library(d)) or "o has no field 'statment'" in only_error(library(d))


def test_body_that_fails_to_render_names_line(tmp_path):
    """A placeholder for a field that is empty in this spec stops the build with file and line."""
    d = folder(tmp_path, {"x.md": clause_text(body="One.\n\nThe ceiling is {{ value.budget_ceiling | money }}.")})
    lib = library(d)
    assert lib.errors == []
    with pytest.raises(ClauseError) as info:
        lib.for_spec(read_spec(MINIMAL))
    message = str(info.value)
    assert message.startswith(f"{d / 'x.md'}:14:") and "cannot be rendered" in message


def test_bad_clause_stops_the_build_and_writes_nothing(tmp_path):
    """A bad clause in --clauses: exit 2, the message names the file and line, no pack folder."""
    d = folder(tmp_path, {"x.md": clause_text(body="{{ nope }}")})
    result, out = build(tmp_path, "--clauses", d)
    assert result.exit_code == 2, result.output
    assert f"{d / 'x.md'}:12: unknown variable 'nope'" in result.output
    assert not out.exists()


# --------------------------------------------------------------------------- the sandbox


@pytest.mark.parametrize("body, words", [
    ("{{ title.upper() }}", "calling title.upper() is not allowed"),
    ("{{ title.__class__ }}", "title is a single value; it has no field '__class__'"),
    ("{{ range(3) }}", "calling range() is not allowed"),
    ("{% include 'x' %}", "{% include %} is not allowed"),
    ("{{ lipsum }}", "unknown variable 'lipsum'"),
])
def test_sandbox_allows_only_the_specs_data(tmp_path, body, words):
    """No Python is reachable: calls, dunder attributes, globals and includes are refused up front."""
    d = folder(tmp_path, {"x.md": clause_text(body=body)})
    assert words in only_error(library(d))


def test_sandbox_refuses_python_at_run_time():
    """Even past the static check, the sandbox gives no access to Python internals."""
    data = spec_view(read_spec(MINIMAL))
    env = environment()
    from jinja2.exceptions import SecurityError, UndefinedError

    for source in ("{{ commercial.__class__.__mro__ }}", "{{ title.upper() }}", "{{ commercial._fields }}"):
        with pytest.raises((SecurityError, UndefinedError)):
            env.from_string(source).render(data)
    assert isinstance(data["commercial"], Record)
    with pytest.raises(AttributeError):
        data["commercial"].tupe = True


def test_spec_values_are_data_not_markup(tmp_path):
    """A spec value with **, [[ ]], { }, {{ }} and <b> comes out literally, as one plain run."""
    hostile = "**bold** [[core:term]] {Contract} {{ 7*7 }} <b>x</b> & co"
    spec = read_spec(MINIMAL).model_copy(update={"title": hostile})
    d = folder(tmp_path, {"x.md": clause_text(body="Title: **{{ title }}**. Plain: {{ title }}.")})
    pack = library(d).for_spec(spec)
    clause = next(c for s in pack.sections_for("draft-contract") for c in s.blocks if c.key == "org:extra")
    runs = clause.blocks[0].runs
    assert plain_text(runs) == f"Title: {hostile}. Plain: {hostile}."
    assert any(r.text == hostile and r.bold for r in runs) and any(hostile in r.text and not r.bold for r in runs)
    assert all(type(r).__name__ == "Run" for r in runs)


# --------------------------------------------------------------------------- sources and precedence


def test_duplicate_id_names_both_files(tmp_path):
    """Two clauses with one id, without overrides: an error naming both files."""
    a = folder(tmp_path, {"one.md": clause_text()}, "a")
    b = folder(tmp_path, {"two.md": clause_text()}, "b")
    message = only_error(library(a, b))
    assert str(b / "two.md") in message and str(a / "one.md") in message and "already used" in message


def test_core_id_taken_without_overrides_is_an_error(tmp_path):
    """Reusing a core id without saying overrides names the core file."""
    d = folder(tmp_path, {"pay.md": clause_text(id="core:payment")})
    message = only_error(library(d))
    assert "payment.md" in message and "overrides: core:payment" in message


def test_override_replaces_the_clause_and_its_references(tmp_path):
    """A clause that overrides core:payment takes its place; references to core:payment follow it."""
    d = folder(tmp_path, {"pay.md": clause_text(id="org:payment", extra="overrides: core:payment\n",
                                                placement="{document: draft-contract, section: money, order: 20}",
                                                body="We pay within {{ commercial.payment_days }} days, by BACS."),
                          "ref.md": clause_text(body="See [[core:payment]].")})
    lib = library(d)
    assert lib.errors == []
    pack = lib.for_spec(read_spec(MINIMAL))
    ids = [c.id for c in pack.documents["draft-contract"]]
    assert "org:payment" in ids and "core:payment" not in ids
    assert lib.resolve("core:payment") == "org:payment"


def test_override_of_unknown_id(tmp_path):
    """Overriding an id no clause has is an error with a suggestion."""
    d = folder(tmp_path, {"x.md": clause_text(extra="overrides: core:paymnt\n")})
    assert "overrides 'core:paymnt', but no other clause has that id; did you mean 'core:payment'?" in only_error(library(d))


def test_retired_override_removes_a_core_clause(tmp_path):
    """A retired clause that overrides core:carbon takes core:carbon out of the pack."""
    d = folder(tmp_path, {"x.md": clause_text(status="retired", extra="overrides: core:carbon\n")})
    pack = library(d).for_spec(read_spec(MINIMAL))
    assert "core:carbon" not in pack.applying and "org:extra" not in pack.applying


def test_draft_left_out_unless_allowed(tmp_path):
    """A draft clause is left out unless allow_draft."""
    d = folder(tmp_path, {"x.md": clause_text(status="draft")})
    assert "org:extra" not in library(d).for_spec(read_spec(MINIMAL)).applying
    assert "org:extra" in library(d, allow_draft=True).for_spec(read_spec(MINIMAL)).applying


def test_draft_build_cli(tmp_path):
    """--allow-draft puts a draft clause into the built contract; without it the clause is absent."""
    from docx import Document as Word

    d = folder(tmp_path, {"x.md": clause_text(status="draft", body="Badge rule for visitors.")})
    result, out = build(tmp_path, "--clauses", d)
    assert result.exit_code == 0, result.output
    assert "Badge rule" not in "\n".join(p.text for p in Word(out / "draft-contract.docx").paragraphs)
    result, out = build(tmp_path, "--clauses", d, "--allow-draft")
    assert result.exit_code == 0, result.output
    assert "Badge rule for visitors." in "\n".join(p.text for p in Word(out / "draft-contract.docx").paragraphs)


def test_review_date_passed_is_a_warning_or_strict_error(tmp_path):
    """A clause past its review_by date gives a warning, and an error under strict."""
    d = folder(tmp_path, {"x.md": clause_text(governance=GOVERNANCE.replace("2099-12-31", "2026-11-01"))})
    today = dt.date(2026, 12, 1)
    lib = library(d, today=today)
    assert lib.errors == [] and len(lib.warnings) == 1
    assert f"{d / 'x.md'}:8: review_by 2026-11-01 has passed" in str(lib.warnings[0])
    strict = library(d, today=today, strict=True)
    assert len(strict.errors) == 1 and "has passed" in str(strict.errors[0])


def test_review_date_strict_build_writes_nothing(tmp_path):
    """build --strict with an overdue clause: exit 2 and nothing written; without --strict it builds."""
    old = GOVERNANCE.replace("2099-12-31", "2020-01-31").replace("2026-10-01", "2019-01-01")
    d = folder(tmp_path, {"x.md": clause_text(governance=old)})
    result, out = build(tmp_path, "--clauses", d, "--strict")
    assert result.exit_code == 2 and "has passed" in result.output and not out.exists()
    result, out = build(tmp_path, "--clauses", d)
    assert result.exit_code == 0, result.output


def test_prefix_is_enforced(tmp_path):
    """A folder registered with a prefix may only hold ids in that namespace."""
    d = folder(tmp_path, {"x.md": clause_text(id="other:thing")})
    lib = Library([builtin_source(), ClauseSource(d, name="org", prefix="org")])
    assert "must start with 'org:'" in only_error(lib)


# --------------------------------------------------------------------------- references and numbering


def test_broken_reference_names_file_and_line(tmp_path):
    """A reference to a clause no one has: file, line and a suggestion."""
    d = folder(tmp_path, {"x.md": clause_text(body="One.\n\nSee [[core:terminaton]].")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:14:") and "broken reference" in message
    assert "did you mean 'core:termination'?" in message


def test_reference_to_a_clause_that_does_not_apply(tmp_path):
    """A reference to a clause whose condition is false for this spec is an error at build time."""
    d = folder(tmp_path, {"x.md": clause_text(body="One.\n\nStaff move under [[core:tupe]].")})
    lib = library(d)
    assert lib.errors == []
    with pytest.raises(ClauseError) as info:
        lib.for_spec(read_spec(MINIMAL))
    assert f"{d / 'x.md'}:14: [[core:tupe]] is a broken reference: it does not apply" in str(info.value)
    assert "commercial.tupe = false" in str(info.value)


def test_reference_to_missing_sub_clause(tmp_path):
    """A reference to a sub-clause anchor the clause lacks is an error."""
    d = folder(tmp_path, {"x.md": clause_text(body="See [[core:termination#for-fun]].")})
    assert "has no sub-clause 'for-fun'" in only_error(library(d))


def test_clauses_are_numbered_in_placement_order():
    """Clauses are numbered per document by section order, then order, then id; references use the numbers."""
    from tenderpack.compose import compose, plan
    from tenderpack.plugins import Plugins

    spec = read_spec(HOME_CARE)
    plugins = Plugins()
    doc = next(d for d in plan(spec, plugins) if d.id == "draft-contract")
    tree = compose(spec, plugins, doc)
    clauses = [b for s in tree.sections for b in s.blocks if isinstance(b, Clause)]
    assert [c.number for c in clauses] == [str(i) for i in range(1, len(clauses) + 1)]
    assert clauses[0].key == "core:definitions"
    numbers = {c.key: c.number for c in clauses}
    termination = next(c for c in clauses if c.key == "core:termination")
    assert [sub.number for sub in termination.blocks if isinstance(sub, Clause)][:2] == \
        [f"{numbers['core:termination']}.1", f"{numbers['core:termination']}.2"]
    term = next(c for c in clauses if c.key == "core:term")
    text = " ".join(plain_text(b.runs) for b in walk(term.blocks) if hasattr(b, "runs"))
    assert f"unless it ends earlier under clause {numbers['core:termination']}." in text
    assert "[[" not in text and "{Contract}" not in text
    assert [s["clause"] for s in tree.sources] == [c.key for c in clauses]


# --------------------------------------------------------------------------- defined terms


def test_term_used_but_never_defined(tmp_path):
    """A {Term} no clause defines: file, line and a suggestion."""
    d = folder(tmp_path, {"x.md": clause_text(body="One.\n\nThe {Servises} start soon.")})
    message = only_error(library(d))
    assert message.startswith(f"{d / 'x.md'}:14:") and "{Servises} is used but never defined" in message
    assert "did you mean {Services}?" in message


def test_term_defined_but_never_used_is_a_warning(tmp_path):
    """A term defined and used nowhere is reported as a warning."""
    d = folder(tmp_path, {"x.md": clause_text(extra="defines:\n  Badge: a card with your photo.\n")})
    lib = library(d)
    assert lib.errors == []
    assert any("'Badge' is defined but no clause uses it" in str(w) and f"{d / 'x.md'}:12" in str(w)
               for w in lib.warnings)


def test_definitions_list_only_terms_used():
    """The definitions table holds exactly the terms the chosen clauses use."""
    from tenderpack.compose import compose, plan
    from tenderpack.plugins import Plugins
    from tenderpack.tree import Table

    def terms(path):
        spec = read_spec(path)
        plugins = Plugins()
        doc = next(d for d in plan(spec, plugins) if d.id == "draft-contract")
        tree = compose(spec, plugins, doc)
        table = next(b for s in tree.sections for b in walk(s.blocks) if isinstance(b, Table))
        return [plain_text(row[0]) for row in table.rows]

    home, grounds = terms(HOME_CARE), terms(GROUNDS)
    assert "Transferring Staff" in home and "Transferring Staff" not in grounds
    assert "Go/No-Go Decision" in home and "Phase" in home and "Phase" not in grounds
    assert home == sorted(home, key=str.casefold)
    assert {"Contract", "Services", "Working Day"} <= set(grounds)


# --------------------------------------------------------------------------- plugins


def test_plugin_registers_a_clause_folder_and_reads_the_clauses():
    """A plugin's clause folder joins the library; document_sections receives the applying clauses."""
    import importlib

    from tenderpack.compose import compose, plan
    from tenderpack.plugins import Plugins

    plugins = Plugins([HERE / "plugins" / "legal"])
    spec = read_spec(MINIMAL)
    doc = next(d for d in plan(spec, plugins) if d.id == "draft-contract")
    tree = compose(spec, plugins, doc)
    assert any(s["clause"] == "legal:site-safety" and s["source"] == "test-legal" and s["version"] == "2.1"
               for s in tree.sources)
    legal = importlib.import_module("tenderpack_dir_plugin_legal")
    seen = dict(legal.SEEN)["draft-contract"]
    info = next(c for c in seen if c.id == "legal:site-safety")
    assert info.summary.startswith("Asks you to follow our safety rules") and info.section == "services"
    assert info.number == next(s["number"] for s in tree.sources if s["clause"] == "legal:site-safety")
    with pytest.raises(Exception):
        info.title = "changed"


def test_plugin_registering_a_missing_folder_is_named(tmp_path):
    """A plugin that registers a folder that does not exist is named in the error."""
    from tenderpack.errors import PluginError
    from tenderpack.plugins import Plugins

    (tmp_path / "sloppy_legal.py").write_text(
        "from tenderpack import hookimpl\n"
        "@hookimpl\n"
        "def register_clause_sources(register):\n"
        "    register('/no/such/folder')\n")
    with pytest.raises(PluginError, match="'sloppy_legal'.*not a folder"):
        load_library(Plugins([tmp_path]))
