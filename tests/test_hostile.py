"""Hostile input: each gives one clear message or a correct document, never a traceback or a hang."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from _packs import docx_text, pdf_text
from tenderpack.cli import cli

MINIMAL_PATH = Path(__file__).parent / "fixtures" / "minimal.yaml"
MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")
SUMMARY = "summary: We want the windows of the town hall cleaned every month."
FAST = ("--only", "invitation-to-tender", "--format", "docx")
HOSTILE = '{{ 7*7 }}<b>&"x"'


def run(*args, seconds: float = 60):
    started = time.perf_counter()
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert time.perf_counter() - started < seconds, f"took too long: {args}"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def write(tmp_path: Path, text: str | bytes, name: str = "tender.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


# ---------------------------------------------------------------------------- size


def test_50_mb_file_is_refused_by_size(tmp_path):
    """A 50 MB file is refused before it is read or parsed."""
    path = tmp_path / "tender.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(MINIMAL)
        line = "# " + "padding " * 127 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size >= 50 * 1024 * 1024
    for command in ("validate", "build"):
        args = (command, path) if command == "validate" else (command, path, "-o", tmp_path / "out", *FAST)
        result = run(*args, seconds=10)
        assert result.exit_code == 2
        assert f"{path}: file is 50 MB; a specification must be under 10 MB" in result.output
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------- nesting


@pytest.mark.parametrize("shape", ["whole-file", "value", "block-lists", "flow-mappings", "block-mappings"])
def test_deep_nesting_is_a_clear_error(tmp_path, shape):
    """10,000 levels of nesting: 'nested more than 64 levels deep' at a line and column."""
    n = 10_000
    text = {
        "whole-file": "[" * n + "]" * n + "\n",
        "value": MINIMAL + "extra: " + "[" * n + "]" * n + "\n",
        "block-lists": MINIMAL + "extra:\n  " + "- " * n + "x\n",
        "flow-mappings": MINIMAL + "extra: " + "{a: " * n + "1" + "}" * n + "\n",
        "block-mappings": MINIMAL + "extra:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(2000)) + "  " * 2001 + "a: 1\n",
    }[shape]
    path = write(tmp_path, text)
    result = run("validate", path, seconds=20)
    assert result.exit_code == 2
    assert re.search(rf"^error: {re.escape(str(path))}:\d+:\d+: nested more than 64 levels deep$",
                     result.output, re.M), result.output
    assert "RecursionError" not in result.output


def test_deep_nesting_with_the_pure_python_parser(tmp_path, monkeypatch):
    """Without libyaml the composer is plain Python: still a clear error, not RecursionError."""
    from tenderpack import reader

    monkeypatch.setattr(reader, "_Loader", yaml.SafeLoader)
    path = write(tmp_path, "[" * 10_000 + "]" * 10_000 + "\n")
    result = run("validate", path, seconds=20)
    assert result.exit_code == 2 and "nested more than 64 levels deep" in result.output


def test_very_deep_nesting_does_not_crash_the_process(tmp_path):
    """A million levels once overflowed libyaml's C stack (a segfault): run it in its own process."""
    path = write(tmp_path, "[" * 1_000_000 + "]" * 1_000_000 + "\n")
    done = subprocess.run([sys.executable, "-m", "tenderpack", "validate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert done.stderr.strip() == f"error: {path}:1:66: nested more than 64 levels deep"


def test_nesting_at_the_limit_is_not_refused_for_depth(tmp_path):
    """64 levels is allowed (the spec rejects the unknown key, not the depth)."""
    path = write(tmp_path, MINIMAL + "extra: " + "[" * 63 + "]" * 63 + "\n")
    result = run("validate", path)
    assert result.exit_code == 2
    assert "nested more than" not in result.output and "unknown field 'extra'" in result.output


# ---------------------------------------------------------------------------- long strings


def test_title_over_the_limit_is_an_error(tmp_path):
    path = write(tmp_path, MINIMAL.replace("title: Window cleaning", "title: " + "Window " * 20_000))
    result = run("validate", path)
    assert result.exit_code == 2
    assert f"{path}:4:8: title: must have at most 200 characters" in result.output
    assert len(result.output) < 500, "the message must not echo the whole value"


def test_title_at_the_limit_is_fine(tmp_path):
    path = write(tmp_path, MINIMAL.replace("title: Window cleaning", "title: " + "w" * 200))
    assert run("validate", path).exit_code == 0


def test_200_kb_markdown_summary_builds(tmp_path):
    """200 KB of Markdown in the summary: the document is built and holds all of it."""
    words = "We clean **every** window of the hall, inside and out, each month. "
    summary = (words * (200_000 // len(words) + 1))[:200_000].rstrip()
    path = write(tmp_path, MINIMAL.replace(SUMMARY, "summary: " + json.dumps(summary)))
    out = tmp_path / "out"
    result = run("build", path, "-o", out, *FAST, seconds=120)
    assert result.exit_code == 0, result.output
    text = docx_text(out / "invitation-to-tender.docx")
    assert text.count("We clean every window of the hall") == summary.count("We clean **every** window")
    assert "**" not in text


# ---------------------------------------------------------------------------- characters and encodings


@pytest.mark.parametrize("value, code", [
    ('"Window\\x07cleaning"', "U+0007"),
    ('"Window\\0cleaning"', "U+0000"),
    ('"Window\\x1bcleaning"', "U+001B"),
    ('"Window\\uFFFEcleaning"', "U+FFFE"),
])
def test_escaped_control_character_is_an_error_with_its_path(tmp_path, value, code):
    path = write(tmp_path, MINIMAL.replace("title: Window cleaning", f"title: {value}"))
    result = run("validate", path)
    assert result.exit_code == 2
    assert f"{path}:4:8: title: contains the control character {code}" in result.output


def test_control_character_deep_in_the_spec_names_its_path(tmp_path):
    path = write(tmp_path, MINIMAL.replace("name: Sam Clerk", 'name: "Sam\\x01Clerk"'))
    result = run("validate", path)
    assert result.exit_code == 2 and "contacts[0].name: contains the control character U+0001" in result.output


@pytest.mark.parametrize("raw", [b"\x01", b"\x00", b"\x7f"])
def test_raw_control_byte_in_the_file_is_a_located_error(tmp_path, raw):
    data = MINIMAL.encode().replace(b"Window cleaning", b"Window" + raw + b"cleaning")
    path = write(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2
    assert re.search(rf"^error: {re.escape(str(path))}:4:\d+: ", result.output, re.M), result.output


def test_invalid_utf8_is_a_located_error(tmp_path):
    path = write(tmp_path, MINIMAL.encode().replace(b"Window", b"Win\xffdow"))
    result = run("validate", path)
    assert result.exit_code == 2
    assert error_lines(result) == [f"error: {path}:4: not valid UTF-8 (byte 0xff); save the file as UTF-8"]


def test_utf16_file_is_a_clear_error(tmp_path):
    path = write(tmp_path, MINIMAL.encode("utf-16"))
    result = run("validate", path)
    assert result.exit_code == 2 and "not valid UTF-8" in result.output


def test_windows_line_endings_build(tmp_path):
    """A spec saved with CRLF line endings builds, with no stray carriage returns."""
    path = write(tmp_path, MINIMAL.replace("\n", "\r\n").encode())
    assert b"\r\n" in path.read_bytes()
    out = tmp_path / "out"
    result = run("build", path, "-o", out, *FAST)
    assert result.exit_code == 0, result.output
    text = docx_text(out / "invitation-to-tender.docx")
    assert "Window cleaning" in text and "\r" not in text
    assert "We want the windows of the town hall cleaned every month." in text


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode())
    assert run("validate", path).exit_code == 0


# ---------------------------------------------------------------------------- links


def test_links_to_local_addresses_are_never_fetched(tmp_path, monkeypatch):
    """Links and images to 127.0.0.1, file:///etc/passwd or outside the spec folder: text only; nothing is opened."""
    from tenderpack.writers import pdf as pdf_writer

    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[1:] or args))
        raise OSError("tests: no connections")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(self, *a))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, *a: refuse(self, *a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    fetched: list[str] = []
    real_fetch = pdf_writer.TemplateOnlyFetcher.fetch

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        return real_fetch(self, url, *args, **kwargs)

    monkeypatch.setattr(pdf_writer.TemplateOnlyFetcher, "fetch", spy)

    summary = ("We want the windows cleaned. See [the local page](http://127.0.0.1:9/x) "
               "and [the password file](file:///etc/passwd). "
               "![our logo](http://127.0.0.1:9/logo.png) ![a picture](../../../etc/hostname)")
    path = write(tmp_path, MINIMAL.replace(SUMMARY, "summary: " + json.dumps(summary)))
    out = tmp_path / "out"
    result = run("build", path, "-o", out, "--only", "invitation-to-tender", seconds=60)
    assert result.exit_code == 0, result.output
    assert attempts == []
    assert not [u for u in fetched if "127.0.0.1" in u or "passwd" in u]
    text = " ".join(pdf_text(out / "invitation-to-tender.pdf").split())
    assert "the local page" in text and "the password file" in text
    assert "our logo" in text and "a picture" in text   # image syntax makes no image: nothing is fetched
    assert "root:" not in text
    assert not [u for u in fetched if "logo.png" in u or "hostname" in u]
    assert "the local page" in docx_text(out / "invitation-to-tender.docx")


# ---------------------------------------------------------------------------- templates and markup


def _every_string(data, value: str, key=None):
    """Every free-text string of the spec set to ``value`` (ids, codes and choices kept)."""
    if isinstance(data, dict):
        return {k: _every_string(v, value, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_every_string(v, value, key) for v in data]
    if isinstance(data, str) and key not in {"id", "cpv", "type", "category"}:
        return value
    return data


def test_template_and_html_in_every_text_field_come_out_literally(tmp_path):
    """'{{ 7*7 }}<b>&"x"' in every text field: printed as typed in Word, never evaluated to 49."""
    data = _every_string(yaml.safe_load(MINIMAL), HOSTILE)
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    changed = [k for k in ("reference", "title", "summary") if data[k] == HOSTILE]
    assert len(changed) == 3 and data["contacts"][0]["name"] == HOSTILE
    out = tmp_path / "out"
    result = run("build", path, "-o", out, "--format", "docx", seconds=120)
    assert result.exit_code == 0, result.output
    documents = sorted(out.rglob("*.docx"))
    assert len(documents) >= 5
    for document in documents:
        text = docx_text(document)
        assert HOSTILE in text, document.name
        assert not re.search(r"(?<![\d.,])49(?![\d.,])", text), document.name
    # title, summary, buyer, contact, contract form, portal, criteria...: each printed as typed
    assert docx_text(out / "invitation-to-tender.docx").count(HOSTILE) >= 8
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["title"] == HOSTILE and manifest["reference"] == HOSTILE
