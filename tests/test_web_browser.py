"""The web page in a real browser (issue 15, item 10): Debian's chromium, driven by Playwright,
against a real `tenderpack serve` process (its own data folder, a free port, its worker child).

The journeys a buyer takes: start from an example; fix an error shown beside its field; add a
lot; preview the tender at a glance; build, download and open the zip; restart the server and
find everything again. On every page a journey reaches: no console error (so nothing breaks
the page's Content-Security-Policy) and no WCAG 2.2 AA violation found by axe-core. Each main
page is saved as a screenshot in the test's temporary folder (scripts/screenshots.py writes
the README's own into docs/screenshots/).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from web_support import Axe, Missing, Server, Watched, describe, launch

VIEWPORT = {"width": 1024, "height": 768}
GROUNDS = "Grounds maintenance for Kelbrook parks and cemetery"       # examples/small-open-grounds.yaml
HOME_CARE = "Home care that helps people stay independent"            # examples/innovation-home-care.yaml

# What the journeys made, for the last one to find after a restart.
made: dict[str, list] = {"tenders": [], "builds": []}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("web-browser") / "data")
    s.start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: scripts/setup.sh --test installs the 'test' extra "
                    "(pip install -e '.[test]', with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)", pytrace=False)
    with sync_playwright() as p:
        try:
            chromium = launch(p)
        except Missing as exc:
            pytest.fail(str(exc), pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def axe(browser):
    checker = Axe(browser, VIEWPORT)
    yield checker
    checker.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


class Visit:
    """One browser tab on the server, with its console watched and axe at hand."""

    def __init__(self, browser, server: Server, axe: Axe, shots: Path) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, base_url=server.url, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.watched = Watched(self.page)
        self.axe, self.shots = axe, shots

    def look(self, shot: str | None = None, full: bool = True) -> None:
        """The page as it stands: no console error, no WCAG 2.2 AA violation; a screenshot if named."""
        errors = self.watched.take()
        assert not errors, f"{self.page.url}: the console says\n" + "\n".join(errors)
        violations = self.axe.violations(self.page)
        assert not violations, f"{self.page.url}: axe-core finds\n{describe(violations)}"
        if shot:
            self.page.screenshot(path=str(self.shots / f"{shot}.png"), full_page=full)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(request, browser, server, axe, shots):
    v = Visit(browser, server, axe, shots)
    failed = request.session.testsfailed
    yield v
    if request.session.testsfailed > failed:   # what the page showed when the test failed
        v.page.screenshot(path=str(shots / f"failed-{request.node.name}.png"), full_page=True)
        print(f"screenshot of the failure: {shots}/failed-{request.node.name}.png")
    v.close()


def start_from(v: Visit, title: str) -> int:
    """Start a tender from the example called ``title`` on the home page; its id."""
    page = v.page
    page.goto("/")
    page.get_by_label(title).check()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url(re.compile(r"/tenders/\d+/$"))
    tender = int(re.search(r"/tenders/(\d+)/$", page.url).group(1))
    made["tenders"].append((tender, title))
    return tender


def heading(page) -> str:
    return page.locator("main h1").first.inner_text().strip()


# ---------------------------------------------------------------------------- the journeys


def test_start_from_an_example(visit):
    """The home page offers the examples; starting without choosing one says what to do beside
    the choices; choosing one opens its task list at version 1, and the home page lists it."""
    page = visit.page
    page.goto("/")
    assert heading(page) == "Your tenders"
    visit.look("home")
    page.get_by_role("button", name="Start", exact=True).click()
    assert page.locator("#example-error").inner_text().endswith("Choose an example to start from")
    visit.look()
    tender = start_from(visit, GROUNDS)
    assert heading(page) == GROUNDS
    assert page.locator(".govuk-caption-l").first.inner_text() == "KTC-2027-003"
    assert "Version 1: Started from the example small-open-grounds." in page.locator("main").inner_text()
    tasks = page.locator("#task-list .govuk-task-list__item")
    assert tasks.count() == 11
    assert "Has errors" not in page.locator("#task-list").inner_text()
    visit.look("task-list", full=False)
    page.goto("/")
    row = page.locator("table.govuk-table tr", has_text="KTC-2027-003")
    assert row.get_by_role("link", name=GROUNDS).get_attribute("href") == f"/tenders/{tender}/"
    visit.look()


def test_fix_an_error_shown_beside_its_field(visit):
    """Payment in 45 days breaks the rule on prompt payment: saved, the page shows the rule's
    message beside the field and in the error summary; its link moves to the field; 30 fixes it."""
    page = visit.page
    tender = start_from(visit, GROUNDS)
    page.locator(f'#task-list a[href="/tenders/{tender}/sections/contract/"]').click()
    field = page.locator("#f-commercial-payment-days")
    assert field.input_value() == "30"
    field.fill("45")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"\?saved=1$"))
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    link = summary.locator('a[href="#f-commercial-payment-days"]')
    code = re.search(r"\[([A-Z0-9]+(?:-[A-Z0-9]+)+)\] ", link.inner_text()).group(1)
    assert page.locator('label[for="f-commercial-payment-days"]').inner_text() in link.inner_text()
    beside = page.locator("#f-commercial-payment-days-error")
    assert code in beside.inner_text() and "30" in beside.inner_text()
    # the message sits in the field's own group, which is marked as in error, and is read with it
    group = page.locator(".govuk-form-group--error", has=page.locator("#f-commercial-payment-days"))
    assert group.locator("#f-commercial-payment-days-error").count() == 1
    assert "f-commercial-payment-days-error" in field.get_attribute("aria-describedby")
    visit.look("error-beside-field", full=False)
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-commercial-payment-days"
    field.fill("30")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"\?saved=1$"))
    assert page.locator(".govuk-error-summary").count() == 0
    assert page.locator(".govuk-notification-banner--success").inner_text().strip().endswith("Saved as version 3.")
    visit.look()
    page.goto(f"/tenders/{tender}/")
    assert "Has errors" not in page.locator("#task-list").inner_text()
    assert page.locator(".govuk-error-summary").count() == 0
    visit.look()


def test_add_a_lot(visit):
    """On the home care tender's lots page, "Add another lot" opens an empty third lot (not saved
    yet, and the page says so); filled in and saved, the tender at a glance lists it, and the
    page warns that the lots' values no longer add up to the estimated value."""
    page = visit.page
    tender = start_from(visit, HOME_CARE)
    page.locator(f'#task-list a[href="/tenders/{tender}/sections/lots/"]').click()
    assert page.locator("#f-lots-items-1-title").input_value() == "Care technology and remote support"
    page.locator('button[value="add:lots.items"]').click()
    assert "not saved yet" in page.locator(".govuk-notification-banner").inner_text()
    new = page.locator("#f-lots-items-2")
    assert new.locator("#f-lots-items-2-title").input_value() == ""
    new.locator("#f-lots-items-2-number").fill("3")
    new.locator("#f-lots-items-2-title").fill("Support for unpaid carers")
    new.locator("#f-lots-items-2-description").fill("Breaks, advice and training for people who look after someone.")
    new.locator("#f-lots-items-2-value").fill("600000")
    new.locator("#f-lots-items-2-suppliers").fill("2")
    new.scroll_into_view_if_needed()
    visit.look("add-a-lot", full=False)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"\?saved=1$"))
    assert page.locator(".govuk-error-summary").count() == 0
    banner = page.locator(".govuk-notification-banner--success").inner_text()
    assert banner.strip().endswith("Saved as version 2, with 1 warning to read.")
    warning = page.locator(".govuk-warning-text", has_text="TP-LOT-VALUES").inner_text()
    assert "add up to £5,400,000" in warning and "£4,800,000" in warning
    assert page.locator("#f-lots-items-2-title").input_value() == "Support for unpaid carers"
    visit.look()
    page.goto(f"/tenders/{tender}/")
    lots = page.locator("#at-a-glance").get_by_role("row", name=re.compile(r"^Lots ")).inner_text()
    assert "3. Support for unpaid carers (up to two winners)" in lots, lots
    visit.look()


def test_preview_the_tender_at_a_glance(visit):
    """The task list shows the tender at a glance from the pack's own document tree; each
    document of the pack previews on a page of its own."""
    page = visit.page
    start_from(visit, HOME_CARE)
    glance = page.locator("#at-a-glance")
    assert glance.get_by_role("heading", name="At a glance").count() == 1
    assert "Who is buying" in glance.inner_text()
    buyer = glance.get_by_role("row", name=re.compile(r"^Who is buying ")).locator("td").inner_text()
    visit.look()
    page.locator("#documents").get_by_role("link", name="Tender at a glance").click()
    assert heading(page) == "Tender at a glance"
    assert buyer in page.locator("#preview").inner_text()
    visit.look("preview-at-a-glance", full=False)
    page.get_by_role("link", name="Invitation to tender").click()
    assert heading(page) == "Invitation to tender"
    assert page.locator("#preview h1, #preview h2").count() > 3
    visit.look()


@pytest.fixture(scope="module")
def built(browser, server, axe, shots, tmp_path_factory):
    """A pack built on the page and downloaded: started from the grounds example, built in Word
    and PDF by the server's worker, the zip saved by the browser."""
    v = Visit(browser, server, axe, shots)
    page = v.page
    try:
        tender = start_from(v, GROUNDS)
        assert page.locator("#format-docx").is_checked() and page.locator("#format-pdf").is_checked()
        page.get_by_role("button", name="Build the pack").click()
        page.wait_for_url(re.compile(r"/builds/\d+/$"))
        build = int(re.search(r"/builds/(\d+)/$", page.url).group(1))
        assert re.fullmatch(rf"Build {build}: (queued|building)", heading(page))
        # no timed refresh (WCAG 2.2.1): the page's own script follows the build, and shows the pack
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        assert "files written" in page.locator("#progress-text").inner_text()
        v.look()
        page.get_by_role("heading", name=f"Build {build}: built").wait_for(timeout=120_000)
        v.look("build", full=False)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the pack (zip)").click()
        target = tmp_path_factory.mktemp("download") / download.value.suggested_filename
        download.value.save_as(target)
        page.get_by_role("button", name="Verify the pack").click()
        verified = page.locator("#verify-result").inner_text()
        v.look()
        made["builds"].append((tender, build, hashlib.sha256(target.read_bytes()).hexdigest()))
        return {"tender": tender, "build": build, "zip": target, "verified": verified,
                "listed": page.locator("#files").inner_text()}
    finally:
        v.close()


def test_build_download_and_open_the_zip(built):
    """The build runs on the queue and its page follows it to "built"; the zip downloads under the
    tender's reference, holds every file the page lists, and its Word and PDF files read back."""
    from _packs import docx_text, pdf_text

    assert built["zip"].name == f"ktc-2027-003-build-{built['build']}.zip"
    assert built["verified"] == "Every file matches the manifest this build wrote."
    with zipfile.ZipFile(built["zip"]) as archive:
        names = set(archive.namelist())
        assert {"manifest.json", "invitation-to-tender.docx", "invitation-to-tender.pdf"} <= names
        for name in names - {"manifest.json"}:
            assert name in built["listed"], name
        folder = built["zip"].parent / "unzipped"
        archive.extractall(folder)
    words = docx_text(folder / "invitation-to-tender.docx")
    assert GROUNDS in words and "Kelbrook Town Council" in words
    assert "Kelbrook Town Council" in pdf_text(folder / "invitation-to-tender.pdf")


def test_restart_the_server_and_find_everything(built, browser, server, axe, shots, tmp_path):
    """Stopped and started again on the same data folder (a new port): every tender the journeys
    made is listed, with its history; the build is there, built, and its zip downloads unchanged."""
    server.restart()
    v = Visit(browser, server, axe, shots)
    page = v.page
    try:
        page.goto("/")
        listed = page.locator("table.govuk-table").inner_text()
        for tender, title in made["tenders"]:
            assert page.locator(f'a[href="/tenders/{tender}/"]').inner_text() == title
        assert listed.count("KTC-2027-003") >= 1
        v.look()
        tender, build = built["tender"], built["build"]
        page.goto(f"/tenders/{tender}/")
        page.locator(".govuk-service-navigation").get_by_role("link", name="History").click()
        assert "Started from the example small-open-grounds" in page.locator("table").inner_text()
        v.look("history", full=False)
        page.locator(".govuk-service-navigation").get_by_role("link", name="Builds").click()
        row = page.locator("tr", has_text=f"Build {build}")
        assert "Built" in row.inner_text() and "docx,pdf" in row.inner_text()
        v.look()
        row.get_by_role("link", name=f"Build {build}").click()
        assert heading(page) == f"Build {build}: built"
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the pack (zip)").click()
        again = tmp_path / "again.zip"
        download.value.save_as(again)
        assert hashlib.sha256(again.read_bytes()).hexdigest() == made["builds"][-1][2]
        v.look()
        assert server.starts == 2
    finally:
        v.close()
