"""Options shared by several commands, defined once so their wording cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import click

plugins_dir_option = click.option(
    "--plugins-dir", "plugins_dirs", multiple=True, type=click.Path(path_type=Path),
    help="Also load plugin files (*.py) from this folder.")
clauses_option = click.option(
    "--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
    help="Also use the clause files in this folder (your organisation's library).")
allow_draft_option = click.option("--allow-draft", is_flag=True, help="Include clauses whose status is draft.")
