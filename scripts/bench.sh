#!/usr/bin/env bash
# make bench: starts a private stack (nats-server, PostgreSQL, every built service) on free
# loopback ports under .bench/, seeds the staff accounts and runs build/bin/bench-platform, which
# prints one table: each request path through the gateway at concurrency 1 and 8 against raw
# NATS and PostgreSQL baselines measured in the same run, then each process's resident memory.
# BENCH_N (requests per row, default 2000) and BENCH_SECONDS (cap per row, default 6) bound it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
source scripts/stack.sh

STATE=$PWD/.bench
BENCH_BIN=build/bin/bench-platform
PKGS="libnats jansson libpq libcurl libsodium"

# Until the Makefile has a rule for bench/bench_*.c, builds the program with the same flags.
build_bench() {
  make --no-print-directory "$BENCH_BIN" >/dev/null 2>&1 && return 0
  [ -x "$BENCH_BIN" ] && [ "$BENCH_BIN" -nt bench/bench_platform.c ] && return 0
  make --no-print-directory build/libcommon.a build/obj/tests/support/client.o >/dev/null ||
    return 1
  echo "  CC      bench/bench_platform.c (by hand)"
  # shellcheck disable=SC2046,SC2086
  cc -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wstrict-prototypes -Wwrite-strings -Wshadow \
    -Werror -Icommon/include -Itests $(pkg-config --cflags $PKGS) -o "$BENCH_BIN" \
    bench/bench_platform.c build/obj/tests/support/client.o build/libcommon.a -lpthread -lm \
    $(pkg-config --libs $PKGS)
}

start_bench_stack() {
  local nats_port pg_port http_port
  rm -rf "$STATE"
  [ -f "$(pg_dir_for "$STATE")/postgres.pid" ] || rm -rf "$(pg_dir_for "$STATE")"
  mkdir -p "$STATE/logs"
  nats_port=$(free_port); pg_port=$(free_port); http_port=$(free_port)
  LOG_LEVEL=warn stack_env "$STATE" "$nats_port" "$pg_port" "$http_port"
  start_pg "$STATE" "$pg_port" || return 1
  start_nats "$STATE" "$nats_port" || return 1
  start_services "$STATE"
  wait_healthy "http://127.0.0.1:$http_port" || { tail -n 5 "$STATE"/logs/*.log; return 1; }
  export GATEWAY_URL="http://127.0.0.1:$http_port" MC_SMS_LOG="$IDENTITY_SMS_LOG"
  export MC_STATE_DIR="$STATE" MC_PG_URL="postgresql://postgres@127.0.0.1:$pg_port"
  seed_staff
}

build_bench || { echo "bench: could not build $BENCH_BIN"; exit 1; }
trap 'stop_stack "$STATE"' EXIT
start_bench_stack || { echo "bench: the stack did not start"; exit 1; }
echo "bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "PostgreSQL fsync=${PG_FSYNC:-on}"
BENCH_SECONDS=${BENCH_SECONDS:-6} timeout 170 "$BENCH_BIN"
rc=$?
stop_stack "$STATE"
trap - EXIT
exit $rc
