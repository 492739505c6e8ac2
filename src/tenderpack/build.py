"""The build: read the spec, plan and compose the documents, write every format, publish."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .artifacts import PackFileInfo
from .cache import RenderCache, library_versions
from .compose import compose, plan, plan_artifacts
from .errors import InputError, PluginError, RuleFailuresError, RulesError, TenderpackError, WriterError
from .parallel import Task, default_jobs, render_all, template_files
from .plugins import Plugins
from .publish import Pack, PackFile, publish, sha256
from .rules import CheckReport, check_spec, read_located
from .templates import Templates


@dataclass
class BuildOptions:
    formats: tuple[str, ...] = ("docx", "pdf")
    template_dir: Path | None = None
    plugins_dirs: tuple[Path, ...] = ()
    only: tuple[str, ...] = ()
    clause_dirs: tuple[Path, ...] = ()   # --clauses: an organisation's own clause library
    allow_draft: bool = False            # --allow-draft: include clauses with status draft
    strict: bool = False                 # --strict: warnings stop the build too
    jobs: int | None = None              # --jobs: worker processes; None means one per core
    cache: bool = True                   # --no-cache: render every document afresh
    cache_dir: Path | None = None        # default: $TENDERPACK_CACHE_DIR or ~/.cache/tenderpack


@dataclass
class Progress:
    """Called as each file is written: (document id, title, format, relative path, reused from cache)."""

    on_file: Callable[[str, str, str, str, bool], None] = field(default=lambda *a: None)
    on_checks: Callable[[CheckReport], None] = field(default=lambda report: None)   # the rules' findings
    on_lint: Callable[[object], None] = field(default=lambda report: None)         # the plain-English LintReport


def build(spec_path: Path, out: Path, options: BuildOptions | None = None,
          progress: Progress | None = None, plugins: Plugins | None = None) -> Pack:
    options = options or BuildOptions()
    progress = progress or Progress()
    spec_path = Path(spec_path)
    spec, positions = read_located(spec_path)
    plugins = plugins or Plugins(options.plugins_dirs)
    checks = check_spec(spec, plugins, positions, str(spec_path))   # the rules, before anything is written
    progress.on_checks(checks)
    if checks.stops(options.strict):
        raise RulesError(checks, options.strict)
    if checks.failures:
        raise RuleFailuresError(checks)
    templates = Templates(options.template_dir)
    writers = plugins.writers()
    unknown = [f for f in options.formats if f not in writers]
    if unknown:
        raise InputError(f"--format: unknown format {', '.join(map(repr, unknown))}; "
                         f"available: {', '.join(sorted(writers))}")
    documents = plan(spec, plugins, options.only)
    from .library import load_library  # the clause library: loaded and checked once, before anything is written
    library = load_library(plugins, options.clause_dirs, allow_draft=options.allow_draft,
                           strict=options.strict).for_spec(spec)
    artifacts = plan_artifacts(spec, plugins, options.only, {d.id for d in documents})
    for artifact in artifacts:
        if artifact.format not in writers:
            raise PluginError(artifact.plugin, "register_artifacts",
                              f"artifact {artifact.id!r} needs a {artifact.format!r} writer; none is loaded")

    sources: dict[str, list[dict]] = {}
    titles = {d.id: d.title for d in documents}
    trees = {doc.id: compose(spec, plugins, doc, library=library) for doc in documents}
    lints = []

    def lint() -> None:
        """Documents for small firms must read plainly: a miss stops the build, nothing is published."""
        lints.append(_lint(spec, plugins, documents, trees))
        progress.on_lint(lints[0])

    def fill(tmp: Path) -> list[PackFile]:
        tasks: list[Task] = []
        for doc in documents:
            tree = trees[doc.id]
            sources[doc.id] = tree.sources
            for fmt in options.formats:
                if doc.formats is not None and fmt not in doc.formats:
                    continue
                target = tmp / f"{doc.stem}{writers[fmt].extension}"
                target.parent.mkdir(parents=True, exist_ok=True)
                tasks.append(Task(tree, fmt, writers[fmt], target, doc.id))
        files: list[PackFile] = []

        def done(task: Task) -> None:
            rel = task.target.relative_to(tmp).as_posix()
            progress.on_file(task.what, titles[task.what], task.fmt, rel, task.cached)
            files.append(PackFile(rel, task.fmt, task.what, title=titles[task.what]))

        cache = RenderCache(options.cache_dir) if options.cache else None
        # The lint runs while the workers render: it needs the trees, not the files.
        render_all(tasks, templates, _write, options.jobs or default_jobs(), cache, done, meanwhile=lint)
        for artifact in artifacts:   # after the documents: an artifact may list their hashes
            target = tmp / artifact.stem(writers[artifact.format].extension)
            target.parent.mkdir(parents=True, exist_ok=True)
            seen = [PackFileInfo(f.path, f.format, f.document, f.title, *_measure(tmp / f.path)) for f in files]
            try:
                content = artifact.resolve(seen)
            except Exception as exc:
                raise PluginError(artifact.plugin, "register_artifacts",
                                  f"content of {artifact.id!r} failed: {type(exc).__name__}: {exc}") from exc
            titles[artifact.id] = artifact.title
            render_all([Task(content, artifact.format, writers[artifact.format], target, artifact.id)],
                       templates, _write, 1, cache, done)
        if cache is not None:
            cache.trim()
        for rel, fmt in write_lint_report(lints[0], tmp, writers["json"]):
            files.append(PackFile(rel, fmt, "lint-report", title="Plain-English report"))
        return files

    def manifest_for(files: list[PackFile]) -> dict:
        for entry in manifest["documents"]:
            if sources.get(entry["id"]):
                entry["sources"] = sources[entry["id"]]
        manifest["clauses"] = _clauses_used(sources)
        manifest["plain_language"] = {"passed": lints[0].passed, "documents": [
            {"id": d.id, "audience": d.audience, "gated": d.gated, "passed": d.passed,
             "reading_ease": d.metrics["reading_ease"], "grade": d.metrics["grade"]} for d in lints[0].documents]}
        return manifest

    manifest = {
        "tenderpack": __version__,
        "reference": spec.reference,
        "title": spec.title,
        "spec": {"file": spec_path.name, "sha256": sha256(spec_path)},
        "documents": [{"id": d.id, "title": d.title, "plugin": d.plugin, "audience": d.audience}
                      for d in documents],
        "artifacts": [{"id": a.id, "title": a.title, "plugin": a.plugin, "audience": a.audience,
                       "format": a.format} for a in artifacts],
        # Everything that decides the bytes, so a later reader can rebuild the same pack.
        "plugins": [{"name": p.name, "version": p.version or (__version__ if p.name.startswith("tenderpack.") else None)}
                    for p in plugins.info()],
        "templates": [{"name": name, "from": "built-in" if path.parent == templates.builtin else "--template-dir",
                       "sha256": sha256(path)} for name, path in sorted(template_files(templates).items())],
        "libraries": library_versions(),
        "formats": list(options.formats),
        "waivers": checks.waivers,
        "warnings": [p.to_data() for p in checks.warnings],
    }
    pack = publish(Path(out), fill, manifest_for)
    plugins.call("pack_built", pack=pack, out_dir=pack.out_dir)
    return pack


def _clauses_used(sources: dict[str, list[dict]]) -> list[dict]:
    """Each clause used anywhere in the pack, once, with its version and hash."""
    seen: dict[str, dict] = {}
    for entries in sources.values():
        for entry in entries:
            if "clause" in entry:
                seen.setdefault(entry["clause"], {k: entry.get(k) for k in ("clause", "version", "sha256", "source")})
    return sorted(seen.values(), key=lambda e: e["clause"])


def _lint(spec, plugins: Plugins, documents, trees):
    """The plain-English lint of the composed trees; a gated document that misses stops the build."""
    from .errors import PlainLanguageError
    from .lint import lint_pack, load_style_kit

    report = lint_pack(spec, [(doc, trees[doc.id]) for doc in documents], load_style_kit(plugins))
    if report.failures:
        failure = report.failures[0]
        hook = "register_style_checks" if failure.code == "register_style_checks" else f"style check {failure.code}"
        raise PluginError(failure.plugin, hook, failure.message)
    if not report.passed:
        raise PlainLanguageError(report)
    return report


def write_lint_report(report, folder: Path, json_writer) -> list[tuple[str, str]]:
    from .lint import write_report

    return write_report(report, folder, json_writer)


def _measure(path: Path) -> tuple[int, str]:
    return path.stat().st_size, sha256(path)


def _write(writer, content, target: Path, templates: Templates, fmt: str, what: str) -> None:
    """Run one writer; anything but a tenderpack error becomes a WriterError naming the file."""
    try:
        writer.write(content, target, templates)
    except TenderpackError:
        raise
    except Exception as exc:
        raise WriterError(f"{fmt} writer failed on {what!r}: {type(exc).__name__}: {exc}") from exc
