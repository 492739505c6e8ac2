#!/usr/bin/env bash
# Fetch the pinned axe-core (the accessibility checker the browser tests inject into each page)
# from the npm registry and vendor its minified script and licences into tests/vendor/axe-core/.
# Run it again only to move to another version: change VERSION and INTEGRITY together
# (`npm view axe-core@X dist.integrity` gives the integrity); npm pack checks the tarball against it.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.14.1
INTEGRITY="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
TARGET=tests/vendor/axe-core

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null)
tarball="$work/axe-core-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
  echo "axe-core $VERSION: the tarball's integrity is $got, not the pinned $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/axe.min.js package/LICENSE package/LICENSE-3RD-PARTY.txt
mkdir -p "$TARGET"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$work/package/LICENSE-3RD-PARTY.txt" "$TARGET/"
echo "$VERSION" > "$TARGET/VERSION"
echo "axe-core $VERSION vendored into $TARGET"
