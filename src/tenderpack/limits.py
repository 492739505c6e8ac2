"""Every limit tenderpack sets on its input and its work, in one place.

Each limit is named in the message of the error that enforces it (the name below, or the
words beside it) and is listed in docs/limits.md; tests/test_limits.py checks that both stay
in step. A limit exists to stop a hostile or careless input from hanging a build, exhausting
memory or disk, or reading files it should not: real tenders stay far inside every one.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------- the specification
SPEC_MAX_BYTES = 10 * 1024 * 1024   # a real spec is a few kilobytes; this refuses runaway files
SPEC_MAX_VALUES = 200_000           # values after YAML aliases are expanded ("billion laughs")
SPEC_MAX_DEPTH = 64                 # levels of nesting

# ---------------------------------------------------------------------------- the render cache
CACHE_MAX_BYTES = 512 * 1024 * 1024   # the cache is trimmed to this, least recently used first

# ---------------------------------------------------------------------------- verify and sign
MANIFEST_MAX_BYTES = 16 * 1024 * 1024   # a pack's manifest.json is a few KB; verify reads no more
SIGNING_FILE_MAX_BYTES = 64 * 1024      # a minisign key or signature file (a signature is under 9 KB)
SECRET_KEY_MAX_OPSLIMIT = 33_554_432    # scrypt work a secret key may ask for to unlock (minisign's own)
SECRET_KEY_MAX_MEMORY = 1024 ** 3       # scrypt memory a secret key may ask for to unlock (minisign's 1 GB)

# ---------------------------------------------------------------------------- rendering (parallel.py)
DOCUMENT_RENDER_SECONDS = 120   # one document in one format; $TENDERPACK_DOCUMENT_RENDER_SECONDS overrides it
WORKER_ORPHAN_SECONDS = 1       # how long a render worker may outlive its main process where Linux cannot end it at once

# ---------------------------------------------------------------------------- values in a specification (spec.py, reader.py)
SPEC_EARLIEST_YEAR = 2000           # first year a date in a spec may fall in (UK time has no odd offsets since)
SPEC_LATEST_YEAR = 2100             # last year; with SPEC_MAX_TERM_MONTHS, no date worked out from them passes 2200
SPEC_MAX_TERM_MONTHS = 1200         # months of an extension or phase, and of all extensions or phases together
SPEC_MAX_AMOUNT = 1_000_000_000_000  # pounds in any amount of money (a trillion; sums stay exact in Decimal)
SPEC_MAX_COUNT = 1_000_000          # any whole number: word limits, days, suppliers, lot numbers, scores
SPEC_MAX_WORD_CHARS = 200           # characters in one word of text (a page line holds about 100)
SPEC_MAX_LINK_CHARS = 2000          # characters in one web or email address, in any text field

# ---------------------------------------------------------------------------- house-style templates (templates.py, template_sandbox.py)
TEMPLATE_MAX_BYTES = 2 * 1024 * 1024          # one text template: document.html, print.css, a file they include, an XML part of master.docx
TEMPLATE_FILE_MAX_BYTES = 20 * 1024 * 1024    # any file in a template folder: master.docx, logo, fonts, images
MASTER_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024   # every part of master.docx once unzipped (a small zip can expand hugely)
MASTER_MAX_ELEMENTS = 20_000                  # XML elements in master.docx's body, headers, footers and footnotes (each costs render time)

# ---------------------------------------------------------------------------- clause folders and the template sandbox (library/)
CLAUSE_MAX_BYTES = 200 * 1024       # one clause file or sections.yaml (a real clause is a few kilobytes)
CLAUSE_MAX_FILES = 10_000           # clause files in one folder (each may take CLAUSE_RENDER_SECONDS)
CLAUSE_RENDER_SECONDS = 3           # one clause's applies_when, or its body, definitions and summary, for one spec
CLAUSE_MAX_TEXT = 1_000_000         # characters in a text or list (as printed) one operation in a clause may make; a clause's output adds at most this
SANDBOX_MAX_TEXT = 10_000_000       # the same for house-style templates (library.sandbox.BoundedSandbox)
SANDBOX_MAX_INT_BITS = 4096         # bits of a number a template makes with * or ** (about 1,200 digits)

# ---------------------------------------------------------------------------- attached files (attachments.py)
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024     # one file a spec attaches (a drawing set or a scanned contract fits)
ATTACHMENTS_MAX_BYTES = 200 * 1024 * 1024   # every attached file together, all copied into the pack
ATTACHMENTS_MAX_COUNT = 100                 # files one spec may attach
