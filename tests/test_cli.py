"""The command line, driven through click's runner: messages, exit codes, and real packs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as WordDocument
from pypdf import PdfReader

from tenderpack import __version__
from tenderpack.cli import cli

HERE = Path(__file__).parent
ROOT = HERE.parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
EXAMPLE = ROOT / "examples" / "small-open-grounds.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_version():
    """--version prints the version."""
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_validate_ok():
    """validate on a good spec exits 0 and lists the documents it would build."""
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "valid" in result.output and "invitation-to-tender" in result.output


def test_validate_bad_input_exit_2_no_traceback(tmp_path):
    """Bad input exits 2 with located messages and no traceback."""
    bad = tmp_path / "tender.yaml"
    bad.write_text(MINIMAL.read_text().replace("summary:", "sumary:"))
    result = run("validate", bad)
    assert result.exit_code == 2
    assert "did you mean 'summary'?" in result.output
    assert "Traceback" not in result.output


def test_traceback_flag_shows_traceback(tmp_path):
    """--traceback lets the exception through for debugging."""
    result = run("--traceback", "validate", tmp_path / "missing.yaml")
    assert result.exit_code != 0 and result.exception is not None


def test_validate_does_not_import_word_or_pdf_libraries():
    """validate stays fast: it never imports WeasyPrint or python-docx."""
    code = ("import sys; from tenderpack.cli import cli\n"
            "try:\n    cli(['validate', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('weasyprint', 'docx', 'docxtpl') if m in sys.modules]\n"
            "print('HEAVY', bad)")
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_init_writes_spec_that_validates_and_points_to_schema(tmp_path):
    """init writes a commented tender.yaml that validates as it is, plus the schema it points to."""
    result = run("init", tmp_path / "new")
    assert result.exit_code == 0, result.output
    spec = tmp_path / "new" / "tender.yaml"
    first = spec.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=tenderpack.schema.json"
    schema = json.loads((tmp_path / "new" / "tenderpack.schema.json").read_text())
    assert schema["title"] == "tenderpack specification"
    assert run("validate", spec).exit_code == 0


def test_init_refuses_to_overwrite(tmp_path):
    """init never overwrites an existing tender.yaml without --force."""
    (tmp_path / "tender.yaml").write_text("mine")
    result = run("init", tmp_path)
    assert result.exit_code == 2 and "already exists" in result.output
    assert (tmp_path / "tender.yaml").read_text() == "mine"


def test_schema_is_json_schema_with_descriptions():
    """schema prints a JSON Schema in which every property is described."""
    result = run("schema")
    schema = json.loads(result.output)
    missing = []
    for name, definition in {"Spec": schema, **schema["$defs"]}.items():
        for prop, body in definition.get("properties", {}).items():
            if not body.get("description"):
                missing.append(f"{name}.{prop}")
    assert missing == []


def test_plugins_lists_hooks():
    """plugins lists each loaded plugin with the hooks it implements."""
    result = run("plugins", "--plugins-dir", HERE / "plugins" / "outsider")
    assert result.exit_code == 0
    assert "outsider" in result.output and "register_documents" in result.output
    assert "standard" in result.output


def test_build_unknown_only_is_bad_input(tmp_path):
    """--only with an unknown document id exits 2 and lists the real ids."""
    result = run("build", EXAMPLE, "-o", tmp_path / "out", "--only", "nonsense")
    assert result.exit_code == 2 and "invitation-to-tender" in result.output
    assert not (tmp_path / "out").exists()


def test_build_unknown_format_is_bad_input(tmp_path):
    """--format with an unknown format exits 2."""
    result = run("build", EXAMPLE, "-o", tmp_path / "out", "--format", "docx,odt")
    assert result.exit_code == 2 and "unknown format 'odt'" in result.output


def test_failing_plugin_fails_build_and_keeps_previous_pack(tmp_path):
    """A plugin that raises gives exit 1, names the plugin, and leaves the earlier pack untouched."""
    out = tmp_path / "out"
    first = run("build", MINIMAL, "-o", out, "--format", "docx", "--only", "invitation-to-tender")
    assert first.exit_code == 0, first.output
    before = sorted((p.name, p.read_bytes()) for p in out.rglob("*") if p.is_file())
    result = run("build", MINIMAL, "-o", out, "--plugins-dir", HERE / "plugins" / "raising")
    assert result.exit_code == 1
    assert "plugin 'raiser' failed in hook document_sections" in result.output
    assert sorted((p.name, p.read_bytes()) for p in out.rglob("*") if p.is_file()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_outside_plugin_document_and_writer_via_cli(tmp_path):
    """An outside plugin's document is built, and its own writer writes a new format."""
    out = tmp_path / "out"
    result = run("build", MINIMAL, "-o", out, "--plugins-dir", HERE / "plugins" / "outsider",
                 "--only", "site-rules", "--format", "docx,text")
    assert result.exit_code == 0, result.output
    assert "1 Parking" in (out / "site-rules.txt").read_text()
    headings = [p.text for p in WordDocument(out / "site-rules.docx").paragraphs if p.style.name == "Heading 1"]
    assert "Rules on site" in headings


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory):
    """A pack built from a spec whose text fields are full of template code and markup."""
    tmp = tmp_path_factory.mktemp("hostile")
    data = yaml.safe_load(MINIMAL.read_text())
    data["title"] = 'Windows {{ 7*7 }} & <b>bold</b> "quoted" 😀'
    data["buyer"]["lead"]["name"] = "Ashby {% if x %}Town{% endif %} & Co"
    data["summary"] = "<script>x</script> &amp; {{ 7*7 }} We want the windows cleaned."
    text = yaml.safe_dump(data, allow_unicode=True)
    spec = tmp / "tender.yaml"
    spec.write_text(text, encoding="utf-8")
    result = run("build", spec, "-o", tmp / "out", "--only", "invitation-to-tender")
    assert result.exit_code == 0, result.output
    return tmp / "out"


HOSTILE = ["{{ 7*7 }}", "<b>bold</b>", '"quoted"', "{% if x %}Town{% endif %} & Co", "<script>x</script>", "&amp;"]


def test_hostile_text_literal_in_word(hostile_pack):
    """Template code, markup, ampersands and quotes from the spec come out literally in Word."""
    doc = WordDocument(hostile_pack / "invitation-to-tender.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for s in HOSTILE:
        assert s in text, s


def test_hostile_text_literal_in_pdf(hostile_pack):
    """The same strings come out literally in the PDF."""
    text = "\n".join(page.extract_text() for page in PdfReader(hostile_pack / "invitation-to-tender.pdf").pages)
    for s in HOSTILE:
        assert s in text, s


def test_build_writes_every_document_and_manifest(tmp_path):
    """build writes each document in Word and PDF, a manifest, and a summary table."""
    out = tmp_path / "pack"
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    paths = {f["path"] for f in manifest["files"]}
    for doc in manifest["documents"]:
        stem = f"sme/{doc['id']}" if doc["audience"] == "sme" else doc["id"]
        assert {f"{stem}.docx", f"{stem}.pdf"} <= paths
    for path in paths:
        assert path in result.output
    assert "built" in result.output


def test_python_dash_m_works():
    """python -m tenderpack runs the CLI."""
    out = subprocess.run([sys.executable, "-m", "tenderpack", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout


def test_wheel_installs_and_builds_outside_source_tree(tmp_path):
    """A real wheel in a fresh virtual environment builds an example pack from another folder."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("tenderpack-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    exe = str(venv / "bin" / "tenderpack")
    subprocess.run([exe, "init", "."], cwd=work, check=True, capture_output=True)
    done = subprocess.run([exe, "build", "tender.yaml", "-o", "pack"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((work / "pack" / "manifest.json").read_text())
    assert {"standard", "outcomes", "social_value", "sme"} <= {p["name"] for p in manifest["plugins"]}
    assert (work / "pack" / "invitation-to-tender.pdf").stat().st_size > 1000
    shutil.rmtree(venv)


def test_outside_plugin_artifact_lists_the_documents_written(tmp_path):
    """A data artifact given as a function sees every document file already written, with hashes."""
    out = tmp_path / "out"
    result = run("build", MINIMAL, "-o", out, "--plugins-dir", HERE / "plugins" / "outsider",
                 "--only", "site-rules,site-index", "--format", "docx")
    assert result.exit_code == 0, result.output
    index = json.loads((out / "site-index.json").read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert index["files"] == [{"path": "site-rules.docx", "sha256": hashes["site-rules.docx"]}]
    assert hashes["site-index.json"]


def test_template_dir_overrides_house_style(tmp_path):
    """--template-dir replaces the Word master, the print CSS and the logo; the rest falls back."""
    from docx import Document as NewDocument
    from PIL import Image

    style = tmp_path / "style"
    style.mkdir()
    master = NewDocument()
    master.add_paragraph("CUSTOM MASTER for {{ buyer }}: {{ title }}")
    master.add_paragraph("{{ body }}")
    master.save(style / "master.docx")
    (style / "print.css").write_text('@page { @top-center { content: "OUR HOUSE STYLE"; } }\n'
                                     "html { font-family: 'Liberation Serif', serif; }\n")
    Image.new("RGB", (120, 40), (200, 30, 30)).save(style / "logo.png")

    out = tmp_path / "out"
    result = run("build", MINIMAL, "-o", out, "--template-dir", style, "--only", "invitation-to-tender")
    assert result.exit_code == 0, result.output
    word = WordDocument(out / "invitation-to-tender.docx")
    assert word.paragraphs[0].text == "CUSTOM MASTER for Little Ashby Town Council: Window cleaning"
    reader = PdfReader(out / "invitation-to-tender.pdf")
    assert "OUR HOUSE STYLE" in reader.pages[1].extract_text()
    images = [img for page in reader.pages for img in page.images]
    assert images, "the logo from --template-dir should be on the cover"


def test_template_dir_must_be_a_folder(tmp_path):
    """A --template-dir that is not a folder is bad input."""
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--template-dir", tmp_path / "nope")
    assert result.exit_code == 2 and "must be a folder" in result.output
