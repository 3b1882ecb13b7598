#!/usr/bin/env bash
# Restarts one program of a running `make run` stack with the stack's environment, and records
# its pid so that stopping make run stops it too: scripts/restart.sh docketing
set -euo pipefail
cd "$(dirname "$0")/.."
SVC=${1:?usage: scripts/restart.sh SERVICE (gateway identity docketing documents hearings signatures enforcement)}
STATE=${MC_STATE_DIR:-$PWD/.run}
[ -f "$STATE/env" ] || { echo "restart: no running stack under $STATE" >&2; exit 1; }
[ -x "build/bin/mc-$SVC" ] || { echo "restart: no such program build/bin/mc-$SVC" >&2; exit 2; }
set -a; . "$STATE/env"; set +a
export MC_DATA_DIR=${MC_DATA_DIR:-$PWD/data}
scripts/fault.sh "$STATE" kill "$SVC"
sleep 0.5
scripts/fault.sh "$STATE" start "$SVC"
echo "restart: mc-$SVC started as pid $(cat "$STATE/$SVC.pid")"
