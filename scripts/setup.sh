#!/usr/bin/env bash
# Set up everything tenderpack needs on a fresh Debian/Ubuntu machine, and nothing twice:
# WeasyPrint's system libraries and fonts (apt-get, only those missing), then a virtual
# environment in .venv with tenderpack and its test tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

# What a build needs. libharfbuzz-subset0: WeasyPrint renders about 25% slower without it.
# fonts: Liberation (metric-compatible with Arial, the house font) and Noto Color Emoji.
APT_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-noto-color-emoji"

# What the tests need besides (`setup.sh --test`): poppler-utils (pdftotext and pdftoppm read
# PDFs back) and LibreOffice headless (it opens the pricing spreadsheet to prove it recalculates).
# LibreOffice only when no soffice is on the machine: Debian's -nogui packages conflict with the
# desktop ones, and installing them would remove a user's LibreOffice. Nothing is ever removed
# or replaced: only packages that are missing are installed.
if [ "${1:-}" = "--test" ]; then
  APT_PACKAGES="$APT_PACKAGES poppler-utils"
  # The web page's tests: Debian's chromium (driven by Playwright, which never downloads a browser
  # of its own), and a redis-server and a PostgreSQL cluster that the tests start and stop
  # themselves. PostgreSQL only when no server is on the machine (any version will do).
  APT_PACKAGES="$APT_PACKAGES chromium redis-server"
  if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    APT_PACKAGES="$APT_PACKAGES postgresql"
  fi
  if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
    APT_PACKAGES="$APT_PACKAGES libreoffice-writer-nogui libreoffice-calc-nogui"
  fi
fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
fi
if [ -n "$missing" ]; then
  echo "installing system packages:$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # --no-remove: apt-get stops rather than remove anything the user has installed.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends --no-remove $missing >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "creating virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.tenderpack-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "installing tenderpack and its test tools into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # Playwright for Python only: it drives Debian's chromium and must never fetch a browser.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$VENV/bin/python" -m pip install -q -e ".[test]"
  touch "$stamp"
fi
