"""The preview's HTML made fit for the page's Content-Security-Policy, which forbids style attributes.

The PDF writer's HtmlBuilder gives each table its column widths as ``<col style="width: …%">``
(WeasyPrint reads them so). On the page each width becomes a class, and the classes' rules go
in one ``<style>`` element that carries the response's CSP nonce (django-csp's ``NONCE``): the
widths are exact, and the policy still allows no inline style ('unsafe-inline' nowhere).
"""

from __future__ import annotations

import re

# Only what HtmlBuilder writes: a number of per cent. Text from the spec is escaped before it gets
# here (a "<" in it is "&lt;"), so this can match nothing a buyer typed.
_COL = re.compile(r'<col style="width: ?([0-9]{1,3}(?:\.[0-9]{1,4})?)%;?">')


def without_styles(html: str) -> tuple[str, str]:
    """``html`` with each column's width as a class, and the CSS that gives those classes their widths."""
    widths: dict[str, str] = {}

    def swap(match: re.Match) -> str:
        width = match.group(1)
        name = "tp-w-" + width.replace(".", "-")
        widths[name] = width
        return f'<col class="{name}">'

    out = _COL.sub(swap, html)
    rules = "\n".join(f".tp-preview col.{name} {{ width: {width}%; }}" for name, width in sorted(widths.items()))
    return out, rules
