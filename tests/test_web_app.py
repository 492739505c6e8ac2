"""The web page's skeleton and its protections (issue 15, items 1 and 9): the framework's own
CSRF and Host checks, a Content-Security-Policy without inline script, GOV.UK Frontend served
from the package, and `tenderpack serve` really serving (with its worker) from one command."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from test_web_support import client, new_tender, text

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "tenderpack" / "web" / "static"


def test_every_page_has_a_csp_without_unsafe_inline_and_no_inline_script():
    """Each page carries a Content-Security-Policy that allows scripts only from the page's own
    files ('unsafe-inline' nowhere), and every <script> on it is an external file."""
    c = client()
    tender = new_tender(c)
    for url in ("/", f"/tenders/{tender}/", f"/tenders/{tender}/sections/buyer/", f"/tenders/{tender}/check/",
                f"/tenders/{tender}/history/"):
        response = c.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        scripts = re.findall(r"<script\b[^>]*>", text(response))
        assert scripts and all("src=" in s for s in scripts), scripts
        assert not re.search(r"\son[a-z]+=", text(response)), url   # no inline event handlers either


def test_a_post_without_the_csrf_token_is_refused():
    """Django's CSRF middleware guards every form: a POST without the token is refused (403)."""
    c = client(enforce_csrf_checks=True)
    page = c.get("/")
    assert page.status_code == 200
    refused = c.post("/tenders/new", {"example": "small-open-grounds"})
    assert refused.status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page)).group(1)
    accepted = c.post("/tenders/new", {"example": "small-open-grounds", "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302


def test_a_request_for_another_host_is_refused():
    """The Host header is checked (ALLOWED_HOSTS): a page asked for under another name is refused
    with 400, which stops DNS rebinding from reaching the local page."""
    c = client()
    assert c.get("/", HTTP_HOST="evil.example").status_code == 400
    assert c.get("/", HTTP_HOST="localhost:8000").status_code == 200


def test_govuk_frontend_is_served_from_the_package():
    """GOV.UK Frontend's CSS, JavaScript module and licence ship inside the package and are
    served from it: nothing is fetched from elsewhere at run time."""
    version = (STATIC / "govuk-frontend" / "VERSION").read_text().strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert "MIT License" in (STATIC / "govuk-frontend" / "LICENSE").read_text()
    c = client()
    css = c.get("/static/govuk-frontend/govuk-frontend.min.css")
    assert css.status_code == 200 and b".govuk-task-list" in b"".join(css.streaming_content)
    script = c.get("/static/govuk-frontend/govuk-frontend.min.js")
    assert script.status_code == 200 and b"initAll" in b"".join(script.streaming_content)
    init = b"".join(c.get("/static/tenderpack/init.mjs").streaming_content)
    assert b"initAll()" in init
    # a path out of the static folder is refused (SuspiciousFileOperation: 400), never served
    assert client(raise_request_exception=False).get("/static/../settings.py").status_code == 400


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_the_page_and_its_worker_and_stops_both(tmp_path):
    """`tenderpack serve --data DIR` is the one command: it makes the database in DIR, serves the
    page on 127.0.0.1 with a worker process beside it, and SIGTERM stops both."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tenderpack", "serve", "--data", str(tmp_path / "data"),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    policy = response.headers["Content-Security-Policy"]
                break
            except OSError:
                time.sleep(0.2)
        assert "Your tenders" in body and "script-src 'self'" in policy
        assert (tmp_path / "data" / "tenderpack.sqlite3").is_file()
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 1   # the worker
    finally:
        server.terminate()
        server.wait(timeout=20)
    for _ in range(50):
        if subprocess.run(["ps", "-p", children[0]], capture_output=True).returncode != 0:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the worker outlived serve")


def test_cli_commands_that_are_not_serve_never_import_django():
    """Only serve and worker load Django and huey: `tenderpack --help` stays light."""
    probe = ("import sys\nfrom tenderpack.cli import cli\n"
             "try:\n    cli(['--help'], prog_name='tenderpack')\nexcept SystemExit:\n    pass\n"
             "print('DJANGO' if any(m.split('.')[0] in ('django', 'huey', 'waitress') for m in sys.modules) else 'LIGHT')\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "serve" in done.stdout and "worker" in done.stdout
    assert done.stdout.strip().endswith("LIGHT"), done.stdout
