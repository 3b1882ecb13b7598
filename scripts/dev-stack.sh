#!/usr/bin/env bash
# Starts a private stack for development in the background: scripts/dev-stack.sh STATE_DIR BASE_PORT
# [service...]. NATS on BASE_PORT, PostgreSQL on BASE_PORT+1, gateway on BASE_PORT+2. Creates
# staff clerk1, judge1, officer1 (浙0203) and clerk9 (浙0212), all with password
# "correct horse battery". Stop with: scripts/dev-stack.sh STATE_DIR stop
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh
STATE=$(realpath -m "$1"); BASE=$2; shift 2
if [ "$BASE" = stop ]; then
  for f in "$STATE"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  stop_pg "$STATE"; exit 0
fi
mkdir -p "$STATE/logs"
stack_env "$STATE" "$BASE" $((BASE + 1)) $((BASE + 2))
start_pg "$STATE" $((BASE + 1))
start_nats "$STATE" "$BASE"
echo "${STACK_PIDS[0]}" > "$STATE/nats.pid"
services=("$@"); [ ${#services[@]} -eq 0 ] && services=("${MC_SERVICES[@]}" gateway)
for s in "${services[@]}"; do start_service "$STATE" "$s"; done
sleep 1
seed_staff
echo "export GATEWAY_URL=http://127.0.0.1:$((BASE + 2)) NATS_URL=$NATS_URL MC_SMS_LOG=$IDENTITY_SMS_LOG MC_STATE_DIR=$STATE"
