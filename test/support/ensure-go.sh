#!/usr/bin/env bash
# `npm run bank:check` and its unit test run the bank's Go snippets with Debian's Go toolchain
# (never a downloaded one). Install it when it is missing and this machine can (root with apt-get).
set -euo pipefail
if command -v go >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Go from Debian's packages for the question bank's snippet check…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq golang-go >/dev/null
  exit 0
fi
echo "The question bank's snippet check needs Go: sudo apt-get install golang-go" >&2
exit 1
