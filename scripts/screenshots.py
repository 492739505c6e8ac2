"""Screenshots of the web page for the README, into docs/screenshots/.

Starts `tenderpack serve` on a temporary data folder and a free port, drives Debian's chromium
through Playwright (as tests/test_web_browser.py does) and saves each main page, made small
(800 pixels wide, 128 colours). Needs what `scripts/setup.sh --test` installs.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_support import Server, launch, shrink  # noqa: E402

GROUNDS = "Grounds maintenance for Kelbrook parks and cemetery"
HOME_CARE = "Home care that helps people stay independent"


def take(page, out: Path, name: str, full: bool = False) -> Path:
    page.evaluate("document.fonts.ready.then(() => true)")
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    shrink(path)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")
    return path


def start(page, title: str) -> str:
    page.goto("/")
    page.get_by_label(title).check()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url(re.compile(r"/tenders/\d+/$"))
    return page.url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="tenderpack-screenshots-"))
    server = Server(work / "data").start()
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1024, "height": 768}, base_url=server.url)
            page.set_default_timeout(30_000)

            page.goto("/")
            take(page, out, "home")

            overview = start(page, HOME_CARE)
            take(page, out, "task-list")
            page.locator("#at-a-glance").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -70)")
            take(page, out, "at-a-glance")

            start(page, GROUNDS)
            page.locator('#task-list a[href$="/sections/contract/"]').click()
            page.locator("#f-commercial-payment-days").fill("45")
            page.get_by_role("button", name="Save", exact=True).click()
            page.wait_for_url(re.compile(r"\?saved=1$"))
            take(page, out, "error-summary")
            page.locator(".govuk-error-summary a").first.click()   # GOV.UK's script puts the field's label at the top
            page.evaluate("window.scrollBy(0, -160)")
            take(page, out, "error-beside-field")

            page.goto(overview)
            page.get_by_role("button", name="Build the pack").click()
            page.wait_for_url(re.compile(r"/builds/\d+/$"))
            page.locator("#build-status", has_text="built").wait_for(timeout=180_000)
            take(page, out, "build")
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
