#!/usr/bin/env bash
# Vendor GOV.UK Frontend into the web page's static folder, so that the wheel carries it and
# nothing is fetched when `tenderpack serve` runs.
#
#   bash scripts/vendor-govuk-frontend.sh
#
# The CSS is compiled from govuk-frontend's own Sass with the npm `sass` package, not copied:
# the GOV.UK Design System keeps the GDS Transport font and the crown for services on GOV.UK,
# and tenderpack is a council's own tool. So the font is Arial ($govuk-font-family), no
# @font-face is written ($govuk-include-default-font-face: false), the crest image is none,
# and no font or image file is copied (favicons and icons are the crown). Everything else
# is the Design System's as published, so the page still looks like it.
#
# Every npm package this installs is pinned, version and SHA-512 (the registry's integrity),
# and the script stops before changing anything if what npm installed differs in any way.
# What is copied: the compiled CSS, the JavaScript module (initAll) and the licence. The npm
# package carries no licence file of its own (package.json says "license": "MIT"; the
# repository's LICENSE.txt has the words), so the script writes that text, after checking the field.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=6.6.0
TARGET=src/tenderpack/web/static/govuk-frontend
# name version integrity: every package installed, and nothing else (sass's own dependencies
# pinned through "overrides"; its optional file watcher is left out: it is for --watch only).
PINS='govuk-frontend 6.6.0 sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg==
sass 1.108.2 sha512-kugK8djotnG9HQRPTOf36asKYlxg8rWWsNLYHOgWDIVOiZQqlRfKBgF4XXM6kfw146kIDMvm57B4GIkvDSyTzA==
chokidar 5.0.0 sha512-TQMmc3w+5AxjpL8iIiwebF73dRDF4fBIieAqGn9RGCWaEVwQ6Fb2cGe31Yns0RRIzii5goJ1Y7xbMwo1TxMplw==
immutable 5.2.1 sha512-CgXNM1BhKqpMjFHTyqQSk09OWqzHNJ/U4BdeBgXoBdR2DdgBdOSv131cO1/YMgzopqnka3B/i949UaMLEKUxOA==
readdirp 5.1.1 sha512-Kko+Y5XQ6fM+Ce3dq3m9YGxnacYZYl9cA1wZjaF3Vbry2L3i1qVg8+CAgNPsXRArPMUMCaOR7oa9Nqntc43JKA==
source-map-js 1.3.0 sha512-pdUVfIWcK0kCgK831ibqkZDcL7I9zljjOu0TQFnA+fiQ6y1CYqYB7RkTOHHO45FGMg5P/Mvk/+4ToQ7gAYAL5Q=='

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/package.json" <<'JSON'
{
  "private": true,
  "dependencies": {"govuk-frontend": "6.6.0", "sass": "1.108.2"},
  "overrides": {"chokidar": "5.0.0", "immutable": "5.2.1", "readdirp": "5.1.1", "source-map-js": "1.3.0"}
}
JSON
(cd "$work" && npm install --silent --omit=optional --ignore-scripts --no-audit --no-fund >/dev/null)

# What npm installed (its record of each package: version and the integrity it checked).
installed=$(cd "$work" && node -e '
  const lock = require("./node_modules/.package-lock.json");
  for (const [path, p] of Object.entries(lock.packages))
    if (path) console.log(path.replace(/^.*node_modules\//, ""), p.version, p.integrity);' | sort)
if [ "$installed" != "$(echo "$PINS" | sort)" ]; then
  echo "npm installed other packages than the pinned ones; nothing changed:" >&2
  diff <(echo "$PINS" | sort) <(echo "$installed") >&2 || true
  exit 1
fi
package="$work/node_modules/govuk-frontend"
license=$(node -e "console.log(require('$package/package.json').license)")
if [ "$license" != "MIT" ]; then
  echo "govuk-frontend $VERSION: licence is $license, not MIT; read it before vendoring" >&2
  exit 1
fi

# The crest is the Royal Coat of Arms: an image function that gives none for it.
cat > "$work/_tenderpack-images.scss" <<'SCSS'
// The crest (the Royal Coat of Arms) is reserved for GOV.UK: the page shows none.
@function url-of($filename) {
  @if $filename == "govuk-crest.svg" {
    @return none;
  }
  @return url("/assets/images/" + $filename);
}
SCSS
cat > "$work/tenderpack.scss" <<'SCSS'
@use "sass:meta";
@use "tenderpack-images" as images;
@use "pkg:govuk-frontend" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-image-url-function: meta.get-function("url-of", $module: "images")
);
SCSS
(cd "$work" && node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
  tenderpack.scss govuk-frontend.min.css)
css="$work/govuk-frontend.min.css"
for reserved in "GDS Transport" "@font-face" "/assets/fonts/" "govuk-crest" "url("; do
  if grep -qF "$reserved" "$css"; then
    echo "the compiled CSS still has $reserved in it; nothing changed" >&2
    exit 1
  fi
done
grep -qF ".govuk-task-list" "$css" || { echo "the compiled CSS lacks the task list; nothing changed" >&2; exit 1; }

rm -rf "$TARGET"
mkdir -p "$TARGET"
cp "$css" "$package/dist/govuk/govuk-frontend.min.js" "$TARGET/"
echo "$VERSION" > "$TARGET/VERSION"
cat > "$TARGET/LICENSE" <<'LICENSE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE
echo "vendored govuk-frontend $VERSION into $TARGET (CSS compiled with sass 1.108.2: Arial, no crown)"
