"""The web page's remaining features (issue 15): a PostgreSQL database through the same data layer,
attached files uploaded on the page, comments kept on save, plain labels from the model's titles,
brand-safe styles, preview widths without inline styles, and "Remove" that names its item."""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.limits import ATTACHMENT_MAX_BYTES
from test_web_support import DATA, client, form_data, new_tender, text

from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "tenderpack" / "web" / "static"
SITE_LIST = b"site,address\nMemorial Park,Church Lane\nKelbrook Cemetery,Mill Road\n"


def _yaml(c, tender: int) -> str:
    return c.get(f"/tenders/{tender}/tender.yaml").content.decode("utf-8")


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _tender_from(c, spec_text: str) -> int:
    response = c.post("/tenders/upload", {"spec": _upload("tender.yaml", spec_text.encode("utf-8"))})
    assert response.status_code == 302, text(response)[:500]
    return int(re.search(r"/tenders/(\d+)/", response["Location"]).group(1))


# ---------------------------------------------------------------------------- PostgreSQL


def test_a_postgresql_url_becomes_django_database_settings(tmp_path):
    """--database postgresql://… is read by dj-database-url into Django's DATABASES (user, an
    escaped password, host, port, name, options); without it the SQLite file of the data folder."""
    from tenderpack.web.settings import POSTGRES, SQLITE, databases

    config = databases("postgresql://tp:p%40ss@db.example:5433/tenders?sslmode=require", tmp_path)["default"]
    assert config["ENGINE"] == POSTGRES
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == \
        ("tp", "p@ss", "db.example", 5433, "tenders")
    assert config["OPTIONS"] == {"sslmode": "require"} and config["CONN_HEALTH_CHECKS"] is True
    default = databases(None, tmp_path)["default"]
    assert default["ENGINE"] == SQLITE and default["NAME"] == str(tmp_path / "tenderpack.sqlite3")
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize("url, words", [
    ("mysql://tp:hunter2@db.example/tenders", "keeps its data in PostgreSQL or SQLite only"),
    ("postgres://tp:hunter2@db.example:5432/", "names no database"),
    ("tenders-db", "not a database address tenderpack can use"),
])
def test_a_database_url_tenderpack_cannot_use_is_refused_in_words(tmp_path, url, words):
    """A URL of another database, or one without a database name, is bad input: the message names
    --database, says what to write instead and never shows the password."""
    from tenderpack.errors import InputError
    from tenderpack.web.settings import databases

    with pytest.raises(InputError) as refused:
        databases(url, tmp_path)
    message = str(refused.value)
    assert message.startswith("--database ") and words in message
    assert "postgresql://USER:PASSWORD@HOST:5432/NAME" in message and "hunter2" not in message
    assert refused.value.exit_code == 2


def _cli(args: list[str], env: dict | None = None, block_driver: bool = False) -> subprocess.CompletedProcess:
    """`tenderpack ARGS` in a fresh process; with ``block_driver``, as if psycopg were not installed."""
    block = "import sys\nsys.modules['psycopg'] = None\nsys.modules['psycopg2'] = None\n" if block_driver else ""
    code = block + f"from tenderpack.cli import cli\ncli({args!r}, prog_name='tenderpack')\n"
    import os

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def test_postgresql_without_its_driver_says_how_to_install_it(tmp_path):
    """`worker --database postgresql://…` (and `serve` with TENDERPACK_DATABASE) without psycopg:
    exit 2, and the message says `pip install 'tenderpack[postgres]'`, with the password hidden."""
    url = "postgresql://tp:hunter2@127.0.0.1:5432/tenders"
    worker = _cli(["worker", "--data", str(tmp_path / "w"), "--database", url], block_driver=True)
    served = _cli(["serve", "--data", str(tmp_path / "s"), "--no-worker"], env={"TENDERPACK_DATABASE": url},
                  block_driver=True)
    for done in (worker, served):
        assert done.returncode == 2, done.stderr
        assert "PostgreSQL needs its Python driver, psycopg" in done.stderr
        assert "pip install 'tenderpack[postgres]'" in done.stderr
        assert "tp:***@127.0.0.1:5432/tenders" in done.stderr and "hunter2" not in done.stderr
        assert "Traceback" not in done.stderr


def test_a_database_that_cannot_be_reached_is_a_clear_message(tmp_path):
    """With the driver installed, a PostgreSQL server that is not there: exit 2, "cannot open the
    database", what to check, and no password."""
    done = _cli(["worker", "--data", str(tmp_path), "--database", "postgresql://tp:hunter2@127.0.0.1:1/tenders"])
    assert done.returncode == 2, done.stderr
    assert "cannot open the database" in done.stderr and "hunter2" not in done.stderr
    assert "check the address, the user and the password" in done.stderr


def test_help_says_workers_share_the_database_and_the_data_folder():
    for command in ("serve", "worker"):
        shown = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output
        flat = " ".join(shown.split())
        assert "--database URL" in flat and "TENDERPACK_DATABASE" in flat
        assert "must share the data folder too" in flat and "pip install 'tenderpack[postgres]'" in flat


# ---------------------------------------------------------------------------- attached files


def _attach(c, tender: int, name: str, content: bytes, **fields):
    """"Add" an attached file on the Attached files page, fill it in and upload ``content``."""
    page = text(c.get(f"/tenders/{tender}/sections/files/"))
    page = text(c.post(f"/tenders/{tender}/sections/files/", form_data(page, _action="add:attachments")))
    count = int(re.search(r'name="attachments.count" value="(\d+)"', page).group(1))
    i = count - 1
    data = form_data(page, **{f"attachments.{i}.{k}": v for k, v in fields.items()})
    data[f"attachments.{i}.file.upload"] = _upload(name, content)
    return c.post(f"/tenders/{tender}/sections/files/", data)


def test_an_uploaded_file_is_kept_by_a_key_and_the_spec_builds_from_the_zip(tmp_path):
    """A file uploaded for an attachment is kept under a key the server makes (not the name the
    browser sent); the spec's file: is set by the server (a path typed into the form is ignored);
    the download zip holds tender.yaml with the file where it says, and `tenderpack build` on the
    unzipped folder copies the same bytes into the pack."""
    c = client()
    tender = new_tender(c)
    saved = _attach(c, tender, "../../Site List (2027).CSV", SITE_LIST, title="Site list", kind="site-list",
                    file="/etc/passwd")
    assert saved.status_code == 302
    spec = _yaml(c, tender)
    value = re.search(r"file: (files/([0-9a-f]{32})/site-list-2027\.csv)\n", spec)
    assert value, spec
    assert "/etc/passwd" not in spec
    stored = DATA / "attached" / str(tender) / value.group(2)
    assert stored.read_bytes() == SITE_LIST
    assert not list(DATA.rglob("Site List*")) and not list(DATA.rglob("*.CSV"))

    overview = text(c.get(f"/tenders/{tender}/"))
    assert "Has errors" not in overview
    assert "Download tender.yaml with its 1 attached file (.zip)" in overview
    needs = re.search(r'id="yaml-needs">(.*?)</div>', overview, re.S).group(1)
    assert f"<code>{value.group(1)}</code>: in the zip" in needs
    archive = c.get(f"/tenders/{tender}/tender.zip")
    assert archive["Content-Disposition"].startswith('attachment; filename="ktc-2027-003-v')
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as z:
        assert sorted(z.namelist()) == sorted(["tender.yaml", value.group(1)])
        z.extractall(tmp_path / "spec")
    assert (tmp_path / "spec" / "tender.yaml").read_text(encoding="utf-8") == spec
    out = tmp_path / "pack"
    built = CliRunner().invoke(cli, ["build", str(tmp_path / "spec" / "tender.yaml"), "-o", str(out),
                                     "--format", "docx", "--only", "tender-at-a-glance"])
    assert built.exit_code == 0, built.output
    assert (out / "attachments" / "site-list-2027.csv").read_bytes() == SITE_LIST


def test_a_build_on_the_page_copies_the_uploaded_file_into_the_pack():
    """The worker writes the version's files beside its tender.yaml from the data folder, so the
    pack it builds holds the uploaded file, listed in its manifest."""
    from tenderpack.web import jobs

    c = client()
    tender = new_tender(c)
    assert _attach(c, tender, "drawings.pdf", b"%PDF-1.4 drawings", title="Drawings", kind="drawings").status_code == 302
    started = c.post(f"/tenders/{tender}/builds/new", {"formats": ["docx"]})
    build_id = int(re.search(r"/builds/(\d+)/", started["Location"]).group(1))
    jobs.run_build(build_id)
    jobs.queue().flush()   # the job the page queued was run here, by hand
    archive = c.get(f"/builds/{build_id}/pack.zip")
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as z:
        assert z.read("attachments/drawings.pdf") == b"%PDF-1.4 drawings"
        import json

        manifest = json.loads(z.read("manifest.json"))
    assert any(f.get("path") == "attachments/drawings.pdf" for f in manifest["files"])


def test_an_upload_survives_add_another_before_the_save_and_a_forged_value_does_not():
    """A file uploaded with "Add another" pressed (the page is drawn again, not saved) is still
    there at the save: the server's value travels with the page, signed. A value typed into that
    hidden field instead is ignored."""
    c = client()
    tender = new_tender(c)
    page = text(c.get(f"/tenders/{tender}/sections/files/"))
    page = text(c.post(f"/tenders/{tender}/sections/files/", form_data(page, _action="add:attachments")))
    data = form_data(page, _action="add:attachments", **{"attachments.0.title": "Site list"})
    data["attachments.0.file.upload"] = _upload("sites.csv", SITE_LIST)
    redrawn = c.post(f"/tenders/{tender}/sections/files/", data)
    assert redrawn.status_code == 200 and "Uploaded: <code>sites.csv</code>" in text(redrawn)
    forged = form_data(text(redrawn), **{"attachments.1.title": "Secret", "attachments.1.file.kept": "/etc/passwd"})
    assert c.post(f"/tenders/{tender}/sections/files/", forged).status_code == 302
    spec = _yaml(c, tender)
    assert re.search(r"- title: Site list\n    file: files/[0-9a-f]{32}/sites\.csv\n", spec), spec
    assert "- title: Secret\n" in spec and "/etc/passwd" not in spec


def test_a_file_the_uploaded_spec_names_is_missing_until_it_is_uploaded():
    """A tender.yaml uploaded with a file of the buyer's own folder: the engine's own message
    stands beside the file's upload field, naming the file as the spec does (not the server's
    path); uploading the file there replaces the value and the error goes."""
    spec = (EXAMPLES / "small-open-grounds.yaml").read_text(encoding="utf-8")
    spec += "\nattachments:\n  - title: Site list\n    file: attachments/site-list.csv\n    kind: site-list\n"
    c = client()
    tender = _tender_from(c, spec)
    page = text(c.get(f"/tenders/{tender}/sections/files/"))
    beside = re.search(r'id="f-attachments-0-file-error"(.*?)</p>', page, re.S).group(1)
    assert "file not found: attachments/site-list.csv" in beside and str(DATA) not in page
    assert "The specification names <code>attachments/site-list.csv</code>" in page
    overview = text(c.get(f"/tenders/{tender}/"))
    assert "<code>attachments/site-list.csv</code>: not uploaded here" in overview
    data = form_data(page)
    data["attachments.0.file.upload"] = _upload("site-list.csv", SITE_LIST)
    assert c.post(f"/tenders/{tender}/sections/files/", data).status_code == 302
    page = text(c.get(f"/tenders/{tender}/sections/files/"))
    assert "f-attachments-0-file-error" not in page
    assert "Uploaded: <code>site-list.csv</code>" in page
    assert re.search(r"file: files/[0-9a-f]{32}/site-list\.csv\n", _yaml(c, tender))


def test_a_file_over_the_engine_limit_is_refused_naming_the_limit():
    """A file over ATTACHMENT_MAX_BYTES (the engine's limit for one attached file) is refused on
    the page beside its field and in the error summary, naming the limit; nothing is saved or kept."""
    c = client()
    tender = new_tender(c)
    before = _yaml(c, tender)
    refused = _attach(c, tender, "huge.pdf", b"x" * (ATTACHMENT_MAX_BYTES + 1), title="Huge")
    assert refused.status_code == 400
    page = text(refused)
    limit = f"The selected file must be {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB or smaller (ATTACHMENT_MAX_BYTES"
    beside = re.search(r'id="f-attachments-0-file-error"(.*?)</p>', page, re.S).group(1)
    assert limit in beside
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S).group(1)
    assert 'href="#f-attachments-0-file"' in summary and limit in summary
    assert _yaml(c, tender) == before
    assert not (DATA / "attached" / str(tender)).exists()
    empty = _attach(c, tender, "empty.pdf", b"", title="Empty")
    assert empty.status_code == 400 and "The selected file is empty" in text(empty)


# ---------------------------------------------------------------------------- comments kept


def _comments(spec_text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#[^\n]*", spec_text)]


def test_a_save_keeps_the_buyers_comments_and_changes_only_its_line(tmp_path):
    """Saving a section of innovation-home-care.yaml (full of comments) writes the changed value
    into the buyer's own text: every comment is still there, the one changed line is the only
    difference, and the saved YAML builds with the command line."""
    original = (EXAMPLES / "innovation-home-care.yaml").read_text(encoding="utf-8")
    c = client()
    tender = new_tender(c, "innovation-home-care")
    page = text(c.get(f"/tenders/{tender}/sections/contract/"))
    assert c.post(f"/tenders/{tender}/sections/contract/",
                  form_data(page, **{"commercial.payment_days": "28"})).status_code == 302
    saved = _yaml(c, tender)
    assert _comments(saved) == _comments(original)
    changed = [line for line in difflib.unified_diff(original.splitlines(), saved.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 2, changed
    assert re.fullmatch(r"\+  payment_days: 28 +# 30 days at most under the Procurement Act 2023", changed[1])
    spec = tmp_path / "tender.yaml"
    spec.write_text(saved, encoding="utf-8")
    built = CliRunner().invoke(cli, ["build", str(spec), "-o", str(tmp_path / "pack"), "--format", "docx",
                                     "--only", "tender-at-a-glance"])
    assert built.exit_code == 0, built.output


@pytest.mark.parametrize("example", ["small-open-grounds", "innovation-home-care", "framework-highways"])
def test_saving_every_section_as_shown_leaves_the_text_as_it_was(example):
    """Each section saved as the page shows it (marked complete, so each is a new version) leaves
    the buyer's file exactly as it was: comments, order, quoting and blank lines."""
    c = client()
    tender = new_tender(c, example)
    from tenderpack.web.sections import sections

    for part in sections():
        page = text(c.get(f"/tenders/{tender}/sections/{part.slug}/"))
        saved = c.post(f"/tenders/{tender}/sections/{part.slug}/", form_data(page, completed="yes"))
        assert saved.status_code == 302, part.slug
    assert _yaml(c, tender) == (EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8")


def test_written_values_read_back_as_posted_and_comments_stay_in_their_place():
    """yamltext.update: a value the spec's reader (YAML 1.1) would take for another type is quoted
    ("No"; its comment keeps its column), text with line breaks is a block, an item added to a
    list goes before the comment heading that follows the list, and one removed leaves that
    heading where it was."""
    from tenderpack.reader import load_data
    from tenderpack.web.yamltext import update

    text_ = ("title: Grounds   # short\ncpv:\n  - 77314000-4   # grounds\n\n# ---- who is buying\n"
             "buyer:\n  lead:\n    name: Kelbrook Town Council\n")
    old = load_data(text_, "t.yaml")[0]
    new = {**old, "title": "No", "cpv": ["77314000-4", "77313000-7"],
           "buyer": {"lead": {"name": "Kelbrook Town Council\nTown Hall"}}}
    written = update(text_, old, new)
    assert load_data(written, "t.yaml")[0] == new
    assert written == ("title: 'No'      # short\ncpv:\n  - 77314000-4   # grounds\n  - 77313000-7\n\n"
                       "# ---- who is buying\nbuyer:\n  lead:\n    name: |-\n      Kelbrook Town Council\n"
                       "      Town Hall\n")
    fewer = update(written, new, {**new, "cpv": ["77314000-4"]})
    assert "  - 77314000-4   # grounds\n\n# ---- who is buying\nbuyer:" in fewer


# ---------------------------------------------------------------------------- Remove names its item


def _lots_page(c, tender: int) -> str:
    return text(c.get(f"/tenders/{tender}/sections/lots/"))


def _remove_button(page: str, label: str) -> str:
    return re.search(rf'name="_action" value="(remove:lots\.items:[^"]+)">Remove {label}<', page).group(1)


def test_remove_keeps_every_other_lot_with_its_own_comments_and_fields():
    """Remove lot 2, then save: lot 3 (now second) keeps its own comment and the key the page
    does not show, instead of taking lot 2's, because each item posts its key."""
    spec = (EXAMPLES / "framework-highways.yaml").read_text(encoding="utf-8")
    spec = spec.replace("      title: Footway and kerb repairs\n",
                        "      title: Footway and kerb repairs   # lot 2's comment\n      kept_b: lot 2's own\n")
    spec = spec.replace("      title: Road markings and signs\n",
                        "      title: Road markings and signs   # lot 3's comment\n      kept_c: lot 3's own\n")
    c = client()
    tender = _tender_from(c, spec)
    page = _lots_page(c, tender)
    redrawn = c.post(f"/tenders/{tender}/sections/lots/", form_data(page, _action=_remove_button(page, "lot 2")))
    assert redrawn.status_code == 200 and "Footway and kerb repairs" not in text(redrawn)
    assert c.post(f"/tenders/{tender}/sections/lots/", form_data(text(redrawn))).status_code == 302
    saved = _yaml(c, tender)
    assert "Footway and kerb repairs" not in saved and "lot 2's" not in saved
    assert "title: Road markings and signs   # lot 3's comment\n      kept_c: lot 3's own\n" in saved
    assert saved.count("kept_c") == 1 and "kept_b" not in saved


def test_remove_hits_its_own_item_when_an_item_before_it_was_emptied():
    """Lot 1 emptied on the page (so it is left out when the form is read) and "Remove" pressed on
    lot 3: lot 3 goes, and lot 4 stays (by position, lot 4 would have gone)."""
    c = client()
    tender = new_tender(c, "framework-highways")
    page = _lots_page(c, tender)
    data = form_data(page, _action=_remove_button(page, "lot 3"))
    for name, values in list(data.items()):
        if name.startswith("lots.items.0.") and not name.endswith("._key"):
            data[name] = ["__unset__"] if "__unset__" in values else [""]
    redrawn = text(c.post(f"/tenders/{tender}/sections/lots/", data))
    assert "Road resurfacing" not in redrawn   # lot 1, emptied, is left out: the others move up
    assert "Road markings and signs" not in redrawn
    assert "Street lighting" in redrawn and "Footway and kerb repairs" in redrawn


# ---------------------------------------------------------------------------- labels


def test_labels_are_the_models_titles_and_the_summary_names_the_field_by_its_label():
    """A field with a title shows it as its label ("Estimated value, excluding VAT", not the
    name made into words); the error summary names the field by its labels, and the message
    beside it keeps the command line's code and words."""
    from tenderpack.spec import Commercial, Value

    c = client()
    tender = new_tender(c)
    value = text(c.get(f"/tenders/{tender}/sections/value/"))
    assert Value.model_fields["estimated_excluding_vat"].title == "Estimated value, excluding VAT"
    assert '<label class="govuk-label govuk-label--s" for="f-value-estimated-excluding-vat">Estimated value, excluding VAT</label>' in value
    assert "Estimated excluding VAT" not in value
    page = text(c.get(f"/tenders/{tender}/sections/contract/"))
    response = c.post(f"/tenders/{tender}/sections/contract/", form_data(page, **{"commercial.payment_days": "45"}))
    page = text(c.get(response["Location"]))
    label = Commercial.model_fields["payment_days"].title
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S).group(1)
    line = re.search(r'<a href="#f-commercial-payment-days">(.*?)</a>', summary).group(1)
    assert line.startswith(f"Commercial terms: {label}: [")
    beside = re.search(r'id="f-commercial-payment-days-error"(.*?)</p>', page, re.S).group(1)
    code = re.search(r'data-code="([A-Z0-9-]+)"', beside).group(1)
    assert f"[{code}]" in line


# ---------------------------------------------------------------------------- styles


def test_the_styles_use_arial_and_nothing_reserved_for_gov_uk():
    """The CSS is compiled with Arial and no @font-face: no GDS Transport, no font file, no crest
    image; no font or crown image ships or is served, and no page refers to one."""
    css = (STATIC / "govuk-frontend" / "govuk-frontend.min.css").read_text(encoding="utf-8-sig")
    for reserved in ("GDS Transport", "@font-face", "/assets/", "govuk-crest", "url("):
        assert reserved not in css, reserved
    assert "font-family:arial,sans-serif" in css and ".govuk-task-list" in css
    shipped = [p.name for p in STATIC.rglob("*") if p.is_file()]
    assert not [n for n in shipped if n.endswith((".woff", ".woff2", ".ico", ".png")) or "crest" in n], shipped
    c = client()
    tender = new_tender(c)
    for url in ("/", f"/tenders/{tender}/", f"/tenders/{tender}/sections/files/",
                f"/tenders/{tender}/preview/invitation-to-tender/"):
        page = text(c.get(url))
        for reserved in ("GDS Transport", "/assets/", "favicon.ico", "crest", "govuk-logo"):
            assert reserved not in page, (url, reserved)
        assert 'href="/static/tenderpack/favicon.svg"' in page
    assert c.get("/assets/fonts/bold-b542beb274-v2.woff2").status_code == 404


# ---------------------------------------------------------------------------- preview widths


def test_the_preview_carries_its_column_widths_without_inline_styles():
    """The preview's tables keep the widths the PDF writer gives them, as classes whose rules
    are in one <style> element with the response's CSP nonce; no style attribute anywhere, and
    the policy still has no 'unsafe-inline'."""
    from tenderpack.web import engine
    from tenderpack.web.models import Tender

    c = client()
    tender = new_tender(c, "innovation-home-care")
    response = c.get(f"/tenders/{tender}/preview/evaluation-methodology/")
    page = text(response)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    nonce = re.search(r"style-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert not re.search(r"<[^>]+\sstyle=", page)
    style = re.search(r'<style nonce="([^"]+)">(.*?)</style>', page, re.S)
    assert style and style.group(1) == nonce
    version = Tender.objects.get(pk=tender).versions.first()
    from tenderpack.web.views import _file

    written = engine.preview(_file(version), "evaluation-methodology")[1]
    widths = re.findall(r'<col style="width: ([0-9.]+)%">', written)
    assert widths
    for width in widths:
        name = "tp-w-" + width.replace(".", "-")
        assert f'<col class="{name}">' in page
        assert f".tp-preview col.{name} {{ width: {width}%; }}" in style.group(2)
    overview = c.get(f"/tenders/{tender}/")
    assert not re.search(r"<[^>]+\sstyle=", text(overview))
    assert '<style nonce="' in text(overview)   # the tender at a glance has its key facts table


def test_serve_on_a_port_in_use_says_so(tmp_path):
    """A port another program holds is bad input with a way out, not an internal error."""
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = _cli(["serve", "--data", str(tmp_path), "--no-worker", "--port", str(port)])
    assert done.returncode == 2, done.stderr
    assert f"another program already listens on 127.0.0.1:{port}" in done.stderr
    assert "choose another port with --port" in done.stderr and "internal error" not in done.stderr
