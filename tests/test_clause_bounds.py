"""A clause folder never hangs a build, exhausts memory or reads files outside itself.

Each hostile clause folder stops ``tenderpack clauses check`` and ``tenderpack build`` with
exit code 2, one message naming the clause file (and line) and the limit, within seconds.
The commands run in a subprocess with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack import limits
from tenderpack.cli import cli
from tenderpack.library import ClauseRefused, load_library
from tenderpack.library.model import REF_RE, SUBCLAUSE_RE
from tenderpack.library.sandbox import BoundedSandbox, TemplateLimitError, environment
from tenderpack.reader import read_spec

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
HEAD = """---
id: org:extra
title: Extra clause
version: "1.0"
status: approved
owner: Test legal team
approved_on: 2026-10-01
review_by: 2099-12-31
placement: {document: draft-contract, section: services, order: 90}
summary: A test clause.
"""
BODY_LINE = 12   # the line after HEAD and the closing '---'


def clause(body: str = "You must wear a badge.", extra: str = "") -> str:
    return f"{HEAD}{extra}---\n{body}\n"


def folder(tmp_path: Path, body: str = "You must wear a badge.", extra: str = "") -> Path:
    root = tmp_path / "org"
    root.mkdir()
    (root / "x.md").write_text(clause(body, extra), encoding="utf-8")
    return root


def tenderpack(*args, seconds: float = 30) -> tuple[subprocess.CompletedProcess, float]:
    """The command line, in a process of its own; (result, seconds it took)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "tenderpack", *map(str, args)], capture_output=True,
                            text=True, timeout=seconds)
    assert "Traceback" not in result.stderr, result.stderr
    return result, time.perf_counter() - started


def check(clauses: Path, *more, seconds: float = 30):
    return tenderpack("clauses", "check", clauses, *more, seconds=seconds)


def build(tmp_path: Path, clauses: Path, seconds: float = 30):
    out = tmp_path / "pack"
    result = tenderpack("build", MINIMAL, "-o", out, "--only", "draft-contract", "--format", "docx",
                        "--clauses", clauses, seconds=seconds)
    assert not out.exists()
    return result


# ---------------------------------------------------------------------------- files


def test_a_named_pipe_is_refused_without_reading_it(tmp_path):
    """A FIFO named x.md would block the read for ever: it is refused by its kind, exit 2."""
    root = tmp_path / "org"
    root.mkdir()
    os.mkfifo(root / "x.md")
    for result, took in (check(root), build(tmp_path, root)):
        assert result.returncode == 2, result.stderr
        assert f"error: {root / 'x.md'}: is a named pipe (FIFO), not a regular file" in result.stderr
        assert took < 20


def test_a_named_pipe_as_sections_yaml_is_refused(tmp_path):
    """sections.yaml is read the same way as a clause file."""
    root = folder(tmp_path)
    os.mkfifo(root / "sections.yaml")
    result, _ = check(root)
    assert result.returncode == 2
    assert f"{root / 'sections.yaml'}: is a named pipe (FIFO), not a regular file" in result.stderr


def test_a_link_to_dev_zero_is_refused(tmp_path):
    """A link to /dev/zero would be read until memory ran out: it leads outside the folder."""
    root = tmp_path / "org"
    root.mkdir()
    (root / "x.md").symlink_to("/dev/zero")
    result, took = check(root)
    assert result.returncode == 2
    assert f"{root / 'x.md'}: is a link to /dev/zero, outside the clause folder" in result.stderr
    assert took < 20


def test_a_link_to_a_clause_outside_the_folder_is_refused(tmp_path):
    """A link to a clause elsewhere is not used silently: it is refused, naming the link."""
    outside = tmp_path / "elsewhere.md"
    outside.write_text(clause(), encoding="utf-8")
    root = tmp_path / "org"
    root.mkdir()
    (root / "x.md").symlink_to(outside)
    result, _ = check(root)
    assert result.returncode == 2
    assert f"{root / 'x.md'}: is a link to {outside}, outside the clause folder {root}" in result.stderr


def test_a_link_inside_the_folder_is_read():
    """A link to a regular file inside the folder is an ordinary clause file."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "org"
        (root / "drafts").mkdir(parents=True)
        (root / "drafts" / "badge.txt").write_text(clause(), encoding="utf-8")
        (root / "x.md").symlink_to(root / "drafts" / "badge.txt")
        library = load_library(dirs=[root])
        assert [c.id for c in library.files if c.source.path == root] == ["org:extra"]


def test_a_clause_file_over_the_size_limit_is_refused(tmp_path):
    """A clause file over CLAUSE_MAX_BYTES is refused before it is parsed."""
    root = folder(tmp_path, body="You must wear a badge. " * 12_000)
    size = (root / "x.md").stat().st_size
    assert size > limits.CLAUSE_MAX_BYTES
    result, _ = check(root)
    assert result.returncode == 2
    assert (f"{root / 'x.md'}: the file is {-(-size // 1024)} KB, over the limit of 200 KB for a clause file "
            "(CLAUSE_MAX_BYTES)") in result.stderr


def test_every_refused_file_is_named(tmp_path):
    """Two refused files: both are listed, one a line, and nothing else is reported."""
    root = folder(tmp_path)
    os.mkfifo(root / "a.md")
    (root / "b.md").symlink_to("/dev/zero")
    result, _ = check(root)
    assert result.returncode == 2
    assert re.findall(r"^  (\S+): is ", result.stderr, flags=re.M) == [str(root / "a.md"), str(root / "b.md")]
    assert "error: 2 problems" in result.stderr


# ---------------------------------------------------------------------------- arithmetic


def test_a_huge_power_in_the_body_stops_the_build_at_once(tmp_path):
    """{{ 10**100000000 }} would hang while Jinja folded it at compile time: exit 2 at its line."""
    root = folder(tmp_path, body="You must wear a badge {{ 10**100000000 }}.")
    result, took = build(tmp_path, root)
    assert result.returncode == 2, result.stderr
    assert (f"error: {root / 'x.md'}:{BODY_LINE}: 10 ** 100000000 would be a number of about 332,192,809 bits, "
            "over the limit of 4,096 bits (SANDBOX_MAX_INT_BITS)") in result.stderr
    assert took < 20


def test_a_huge_power_in_applies_when_stops_the_check(tmp_path):
    """applies_when is compiled through the same sandbox: the power is refused at its line."""
    root = folder(tmp_path, extra="applies_when: '(10**100000000) > 1'\n")
    result, took = check(root, "--spec", MINIMAL)
    assert result.returncode == 2, result.stderr
    assert (f"error: {root / 'x.md'}:11: applies_when: 10 ** 100000000 would be a number of about "
            "332,192,809 bits") in result.stderr
    assert took < 20


def test_a_huge_format_width_is_refused(tmp_path):
    """'%999999999d' % 1 would build a gigabyte string: refused before it is made."""
    root = folder(tmp_path, body="You must wear a badge.\n\nIt is number {{ '%999999999d' % 1 }}.")
    result, _ = check(root, "--spec", MINIMAL)
    assert result.returncode == 2, result.stderr
    assert (f"{root / 'x.md'}:{BODY_LINE + 2}: the format '%999999999d' asks for a width of 999,999,999 "
            "characters, over the limit of 1,000,000 characters (CLAUSE_MAX_TEXT)") in result.stderr


def render(source: str, env=None) -> str:
    return (env or environment()).from_string(source).render()


@pytest.mark.parametrize("source, words", [
    ("{{ 2 ** 5000 }}", "SANDBOX_MAX_INT_BITS"),
    ("{{ (2 ** 3000) * (2 ** 3000) }}", "SANDBOX_MAX_INT_BITS"),
    ("{{ 'x' * 2000000 }}", "'x' * 2000000 would make a text of 2,000,000 characters"),
    ("{{ ['x'] * 2000000 }}", "CLAUSE_MAX_TEXT"),
    ("{{ '%2000000s' % 'x' }}", "asks for a width of 2,000,000"),
    ("{{ '%*d' % (2000000, 1) }}", "takes a width from its values"),
    ("{% set s = 'x' * 900000 %}{{ (s ~ s) | length }}", "~ would make a text of 1,800,000"),
    ("{% set s = 'x' * 900000 %}{{ (s + s) | length }}", "+ would make a text of 1,800,000"),
    ("{% set s = 'x' * 500000 %}{% set l = [s, s, s] %}{{ l | length }}", "a list would make a text"),
    ("{{ ('x' * 2000) | replace('', 'y' * 1000) }}", "the replace filter would make"),
    ("{% set s = 'x' * 600000 %}{{ [s, 'y'] | join(s) }}", "the join filter would make"),
    ("{% set s = 'x' * 2000 %}{% for c in s %}{{ s }}{% endfor %}", "the output would be more than"),
])
def test_the_clause_sandbox_bounds_each_operation(source, words):
    """*, **, %, ~, +, list literals, replace, join and the output are each bounded."""
    with pytest.raises(TemplateLimitError) as caught:
        render(source)
    assert words in str(caught.value)


def test_ordinary_arithmetic_and_text_still_work():
    """The bounds leave everyday clause arithmetic and formatting alone."""
    source = ("{{ 2 ** 10 }} {{ 10 ** 100 > 1 }} {{ 'ab' * 3 }} {{ '%05d' % 42 }} {{ '%(n)s' % {'n': 1} }} "
              "{{ [1, 2] + [3] }} {{ 'a' ~ 'b' }} {{ ['x', 'y'] | join(', ') }} {{ 'aa' | replace('a', 'b') }}")
    assert render(source) == "1024 yes ababab 00042 1 [1, 2, 3] ab x, y bb"


def test_the_house_style_sandbox_bounds_format_and_padding():
    """BoundedSandbox (under the house-style sandbox) bounds str.format, padding filters and methods."""
    env = BoundedSandbox()
    for source, words in (("{{ '{:20000000}'.format(1) }}", "asks for a width of 20,000,000"),
                          ("{{ '{:{w}}'.format(1, w=5) }}", "takes a width from its values"),
                          ("{{ '%20000000s' | format('x') }}", "asks for a width of 20,000,000"),
                          ("{{ 'x' | center(20000000) }}", "the center filter would make"),
                          ("{{ 'x' | indent(20000000) }}", "the indent filter would make"),
                          ("{{ 'x'.ljust(20000000) }}", "str.ljust() would make"),
                          ("{{ 'ab'.join(['x'] * 9000000) }}", "SANDBOX_MAX_TEXT")):
        with pytest.raises(TemplateLimitError) as caught:
            render(source, env)
        assert words in str(caught.value), source
    assert "lipsum" not in env.globals
    assert render("{{ '{:>5}'.format(1) }}|{{ 'x' | center(5) }}|{{ range(3) | map('string') | join }}", env) \
        == "    1|  x  |012"


# ---------------------------------------------------------------------------- time


def loops(turns: int, depth: int) -> str:
    """A clause body of ``depth`` loops inside each other, each of ``turns`` turns."""
    return (f"{{% set s = 'x' * {turns} %}}" + "{% for a in s %}" * depth + "{% endfor %}" * depth)


def test_a_clause_that_renders_for_ever_is_stopped(tmp_path):
    """A loop of a trillion turns is stopped after CLAUSE_RENDER_SECONDS, at the loop's line."""
    root = folder(tmp_path, body=f"You must wear a badge.\n{loops(1000, 4)}")
    result, took = build(tmp_path, root, seconds=60)
    assert result.returncode == 2, result.stderr
    assert (f"error: {root / 'x.md'}:{BODY_LINE + 1}: took more than 3 seconds to render, over the limit of "
            "3 seconds (CLAUSE_RENDER_SECONDS)") in result.stderr
    assert took < limits.CLAUSE_RENDER_SECONDS + 10


def test_the_time_limit_holds_outside_the_main_thread(tmp_path, monkeypatch):
    """In another thread (no signals there) a watchdog stops the rendering just the same."""
    monkeypatch.setattr(limits, "CLAUSE_RENDER_SECONDS", 0.3)
    slow = loops(600, 3)   # a few seconds' work, so that the test ends even without a limit
    library = load_library(dirs=[folder(tmp_path, body=f"You must wear a badge.\n{slow}")])
    spec = read_spec(MINIMAL)
    outcome: dict = {}

    def run():
        started = time.perf_counter()
        try:
            library.for_spec(spec)
        except ClauseRefused as exc:
            outcome["error"] = str(exc)
        outcome["seconds"] = time.perf_counter() - started

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert "CLAUSE_RENDER_SECONDS" in outcome.get("error", "")
    assert outcome["seconds"] < 2


# ---------------------------------------------------------------------------- parsing


def test_deep_nesting_is_a_located_error_not_a_crash(tmp_path):
    """5,000 brackets inside each other: a located error, not Python's RecursionError."""
    root = folder(tmp_path, body="{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    result = CliRunner().invoke(cli, ["clauses", "check", str(root)])
    assert result.exit_code == 1, result.output
    assert f"{root / 'x.md'}:{BODY_LINE}: the body is not a valid template: brackets or tags are nested too deeply" \
        in result.output


@pytest.mark.parametrize("pattern, text", [
    (REF_RE, "[[x" + " " * 60_000),
    (SUBCLAUSE_RE, "## a" + " " * 60_000 + "b"),
])
def test_clause_markup_is_read_in_linear_time(pattern, text):
    """A long line of spaces after '[[' or '## ' takes milliseconds, not minutes."""
    started = time.perf_counter()
    list(pattern.finditer(text))
    assert time.perf_counter() - started < 1


def test_clause_markup_reads_as_before():
    """References and sub-clause titles are still found and trimmed."""
    assert [m.group(1) for m in REF_RE.finditer("[[ core:x#a ]] and [[\n core:y \n]]")] == ["core:x#a", "core:y"]
    assert [m.group(1) for m in SUBCLAUSE_RE.finditer("## Paying  you \t\n##x\n## Late")] == ["Paying  you", "Late"]
    assert re.fullmatch(SUBCLAUSE_RE, "##   ") is None


def test_a_folder_of_too_many_clause_files_is_refused(tmp_path, monkeypatch):
    """Each clause may take CLAUSE_RENDER_SECONDS: a folder of countless clauses is refused whole."""
    import tenderpack.library.resolve as resolve
    from click.testing import CliRunner

    from tenderpack.cli import cli

    monkeypatch.setattr(resolve, "CLAUSE_MAX_FILES", 3)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4):
        (folder / f"c{i}.md").write_text("x")
    result = CliRunner().invoke(cli, ["clauses", "check", str(folder)])
    assert result.exit_code == 2, result.output
    assert "holds 4 clause files, over the limit of 3 for one clause folder (CLAUSE_MAX_FILES)" in result.output
