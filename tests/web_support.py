"""Real processes for the web page's end-to-end tests and benchmarks (no tests here).

`tenderpack serve` and `tenderpack worker` as subprocesses on a free port and a data folder of
their own; Debian's chromium driven by Playwright (nothing downloaded: the browser is the
system's); axe-core (vendored from npm under tests/vendor/axe-core, see scripts/fetch_axe.sh)
run on a page; a throw-away redis-server and PostgreSQL cluster for the networked queue.

A tool that is missing is an error that says what `scripts/setup.sh --test` installs: these
tests are never skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Debian's chromium on a machine with no network but loopback: no first-run, no background
# requests (they are refused here, many at a time), no GPU, no sandbox (CI runs as root).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# WCAG 2.2 level AA, with the levels and versions it includes.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SETUP = "scripts/setup.sh --test (make setup-test)"


class Missing(RuntimeError):
    """A program the tests need is not on this machine."""


def need(program: str, package: str) -> str:
    """The path of ``program``, or Missing naming the Debian package setup.sh installs."""
    found = program if os.path.isabs(program) and os.access(program, os.X_OK) else shutil.which(program)
    if not found:
        raise Missing(f"{program} is not installed: {SETUP} installs Debian's {package} package")
    return found


def postgres_bin(program: str) -> str:
    """A PostgreSQL server program from Debian's packages (/usr/lib/postgresql/<version>/bin)."""
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if versions:
        return str(versions[-1])
    return need(program, "postgresql")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready, what: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None):
    """Poll ``ready()`` until it is true; fail with the process's log if it exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}:\n{_tail(log)}")
        result = ready()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"{what} did not start within {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path | None, lines: int = 40) -> str:
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL to the process's own group (it was started in a session of its own)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)   # anything it left behind (its worker child)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(timeout=timeout)


# ---------------------------------------------------------------------------- tenderpack


def _environment(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TENDERPACK_CACHE_DIR"] = str(cache)      # never the user's render cache
    env.pop("TENDERPACK_QUEUE", None)      # nor the queue or database of the environment
    env.pop("TENDERPACK_DATABASE", None)
    return env


@dataclass
class Server:
    """`tenderpack serve` on 127.0.0.1: one per test module, its data folder kept across restarts."""

    data: Path
    extra: tuple[str, ...] = ()
    port: int = 0
    process: subprocess.Popen | None = None
    starts: int = 0
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data.parent / f"{self.data.name}-serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        self.port = free_port()
        self.starts += 1
        command = [sys.executable, "-m", "tenderpack", "serve", "--data", str(self.data), "--port", str(self.port),
                   *self.extra]
        with self.log.open("a") as log:
            log.write(f"--- start {self.starts}: {' '.join(command)}\n")
            log.flush()
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.data.parent,
                                            env=_environment(self.data.parent / "cache"), start_new_session=True)
        wait_until(lambda: answers(self.url + "/"), "tenderpack serve", timeout, self.process, self.log)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def restart(self) -> Server:
        self.stop()
        return self.start()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


class Client:
    """A buyer without a browser: cookies kept (the CSRF cookie), forms sent as a browser sends
    them (their CSRF token included), redirects followed. For the benchmark and the queue tests."""

    def __init__(self, base: str) -> None:
        import http.cookiejar

        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.url, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.url or request.full_url, error.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(urllib.request.Request(self.base + path), timeout=120) as response:
            return response.status, response.read()

    def post(self, path: str, fields: dict[str, list[str] | str]) -> tuple[int, str, str]:
        from urllib.parse import urlencode

        body = urlencode([(k, v) for k, vs in fields.items() for v in ([vs] if isinstance(vs, str) else vs)])
        return self._open(urllib.request.Request(self.base + path, data=body.encode(), method="POST"))

    def submit(self, path: str, action: str | None = None, **changes: str | list[str]) -> tuple[int, str, str]:
        """GET ``path``, then send back its form whose action ends with ``action`` (else its last
        form, which posts to the page itself), with ``changes``."""
        from test_web_support import form_data, forms

        status, _, html = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        found = forms(html)
        index = len(found) - 1 if action is None else next(
            i for i, f in enumerate(found) if (f["action"] or "").endswith(action))
        fields = form_data(html, index)
        fields.update({k: [v] if isinstance(v, str) else v for k, v in changes.items()})
        return self.post(found[index]["action"] or path, fields)

    def start(self, example: str) -> int:
        """A new tender from ``example`` (its file name without .yaml); its id."""
        status, url, _ = self.submit("/", "/tenders/new", example=example)
        found = re.search(r"/tenders/(\d+)/$", url)
        assert status == 200 and found, f"starting from {example}: {status} at {url}"
        return int(found.group(1))

    def build(self, tender: int, formats: tuple[str, ...] = ("docx",)) -> int:
        """Ask for a build of the tender's latest version; the build's id."""
        status, url, _ = self.submit(f"/tenders/{tender}/", "/builds/new", formats=list(formats))
        found = re.search(r"/builds/(\d+)/$", url)
        assert status == 200 and found, f"building tender {tender}: {status} at {url}"
        return int(found.group(1))

    def build_status(self, build: int) -> str:
        """The status word the build's page shows: queued, building, built or failed."""
        _, _, html = self.get(f"/builds/{build}/")
        found = re.search(r"<h1[^>]*>Build \d+: (\w+)</h1>", html)
        return found.group(1) if found else "unknown"


def start_worker(data: Path, log: Path, *extra: str, cache: Path | None = None) -> subprocess.Popen:
    """A `tenderpack worker` process on ``data`` (and the queue and database in ``extra``), with
    a render cache of its own when ``cache`` is given (what it rendered shows there)."""
    handle = log.open("a")
    try:
        return subprocess.Popen([sys.executable, "-m", "tenderpack", "worker", "--data", str(data), *extra],
                                stdout=handle, stderr=subprocess.STDOUT, cwd=data.parent,
                                env=_environment(cache or data.parent / "cache"), start_new_session=True)
    finally:
        handle.close()


# ---------------------------------------------------------------------------- the browser


def launch(playwright) -> Any:
    """Debian's chromium, headless, through Playwright (its own browsers are never downloaded)."""
    need(CHROMIUM, "chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


class Watched:
    """The console errors and refused requests of a page: a page that breaks its own
    Content-Security-Policy, or whose script fails, says so in the console."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"script error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"{r.url}: {r.failure}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        # A page answered with an error status (a form sent back with its errors: 400, 409) is
        # logged as "Failed to load resource"; _response says which of those are faults.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.url}: {response.status}")

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


class Axe:
    """axe-core on the pages a journey reaches, exactly as the journey saw them.

    The page's own Content-Security-Policy (script-src 'self') refuses an injected script, so
    axe runs in a second browser context made with bypass_csp=True and used for nothing else:
    the journey's page, as it is now (its DOM, at its address), is given to that context
    through a route, its CSS and fonts load from the server, and axe checks it there. The
    journeys themselves run under the page's real policy."""

    def __init__(self, browser, viewport: dict | None = None) -> None:
        self.context = browser.new_context(bypass_csp=True, viewport=viewport or {"width": 1024, "height": 768})
        self.page = self.context.new_page()
        self.script = AXE.read_text(encoding="utf-8")
        self.checked: list[str] = []

    def violations(self, page) -> list[dict]:
        url, html = page.url, page.content()

        def same(route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        target = self.page
        target.route(lambda u: u == url, same)
        try:
            target.goto(url, wait_until="load")
        finally:
            target.unroute_all()
        target.add_script_tag(content=self.script)
        result = target.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        self.checked.append(url)
        return result["violations"]

    def close(self) -> None:
        self.context.close()


def describe(violations: list[dict]) -> str:
    """axe's violations in a few lines each: rule, impact, help and the elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def shrink(png: Path, width: int = 800, colours: int = 128) -> None:
    """A screenshot made small enough for a README (narrower, fewer colours)."""
    from PIL import Image

    with Image.open(png) as image:
        image.load()
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.convert("RGB").quantize(colours, dither=Image.Dither.NONE).save(png, optimize=True)


# ---------------------------------------------------------------------------- redis and PostgreSQL


@dataclass
class Service:
    """A server process of the tests' own (stopped at the end), with its URL."""

    url: str
    process: subprocess.Popen
    folder: Path
    log: Path
    remove: bool = False   # the folder is the service's own: removed when it stops
    shutdown: list[str] = field(default_factory=list)   # the server's own way to stop, if it has one

    def stop(self) -> None:
        if self.shutdown and self.process.poll() is None:
            subprocess.run(self.shutdown, capture_output=True, timeout=60)
        stop(self.process)
        if self.remove:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_redis(folder: Path) -> Service:
    """redis-server on 127.0.0.1 and a free port (redis refuses port 0), nothing saved to disk."""
    program = need("redis-server", "redis-server")
    port = free_port()
    log = folder / "redis.log"
    with log.open("w") as handle:
        process = subprocess.Popen([program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"],
                                   stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)

    def ping() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(ping, "redis-server", 20, process, log)
    return Service(f"redis://127.0.0.1:{port}/0", process, folder, log)


def _postgres_user() -> str | None:
    """Who runs PostgreSQL: it refuses root, so as root (CI) Debian's postgres user (or nobody)."""
    if os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise Missing("no user to run PostgreSQL as (it refuses root): Debian's postgresql package makes 'postgres'")


def start_postgres(database: str = "tenderpack") -> Service:
    """A throw-away PostgreSQL cluster (initdb, pg_ctl) in a folder of its own, listening on
    127.0.0.1 and a free port, with ``database`` made; trust authentication, for the tests only."""
    initdb, postgres = postgres_bin("initdb"), postgres_bin("postgres")
    # Not under pytest's tmp folder: that one is private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="tenderpack-pg-"))
    user = _postgres_user()
    as_user = [need("runuser", "util-linux"), "-u", user, "--"] if user else []
    if user:
        import pwd

        owner = pwd.getpwnam(user)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster, log = folder / "cluster", folder / "postgres.log"
    done = subprocess.run([*as_user, initdb, "-D", str(cluster), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                           "--locale=C.UTF-8", "--no-sync"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
    port = free_port()
    handle = open(log, "w")
    try:
        os.chmod(log, 0o666)
        process = subprocess.Popen([*as_user, postgres, "-D", str(cluster), "-p", str(port), "-h", "127.0.0.1",
                                    "-k", str(folder), "-c", "fsync=off", "-c", "max_connections=60"],
                                   stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    finally:
        handle.close()

    import psycopg   # the driver Django's PostgreSQL back end uses (the 'test' extra installs it)

    def accepts() -> bool:
        try:
            with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", connect_timeout=2,
                                 autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{database}"')
            return True
        except psycopg.Error:   # not accepting connections yet
            return False

    wait_until(accepts, "PostgreSQL", 60, process, log)
    # pg_ctl's fast shutdown: the server ends its sessions and stops cleanly (no orphan left)
    shutdown = [*as_user, postgres_bin("pg_ctl"), "-D", str(cluster), "stop", "-m", "fast", "-w"]
    return Service(f"postgresql://postgres@127.0.0.1:{port}/{database}", process, folder, log, remove=True,
                   shutdown=shutdown)
