"""`tenderpack validate` stays quick: it never imports what only a build needs (issue 6).

Each check runs in a fresh interpreter, because this test process has long since imported
everything. No timings here (they would be flaky): the modules themselves are the guard.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tenderpack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "innovation-home-care.yaml"

# Only a build (writers, templates, clause library, lint, open-data checks) needs these.
BUILD_ONLY = ["weasyprint", "docx", "docxtpl", "openpyxl", "markdown_it", "jinja2", "icalendar",
              "jsonschema", "textstat"]
# tenderpack's own modules that validate has no use for.
ENGINE_BUILD_ONLY = ["tenderpack.library", "tenderpack.lint", "tenderpack.writers.docx", "tenderpack.writers.pdf",
                     "tenderpack.writers.xlsx", "tenderpack.transforms.definitions",
                     "tenderpack.transforms.references", "tenderpack.transforms.numbering",
                     # validate plans (tenderpack.planning) and never composes: no transforms at all
                     "tenderpack.transforms", "tenderpack.compose"]


def imported_after(code: str) -> tuple[set[str], str]:
    """Run ``code`` in a fresh interpreter; the names in sys.modules afterwards, and its stdout."""
    probe = (f"import sys, json\n{code}\n"
             "print('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    out, _, modules = done.stdout.rpartition("\nMODULES ")
    return set(json.loads(modules)), out


def loaded(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


def test_validate_imports_nothing_a_build_needs():
    code = ("from tenderpack.cli import cli\n"
            f"try:\n    cli(['validate', {str(EXAMPLE)!r}], prog_name='tenderpack')\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n")
    modules, out = imported_after(code)
    assert "valid" in out and "invitation-to-tender" in out, out   # it really validated
    assert "tenderpack.spec" in modules and "tenderpack_rules" in modules
    assert not [p for p in BUILD_ONLY if loaded(modules, p)]
    assert not [p for p in ENGINE_BUILD_ONLY if loaded(modules, p)]
    # Only `serve` and `worker` load the web page's framework and queue.
    assert not [p for p in ("django", "huey", "waitress", "csp", "tenderpack.web") if loaded(modules, p)]


def test_import_tenderpack_is_light():
    """The public API loads each name on first use: plugins that only need a hook marker,
    or a tree node, do not pay for pydantic, the clause library or the lint."""
    modules, _ = imported_after("import tenderpack\nfrom tenderpack import hookimpl, Paragraph, Section")
    assert not [p for p in ["pydantic", "yaml", "tenderpack.spec", *BUILD_ONLY, *ENGINE_BUILD_ONLY]
                if loaded(modules, p)]


@pytest.mark.parametrize("name", tenderpack.__all__)
def test_every_public_name_still_imports(name):
    """`from tenderpack import X` and `tenderpack.X` work for every exported name."""
    value = getattr(tenderpack, name)
    assert value is not None
    namespace: dict = {}
    exec(f"from tenderpack import {name}", namespace)
    assert namespace[name] is value
    assert name in dir(tenderpack)


def test_lazy_table_matches_the_public_names():
    """Every exported name is either defined in the package or in the table of lazy names."""
    eager = {"__version__", "hookimpl", "law", "markdown", "payments", "text"}   # submodules
    assert set(tenderpack._LAZY) | eager == set(tenderpack.__all__)


def test_unknown_names_are_attribute_errors():
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        tenderpack.NoSuchThing  # noqa: B018
    with pytest.raises(ImportError):
        exec("from tenderpack import no_such_module", {})
    assert not hasattr(tenderpack, "__no_such_dunder__")


def test_submodules_stay_reachable_as_attributes():
    """Once imported eagerly by the package, these were attributes of it: they still are."""
    assert tenderpack.markdown.parse("**x**")
    assert tenderpack.library.load_library is not None
    assert tenderpack.lint.WordList is tenderpack.WordList


# ---------------------------------------------------------------------------- WeasyPrint's C libraries

COUNT_PROCESSES = """
import ctypes.util, sys
started = []
sys.addaudithook(lambda event, args: started.append(args[1]) if event == "subprocess.Popen" else None)
real_find_library = ctypes.util.find_library
"""


def test_the_pdf_writer_loads_weasyprint_without_starting_a_process():
    """cffi would run ldconfig, gcc and ld for each library name it cannot open (0.4 s a worker)."""
    _, out = imported_after(COUNT_PROCESSES + """
import tenderpack.writers.pdf
from weasyprint.text import ffi
print(len(started), ctypes.util.find_library is real_find_library, ffi.harfbuzz_subset is not None)
""")
    assert out.split() == ["0", "True", "True"]   # and HarfBuzz's fast font subsetter is found


def test_where_only_the_library_search_finds_them_weasyprint_still_loads():
    """A system whose loader cannot open the libraries by file name falls back to the search."""
    _, out = imported_after(COUNT_PROCESSES + """
import cffi
real_dlopen = cffi.FFI.dlopen
def by_search_only(self, name, *args, **kwargs):
    if name.endswith((".so.0", ".so.1")):
        raise OSError(f"cannot open {name} by file name here")
    return real_dlopen(self, name, *args, **kwargs)
cffi.FFI.dlopen = by_search_only
from tenderpack.writers.pdf import HTML
print(len(started) > 0, ctypes.util.find_library is real_find_library, HTML(string="<p>x</p>").render().pages != [])
""")
    assert out.split() == ["True", "True", "True"]
