"""Plugins: outside plugins extend the pack; broken plugins are named, never silent."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tenderpack import hookspecs
from tenderpack.compose import compose, plan
from tenderpack.errors import PluginError
from tenderpack.plugins import Plugins
from tenderpack.reader import read_spec
from tenderpack.tree import Clause, Paragraph, plain_text

HERE = Path(__file__).parent
PLUGINS = HERE / "plugins"
MINIMAL = read_spec(HERE / "fixtures" / "minimal.yaml")
HOOKS = sorted(n for n in dir(hookspecs) if hasattr(getattr(hookspecs, n), "tenderpack_spec"))


def test_first_party_plugins_load_through_entry_points():
    """The first-party plugins are found through the 'tenderpack' entry-point group."""
    sources = {info.name: info.source for info in Plugins().info()}
    for name in ("standard", "outcomes", "social_value", "sme"):
        assert sources[name].startswith("entry point"), name


def test_first_party_plugins_use_only_public_api():
    """First-party plugins import nothing from tenderpack's internals, nor Word or PDF libraries."""
    root = HERE.parent / "plugins"
    for file in root.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("tenderpack."), f"{file}: imports {name}"
                assert name.split(".")[0] not in ("docx", "docxtpl", "weasyprint"), f"{file}: imports {name}"


def test_outside_plugin_adds_a_document_with_numbered_clauses():
    """A --plugins-dir plugin adds its own document; its clauses are numbered by the engine."""
    plugins = Plugins([PLUGINS / "outsider"])
    docs = {d.id: d for d in plan(MINIMAL, plugins)}
    assert docs["site-rules"].plugin == "outsider"
    tree = compose(MINIMAL, plugins, docs["site-rules"])
    clauses = [b for s in tree.sections for b in s.blocks if isinstance(b, Clause)]
    assert [(c.number, c.title) for c in clauses] == [("1", "Parking"), ("2", "Badges")]
    assert tree.context["site_rules_owner"] == "Facilities team"


def test_outside_plugin_adds_section_to_another_plugins_document():
    """A plugin can add a section to a document that another plugin registered."""
    plugins = Plugins([PLUGINS / "outsider"])
    itt = next(d for d in plan(MINIMAL, plugins) if d.id == "invitation-to-tender")
    assert itt.plugin == "standard"
    tree = compose(MINIMAL, plugins, itt)
    titles = [s.title for s in tree.sections]
    assert titles[-1] == "Site visits (added by outsider)"
    paragraph = tree.sections[-1].blocks[0]
    assert isinstance(paragraph, Paragraph) and "book ahead" in plain_text(paragraph.runs)


def test_outside_plugin_registers_a_writer():
    """A plugin can register a writer for a new format."""
    assert "text" in Plugins([PLUGINS / "outsider"]).writers()


def test_raising_plugin_is_named_with_its_hook():
    """A plugin that raises stops the build with its name and the hook."""
    plugins = Plugins([PLUGINS / "raising"])
    doc = plan(MINIMAL, plugins)[0]
    with pytest.raises(PluginError, match=r"plugin 'raiser' failed in hook document_sections: RuntimeError: the clause server is down"):
        compose(MINIMAL, plugins, doc)


def test_wrong_return_type_is_named():
    """A plugin returning the wrong type is reported by name, with what was expected."""
    plugins = Plugins([PLUGINS / "wrong_type"])
    doc = plan(MINIMAL, plugins)[0]
    with pytest.raises(PluginError, match=r"plugin 'wrong' failed in hook document_sections: returned str; expected a list"):
        compose(MINIMAL, plugins, doc)


def test_misspelt_hook_fails_loudly():
    """A hook name that does not exist is an error with the nearest real hook."""
    with pytest.raises(PluginError, match=r"did you mean 'document_sections'"):
        Plugins([PLUGINS / "misspelt"])


def test_duplicate_document_id_names_both_plugins(tmp_path):
    """Two plugins registering one document id: an error naming both."""
    (tmp_path / "copycat.py").write_text(
        "from tenderpack import hookimpl, DocumentType\n"
        "@hookimpl\n"
        "def register_documents(register):\n"
        "    register(DocumentType(id='invitation-to-tender', title='Mine'))\n")
    with pytest.raises(PluginError, match=r"'copycat'.*already registered by plugin 'standard'"):
        plan(MINIMAL, Plugins([tmp_path]))


def test_bad_node_deep_in_a_section_is_named(tmp_path):
    """A section holding something that is not a tree node is blamed on its plugin."""
    (tmp_path / "sloppy.py").write_text(
        "from tenderpack import hookimpl, Section\n"
        "@hookimpl\n"
        "def document_sections(spec, document):\n"
        "    return [Section('Oops', ['a bare string'])]\n")
    plugins = Plugins([tmp_path])
    with pytest.raises(PluginError, match=r"'sloppy'.*blocks\[0\] is a str, not a tenderpack block"):
        compose(MINIMAL, plugins, plan(MINIMAL, plugins)[0])


def test_template_context_clash_is_an_error(tmp_path):
    """A plugin may not override the engine's own template variables."""
    (tmp_path / "clash.py").write_text(
        "from tenderpack import hookimpl\n"
        "@hookimpl\n"
        "def template_context(spec, document):\n"
        "    return {'title': 'hijacked'}\n")
    plugins = Plugins([tmp_path])
    with pytest.raises(PluginError, match=r"'title' is one of the engine's own"):
        compose(MINIMAL, plugins, plan(MINIMAL, plugins)[0])


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook):
    """Every hook has a docstring in hookspecs.py and a section in the docs/ folder."""
    assert (getattr(hookspecs, hook).__doc__ or "").strip(), f"{hook} has no docstring"
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (HERE.parent / "docs").glob("*.md"))
    assert re.search(rf"^### {hook}\(", docs, re.M), f"{hook} is not documented in docs/*.md"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_exercised_by_a_test_plugin(hook):
    """Every hook is implemented by a test plugin under tests/plugins and so exercised."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in PLUGINS.rglob("*.py"))
    assert re.search(rf"@hookimpl\s*\ndef {hook}\(", sources), f"no test plugin implements {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_full_signature(hook):
    """The heading of each hook in docs/*.md names every argument of its hookspec, in order."""
    import inspect

    docs = "\n".join(p.read_text(encoding="utf-8") for p in (HERE.parent / "docs").glob("*.md"))
    found = re.search(rf"^### {hook}\((.*)\)", docs, re.M)
    assert found, f"{hook} is not documented in docs/*.md"
    written = [a.strip() for a in found.group(1).split(",") if a.strip()]
    assert written == list(inspect.signature(getattr(hookspecs, hook)).parameters), found.group(0)


def test_every_engine_template_variable_and_document_field_is_documented():
    """docs/plugins.md names each variable the engine gives the templates and each DocumentType field."""
    import dataclasses

    from tenderpack.compose import ENGINE_CONTEXT
    from tenderpack.documents import DocumentType

    docs = (HERE.parent / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in ENGINE_CONTEXT:
        assert f"`{name}`" in docs, f"template variable {name!r} is not in docs/plugins.md"
    for f in dataclasses.fields(DocumentType):
        if f.name != "plugin":
            assert f"`{f.name}`" in docs, f"DocumentType.{f.name} is not in docs/plugins.md"
