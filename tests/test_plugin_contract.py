"""Pluggy's contract: markers tenderpack cannot honour are refused; plugins can be traced and left out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.compose import plan
from tenderpack.errors import PluginError
from tenderpack.plugins import DISABLE_ENV, Plugins
from tenderpack.reader import read_spec

HERE = Path(__file__).parent
MINIMAL_PATH = HERE / "fixtures" / "minimal.yaml"
MINIMAL = read_spec(MINIMAL_PATH)


def _plugin(folder: Path, name: str, marker: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(
        "import tenderpack\n"
        f"@tenderpack.hookimpl({marker})\n"
        "def document_sections(spec, document):\n"
        "    return None\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("marker", ["tryfirst=True", "trylast=True", "wrapper=True", "hookwrapper=True"])
def test_ordering_and_wrapper_markers_are_refused_naming_the_plugin(tmp_path, marker):
    """tryfirst, trylast and wrappers would silently not work (each plugin is called in turn): refused by name."""
    folder = _plugin(tmp_path / "p", "eager", marker)
    with pytest.raises(PluginError) as caught:
        Plugins([folder])
    message = str(caught.value)
    assert "eager" in message and marker in message and "document_sections" in message


def test_a_refused_plugin_stops_the_command_with_exit_1(tmp_path):
    """From the command line the refusal is a one-line error and exit code 1 (a plugin fault), no traceback."""
    folder = _plugin(tmp_path / "p", "eager", "tryfirst=True")
    result = CliRunner().invoke(cli, ["validate", str(MINIMAL_PATH), "--plugins-dir", str(folder)])
    assert result.exit_code == 1, result.output
    assert "eager" in result.output and "tryfirst=True" in result.output and "Traceback" not in result.output


def test_a_plain_hookimpl_is_accepted(tmp_path):
    """An ordinary implementation loads as before."""
    folder = _plugin(tmp_path / "p", "plain", "")
    assert "plain" in {info.name for info in Plugins([folder]).info()}


def test_disabled_plugin_is_left_out(monkeypatch):
    """TENDERPACK_DISABLE_PLUGINS leaves an installed plugin out: its documents are not planned."""
    monkeypatch.setenv(DISABLE_ENV, "sme")
    plugins = Plugins()
    assert "sme" not in {info.name for info in plugins.info()}
    assert not [d for d in plan(MINIMAL, plugins) if d.folder == "sme"]


def test_disable_plugin_option_reaches_the_command(monkeypatch):
    """`tenderpack --disable-plugin sme validate` plans no document of the small-firm pack."""
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    result = CliRunner().invoke(cli, ["--disable-plugin", "sme", "validate", str(MINIMAL_PATH)])
    assert result.exit_code == 0, result.output
    assert "tender-at-a-glance" not in result.output and "invitation-to-tender" in result.output
    os.environ.pop(DISABLE_ENV, None)


def test_trace_lists_each_hook_call_and_its_plugin():
    """TENDERPACK_TRACE_PLUGINS=1 writes each hook call, plugin by plugin, to standard error."""
    env = {**os.environ, "TENDERPACK_TRACE_PLUGINS": "1"}
    env.pop(DISABLE_ENV, None)
    result = subprocess.run([sys.executable, "-m", "tenderpack", "validate", str(MINIMAL_PATH)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "tenderpack: hook register_documents -> plugin standard" in result.stderr
    assert "tenderpack: hook register_rules -> plugin rules" in result.stderr
    assert "tenderpack: hook" not in result.stdout
