#!/usr/bin/env bash
# Time from `penchant serve` starting to /ready answering 200, and to the process's own first model serving (or to
# its run at start being left out, when the store has not changed since the snapshot was trained), over an existing
# store, RUNS times; the first run (no snapshot yet, unless one is there) saves one.
# Usage: bench/scripts/restart.sh DB KEYFILE RUNS [more serve arguments, e.g. --recommender auto]
#        bench/scripts/restart.sh - KEYFILE RUNS --postgres CONNECTION --postgres-schema SCHEMA   (snapshot kept in the database)
# Needs curl and python3; builds nothing (run `dotnet build Penchant.slnx -c Release` first).
set -euo pipefail
db=$1; key=$2; runs=$3; shift 3
here=$(cd "$(dirname "$0")/../.." && pwd)
penchant="dotnet $here/src/Penchant.Cli/bin/Release/net10.0/penchant.dll"
url=http://127.0.0.1:5099
for run in $(seq 1 "$runs"); do
  if [ "$db" = "-" ]; then store=(); snapshot="in the database"; else store=(--db "$db"); snapshot=$([ -f "$db.snapshot" ] && stat -c %s "$db.snapshot" || echo none); fi
  start=$(date +%s.%N)
  $penchant serve "${store[@]}" --pseudonym-key-file "$key" --insecure-dev --urls $url "$@" > /tmp/penchant-restart.log 2>&1 &
  pid=$!
  until curl -sf $url/ready > /dev/null; do
    kill -0 $pid 2> /dev/null || { echo "serve exited; see /tmp/penchant-restart.log" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(date +%s.%N)
  restored=$(curl -s $url/v1/admin/model | python3 -c 'import json,sys; print(json.load(sys.stdin).get("restoredFrom") is not None)')
  # Until its own model serves, or the run at start is left out (the store unchanged since the snapshot was trained).
  until curl -s $url/v1/admin/model | grep -Eq '"restoredFrom":null|"skippedRuns":[1-9]'; do sleep 0.1; done
  own=$(date +%s.%N)
  outcome=$(curl -s $url/v1/admin/model | python3 -c 'import json,sys; m=json.load(sys.stdin); print("own model" if m.get("restoredFrom") is None else "run left out")')
  kill $pid; wait $pid 2> /dev/null || true
  printf 'run %d: snapshot bytes %s, restored %s, ready %.2f s, %s %.2f s, load %s\n' "$run" "$snapshot" "$restored" \
    "$(echo "$ready - $start" | bc)" "$outcome" "$(echo "$own - $start" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
done
