#!/usr/bin/env bash
# make test: unit tests, deployment checks, then integration and end-to-end tests against a
# private stack (nats-server, PostgreSQL, every service) on free loopback ports under .test/.
# Every suite prints "N passed, N failed"; the last line adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

MODE=${1:-all}
PASSED=0
FAILED=0

# Runs one test program and adds its summary line to the totals; no summary counts as a failure.
run_counted() {
  local name=$1; shift
  local out line p f
  out=$("$@" 2>&1)
  line=$(printf '%s\n' "$out" | grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' | tail -n 1)
  if [ -z "$line" ]; then
    printf '%s\n' "$out" | tail -n 20
    echo "FAIL $name: no summary line"
    FAILED=$((FAILED + 1))
    return
  fi
  p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  if [ "$f" -gt 0 ]; then printf '%s\n' "$out" | grep -vE '^ok ' | tail -n 40; fi
  printf '%-60s %s\n' "$name" "$line"
}

run_unit() {
  scripts/face-assets.sh >/dev/null 2>&1 || echo "test: face assets could not be fetched"
  for t in $(find "$BIN/../tests/unit" -type f -name 'test_*' ! -name '*.d' | sort); do
    run_counted "$t" "$t"
  done
  run_counted "scripts/check-style.sh" scripts/check-style.sh
  run_counted "tests/contract/check_openapi.py" python3 tests/contract/check_openapi.py
  run_counted "tests/deploy/run.sh" bash tests/deploy/run.sh
}

STATE=$PWD/.test
run_integration() {
  local nats_port pg_port http_port
  rm -rf "$STATE"
  [ -f "$(pg_dir_for "$STATE")/postgres.pid" ] || rm -rf "$(pg_dir_for "$STATE")"
  mkdir -p "$STATE/logs"
  nats_port=$(free_port); pg_port=$(free_port); http_port=$(free_port)
  trap 'stop_stack "$STATE"' EXIT
  LOG_LEVEL=${LOG_LEVEL:-info} stack_env "$STATE" "$nats_port" "$pg_port" "$http_port"
  PG_FSYNC=off start_pg "$STATE" "$pg_port" || { FAILED=$((FAILED + 1)); return; }
  start_nats "$STATE" "$nats_port" || { FAILED=$((FAILED + 1)); return; }
  start_services "$STATE"
  if ! wait_healthy "http://127.0.0.1:$http_port"; then
    tail -n 5 "$STATE"/logs/*.log
    FAILED=$((FAILED + 1)); return
  fi
  export GATEWAY_URL="http://127.0.0.1:$http_port" MC_SMS_LOG="$IDENTITY_SMS_LOG"
  export MC_STATE_DIR="$STATE" MC_PG_URL="postgresql://postgres@127.0.0.1:$pg_port"
  seed_staff
  for t in $(find "$BIN/../tests/integration" "$BIN/../tests/regress" -type f -name 'test_*' ! -name '*.d' 2>/dev/null | sort); do
    run_counted "$t" "$t"
  done
  # The events the end-to-end test read back, against proto/schemas/events.
  run_counted "tests/contract/check_events.mjs" node tests/contract/check_events.mjs "$STATE/events.jsonl"
  # Fault tests kill and restart parts of the stack, so they come last.
  for t in $(find "$BIN/../tests/fault" -type f -name 'test_*' ! -name '*.d' 2>/dev/null | sort); do
    run_counted "$t" "$t"
  done
  # Every JSON answer the tests received, against proto/errors.md and proto/openapi.yaml.
  run_counted "tests/contract/check_http.mjs" node tests/contract/check_http.mjs "$STATE/http.jsonl"
  stop_stack "$STATE"
  trap - EXIT
}

# A sanitizer report in a service's log fails the run, even when every test passed.
check_service_logs() {
  local n
  n=$(grep -lE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$STATE"/logs/*.log \
      2>/dev/null | wc -l)
  if [ "$n" -gt 0 ]; then
    grep -lE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$STATE"/logs/*.log
    FAILED=$((FAILED + n))
  fi
  printf '%-60s %s\n' "sanitizer reports in service logs" "$((n == 0)) passed, $n failed"
  PASSED=$((PASSED + (n == 0)))
}

case "$MODE" in
  unit) run_unit ;;
  integration) run_integration ;;
  *) run_unit; run_integration; check_service_logs ;;
esac

echo "total: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
