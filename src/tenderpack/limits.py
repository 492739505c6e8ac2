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
