"""The command line. The only module that prints or exits.

Exit codes: 0 success, 1 the build failed, 2 bad input (spec, options, files).
"""

from __future__ import annotations

import json
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
        except KeyboardInterrupt:
            click.echo("interrupted: nothing was written", err=True)
            ctx.exit(130)
        except Exception as exc:
            if ctx.params.get("traceback"):
                raise
            click.secho(f"internal error: {type(exc).__name__}: {exc}", fg="red", err=True)
            click.echo("run again with --traceback for details, and report it", err=True)
            ctx.exit(1)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tenderpack")
@click.option("--traceback", is_flag=True, help="Show the full Python traceback when something fails.")
def cli(traceback: bool) -> None:
    """Assemble a plain-English tender pack from one procurement specification."""


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
@click.option("--plugins-dir", "plugins_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Also load plugin files (*.py) from this folder.")
def validate(spec: Path, plugins_dirs: tuple[Path, ...]) -> None:
    """Check a specification without building anything."""
    from .compose import plan
    from .plugins import Plugins
    from .reader import read_spec

    model = read_spec(spec)
    documents = plan(model, Plugins(plugins_dirs))
    click.echo(f"{spec}: valid")
    click.echo(f"  {model.reference}: {model.title}")
    click.echo(f"  {len(documents)} documents: {', '.join(d.id for d in documents)}")


# --------------------------------------------------------------------------- build


@cli.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write the pack into (replaced only when the build succeeds).")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated formats to write.")
@click.option("--template-dir", type=click.Path(path_type=Path),
              help="Your house style: master.docx, print.css, document.html, logo.png.")
@click.option("--plugins-dir", "plugins_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Also load plugin files (*.py) from this folder.")
@click.option("--only", multiple=True, help="Build only this document id (repeat, or separate with commas).")
@click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Also use the clause files in this folder (your organisation's library).")
@click.option("--allow-draft", is_flag=True, help="Include clauses whose status is draft.")
@click.option("--strict", is_flag=True, help="Stop on warnings as well as errors.")
def build(spec: Path, out: Path, formats: str, template_dir: Path | None,
          plugins_dirs: tuple[Path, ...], only: tuple[str, ...], clause_dirs: tuple[Path, ...],
          allow_draft: bool, strict: bool) -> None:
    """Build the tender pack for SPEC into OUT."""
    from .build import BuildOptions, Progress
    from .build import build as run_build

    options = BuildOptions(formats=_split((formats,)), template_dir=template_dir,
                           plugins_dirs=plugins_dirs, only=_split(only), clause_dirs=clause_dirs,
                           allow_draft=allow_draft, strict=strict)
    started = time.perf_counter()

    def on_file(doc_id: str, title: str, fmt: str, rel: str) -> None:
        click.echo(f"  wrote {rel:<42} {title}")

    click.echo(f"building {spec} -> {out}")
    pack = run_build(spec, out, options, Progress(on_file))
    elapsed = time.perf_counter() - started
    click.echo("")
    width = max(len(f.path) for f in pack.files + []) if pack.files else 10
    click.echo(f"  {'file':<{width}}  {'format':<6}  {'size':>8}")
    for f in pack.files:
        click.echo(f"  {f.path:<{width}}  {f.format:<6}  {_human_size(f.bytes):>8}")
    click.echo(f"  {'manifest.json':<{width}}  {'json':<6}")
    click.echo("")
    click.echo(f"built {len(pack.files)} files in {elapsed:.1f}s: {pack.out_dir}")


# --------------------------------------------------------------------------- plugins, schema


@cli.command()
@click.option("--plugins-dir", "plugins_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Also load plugin files (*.py) from this folder.")
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


def main() -> None:
    cli(prog_name="tenderpack")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
