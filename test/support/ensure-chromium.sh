#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser). Install it, with CJK and
# emoji fonts for the screenshots, when it is missing and this machine can (root with apt-get).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null
  exit 0
fi
echo "The browser tests need Chromium: sudo apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)." >&2
exit 1
