"""Attached files: the buyer's own documents, listed in the spec, checked when it is read, copied into the pack
byte for byte, listed in the invitation to tender, How to bid and the notice, and hashed in the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import tenderpack.attachments as attachments_module
import tenderpack.spec as spec_module
from _packs import docx_tables, docx_text
from tenderpack.cli import cli
from tenderpack.errors import BuildError
from tenderpack.limits import ATTACHMENT_MAX_BYTES
from tenderpack.reader import read_spec
from tenderpack.spec import Spec, attachment_name
from tenderpack_ocds import validation
from tenderpack_ocds.notice import ATTACHMENT_TYPES

HERE = Path(__file__).parent
MINIMAL = (HERE / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
ONLY = ["--format", "docx", "--only", "invitation-to-tender", "--only", "how-to-bid", "--only", "tender-notice.ocds"]
BINARY = bytes(range(256)) * 40 + b"\r\n\x00end"   # every byte value, so that a copy that changes one shows
SITES = b"site,hectares\r\nKelbrook Park,3.5\r\nOld Cemetery,1.2\r\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_spec(folder: Path, attachments: list[dict] | None, files: dict[str, bytes] | None = None,
               tupe: bool = False, extra: str = "") -> Path:
    """minimal.yaml in ``folder`` with ``attachments`` and the ``files`` they name (paths from the folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    text = MINIMAL
    if tupe:
        form = "  contract_form: services contract\n"
        text = text.replace(form, form + "  tupe: true\n")
    if attachments is not None:
        text += yaml.safe_dump({"attachments": attachments}, sort_keys=False, allow_unicode=True)
    path = folder / "tender.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def file_line(path: Path, index: int) -> int:
    """The line of the ``file:`` key of attachments[index] in the spec at ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("attachments:")
    found = [n for n, line in enumerate(lines[start:], start + 1) if line.lstrip(" -").startswith("file:")]
    return found[index]


def refused(path: Path, index: int, *words: str) -> str:
    """Validate ``path``: exit 2, no traceback, the problem at attachments[index].file's line; its message."""
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    where = f"{path}:{file_line(path, index)}:"
    line = next((x for x in result.output.splitlines() if where in x and f"attachments[{index}].file" in x), None)
    assert line is not None, result.output
    for word in words:
        assert word in line, line
    return line


# --------------------------------------------------------------------------- refused when the spec is read


def test_a_missing_file_is_a_located_error(tmp_path):
    """A file that is not there: exit 2, at the line of its file: key, naming the path looked for."""
    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "sites/list.csv"}])
    refused(path, 0, "file not found", str(tmp_path / "t" / "sites" / "list.csv"))


def test_a_folder_is_refused(tmp_path):
    path = write_spec(tmp_path / "t", [{"title": "Drawings", "file": "drawings"}])
    (tmp_path / "t" / "drawings").mkdir()
    refused(path, 0, "'drawings' is a folder")


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    """A FIFO would block a read for ever: it is refused from its status, never opened."""
    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "sites.csv"}])
    os.mkfifo(tmp_path / "t" / "sites.csv")
    refused(path, 0, "named pipe (FIFO)", "not an ordinary file")


def test_a_path_with_dot_dot_is_refused(tmp_path):
    """'../secret.txt' names a file outside the spec's folder: refused, even though the file exists."""
    (tmp_path / "secret.txt").write_text("private")
    path = write_spec(tmp_path / "t", [{"title": "Secret", "file": "../secret.txt"}])
    refused(path, 0, "goes out of the folder of the specification", "'..'")


def test_an_absolute_path_is_refused(tmp_path):
    (tmp_path / "secret.txt").write_text("private")
    path = write_spec(tmp_path / "t", [{"title": "Secret", "file": str(tmp_path / "secret.txt")}])
    refused(path, 0, "is an absolute path")


def test_a_link_that_leaves_the_folder_is_refused(tmp_path):
    """A link inside the folder to a file outside it, directly or through a linked folder, is refused."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("private")
    path = write_spec(tmp_path / "t", [{"title": "Secret", "file": "secret.txt"},
                                       {"title": "Also secret", "file": "linked/secret.txt"}])
    (tmp_path / "t" / "secret.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tmp_path / "t" / "linked").symlink_to(tmp_path / "outside")
    refused(path, 0, "is a link to", "outside the folder of the specification")
    refused(path, 1, "is a link to", "outside the folder of the specification")


def test_an_oversized_file_is_refused_naming_the_limit(tmp_path):
    """A (sparse) file one byte over ATTACHMENT_MAX_BYTES is refused from its size, before it is read."""
    path = write_spec(tmp_path / "t", [{"title": "Drawings", "file": "drawings.pdf"}])
    with open(tmp_path / "t" / "drawings.pdf", "wb") as handle:
        handle.truncate(ATTACHMENT_MAX_BYTES + 1)
    refused(path, 0, "over the limit of 50 MB", "ATTACHMENT_MAX_BYTES")


def test_attachments_together_are_bounded(tmp_path, monkeypatch):
    """The file that takes the total over ATTACHMENTS_MAX_BYTES is refused, naming the limit."""
    monkeypatch.setattr(attachments_module, "ATTACHMENTS_MAX_BYTES", 100)
    path = write_spec(tmp_path / "t", [{"title": "One", "file": "one.csv"}, {"title": "Two", "file": "two.csv"}],
                      {"one.csv": b"x" * 60, "two.csv": b"y" * 60})
    refused(path, 1, "add up to 120 bytes", "ATTACHMENTS_MAX_BYTES")


def test_too_many_attachments_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(spec_module, "ATTACHMENTS_MAX_COUNT", 2)
    monkeypatch.setattr(attachments_module, "ATTACHMENTS_MAX_COUNT", 2)
    items = [{"title": f"File {i}", "file": f"f{i}.csv"} for i in range(3)]
    path = write_spec(tmp_path / "t", items, {f"f{i}.csv": b"a,b\n" for i in range(3)})
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert "attachments: 3 files are attached" in result.output and "ATTACHMENTS_MAX_COUNT" in result.output


def test_an_empty_file_is_refused(tmp_path):
    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "sites.csv"}], {"sites.csv": b""})
    refused(path, 0, "is empty")


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    """A file that cannot be opened (permission denied) is reported, not a traceback. (Tests run as root,
    which reads anything, so the refusal is made by os.open itself.)"""
    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "sites.csv"}], {"sites.csv": SITES})
    real_open = os.open

    def deny(file, *args, **kwargs):
        if str(file).endswith("sites.csv"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(attachments_module.os, "open", deny)
    refused(path, 0, "cannot be read (permission denied)")


def test_names_that_collide_once_copied_are_refused(tmp_path):
    """Two files whose names in the pack would be the same (even in case only) cannot both be copied."""
    path = write_spec(tmp_path / "t", [{"title": "North sites", "file": "north/Site list.csv"},
                                       {"title": "South sites", "file": "south/site-list.CSV"}],
                      {"north/Site list.csv": SITES, "south/site-list.CSV": SITES})
    refused(path, 1, "attachments/site-list.csv", "attachments[0]")


def test_titles_are_unique(tmp_path):
    items = [{"title": "Site list", "file": "a.csv"}, {"title": "site  list", "file": "b.csv"}]
    path = write_spec(tmp_path / "t", items, {"a.csv": SITES, "b.csv": SITES})
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert "attachments[1].title: 'site  list' is already the title of attachments[0]" in result.output


def test_file_problems_come_with_every_other_problem(tmp_path):
    """A missing file and a misspelt field elsewhere are reported together, each at its own line."""
    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "nothing.csv"}], extra="sme_pakc: true\n")
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert "error: 2 problems" in result.output
    assert "unknown field 'sme_pakc'" in result.output and "file not found" in result.output


def test_a_link_inside_the_folder_is_followed(tmp_path):
    """A link to a file that is itself inside the folder is fine: its target's bytes are what is checked."""
    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "current.csv"}], {"data/sites-2027.csv": SITES})
    (tmp_path / "t" / "current.csv").symlink_to("data/sites-2027.csv")
    [checked] = attachments_module.files(read_spec(path))
    assert checked.source == (tmp_path / "t" / "data" / "sites-2027.csv").resolve()
    assert checked.sha256 == hashlib.sha256(SITES).hexdigest() and checked.path == "attachments/current.csv"


# --------------------------------------------------------------------------- the model


def test_pack_names_are_safe_and_keep_the_extension():
    assert attachment_name("Site list (2027).CSV") == "site-list-2027.csv"
    assert attachment_name("drawings\\Plan é.pdf") == "plan-e.pdf"
    assert attachment_name("data/README") == "readme"
    assert attachment_name("---.pdf") == "attachment.pdf"


def test_the_schema_describes_attachments():
    """The JSON Schema (editor completion) comes from the model: the field, its kinds and descriptions."""
    schema = Spec.model_json_schema()
    assert "attachments" in schema["properties"]
    attachment = schema["$defs"]["Attachment"]
    assert set(attachment["required"]) == {"title", "file"}
    assert "site-list" in attachment["properties"]["kind"]["enum"]
    assert attachment["properties"]["file"]["description"]


def test_every_kind_has_a_document_type():
    """The notice maps every kind the spec allows to an OCDS documentType."""
    kinds = typing.get_args(spec_module.AttachmentKind)
    assert sorted(ATTACHMENT_TYPES) == sorted(kinds)


def test_a_spec_not_read_from_a_file_cannot_copy_attachments():
    """Spec.model_validate has no folder to find files in: the build says so, instead of guessing."""
    data = yaml.safe_load(MINIMAL) | {"attachments": [{"title": "Site list", "file": "sites.csv"}]}
    spec = Spec.model_validate(data)
    assert spec.attachments[0].pack_path == "attachments/sites.csv"
    with pytest.raises(BuildError, match="not read from a file"):
        attachments_module.files(spec)
    assert attachments_module.files(Spec.model_validate(yaml.safe_load(MINIMAL))) == []


# --------------------------------------------------------------------------- a built pack


ATTACHED = [
    {"title": "Site list", "file": "buyer docs/Site List.csv", "kind": "site-list",
     "description": "Every site, with its area in **hectares**."},
    {"title": "TUPE staff data", "file": "tupe.xlsx", "kind": "tupe-data"},
]


@pytest.fixture(scope="module")
def with_attachments(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("attached")
    path = write_spec(folder / "spec", ATTACHED, {"buyer docs/Site List.csv": SITES, "tupe.xlsx": BINARY}, tupe=True)
    out = folder / "pack"
    result = run("build", path, "-o", out, *ONLY)
    assert result.exit_code == 0, result.output
    assert "wrote  attachments/site-list.csv" in result.output
    return path, out


@pytest.fixture(scope="module")
def without_attachments(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plain")
    out = folder / "pack"
    result = run("build", write_spec(folder / "spec", None, tupe=True), "-o", out, *ONLY)
    assert result.exit_code == 0, result.output
    return out


def test_files_are_copied_byte_for_byte(with_attachments):
    _, out = with_attachments
    assert (out / "attachments" / "site-list.csv").read_bytes() == SITES
    assert (out / "attachments" / "tupe.xlsx").read_bytes() == BINARY


def test_the_manifest_hashes_each_attachment_and_verify_passes(with_attachments):
    _, out = with_attachments
    files = {f["path"]: f for f in json.loads((out / "manifest.json").read_text())["files"]}
    entry = files["attachments/tupe.xlsx"]
    assert entry["sha256"] == hashlib.sha256(BINARY).hexdigest() and entry["bytes"] == len(BINARY)
    assert entry["title"] == "TUPE staff data" and entry["format"] == "xlsx" and entry["document"] == "attachment"
    assert files["attachments/site-list.csv"]["sha256"] == hashlib.sha256(SITES).hexdigest()
    result = run("verify", out)
    assert result.exit_code == 0, result.output


def test_the_invitation_lists_each_attachment(with_attachments):
    """Title, file in the pack and description (Markdown kept as text), in “About this tender”."""
    _, out = with_attachments
    docx = out / "invitation-to-tender.docx"
    table = next(t for t in docx_tables(docx) if t[0] == ["Document", "File in the pack", "What it is"])
    assert table[1:] == [["Site list", "attachments/site-list.csv", "Every site, with its area in hectares."],
                         ["TUPE staff data", "attachments/tupe.xlsx", "Not given"]]
    from docx import Document

    headings = [(p.style.name, p.text) for p in Document(str(docx)).paragraphs if p.style.name.startswith("Heading")]
    about = headings.index(("Heading 1", "About this tender"))
    assert headings[about + 1] == ("Heading 2", "Our own documents")
    assert "in the folder “attachments”" in docx_text(docx)


def test_the_invitation_says_where_the_tupe_data_is(with_attachments, without_attachments):
    """With TUPE data attached, the invitation points to it; without, it says the data comes later."""
    _, out = with_attachments
    body = docx_text(out / "invitation-to-tender.docx")
    assert "Information about these staff is in “TUPE staff data” (attachments/tupe.xlsx)" in body
    assert "later in the procedure" not in body
    assert "later in the procedure" in docx_text(without_attachments / "invitation-to-tender.docx")


def test_how_to_bid_points_to_the_attachments(with_attachments):
    _, out = with_attachments
    assert "Read our own documents in the folder “attachments” of the pack as well." in \
        docx_text(out / "sme" / "how-to-bid.docx")


def test_the_notice_lists_each_attachment_and_validates(with_attachments):
    """Each attachment is a tender document of the notice: its kind's type, MIME type, hash; no language or url."""
    _, out = with_attachments
    package = json.loads((out / "tender-notice.ocds.json").read_text())
    assert validation.errors(package) == []
    documents = {d["id"]: d for d in package["releases"][0]["tender"]["documents"]}
    sites, tupe = documents["attachments/site-list.csv"], documents["attachments/tupe.xlsx"]
    assert sites["documentType"] == "technicalSpecifications" and tupe["documentType"] == "contractSchedule"
    assert sites["title"] == "Site list" and sites["format"] == "text/csv"
    assert tupe["format"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sites["description"].startswith("Every site, with its area in hectares. The buyer's own document.")
    assert sites["integrity"] == [{"scheme": "sha256", "id": hashlib.sha256(SITES).hexdigest()}]
    assert not {"language", "url"} & (set(sites) | set(tupe))


def test_without_attachments_nothing_is_said(without_attachments):
    out = without_attachments
    assert not (out / "attachments").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert not [f for f in manifest["files"] if f["document"] == "attachment" or f["path"].startswith("attachments/")]
    assert "attachments" not in docx_text(out / "invitation-to-tender.docx")
    assert "Our own documents" not in docx_text(out / "invitation-to-tender.docx")
    assert "attachments" not in docx_text(out / "sme" / "how-to-bid.docx")
    package = json.loads((out / "tender-notice.ocds.json").read_text())
    assert not [d for d in package["releases"][0]["tender"]["documents"] if "attachments/" in d["id"]]


def test_a_file_changed_after_the_check_stops_the_build(tmp_path):
    """The build copies exactly the bytes the reader checked: a file changed in between fails the build
    (exit 1), naming the file and its line, and nothing is written."""
    from tenderpack.build import BuildOptions, Progress, build

    path = write_spec(tmp_path / "t", [{"title": "Site list", "file": "sites.csv"}], {"sites.csv": SITES})
    out = tmp_path / "pack"

    def change(report) -> None:   # called after the spec was read and checked, before anything is written
        (tmp_path / "t" / "sites.csv").write_bytes(SITES.replace(b"3.5", b"9.9"))

    with pytest.raises(BuildError) as caught:
        build(path, out, BuildOptions(formats=("docx",), only=("invitation-to-tender",)), Progress(on_checks=change))
    assert caught.value.exit_code == 1
    assert f"{path}:{file_line(path, 0)}:" in str(caught.value)
    assert "'sites.csv' changed after the specification was checked" in str(caught.value)
    assert not out.exists()


def test_an_attached_model_contract_is_refused_beside_the_draft_contract(tmp_path):
    """The invitation says the pack's draft contract is the one bidders sign: a second contract
    in the pack, attached as the model contract, would contradict it (rule TP-ATTACHED-CONTRACT)."""
    from click.testing import CliRunner

    from tenderpack.cli import cli

    spec_dir = tmp_path / "tender"
    spec_dir.mkdir()
    (spec_dir / "model.docx").write_bytes(b"PK model contract")
    text = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    text += "attachments:\n  - title: Model contract\n    file: model.docx\n    kind: model-contract\n"
    (spec_dir / "tender.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(spec_dir / "tender.yaml")])
    assert result.exit_code == 2, result.output
    assert "[TP-ATTACHED-CONTRACT]" in result.output and "attachments[0].kind" in result.output
    text = text.replace("kind: model-contract", "kind: other")
    (spec_dir / "tender.yaml").write_text(text, encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(spec_dir / "tender.yaml")]).exit_code == 0
