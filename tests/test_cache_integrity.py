"""The render cache is data, not trusted: an entry is used only if it is a regular file whose
bytes match the hash recorded when it was stored. Anything else is deleted, rendered afresh
and listed in ``RenderCache.rejected``; no symbolic link below the cache folder is followed,
for reading, writing or trimming."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from pathlib import Path

from click.testing import CliRunner

from _packs import docx_text

from tenderpack.cache import RenderCache
from tenderpack.cli import cli
from tenderpack.publish import sha256

SPEC = Path(__file__).parent / "fixtures" / "minimal.yaml"
KEY = "ab" + "1" * 62
BYTES = b"the bytes a writer produced\n" * 4


def build(out: Path):
    result = CliRunner().invoke(cli, ["build", str(SPEC), "-o", str(out), "--only", "glossary", "--format", "docx"])
    assert result.exit_code == 0, result.output
    return result


def reported(result, path: str) -> str:
    found = re.search(rf"^  (wrote|reused) +{re.escape(path)} ", result.output, re.M)
    assert found, result.output
    return found.group(1)


def stored(tmp_path: Path, data: bytes = BYTES) -> tuple[RenderCache, Path]:
    """A cache holding one entry, KEY; returns it and the entry's path."""
    cache = RenderCache(tmp_path / "cache")
    source = tmp_path / "rendered"
    source.write_bytes(data)
    cache.store(KEY, source)
    entry = cache.entry_path(KEY)
    assert entry.read_bytes() == data
    return cache, entry


def test_an_edited_entry_is_rendered_afresh_and_the_pack_is_the_true_one(tmp_path, render_cache):
    """An entry edited after it was stored is not copied into the pack: the document is rendered
    again, the pack is byte for byte the first one, and `verify` passes on the true file."""
    build(tmp_path / "first")
    good = (tmp_path / "first" / "sme" / "glossary.docx").read_bytes()
    [entry] = [p for p in (render_cache / "render").glob("*/*") if p.read_bytes() == good]
    entry.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))   # one bit changed
    again = build(tmp_path / "again")
    assert reported(again, "sme/glossary.docx") == "wrote"
    assert "note: cache entry for glossary (docx) did not match its hash; rendered afresh" in again.stderr
    assert (tmp_path / "again" / "sme" / "glossary.docx").read_bytes() == good
    assert "Glossary" in docx_text(tmp_path / "again" / "sme" / "glossary.docx")
    listed = {f["path"]: f["sha256"] for f in json.loads((tmp_path / "again" / "manifest.json").read_text())["files"]}
    assert listed["sme/glossary.docx"] == hashlib.sha256(good).hexdigest()
    assert CliRunner().invoke(cli, ["verify", str(tmp_path / "again")]).exit_code == 0
    assert entry.read_bytes() == good   # the entry was stored again, right this time
    assert reported(build(tmp_path / "third"), "sme/glossary.docx") == "reused"


def test_a_mismatch_is_counted_deleted_and_named(tmp_path):
    cache, entry = stored(tmp_path)
    entry.write_bytes(BYTES.upper())
    target = tmp_path / "pack-file"
    assert not cache.fetch(KEY, target, "glossary", "docx")
    assert not target.exists(), "no part of a bad entry may be left in the pack"
    assert not entry.exists() and not (cache.folder / "sums" / KEY[:2] / KEY).exists()
    assert cache.rejected == [("glossary", "docx", "did not match its hash")]
    assert cache.notes() == ["cache entry for glossary (docx) did not match its hash; rendered afresh"]
    assert (cache.hits, cache.misses) == (0, 1)


def test_an_entry_replaced_by_a_link_is_never_followed(tmp_path):
    """The issue's case: an entry replaced by a symbolic link to /etc/passwd."""
    cache, entry = stored(tmp_path)
    secret = tmp_path / "passwd"
    secret.write_bytes(b"root:x:0:0:root:/root:/bin/sh\n")
    entry.unlink()
    entry.symlink_to(secret)
    assert not cache.fetch(KEY, tmp_path / "pack-file", "draft-contract", "pdf")
    assert not (tmp_path / "pack-file").exists()
    assert cache.rejected == [("draft-contract", "pdf", "is a symbolic link, not a file")]
    assert not entry.is_symlink() and secret.read_bytes().startswith(b"root:")   # the link went, not its target


def test_a_fifo_entry_is_refused_without_waiting(tmp_path):
    """Opening a FIFO to read waits for a writer: the cache must not even try."""
    cache, entry = stored(tmp_path)
    entry.unlink()
    os.mkfifo(entry)
    started = time.monotonic()
    assert not cache.fetch(KEY, tmp_path / "pack-file", "glossary", "docx")
    assert time.monotonic() - started < 5
    assert cache.rejected == [("glossary", "docx", "is not a regular file")]
    assert not entry.exists()


def test_a_linked_shard_folder_is_not_followed(tmp_path):
    """A shard folder replaced by a link elsewhere: not read from, not written into."""
    cache, entry = stored(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    entry.parent.rename(elsewhere)   # the true entry, now outside the cache
    entry.parent.symlink_to(elsewhere, target_is_directory=True)
    assert not cache.fetch(KEY, tmp_path / "pack-file", "glossary", "docx")
    assert cache.rejected and "symbolic link" in cache.rejected[0][2]
    assert not entry.parent.is_symlink(), "the link should be removed"
    assert sorted(p.name for p in elsewhere.iterdir()) == [KEY]   # what it pointed to is untouched
    other = tmp_path / "other"
    other.mkdir()
    entry.parent.symlink_to(other, target_is_directory=True)
    source = tmp_path / "rendered"
    cache.store(KEY, source)
    assert list(other.iterdir()) == [], "store wrote through a link"


def test_trimming_never_deletes_through_a_link(tmp_path):
    cache, entry = stored(tmp_path)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_bytes(bytes(1000))
    (cache.folder / "render" / "zz").symlink_to(precious, target_is_directory=True)
    cache.trim(limit=0)
    assert (precious / "notes.txt").read_bytes() == bytes(1000)
    assert not entry.exists()   # the real entry was trimmed


def test_an_entry_without_a_recorded_hash_is_a_quiet_miss(tmp_path):
    """An entry nobody can vouch for (written by an older tenderpack, or dropped in by hand)
    is never used; it is no alarm either."""
    cache, entry = stored(tmp_path)
    (cache.folder / "sums" / KEY[:2] / KEY).unlink()
    assert not cache.fetch(KEY, tmp_path / "pack-file", "glossary", "docx")
    assert not (tmp_path / "pack-file").exists()
    assert cache.rejected == [] and cache.misses == 1


def test_a_damaged_hash_record_is_refused(tmp_path):
    cache, entry = stored(tmp_path)
    (cache.folder / "sums" / KEY[:2] / KEY).write_text("not a hash\n")
    assert not cache.fetch(KEY, tmp_path / "pack-file", "glossary", "docx")
    assert cache.rejected == [("glossary", "docx", "has a damaged hash record")]


def test_an_entry_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    import tenderpack.cache

    cache, entry = stored(tmp_path)
    monkeypatch.setattr(tenderpack.cache, "MAX_BYTES", len(BYTES) - 1)
    assert not cache.fetch(KEY, tmp_path / "pack-file", "glossary", "docx")
    assert not (tmp_path / "pack-file").exists()
    [(_, _, why)] = cache.rejected
    assert "CACHE_MAX_BYTES" in why


def test_a_good_entry_is_reused_with_the_umask_mode(tmp_path):
    """The entry is private (0600); the file copied into the pack follows the umask like any other."""
    cache, entry = stored(tmp_path)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    before = os.umask(0o022)
    try:
        assert cache.fetch(KEY, tmp_path / "pack-file", "glossary", "docx")
    finally:
        os.umask(before)
    assert (tmp_path / "pack-file").read_bytes() == BYTES
    assert stat.S_IMODE((tmp_path / "pack-file").stat().st_mode) == 0o644
    assert cache.rejected == [] and (cache.hits, cache.misses) == (1, 0)
    assert sha256(tmp_path / "pack-file") == (cache.folder / "sums" / KEY[:2] / KEY).read_text().strip()
