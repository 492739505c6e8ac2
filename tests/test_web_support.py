"""Helpers for the web page's tests (no tests here): Django configured once per test run on a
data folder of its own, a client that sends a local Host header, and a small reader of the
forms on a page, which submits them as a browser would.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="tenderpack-web-"))
atexit.register(shutil.rmtree, DATA, ignore_errors=True)


def configured() -> Path:
    """Django set up for the tests (once): the real settings, a data folder in /tmp."""
    from django.conf import settings

    if not settings.configured:
        from tenderpack.web.settings import Site, configure

        configure(Site(DATA))
    return DATA


def client(**options):
    configured()
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", **options)


class _Forms(HTMLParser):
    """Every <form> of a page: its action and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "method": a.get("method", "get"), "fields": [],
                               "buttons": []})
        elif not self.forms:
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            if kind == "file":
                return
            self.forms[-1]["fields"].append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = (a["name"], [])
        elif tag == "button" and a.get("name"):
            self.forms[-1]["buttons"].append((a["name"], a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            # the HTML parser drops one newline straight after <textarea>; html.parser does not
            self.forms[-1]["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(html: str, index: int = -1, **changes) -> dict:
    """The fields of a page's form (the last, by default) as the browser sends them, with ``changes``."""
    fields: dict[str, list[str]] = {}
    for name, value in forms(html)[index]["fields"]:
        fields.setdefault(name, []).append(value)
    for name, value in changes.items():
        fields[name] = [value]
    return fields


def new_tender(c, example: str = "small-open-grounds") -> int:
    response = c.post("/tenders/new", {"example": example})
    assert response.status_code == 302, response.content[:500]
    return int(re.search(r"/tenders/(\d+)/", response["Location"]).group(1))


def text(response) -> str:
    return response.content.decode("utf-8")
