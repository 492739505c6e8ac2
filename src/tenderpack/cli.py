"""The command line. The only module that prints or exits.

Exit codes: 0 success, 1 the build failed, 2 bad input (spec, options, files).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import InputError, TenderpackError


def _human_size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _echo(line: str = "") -> None:
    """Print a line of progress; if the reader has gone (``| head``), finish the job silently."""
    try:
        click.echo(line)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept both --only a --only b and --only a,b."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


# Options shared by several commands, defined once so their wording cannot drift apart.
plugins_dir_option = click.option(
    "--plugins-dir", "plugins_dirs", multiple=True, type=click.Path(path_type=Path),
    help="Also load plugin files (*.py) from this folder.")
clauses_option = click.option(
    "--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
    help="Also use the clause files in this folder (your organisation's library).")
allow_draft_option = click.option("--allow-draft", is_flag=True, help="Include clauses whose status is draft.")


class Group(click.Group):
    """Turns tenderpack errors into one-line messages and exit codes (no traceback unless asked)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TenderpackError as exc:
            if ctx.params.get("traceback"):
                if getattr(exc, "worker_traceback", None):   # the error happened in a worker process
                    click.echo(f"in the worker process:\n{exc.worker_traceback}", err=True)
                raise
            lines = str(exc).splitlines() or [type(exc).__name__]
            head = lines[0] if len(lines) == 1 else f"{len(lines)} problems"
            click.secho(f"error: {head}", fg="red", err=True)
            if len(lines) > 1:
                for line in lines:
                    click.echo(f"  {line}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt as exc:
            # Ctrl-C exits 130 and SIGTERM 143, as if the signal had ended the process.
            from .errors import Terminated

            terminated = isinstance(exc, Terminated)
            click.echo(f"{'terminated' if terminated else 'interrupted'}: nothing was written", err=True)
            ctx.exit(143 if terminated else 130)
        except Exception as exc:
            if ctx.params.get("traceback"):
                raise
            click.secho(f"internal error: {type(exc).__name__}: {exc}", fg="red", err=True)
            click.echo("run again with --traceback for details, and report it", err=True)
            ctx.exit(1)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tenderpack")
@click.option("--traceback", is_flag=True, help="Show the full Python traceback when something fails.")
@click.option("--disable-plugin", "disable", multiple=True, metavar="NAME",
              help="Leave out an installed plugin (repeatable; also TENDERPACK_DISABLE_PLUGINS=a,b).")
def cli(traceback: bool, disable: tuple[str, ...]) -> None:
    """Assemble a plain-English tender pack from one procurement specification."""
    if disable:
        from .plugins import DISABLE_ENV, disabled_plugins

        # Through the environment so that render workers and every command see the same set.
        os.environ[DISABLE_ENV] = ",".join(sorted(disabled_plugins() | set(_split(disable))))


# --------------------------------------------------------------------------- init


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".")
@click.option("--example", default="small-open-grounds", show_default=True,
              help="Which example to start from (see the examples/ folder).")
@click.option("--force", is_flag=True, help="Overwrite an existing tender.yaml.")
def init(directory: Path, example: str, force: bool) -> None:
    """Write a commented example specification (tender.yaml) and its JSON Schema into DIRECTORY."""
    from .spec import Spec
    from .templates import data_dir

    source = data_dir("examples") / f"{example}.yaml"
    if not source.is_file():
        names = sorted(p.stem for p in data_dir("examples").glob("*.yaml"))
        raise InputError(f"--example: no example called {example!r}; choose one of: {', '.join(names)}")
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: exists and is not a folder")
    target = directory / "tender.yaml"
    if target.exists() and not force:
        raise InputError(f"{target}: already exists; use --force to overwrite it")
    directory.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "yaml-language-server" not in line]
    header = "# yaml-language-server: $schema=tenderpack.schema.json\n"
    target.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    (directory / "tenderpack.schema.json").write_text(json.dumps(Spec.model_json_schema(), indent=2) + "\n",
                                                      encoding="utf-8")
    click.echo(f"wrote {target} and {directory / 'tenderpack.schema.json'}")
    click.echo(f"next: tenderpack validate {target}")
    click.echo(f"then: tenderpack build {target} -o {directory / 'pack'}")


# --------------------------------------------------------------------------- validate


@cli.command()
@click.argument("spec", type=click.Path(path_type=Path))
@plugins_dir_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit code 2).")
def validate(spec: Path, plugins_dirs: tuple[Path, ...], strict: bool) -> None:
    """Check a specification and the procurement rules without building anything.

    Problems are listed by severity, each with its rule code, where it is and its source.
    Exit codes: 0 no errors; 2 errors (or warnings with --strict); 1 a rule plugin failed.
    """
    from .planning import plan
    from .plugins import Plugins
    from .rules import check_file

    plugins = Plugins(plugins_dirs)
    model, report = check_file(spec, plugins)
    documents = plan(model, plugins)
    info = [f"  {model.reference}: {model.title}",
            f"  {len(documents)} documents: {', '.join(d.id for d in documents)}"]
    _print_checks(spec, report, strict, info=info)
    if report.stops(strict):
        sys.exit(2)
    if report.failures:
        sys.exit(1)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_checks(spec: Path, report, strict: bool = False, info: list[str] = ()) -> None:
    """The rules' findings grouped by severity: errors, warnings, waived, rules that could not run."""
    errors, warnings = report.errors, report.warnings
    counts = f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}"
    if report.waived:
        counts += f", {len(report.waived)} waived"
    checked = f"{_count(len(report.rules), 'rule')} checked"
    if report.stops(strict):
        click.secho(f"{spec}: {counts} ({checked})", fg="red")
    elif report.failures:
        click.secho(f"{spec}: not fully checked, {_count(len(report.failures), 'rule plugin failure')}; "
                    f"{counts} ({checked})", fg="red")
    elif warnings or report.waived:
        click.echo(f"{spec}: valid, {counts} ({checked})")
    else:
        click.echo(f"{spec}: valid ({checked})")
    if not report.stops(strict) and not report.failures:
        for line in info:
            click.echo(line)
    groups = [("errors", errors, "red"),
              ("warnings" + (" (--strict: these count as errors)" if strict else ""), warnings, "yellow")]
    for title, problems, colour in groups:
        if problems:
            click.secho(f"{title}:", fg=colour)
            for p in problems:
                click.echo(f"  {p}")
    if report.waived:
        click.echo("waived:")
        for p in report.waived:
            click.echo(f"  {p.where}: [{p.code}] {p.message} (waived: {p.waived})")
    if report.failures:
        click.secho("rules that could not run:", fg="red")
        for f in report.failures:
            click.echo(f"  {f}")


# --------------------------------------------------------------------------- lint


@cli.command()
@click.argument("spec", type=click.Path(path_type=Path))
@plugins_dir_option
@click.option("--only", multiple=True, help="Lint only this document id (repeat, or separate with commas).")
@clauses_option
@allow_draft_option
@click.option("--details", default=5, show_default=True, help="Findings to show per document.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON instead.")
def lint(spec: Path, plugins_dirs: tuple[Path, ...], only: tuple[str, ...], clause_dirs: tuple[Path, ...],
         allow_draft: bool, details: int, as_json: bool) -> None:
    """Measure how plainly every document of the pack for SPEC reads.

    Reading ease and grade (Flesch, by textstat), long sentences, words to avoid (with plain
    swaps), legal archaisms and old procurement terms, and the passive voice. Documents for
    small firms must meet their thresholds (the build stops otherwise): exit code 1 when one
    misses them. Nothing is written; the build puts the same report in the pack.
    """
    from .compose import compose, plan
    from .library import load_library
    from .lint import lint_pack, load_style_kit
    from .plugins import Plugins
    from .reader import read_spec

    model = read_spec(spec)
    plugins = Plugins(plugins_dirs)
    documents = plan(model, plugins, _split(only))
    library = load_library(plugins, clause_dirs, allow_draft=allow_draft).for_spec(model)
    trees = [(doc, compose(model, plugins, doc, library=library)) for doc in documents]
    report = lint_pack(model, trees, load_style_kit(plugins))
    if as_json:
        click.echo(json.dumps(report.to_data(), indent=2, ensure_ascii=False))
    else:
        click.echo(f"{spec}: plain-English report for {_count(len(report.documents), 'document')}")
        for line in report.summary_lines(details):
            click.echo(line)
        click.echo("")
        if report.passed:
            click.echo("documents for small firms: pass")
        else:
            n = len(report.gate_failures)
            click.secho(f"documents for small firms: {_count(n, 'document')} {'misses' if n == 1 else 'miss'} "
                        "the thresholds; the build stops until they are fixed", fg="red")
    if not report.passed or report.failures:
        sys.exit(1)


# --------------------------------------------------------------------------- build


@cli.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write the pack into (replaced only when the build succeeds).")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated formats to write.")
@click.option("--template-dir", type=click.Path(path_type=Path),
              help="Your house style: master.docx, print.css, document.html, logo.png.")
@plugins_dir_option
@click.option("--only", multiple=True, help="Build only this document id (repeat, or separate with commas).")
@clauses_option
@allow_draft_option
@click.option("--strict", is_flag=True, help="Stop on warnings as well as errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents rendered at once, in separate processes.  [default: the number of cores]")
@click.option("--no-cache", is_flag=True,
              help="Render every document afresh, even those unchanged since an earlier build.")
def build(spec: Path, out: Path, formats: str, template_dir: Path | None,
          plugins_dirs: tuple[Path, ...], only: tuple[str, ...], clause_dirs: tuple[Path, ...],
          allow_draft: bool, strict: bool, jobs: int | None, no_cache: bool) -> None:
    """Build the tender pack for SPEC into OUT."""
    from .build import BuildOptions, Progress
    from .build import build as run_build

    options = BuildOptions(formats=_split((formats,)), template_dir=template_dir,
                           plugins_dirs=plugins_dirs, only=_split(only), clause_dirs=clause_dirs,
                           allow_draft=allow_draft, strict=strict, jobs=jobs, cache=not no_cache)
    started = time.perf_counter()

    from .errors import PlainLanguageError, RulesError

    lint_report = []

    def on_file(doc_id: str, title: str, fmt: str, rel: str, reused: bool = False) -> None:
        # "reused": the document is unchanged since an earlier build, so the cached render is used.
        _echo(f"  {'reused' if reused else 'wrote':<6} {rel:<42} {title}")

    def on_checks(report) -> None:
        if report.problems or report.waived or report.failures:
            _print_checks(spec, report, strict)

    _echo(f"building {spec} -> {out}")
    try:
        pack = run_build(spec, out, options, Progress(on_file, on_checks, lint_report.append))
    except RulesError as exc:
        shown = exc.report.problems if strict else exc.report.errors
        click.secho(f"error: the spec breaks {_count(len(shown), 'rule')}"
                    + (" (warnings count with --strict)" if strict and exc.report.warnings else "")
                    + "; nothing was written", fg="red", err=True)
        sys.exit(exc.exit_code)
    except PlainLanguageError as exc:
        lines = exc.report.problems()
        click.secho(f"error: {str(exc).splitlines()[0]}", fg="red", err=True)
        for line in lines:
            click.echo(f"  {line}", err=True)
        click.echo(f"run 'tenderpack lint {spec}' for the whole report; the thresholds are in plain_language", err=True)
        sys.exit(exc.exit_code)
    elapsed = time.perf_counter() - started
    _echo("")
    width = max(len(f.path) for f in pack.files + []) if pack.files else 10
    _echo(f"  {'file':<{width}}  {'format':<6}  {'size':>8}")
    for f in pack.files:
        _echo(f"  {f.path:<{width}}  {f.format:<6}  {_human_size(f.bytes):>8}")
    _echo(f"  {'manifest.json':<{width}}  {'json':<6}")
    _echo("")
    if lint_report:
        gated = [d for d in lint_report[0].documents if d.gated]
        eases = [d.metrics["reading_ease"] for d in lint_report[0].documents if d.metrics["reading_ease"] is not None]
        spread = f"; reading ease {min(eases):.0f} to {max(eases):.0f}" if eases else ""
        _echo(f"plain English: {_count(len(gated), 'document')} for small firms meet the thresholds{spread}; "
                   "full report in lint-report.html")
    _echo(f"built {len(pack.files)} files in {elapsed:.1f}s: {pack.out_dir}")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
def verify(out: Path) -> None:
    """Check the pack in OUT against its manifest.json: every file re-hashed, none missing or added.

    Exit codes: 0 the pack is exactly as built; 1 a file was changed, is missing or was added;
    2 OUT or its manifest.json cannot be read.
    """
    from .verify import verify_pack

    result = verify_pack(out)
    if result.ok:
        click.echo(f"{out}: {_count(len(result.verified), 'file')} verified")
        return
    problems = result.problems()
    listed = len(result.verified) + len(result.changed) + len(result.missing)
    click.secho(f"{out}: {_count(len(problems), 'difference')} from manifest.json "
                f"({len(result.verified)} of {_count(listed, 'file')} verified)", fg="red")
    for kind, path in problems:
        click.echo(f"  {kind:<8} {path}")
    sys.exit(1)


# --------------------------------------------------------------------------- plugins, schema


@cli.command()
@plugins_dir_option
def plugins(plugins_dirs: tuple[Path, ...]) -> None:
    """List the loaded plugins and the hooks each implements."""
    from .plugins import Plugins

    for info in Plugins(plugins_dirs).info():
        version = f" {info.version}" if info.version else ""
        click.echo(f"{info.name}{version}  ({info.source})")
        click.echo(f"    hooks: {', '.join(info.hooks) or '(none)'}")


@cli.command()
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the specification, for editors."""
    from .spec import Spec

    text = json.dumps(Spec.model_json_schema(), indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}")


from .cli_clauses import clauses  # noqa: E402  (tenderpack clauses ...)
cli.add_command(clauses)


def main() -> None:
    cli(prog_name="tenderpack")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
