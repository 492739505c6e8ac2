"""Django's settings, built in code from the data folder and the command's options.

Nothing here runs at import: ``configure()`` is called by ``tenderpack serve`` and
``tenderpack worker`` (and by the tests) once per process.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# The largest upload: a spec is refused by the reader above this anyway (SPEC_MAX_BYTES).
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


def values(site: Site) -> dict:
    """The settings for ``site``, as a dict for ``django.conf.settings.configure``."""
    from csp.constants import NONE, SELF

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
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data / DATABASE_FILE),
                                  # two writers (page and worker) wait for each other instead of failing
                                  "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"}}},
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
        # Uploads: held in memory up to the cap, never written under a name the browser gave.
        "DATA_UPLOAD_MAX_MEMORY_SIZE": SPEC_MAX_BYTES,
        "FILE_UPLOAD_MAX_MEMORY_SIZE": SPEC_MAX_BYTES,
        "FILE_UPLOAD_HANDLERS": ["django.core.files.uploadhandler.MemoryFileUploadHandler"],
        "DATA_UPLOAD_MAX_NUMBER_FIELDS": 20_000,
        "CONTENT_SECURITY_POLICY": {"DIRECTIVES": {
            "default-src": [NONE], "script-src": [SELF], "style-src": [SELF], "img-src": [SELF],
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

    site.data.mkdir(parents=True, exist_ok=True)
    settings.configure(**values(site))
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
