"""The command line. The only module that prints or exits.

Exit codes: 0 success, 1 the build failed, 2 bad input (spec, options, files).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_options import allow_draft_option, clauses_option, plugins_dir_option
from .errors import InputError, TenderpackError


def _human_size(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


# Control characters other than newline and tab: printed raw, text from a spec could move the
# cursor, clear the screen or retitle the window (ESC sequences, C1 controls such as CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: object) -> str:
    """``text`` as it may reach a terminal: every control character written as an escape (\\x1b)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _echo(line: str = "") -> None:
    """Print a line of progress; if the reader has gone (``| head``), finish the job silently."""
    try:
        click.echo(shown(line))
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept both --only a --only b and --only a,b."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())




class Group(click.Group):
    """Turns tenderpack errors into one-line messages and exit codes (no traceback unless asked)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TenderpackError as exc:
            if ctx.params.get("traceback"):
                if exc.worker_traceback:   # the error happened in a worker process
                    click.echo(f"in the worker process:\n{exc.worker_traceback}", err=True)
                raise
            lines = shown(exc).splitlines() or [type(exc).__name__]
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
            kept = getattr(exc, "kept", None)
            unchanged = f"; the pack already in {kept} is unchanged" if kept is not None else ""
            click.echo(f"{'terminated' if terminated else 'interrupted'}: nothing was written{unchanged}", err=True)
            ctx.exit(143 if terminated else 130)
        except Exception as exc:
            if ctx.params.get("traceback"):
                raise
            click.secho(shown(f"internal error: {type(exc).__name__}: {exc}"), fg="red", err=True)
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
    from .tender import Tender

    tender = Tender.load(spec, plugins_dirs=plugins_dirs)
    report, model = tender.checks(), tender.spec
    documents = tender.plan()
    info = [f"  {model.reference}: {model.title}",
            f"  {len(documents)} documents: {', '.join(d.id for d in documents)}"]
    _print_checks(spec, report, strict, info=info)
    if report.stops(strict):
        sys.exit(2)
    if report.failures:
        sys.exit(1)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_checks(spec: Path, report, strict: bool = False, info: Sequence[str] = ()) -> None:
    """The rules' findings grouped by severity: errors, warnings, waived, rules that could not run."""
    name = shown(spec)
    errors, warnings = report.errors, report.warnings
    counts = f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}"
    if report.waived:
        counts += f", {len(report.waived)} waived"
    checked = f"{_count(len(report.rules), 'rule')} checked"
    if report.stops(strict):
        click.secho(f"{name}: {counts} ({checked})", fg="red")
    elif report.failures:
        click.secho(f"{name}: not fully checked, {_count(len(report.failures), 'rule plugin failure')}; "
                    f"{counts} ({checked})", fg="red")
    elif warnings or report.waived:
        click.echo(f"{name}: valid, {counts} ({checked})")
    else:
        click.echo(f"{name}: valid ({checked})")
    if not report.stops(strict) and not report.failures:
        for line in info:
            click.echo(shown(line))
    groups = [("errors", errors, "red"),
              ("warnings" + (" (--strict: these count as errors)" if strict else ""), warnings, "yellow")]
    for title, problems, colour in groups:
        if problems:
            click.secho(f"{title}:", fg=colour)
            for p in problems:
                click.echo(shown(f"  {p}"))
    if report.waived:
        click.echo("waived:")
        for p in report.waived:
            click.echo(shown(f"  {p.where}: [{p.code}] {p.message} (waived: {p.waived})"))
    if report.failures:
        click.secho("rules that could not run:", fg="red")
        for f in report.failures:
            click.echo(shown(f"  {f}"))


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
    from .lint import lint_pack, load_style_kit
    from .tender import Tender

    tender = Tender.load(spec, plugins_dirs=plugins_dirs)
    documents = tender.plan(_split(only))
    trees = tender.compose(documents, tender.clauses(clause_dirs, allow_draft))
    report = lint_pack(tender.spec, [(doc, trees[doc.id]) for doc in documents], load_style_kit(tender.plugins))
    if as_json:
        click.echo(json.dumps(report.to_data(), indent=2, ensure_ascii=False))
    else:
        click.echo(shown(f"{spec}: plain-English report for {_count(len(report.documents), 'document')}"))
        for line in report.summary_lines(details):
            click.echo(shown(line))
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

    lint_report: list[Any] = []   # the LintReport (Progress.on_lint hands it over as an object)

    def on_file(doc_id: str, title: str, fmt: str, rel: str, reused: bool = False) -> None:
        # "reused": the document is unchanged since an earlier build, so the cached render is used.
        _echo(f"  {'reused' if reused else 'wrote':<6} {rel:<42} {title}")

    def on_checks(report) -> None:
        if report.problems or report.waived or report.failures:
            _print_checks(spec, report, strict)

    _echo(f"building {spec} -> {out}")
    try:
        pack = run_build(spec, out, options, Progress(on_file, on_checks, lint_report.append,
                                                      on_note=lambda note: click.echo(shown(f"note: {note}"), err=True)))
    except KeyboardInterrupt as exc:
        if getattr(exc, "kept", None) is None and out.is_dir():
            from .manifest import not_a_pack

            if not_a_pack(out) is None:
                # stopped before the new pack was begun: the earlier one is untouched
                setattr(exc, "kept", out)   # an attribute KeyboardInterrupt does not declare
        raise
    except RulesError as exc:
        broken = exc.report.problems if strict else exc.report.errors
        click.secho(f"error: the spec breaks {_count(len(broken), 'rule')}"
                    + (" (warnings count with --strict)" if strict and exc.report.warnings else "")
                    + "; nothing was written", fg="red", err=True)
        sys.exit(exc.exit_code)
    except PlainLanguageError as exc:
        lines = exc.report.problems()
        click.secho(f"error: {str(exc).splitlines()[0]}", fg="red", err=True)
        for line in lines:
            click.echo(shown(f"  {line}"), err=True)
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
    from .publish import MANIFEST, sha256

    # The hash to publish beside the notice: `tenderpack verify PACK --expect HASH` checks it.
    _echo(f"manifest.json sha256 {sha256(pack.out_dir / MANIFEST)}")


def _expect_option(ctx, param, value: str | None) -> str | None:
    """--expect as 64 lower-case hex digits; anything else is a usage error (exit 2)."""
    from .verify import normalise_sha256

    try:
        return None if value is None else normalise_sha256(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _printable(text: str) -> str:
    """Text from a file, safe to show on a terminal: control characters become spaces."""
    return "".join(c if c.isprintable() else " " for c in text)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--expect", callback=_expect_option, metavar="SHA256",
              help="The SHA-256 of manifest.json that the buyer published (for example beside the notice).")
@click.option("--key", "--public-key", "public_key", metavar="PUBLIC-KEY",
              help="The buyer's public key (the .pub file, or its RW... line): check manifest.json.minisig.")
def verify(out: Path, expect: str | None, public_key: str | None) -> None:
    """Check the pack in OUT: every file against manifest.json, and the manifest against the buyer.

    Alone, this shows the files match the pack's own manifest (damage, accidental edits); a
    manifest can be rewritten, so --expect SHA256 shows it is the one the buyer published and
    --key PUBLIC-KEY that the buyer signed it.

    Exit codes: 0 every check passed; 1 a file was changed, is missing or was added, or the
    manifest is not the published one, or its signature is missing or does not verify;
    2 OUT, its manifest.json, the key or the hash given cannot be used.
    """
    from .verify import MANIFEST, SIGNATURE, verify_pack

    result = verify_pack(out, expect=expect, public_key=public_key)
    if result.files_ok:
        click.echo(f"{out}: {_count(len(result.verified), 'file')} verified")
    else:
        problems = result.problems()
        listed = len(result.verified) + len(result.changed) + len(result.missing)
        click.secho(f"{out}: {_count(len(problems), 'difference')} from {MANIFEST} "
                    f"({len(result.verified)} of {_count(listed, 'file')} verified)", fg="red")
        for kind, path in problems:
            click.echo(f"  {kind:<8} {path}")
    click.echo(f"  {MANIFEST} sha256 {result.manifest_sha256}")
    if result.published:
        click.echo("  published: yes, it has the SHA-256 given with --expect")
    elif result.published is False:
        click.secho(f"  published: NO, {MANIFEST} is not the one published: its SHA-256 is not "
                    f"{result.expected_sha256}", fg="red")
    check = result.signature
    if check is not None and check.ok:
        click.echo(f"  signed: yes, by key ID {check.key_id}; "
                   f"trusted comment: {_printable(check.trusted_comment)}")
    elif check is not None:
        click.secho(f"  signed: NO, {SIGNATURE}: {check.problem}", fg="red")
    elif result.signed:
        click.echo(f"  signed: not checked ({SIGNATURE} is here; give --key PUBLIC-KEY to check it)")
    if expect is None and check is None:
        click.echo("  this shows the files match the pack's own manifest, not that the manifest is the "
                   "buyer's: give --expect SHA256 or --key PUBLIC-KEY for that")
    if not result.ok:
        sys.exit(1)


@cli.command()
@click.argument("keyfile", type=click.Path(path_type=Path))
@click.option("--public", "public_file", type=click.Path(path_type=Path), metavar="FILE",
              help="Where to write the public key.  [default: KEYFILE with .pub]")
@click.option("--no-password", is_flag=True,
              help="Do not protect the secret key with a password (the file is still yours alone).")
@click.option("--force", is_flag=True, help="Replace key files that already exist.")
def keygen(keyfile: Path, public_file: Path | None, no_password: bool, force: bool) -> None:
    """Make a key pair to sign packs: KEYFILE, the secret key, and the public key beside it.

    The keys are minisign's, so anyone can also check a signature with minisign itself.
    """
    from .signing import check_new_key_files, generate_keys

    public_file = public_file or keyfile.with_suffix(".pub")
    check_new_key_files(keyfile, public_file, force)
    password = None if no_password else click.prompt(
        "password for the new secret key", hide_input=True, confirmation_prompt=True, err=True)
    public = generate_keys(keyfile, public_file, password, force)
    click.echo(f"wrote {keyfile}: the secret key, readable by you alone; keep it private and keep a copy safe")
    click.echo(f"wrote {public_file}: the public key, key ID {public.key_id}")
    click.echo(f"  {public.text}")
    click.echo(f"publish the public key with your notices; sign a pack with: tenderpack sign PACK --key {keyfile}")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--key", "secret_key", required=True, type=click.Path(path_type=Path), metavar="SECRET-KEY",
              help="The secret key file that 'tenderpack keygen' (or 'minisign -G') wrote.")
def sign(out: Path, secret_key: Path) -> None:
    """Sign the pack in OUT: a detached signature of its manifest.json, as manifest.json.minisig.

    The manifest holds the SHA-256 of every file, so the signature vouches for them all. Only
    a pack whose files match its manifest is signed.
    """
    from .verify import MANIFEST, sign_pack

    signed = sign_pack(out, secret_key, password=lambda: click.prompt(
        f"password for {secret_key}", hide_input=True, err=True))
    click.echo(f"{'replaced' if signed.replaced else 'wrote'} {signed.path}: {MANIFEST} signed "
               f"with key ID {signed.key.key_id}")
    click.echo(f"  {MANIFEST} sha256 {signed.manifest_sha256}")
    click.echo(f"  check with: tenderpack verify {out} --key {signed.key.text}")
    click.echo(f"          or: minisign -Vm {out / MANIFEST} -P {signed.key.text}")


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


# --------------------------------------------------------------------------- serve, worker
# Django and huey are imported only here, when these commands run (tenderpack.web.server).

_data_option = click.option("--data", "data", type=click.Path(path_type=Path), default=Path("tenderpack-data"),
                            show_default=True,
                            help="Folder for the database, the saved specs, the attached files and the built packs. "
                                 "Workers on other machines (--queue, --database) must share it: give each the "
                                 "same network folder.")
_queue_option = click.option("--queue", "queue_url", metavar="URL", envvar="TENDERPACK_QUEUE",
                             help="A redis:// URL to share the build queue between machines.  "
                                  "[default: a SQLite file in the data folder]")
_database_option = click.option(
    "--database", "database_url", metavar="URL", envvar="TENDERPACK_DATABASE",
    help="A postgresql://USER:PASSWORD@HOST:PORT/NAME URL to keep tenders and builds in PostgreSQL, shared by "
         "'serve' and workers on several machines (needs pip install 'tenderpack[postgres]'); they must share "
         "the data folder too. Give it as TENDERPACK_DATABASE to keep the password off the command line.  "
         "[default: a SQLite file in the data folder]")


@cli.command()
@_data_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine lets others on the network reach the page.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allowed-host", "hosts", multiple=True, metavar="NAME",
              help="Another name the page may be reached by (the Host header is checked); repeatable.")
@_queue_option
@_database_option
@click.option("--no-worker", is_flag=True, help="Do not start a worker here (workers run elsewhere).")
def serve(data: Path, host: str, port: int, hosts: tuple[str, ...], queue_url: str | None, database_url: str | None,
          no_worker: bool) -> None:
    """Serve the web page where you write, check, preview and build a tender."""
    from .web.server import serve as run

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(f"warning: listening on {host}: anyone who can reach it can read and change every tender",
                    fg="yellow", err=True)
    run(data, host, port, hosts, queue_url, worker=not no_worker, echo=click.echo, database_url=database_url)


@cli.command()
@_data_option
@_queue_option
@_database_option
def worker(data: Path, queue_url: str | None, database_url: str | None) -> None:
    """Build the packs the web page asks for (started by 'serve'; run more to share the queue)."""
    from .web.server import work

    work(data, queue_url, database_url=database_url)


from .cli_clauses import clauses  # noqa: E402  (tenderpack clauses ...)
cli.add_command(clauses)


def main() -> None:
    cli(prog_name="tenderpack")


if __name__ == "__main__":  # pragma: no cover
    main()   # click exits with the command's status itself
