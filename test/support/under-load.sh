#!/usr/bin/env bash
# Runs a command (default: npm test) with HOGS busy processes (default 1) keeping cores at 100%,
# the way a busy CI machine does, so a test whose verdict depends on speed shows itself here.
#   bash test/support/under-load.sh            # npm test with one core taken
#   HOGS=2 bash test/support/under-load.sh npx vitest run test/e2e/restart.test.ts
set -u
pids=()
for _ in $(seq "${HOGS:-1}"); do
  yes >/dev/null &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
if [ $# -eq 0 ]; then set -- npm test; fi
"$@"
