#!/usr/bin/env bash
# The proof that no test's verdict depends on the machine's speed (issue #17): `.ci/run` on fresh
# clones of this repository's HEAD, RUNS times in a row (default 3) while a CPU hog keeps one core
# busy; then once more (unless BOTH=0) with both cores loaded by a second copy of the suite running
# `npm test` in another clone at the same time. Each run's result and time go to stdout and to
# $OUT/summary.txt; each run's output to $OUT/run-N.log.
#   bash test/support/prove-under-load.sh               # 3 loaded runs, then the both-cores run
#   RUNS=1 BOTH=0 bash test/support/prove-under-load.sh  # one loaded run
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$(mktemp -d /tmp/prove-under-load.XXXXXX)}
shared=$(cd "$repo/.." && pwd)/shared
summary="$OUT/summary.txt"
clone() {
  git clone -q "$repo" "$1/p"
  # the suite reads ../shared (the study notes, Discord's spec) beside the project, as here
  [ -d "$shared" ] && cp -r "$shared" "$1/shared"
}
# (its output goes nowhere: a command substitution would otherwise wait for it to end)
hog() { node -e 'for(;;){}' >/dev/null 2>&1 & echo $!; }
run() { # $1: label, $2: folder
  local start=$SECONDS rc
  (cd "$2/p" && CI=true bash .ci/run) >"$OUT/$1.log" 2>&1
  rc=$?
  local line
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$1.log" | grep -E '^ *Tests +[0-9]' | tail -1 | sed 's/^ *//')
  echo "$1: exit $rc after $((SECONDS - start)) s; ${line:-no vitest summary}" | tee -a "$summary"
  return $rc
}
failed=0
for n in $(seq "${RUNS:-3}"); do
  dir="$OUT/clone-$n"; clone "$dir"
  pid=$(hog)
  run "run-$n-one-core-hogged" "$dir" || failed=1
  kill "$pid" 2>/dev/null
done
if [ "${BOTH:-1}" != 0 ]; then
  dir="$OUT/clone-both"; clone "$dir"
  second="$OUT/clone-second"; clone "$second"
  (cd "$second/p" && npm install >/dev/null 2>&1 && npm test) >"$OUT/second-copy.log" 2>&1 &
  other=$!
  run "run-both-cores-loaded" "$dir" || failed=1
  wait "$other"; echo "second copy: exit $?" | tee -a "$summary"
fi
echo "logs: $OUT"
exit $failed
