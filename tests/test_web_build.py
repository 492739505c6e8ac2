"""Preview, build and history on the page (issue 15, items 4, 5 and 7): any document as HTML
from the same tree as the pack, a build as a job on the queue with its progress, the pack as a
zip that verifies later, and versions compared and restored."""

from __future__ import annotations

import io
import re
import time
import zipfile

from test_web_support import DATA, client, form_data, new_tender, text


def test_preview_any_document_from_the_same_tree_within_a_second():
    """The front page shows the tender at a glance; each document of the pack previews as HTML
    (the PDF writer's own HtmlBuilder), quickly, and a document the pack lacks is a 404."""
    c = client()
    tender = new_tender(c, "innovation-home-care")
    overview = text(c.get(f"/tenders/{tender}/"))
    glance = re.search(r'id="at-a-glance">(.*?)</div>\s*<h2', overview, re.S).group(1)
    assert "At a glance" in glance and "Who is buying" in glance
    links = re.findall(rf'href="/tenders/{tender}/preview/([a-z0-9-]+)/"', overview)
    assert "invitation-to-tender" in links and "draft-contract" in links
    for document in ("invitation-to-tender", "evaluation-methodology"):
        started = time.perf_counter()
        page = c.get(f"/tenders/{tender}/preview/{document}/")
        elapsed = time.perf_counter() - started
        assert page.status_code == 200
        assert '<section class="section">' in text(page)
        assert elapsed < 1.0, f"{document} took {elapsed:.2f}s"
    assert c.get(f"/tenders/{tender}/preview/no-such-document/").status_code == 404


def test_a_build_runs_as_a_job_with_progress_and_its_zip_verifies():
    """Build: queued on the SQLite queue in the data folder, taken by a worker (here the test
    takes it, as `tenderpack worker` does), progress counted file by file; the pack downloads as
    a zip whose Word files read back, and it verifies later, and not once a file is changed."""
    from tenderpack.web import jobs

    c = client()
    tender = new_tender(c)
    started = c.post(f"/tenders/{tender}/builds/new", {"formats": ["docx"]})
    assert started.status_code == 302
    build_url = started["Location"]
    waiting = text(c.get(build_url))
    # the page follows a running build with build-progress.mjs (no timed refresh: WCAG 2.2.1)
    assert "queued" in waiting and 'id="build-progress"' in waiting and 'http-equiv="refresh"' not in waiting
    assert (DATA / "queue.sqlite3").is_file()
    huey = jobs.queue()
    task = huey.dequeue()
    assert task is not None
    huey.execute(task)
    done = text(c.get(build_url))
    assert "built" in done and 'id="build-progress"' not in done
    build_id = int(re.search(r"/builds/(\d+)/", build_url).group(1))
    from tenderpack.web.models import Build

    row = Build.objects.get(pk=build_id)
    assert row.status == Build.DONE and row.total > 10 and row.done == row.total
    archive = c.get(f"/builds/{build_id}/pack.zip")
    assert archive["Content-Disposition"].startswith('attachment; filename="ktc-2027-003-build-')
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as z:
        names = z.namelist()
        assert "manifest.json" in names and "invitation-to-tender.docx" in names
        assert not [n for n in names if n.endswith(".pdf")]
        import docx

        words = "\n".join(p.text for p in docx.Document(io.BytesIO(z.read("invitation-to-tender.docx"))).paragraphs)
        assert "Kelbrook" in words
    verified = text(c.post(build_url))
    assert "Every file matches the manifest this build wrote" in verified
    (jobs.pack_folder(build_id) / "pack" / "invitation-to-tender.docx").write_bytes(b"changed")
    tampered = text(c.post(build_url))
    assert "The pack has changed" in tampered and "invitation-to-tender.docx" in tampered
    listed = text(c.get(f"/tenders/{tender}/builds/"))
    assert f"/builds/{build_id}/" in listed


def test_a_build_that_crashes_keeps_the_saved_spec(monkeypatch):
    """A build whose engine fails is marked failed with the reason; the version it was built
    from is unchanged and still downloads."""
    from tenderpack.web import engine, jobs
    from tenderpack.web.models import Build, Version

    c = client()
    tender = new_tender(c)
    before = c.get(f"/tenders/{tender}/tender.yaml").content

    def crash(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(engine, "build", crash)
    started = c.post(f"/tenders/{tender}/builds/new", {"formats": ["docx"]})
    build_id = int(re.search(r"/builds/(\d+)/", started["Location"]).group(1))
    jobs.run_build(build_id)
    page = text(c.get(started["Location"]))
    assert "The build failed" in page and "the disk is full" in page
    assert Build.objects.get(pk=build_id).status == Build.FAILED
    assert c.get(f"/tenders/{tender}/tender.yaml").content == before
    assert Version.objects.filter(tender_id=tender).count() == 1
    assert c.get(f"/builds/{build_id}/pack.zip").status_code == 404
    # the queued job is still there (the test ran it by hand): drop it so no other test takes it
    jobs.queue().flush()


def test_a_spec_with_errors_cannot_be_built():
    c = client()
    tender = new_tender(c)
    page = text(c.get(f"/tenders/{tender}/sections/contract/"))
    c.post(f"/tenders/{tender}/sections/contract/", form_data(page, **{"commercial.payment_days": "45"}))
    refused = c.post(f"/tenders/{tender}/builds/new", {"formats": ["docx"]})
    assert refused.status_code == 409
    assert "Fix the errors in this tender before you build its pack" in text(refused)


def test_history_compare_and_go_back():
    """Every save is a version; comparing two shows the fields that changed and the documents
    they change; going back saves the earlier text as a new version."""
    c = client()
    tender = new_tender(c)
    page = text(c.get(f"/tenders/{tender}/sections/contract/"))
    assert c.post(f"/tenders/{tender}/sections/contract/",
                  form_data(page, **{"submission.validity_days": "120"})).status_code == 302
    history = text(c.get(f"/tenders/{tender}/history/"))
    assert "Started from the example small-open-grounds" in history and "Saved Contract" not in history
    page = text(c.get(f"/tenders/{tender}/sections/procedure/"))
    assert c.post(f"/tenders/{tender}/sections/procedure/",
                  form_data(page, **{"submission.validity_days": "120"})).status_code == 302
    compare = text(c.get(f"/tenders/{tender}/compare/?a=1&b=2"))
    changes = re.search(r'id="changes">(.*?)</table>', compare, re.S).group(1)
    assert "submission.validity_days" in changes and "120" in changes
    documents = re.search(r'id="changed-documents">(.*?)</(ul|p)>', compare, re.S).group(1)
    assert "Invitation to tender" in documents
    assert "Glossary" not in documents
    page = text(c.get(f"/tenders/{tender}/history/"))
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    assert c.post(f"/tenders/{tender}/versions/1/revert", {"revision": revision}).status_code == 302
    assert "validity_days: 120" not in c.get(f"/tenders/{tender}/tender.yaml").content.decode()
    assert "Went back to version 1" in text(c.get(f"/tenders/{tender}/history/"))
    stale = c.post(f"/tenders/{tender}/versions/2/revert", {"revision": revision})
    assert stale.status_code == 409 and "This tender changed in another window" in text(stale)
