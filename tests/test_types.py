"""The engine and the first-party plugins type-check with mypy, as configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    """Run mypy with the project's configuration, from the project's folder (where its cache is)."""
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_finds_no_errors_in_src_and_plugins():
    """`mypy` ([tool.mypy] in pyproject.toml: src and plugins, check_untyped_defs) reports no error."""
    result = mypy()
    assert result.returncode == 0, f"mypy exited {result.returncode}:\n{result.stdout}{result.stderr}"


def test_register_callbacks_are_typed(tmp_path):
    """A plugin that annotates ``register`` with tenderpack's aliases is told when it registers the wrong thing."""
    plugin = tmp_path / "wrong_plugin.py"
    plugin.write_text(textwrap.dedent("""\
        import tenderpack

        @tenderpack.hookimpl
        def register_rules(register: tenderpack.RegisterRule) -> None:
            register(tenderpack.DocumentType(id="x", title="X"))

        @tenderpack.hookimpl
        def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
            register("x")

        @tenderpack.hookimpl
        def register_style_checks(register: tenderpack.RegisterStyleCheck) -> None:
            register(3)
    """), encoding="utf-8")
    # Its own cache: the module name is the same in every run, and a shared cache would answer
    # with an earlier run's file (and path).
    result = mypy("--cache-dir", str(tmp_path / "cache"), str(plugin))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    for line, wrong, expected in [(5, "DocumentType", "Rule"), (9, "str", "DocumentType"),
                                  (13, "int", "WordList | StyleCheck | Path | str")]:
        assert f'{plugin}:{line}: error: Argument 1 has incompatible type "{wrong}"; expected "{expected}"' in out, out
