"""House-style templates (--template-dir) are data, never code.

``document.html`` (PDF) and the tags of ``master.docx`` (Word) are rendered in
``HouseStyleSandbox``: an immutable Jinja2 sandbox with the arithmetic bounds of
``library.sandbox.BoundedSandbox``, no globals, only the filters the built-in templates use
and nothing that can be called. Before a template runs, its syntax tree is checked: a call,
a private attribute (``_x``), a filter or test it may not use, or ``{% autoescape %}``
stops it with an InputError naming the file and line.

Files a template includes come through ``TemplateFolderLoader``: only regular files inside
the template folders (Templates.find), never through a symbolic link, and at most
TEMPLATE_MAX_BYTES each. ``check_master`` bounds what a master.docx may ask of a build.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound, TemplateSyntaxError, nodes
from jinja2.sandbox import SecurityError
from lxml import etree

from .errors import InputError, Issue, Location
from .library.sandbox import BoundedSandbox
from .limits import (MASTER_MAX_ELEMENTS, MASTER_MAX_UNCOMPRESSED_BYTES, TEMPLATE_MAX_BYTES)
from .templates import Templates, read_bytes, refused, size_text

# What the built-in templates (templates/) use, and so all a house style may use.
ALLOWED_FILTERS = ("default", "join")
ALLOWED_TESTS: tuple[str, ...] = ()


class TemplateCodeError(TemplateSyntaxError):
    """A house-style template asks for something that is code, not data (found before it runs)."""


class HouseStyleSandbox(BoundedSandbox):
    """Reads data (public attributes and items) and applies the allowed filters; calls nothing."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and not callable(value)

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Compile a template once its syntax tree has passed the house-style check."""
        ast = self.parse(source, name, filename) if isinstance(source, str) else source
        problem = _first_problem(ast, self)
        if problem is not None:
            line, message = problem
            raise TemplateCodeError(message, line, name, filename)
        return super().compile(ast, name, filename, raw, defer_init)


def _first_problem(ast: nodes.Template, env: HouseStyleSandbox) -> tuple[int, str] | None:
    """The first thing in ``ast`` a house-style template may not do, as (line, message)."""
    for node in ast.find_all(nodes.Node):
        if isinstance(node, (nodes.Call, nodes.CallBlock)):
            call = node.call if isinstance(node, nodes.CallBlock) else node
            return node.lineno, (f"calling {_name(call)} is not allowed in a house-style template: "
                                 "a template is data (use if, for, set, include and the filters "
                                 f"{', '.join(ALLOWED_FILTERS)})")
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(attr, str) and attr.startswith("_"):
                return node.lineno, (f"{attr!r} is private: a house-style template may read only "
                                     "the document's variables")
        if isinstance(node, nodes.Filter) and node.name not in env.filters:
            return node.lineno, (f"the filter {node.name!r} is not allowed in a house-style template; "
                                 f"the filters are: {', '.join(ALLOWED_FILTERS)}")
        if isinstance(node, nodes.Test) and node.name not in env.tests:
            allowed = ", ".join(ALLOWED_TESTS) or "none"
            return node.lineno, (f"the test 'is {node.name}' is not allowed in a house-style template "
                                 f"(tests allowed: {allowed}); compare values with == or use | default")
        if isinstance(node, (nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
            return node.lineno, ("{% autoescape %} is not allowed in a house-style template: "
                                 "the document's text is always escaped")
    return None


def _name(node: nodes.Node) -> str:
    """An expression as the template writes it, roughly: ``os.popen(...).read()``."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_name(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_name(node.node)}[...]"
    if isinstance(node, nodes.Call):
        args = "..." if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs else ""
        return f"{_name(node.node)}({args})"
    if isinstance(node, nodes.Const):
        return repr(node.value)[:20]
    return "(...)"


class TemplateFolderLoader(BaseLoader):
    """Loads templates by name from the template folders, through Templates.find()."""

    def __init__(self, templates: Templates):
        self.templates = templates

    def get_source(self, environment, template: str):
        path = self.templates.optional(template)   # refuses links, odd files and '..'
        if path is None:
            raise TemplateNotFound(template)
        source = read_text(path)
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate


def read_text(path: Path) -> str:
    """A text template (HTML, CSS): at most TEMPLATE_MAX_BYTES, in UTF-8."""
    data = read_bytes(path, TEMPLATE_MAX_BYTES, "TEMPLATE_MAX_BYTES")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refused(path, f"not UTF-8 text (byte {exc.start}); save the template as UTF-8") from exc


def environment(templates: Templates, **options) -> HouseStyleSandbox:
    """A sandbox for the house-style templates in ``templates``' folders."""
    env = HouseStyleSandbox(loader=TemplateFolderLoader(templates), **options)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in ALLOWED_FILTERS}
    env.tests = {name: env.tests[name] for name in ALLOWED_TESTS}
    return env


def refusal(exc: BaseException, fallback: Path | str, near: str = "") -> InputError | None:
    """The InputError for a sandbox refusal (TemplateCodeError or SecurityError, or an
    InputError from the loader), else None.

    It names the template file and the line where Jinja knows it.
    """
    if isinstance(exc, InputError):
        if all(issue.where.file for issue in exc.issues):
            return InputError(exc.issues)   # a new one: raising exc "from" itself would make a cycle
        file, line = _template_frame(exc, fallback)   # a bad name in {% include %}: where it is
        return InputError([Issue(Location(file=file, line=line), f"{issue.message}{near}") for issue in exc.issues])
    if isinstance(exc, TemplateCodeError):
        line = exc.lineno if exc.filename else None   # a master.docx part has no lines of its own
        return InputError([Issue(Location(file=exc.filename or str(fallback), line=line), (exc.message or "") + near)])
    if isinstance(exc, SecurityError):
        file, line = _template_frame(exc, fallback)
        # A limit of the sandbox (TemplateLimitError) names itself; other refusals say why.
        message = str(exc) if getattr(exc, "limit", "") else f"not allowed in a house-style template: {exc}"
        return InputError([Issue(Location(file=file, line=line), f"{message}{near}")])
    return None


def _template_frame(exc: BaseException, fallback: Path | str) -> tuple[str, int | None]:
    """The template file and line a runtime error happened at (Jinja rewrites its traceback)."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (str(fallback), None)
    while tb is not None:
        code = tb.tb_frame.f_code
        # Jinja's stand-in frames for template code carry this global.
        if "__jinja_exception__" in tb.tb_frame.f_globals and not code.co_filename.startswith("<"):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


# ---------------------------------------------------------------------------- master.docx

def check_master(path: Path) -> bytes:
    """The bytes of master.docx, once it is known to stay inside the limits.

    A zip of a few kilobytes can unpack to gigabytes, and each element of the body costs
    time in every document: MASTER_MAX_UNCOMPRESSED_BYTES bounds the parts together,
    TEMPLATE_MAX_BYTES each XML part, MASTER_MAX_ELEMENTS the elements of the parts that
    docxtpl renders (the body, headers, footers and footnotes).
    """
    data = read_bytes(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data   # the Word writer says it is not a .docx
    total = elements = 0
    try:
        with archive:
            rendered = _rendered_parts(archive)
            for info in archive.infolist():
                xml = info.filename.endswith((".xml", ".rels"))
                limit = TEMPLATE_MAX_BYTES if xml else MASTER_MAX_UNCOMPRESSED_BYTES - total
                with archive.open(info) as part:   # read, never trusting the sizes the zip declares
                    content = part.read(max(limit, 0) + 1)
                if xml and len(content) > limit:
                    raise refused(path, f"{info.filename} is over the limit of {size_text(TEMPLATE_MAX_BYTES)} "
                                        "for an XML part of the Word template (TEMPLATE_MAX_BYTES)")
                total += len(content)
                if total > MASTER_MAX_UNCOMPRESSED_BYTES:
                    raise refused(path, "unpacks to more than "
                                        f"{size_text(MASTER_MAX_UNCOMPRESSED_BYTES)} (MASTER_MAX_UNCOMPRESSED_BYTES)")
                if info.filename in rendered:
                    elements += _count_elements(content)
                    if elements > MASTER_MAX_ELEMENTS:
                        raise refused(path, f"{info.filename}: the Word template has more than "
                                            f"{MASTER_MAX_ELEMENTS:,} XML elements (paragraphs, runs, cells...) in "
                                            "its body, headers, footers and footnotes (MASTER_MAX_ELEMENTS); "
                                            "a house style needs a cover, a header and a footer, not a long document")
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
        raise refused(path, f"cannot be unpacked as a Word file: {exc}") from exc
    return data


def _rendered_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts docxtpl renders as templates, found as python-docx finds them: the main
    document (from _rels/.rels) and its headers, footers and footnotes."""
    parts = set()
    for main in _related(archive, "", "_rels/.rels", ("officeDocument",)):
        parts.add(main)
        folder, name = posixpath.split(main)
        parts.update(_related(archive, folder, posixpath.join(folder, "_rels", f"{name}.rels"),
                              ("header", "footer", "footnotes")))
    return parts


def _related(archive: zipfile.ZipFile, folder: str, rels: str, kinds: tuple[str, ...]) -> list[str]:
    """The part names that relationships file ``rels`` points at with a type in ``kinds``."""
    try:
        with archive.open(rels) as handle:
            xml = handle.read(TEMPLATE_MAX_BYTES + 1)
        # As every parser of master.docx here: no entities resolved, nothing fetched, no huge trees.
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except (KeyError, etree.XMLSyntaxError):
        return []   # python-docx reports a package it cannot read
    found = []
    for rel in root:
        if rel.get("Type", "").rsplit("/", 1)[-1] in kinds and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found.append(posixpath.normpath(name))
    return found


def _count_elements(xml: bytes) -> int:
    """Elements in an XML part (0 if it does not parse: python-docx will say why)."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, huge_tree=False)
    try:
        parser.feed(xml)
        parser.close()
    except etree.XMLSyntaxError:
        pass
    return sum(1 for _ in parser.read_events())
