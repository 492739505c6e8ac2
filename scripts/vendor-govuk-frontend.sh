#!/usr/bin/env bash
# Vendor GOV.UK Frontend's compiled files into the web page's static folder, so that the wheel
# carries them and nothing is fetched when `tenderpack serve` runs.
#
#   bash scripts/vendor-govuk-frontend.sh
#
# The version is pinned, and the tarball is checked against the registry's SHA-512 for it
# (npm pack checks it too). What is copied: the CSS, the JavaScript module (initAll), the
# fonts and images (the CSS asks for them under /assets/) and the licence. The npm package
# carries no licence file of its own (package.json says "license": "MIT"; the repository's
# LICENSE.txt has the words), so the script writes that text, after checking the field.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=6.6.0
INTEGRITY="sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg=="
TARGET=src/tenderpack/web/static/govuk-frontend

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$VERSION" >/dev/null)
tarball="$work/govuk-frontend-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "govuk-frontend-$VERSION.tgz: SHA-512 is $actual, expected $INTEGRITY; nothing changed" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
package="$work/package"
license=$(node -e "console.log(require('$package/package.json').license)")
if [ "$license" != "MIT" ]; then
  echo "govuk-frontend $VERSION: licence is $license, not MIT; read it before vendoring" >&2
  exit 1
fi

rm -rf "$TARGET"
mkdir -p "$TARGET/assets"
src="$package/dist/govuk"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$TARGET/"
cp -R "$src/assets/fonts" "$src/assets/images" "$src/assets/manifest.json" "$TARGET/assets/"
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
echo "vendored govuk-frontend $VERSION into $TARGET"
