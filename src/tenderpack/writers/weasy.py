"""Importing WeasyPrint quickly.

WeasyPrint opens its C libraries (Pango, HarfBuzz, fontconfig...) by trying a list of names
for each. cffi hands every name it cannot open directly to ``ctypes.util.find_library``,
which on Linux starts ``ldconfig``, ``gcc`` and ``ld`` in turn: about 54 processes and
0.4 s for each import, in every build worker. Each list also holds the library's real file
name (``libpango-1.0.so.0``, ``.dylib``, ``.dll``), which the system loader opens at once,
so the search is skipped while WeasyPrint is imported. Should that ever fail (a system where
only the search finds the libraries), the import is tried again the ordinary way.
"""

from __future__ import annotations

import ctypes.util
import io
import sys
from contextlib import contextmanager, redirect_stdout


@contextmanager
def _no_library_search():
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def import_weasyprint() -> None:
    """Import WeasyPrint (and its C libraries) once, for ``from weasyprint import ...`` after it."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    try:
        # WeasyPrint prints a help text before it gives up: not for this first try.
        with _no_library_search(), redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401
