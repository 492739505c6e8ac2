"""Django's settings, built in code from the data folder and the command's options.

Nothing here runs at import: ``configure()`` is called by ``tenderpack serve`` and
``tenderpack worker`` (and by the tests) once per process.
"""

from __future__ import annotations

import logging
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# The largest form without its files: a spec is refused by the reader above this anyway (SPEC_MAX_BYTES).
from ..errors import InputError
from ..limits import SPEC_MAX_BYTES

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
SECRET_FILE = "secret-key"
DATABASE_FILE = "tenderpack.sqlite3"
QUEUE_FILE = "queue.sqlite3"


@dataclass(frozen=True)
class Site:
    """What the settings are made from: the data folder and who may reach the page."""

    data: Path
    hosts: tuple[str, ...] = ()      # names the page answers to besides the local ones
    queue_url: str | None = None     # redis://... for a networked queue; None: SQLite in the data folder
    database_url: str | None = None  # postgresql://... for a shared database; None: SQLite in the data folder
    immediate: bool = False          # run builds at once, in the request (tests only)
    extra: dict = field(default_factory=dict)


class OneLine(logging.Formatter):
    """A log record on one line: the message without the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return self.formatMessage(record)


def secret_key(data: Path) -> str:
    """The key that signs CSRF tokens and sessions: made once, kept in the data folder, readable
    by its owner alone."""
    path = data / SECRET_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


POSTGRES = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
# Two writers on one SQLite file (page and worker) wait for each other instead of failing.
_SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
_DATABASE_HELP = ("give postgresql://USER:PASSWORD@HOST:5432/NAME, or leave --database out to keep the data in "
                  "the SQLite file of the data folder")


def hidden_password(url: str) -> str:
    """``url`` as it may be shown in a message or a log: the password replaced by ***."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    except ValueError:   # a port that is not a number, say: show nothing that may hold the password
        return url.split("://", 1)[0] + "://…"
    return urlunsplit(parts._replace(netloc=netloc))


def databases(url: str | None, data: Path) -> dict:
    """Django's DATABASES for ``--database URL`` (parsed by dj-database-url): PostgreSQL, or the
    SQLite file in the data folder when no URL is given. InputError (exit 2) for a URL that is
    not one of those, or for PostgreSQL without its driver."""
    if not url:
        return {"default": {"ENGINE": SQLITE, "NAME": str(data / DATABASE_FILE), "OPTIONS": dict(_SQLITE_OPTIONS)}}
    import dj_database_url

    shown = hidden_password(url)
    try:
        config = dj_database_url.parse(url)
    except ValueError:   # UnknownSchemeError is a ValueError; so is a port that is not a number
        raise InputError(f"--database {shown}: not a database address tenderpack can use; {_DATABASE_HELP}") from None
    if config.get("ENGINE") == SQLITE:
        if not config.get("NAME") or config["NAME"] == ":memory:":
            raise InputError(f"--database {shown}: names no SQLite file; {_DATABASE_HELP}")
        config["OPTIONS"] = {**_SQLITE_OPTIONS, **(config.get("OPTIONS") or {})}
    elif config.get("ENGINE") == POSTGRES:
        if not config.get("NAME"):
            raise InputError(f"--database {shown}: names no database (the part after the last /); {_DATABASE_HELP}")
        _require_postgres_driver(shown)
        # A worker lives for days: a connection dropped by a restart of PostgreSQL is noticed and remade.
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise InputError(f"--database {shown}: tenderpack keeps its data in PostgreSQL or SQLite only; {_DATABASE_HELP}")
    return {"default": dict(config)}


def _require_postgres_driver(shown: str) -> None:
    """Django's PostgreSQL back end needs psycopg (3, or psycopg2): say how to get it if it is missing."""
    for driver in ("psycopg", "psycopg2"):
        try:
            __import__(driver)
            return
        except ImportError:
            continue
    raise InputError(f"--database {shown}: PostgreSQL needs its Python driver, psycopg, which is not installed; "
                     "install it with: pip install 'tenderpack[postgres]'")


def values(site: Site) -> dict:
    """The settings for ``site``, as a dict for ``django.conf.settings.configure``."""
    from csp.constants import NONCE, NONE, SELF

    here = Path(__file__).resolve().parent
    data = site.data.resolve()
    return {
        "DEBUG": False,
        "SECRET_KEY": secret_key(data),
        # The Host header is checked (DNS rebinding): only local names unless told otherwise.
        "ALLOWED_HOSTS": [*LOCAL_HOSTS, *site.hosts],
        "ROOT_URLCONF": "tenderpack.web.urls",
        "INSTALLED_APPS": ["django.contrib.contenttypes", "django.contrib.sessions", "csp", "tenderpack.web"],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "csp.middleware.CSPMiddleware",
        ],
        "DATABASES": databases(site.database_url, data),
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "TEMPLATES": [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [],
                       "APP_DIRS": True, "OPTIONS": {"context_processors": [
                           "django.template.context_processors.request",
                           "django.template.context_processors.csrf"]}}],
        "USE_TZ": True,
        "TIME_ZONE": "Europe/London",
        "LANGUAGE_CODE": "en-gb",
        "USE_I18N": False,
        "STATIC_URL": "/static/",
        "SESSION_ENGINE": "django.contrib.sessions.backends.signed_cookies",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Strict",
        "CSRF_COOKIE_SAMESITE": "Strict",
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        # Uploads: the form's fields up to the spec's cap; files spooled (memory, then an unnamed
        # temporary file) up to the cap for one attached file, never under a name the browser gave.
        "DATA_UPLOAD_MAX_MEMORY_SIZE": SPEC_MAX_BYTES,
        "FILE_UPLOAD_HANDLERS": ["tenderpack.web.uploads.CappedUploadHandler"],
        "DATA_UPLOAD_MAX_NUMBER_FIELDS": 20_000,
        "CONTENT_SECURITY_POLICY": {"DIRECTIVES": {
            "default-src": [NONE], "script-src": [SELF],
            # a <style> element only with the response's nonce: the preview's column widths (preview_html.py)
            "style-src": [SELF, NONCE], "img-src": [SELF],
            "font-src": [SELF], "connect-src": [SELF], "manifest-src": [SELF], "form-action": [SELF],
            "frame-ancestors": [NONE], "base-uri": [NONE]}},
        # One line for a refused request (a bad Host header, a missing CSRF token), no traceback.
        "LOGGING": {"version": 1, "disable_existing_loggers": False,
                    "formatters": {"line": {"()": OneLine, "format": "%(levelname)s %(name)s: %(message)s"}},
                    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
                    "loggers": {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False}}},
        "TENDERPACK_DATA": data,
        "TENDERPACK_QUEUE_URL": site.queue_url,
        "TENDERPACK_IMMEDIATE": site.immediate,
        "TENDERPACK_STATIC": here / "static",
        **site.extra,
    }


def configure(site: Site) -> None:
    """Configure Django for ``site`` and create or update the database (migrations)."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    from django.db import OperationalError, connection

    site.data.mkdir(parents=True, exist_ok=True)
    settings.configure(**values(site))
    django.setup()
    try:
        with _migration_lock(connection):
            call_command("migrate", verbosity=0, interactive=False)
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not site.database_url:
            raise InputError(f"{site.data / DATABASE_FILE}: cannot open the database: {reason}") from None
        raise InputError(f"--database {hidden_password(site.database_url)}: cannot open the database: {reason}; "
                         "check the address, the user and the password, and that the database server is "
                         "running") from None


# Any fixed number: the key of PostgreSQL's advisory lock that lets one process at a time migrate.
_MIGRATION_LOCK = 0x7E4D_E4AC


@contextmanager
def _migration_lock(connection):
    """Workers on several machines start together against one PostgreSQL database: one at a time
    brings its tables up to date (Django's migrate is not safe to run twice at once); the others
    wait, then find nothing left to do. SQLite needs no lock (its writers take turns already)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_MIGRATION_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])
