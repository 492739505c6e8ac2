"""The build, read straight: load the tender, check it, plan, compose, render, publish.

    tender = Tender.load(spec)           the spec, located, and the plugins
    tender.checks()                      the rules, before anything is written
    plan, clauses, compose, lint         the documents as trees
    with staging(out) as stage:          a new pack beside OUT
        render every document, then the artifacts, then the lint report
        stage.commit(manifest)           hashed, described, swapped into OUT
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, attachments
from .artifacts import PackFileInfo
from .cache import RenderCache, library_versions
from .errors import PluginError, RuleFailuresError, RulesError, TenderpackError, WriterError, exited
from .manifest import complete, describe_build
from .parallel import Task, Workers, default_jobs, early_workers, render_all, template_files
from .plugins import Plugins
from .publish import Pack, Stage, sha256, staging
from .rules import CheckReport
from .templates import Templates
from .tender import Tender


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
    on_note: Callable[[str], None] = field(default=lambda note: None)              # a notice: a cache entry rendered afresh


def build(spec_path: Path, out: Path, options: BuildOptions | None = None,
          progress: Progress | None = None, plugins: Plugins | None = None) -> Pack:
    options = options or BuildOptions()
    progress = progress or Progress()
    tender = Tender.load(spec_path, plugins, options.plugins_dirs)
    checks = tender.checks()
    progress.on_checks(checks)
    if checks.stops(options.strict):
        raise RulesError(checks, options.strict)
    if checks.failures:
        raise RuleFailuresError(checks)
    attached = attachments.files(tender.spec)   # the buyer's own files, as the reader checked them
    templates = Templates(options.template_dir)
    writers = tender.writers(options.formats)
    documents = tender.plan(options.only)
    renders = [(doc, fmt) for doc in documents for fmt in options.formats if doc.formats is None or fmt in doc.formats]
    with ExitStack() as cleanup:
        workers = _first_build_workers(out, options, {f: writers[f] for f in options.formats}, templates, len(renders))
        if workers is not None:
            cleanup.callback(workers.close)
            # A build that fails while the workers warm up does not wait for their imports.
            cleanup.push(lambda failed, *_: workers.stop() if failed else None)
        return _compose_and_publish(tender, checks, out, options, progress, attached, templates, writers,
                                    documents, renders, workers)


def _first_build_workers(out: Path, options: BuildOptions, writers: dict, templates: Templates,
                         renders: int) -> Workers | None:
    """Render workers forked now, before composing, when this build will render most documents:
    the first build into OUT, or one without the cache. A rebuild forks them later, only if the
    cache leaves more than one document to render (a date moved renders a few)."""
    if options.cache and (Path(out) / "manifest.json").exists():
        return None
    return early_workers(options.jobs or default_jobs(), writers, templates, _write, renders)


def _compose_and_publish(tender: Tender, checks: CheckReport, out: Path, options: BuildOptions, progress: Progress,
                         attached: list, templates: Templates, writers: dict, documents: list, renders: list,
                         workers: Workers | None) -> Pack:
    clauses = tender.clauses(options.clause_dirs, options.allow_draft, options.strict)
    artifacts = tender.artifacts(options.only, {d.id for d in documents})
    for artifact in artifacts:
        if artifact.format not in writers:
            raise PluginError(artifact.plugin, "register_artifacts",
                              f"artifact {artifact.id!r} needs a {artifact.format!r} writer; none is loaded")
    trees = tender.compose(documents, clauses)
    manifest = describe_build(
        spec_file=tender.path.name, spec_sha256=sha256(tender.path), reference=tender.spec.reference,
        title=tender.spec.title, documents=documents, artifacts=artifacts,
        plugins=[{"name": p.name, "version": p.version or (__version__ if p.name.startswith("tenderpack.") else None)}
                 for p in tender.plugins.info()],
        templates=[{"name": name, "from": "built-in" if path.parent == templates.builtin else "--template-dir",
                    "sha256": sha256(path)} for name, path in sorted(template_files(templates).items())],
        libraries=library_versions(), formats=list(options.formats),
        waivers=checks.waivers, warnings=[p.to_data() for p in checks.warnings])
    titles = {d.id: d.title for d in documents} | {a.id: a.title for a in artifacts}
    cache = RenderCache(options.cache_dir) if options.cache else None

    with staging(Path(out)) as stage:
        def done(task: Task) -> None:
            rel = task.target.relative_to(stage.folder).as_posix()
            progress.on_file(task.what, titles[task.what], task.fmt, rel, task.cached)
            stage.add(rel, task.fmt, task.what, titles[task.what])

        lints = []

        def lint() -> None:
            """Documents for small firms must read plainly: a miss stops the build, nothing is published."""
            lints.append(_lint(tender.spec, tender.plugins, documents, trees, cache))
            progress.on_lint(lints[0])

        tasks = [Task(trees[doc.id], fmt, writers[fmt], _target(stage, doc.stem + writers[fmt].extension), doc.id)
                 for doc, fmt in renders]
        # The lint runs while the workers render: it needs the trees, not the files.
        render_all(tasks, templates, _write, options.jobs or default_jobs(), cache, done, meanwhile=lint,
                   workers=workers)
        for item in attached:   # before the artifacts, so that the notice lists them
            attachments.copy(item, _target(stage, item.path))
            progress.on_file("attachment", item.title, item.format, item.path, False)
            stage.add(item.path, item.format, "attachment", item.title)
        for artifact in artifacts:   # after the documents: an artifact may list their hashes
            content = _artifact_content(artifact, stage)
            writer = writers[artifact.format]
            render_all([Task(content, artifact.format, writer, _target(stage, artifact.stem(writer.extension)),
                             artifact.id)],
                       templates, _write, 1, cache, done)
        if cache is not None:
            cache.trim()
            for note in cache.notes():
                progress.on_note(note)
        for rel, fmt in write_lint_report(lints[0], stage.folder, writers["json"]):
            stage.add(rel, fmt, "lint-report", "Plain-English report")
        pack = stage.commit(complete(manifest, {d: trees[d].sources for d in trees}, lints[0]))
    tender.plugins.call("pack_built", pack=pack, out_dir=pack.out_dir)
    return pack


def _target(stage: Stage, rel: str) -> Path:
    """Where a file of the pack is written inside the stage; its folder is made."""
    target = stage.folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _artifact_content(artifact, stage: Stage):
    """An artifact's content, from the files written so far (some list their hashes)."""
    seen = [PackFileInfo(f.path, f.format, f.document, f.title, *_measure(stage.folder / f.path))
            for f in stage.files]
    try:
        return artifact.resolve(seen)
    except (Exception, SystemExit) as exc:
        raise PluginError(artifact.plugin, "register_artifacts",
                          f"content of {artifact.id!r} failed: {_failure(exc)}") from exc


def _failure(exc: BaseException) -> str:
    """What went wrong in a plugin's code, in words; a sys.exit() is a failure too, not an ending."""
    return exited(exc) if isinstance(exc, SystemExit) else f"{type(exc).__name__}: {exc}"


def _lint(spec, plugins: Plugins, documents, trees, cache: RenderCache | None):
    """The plain-English lint of the composed trees (a document unchanged since an earlier build
    keeps its lint, from the cache); a gated document that misses stops the build."""
    from .errors import PlainLanguageError
    from .lint import lint_pack, load_style_kit

    report = lint_pack(spec, [(doc, trees[doc.id]) for doc in documents], load_style_kit(plugins), cache)
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
    except (Exception, SystemExit) as exc:
        raise WriterError(f"{fmt} writer failed on {what!r}: {_failure(exc)}") from exc
