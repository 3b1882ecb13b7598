# shellcheck shell=bash
# Starting and stopping the embedded platform: a private nats-server with JetStream, a private
# PostgreSQL cluster and every service, all on loopback, all under one state directory.
# Sourced by run.sh and test.sh. Each started process is recorded so stop_stack ends exactly those.

MC_SERVICES=(identity docketing documents hearings signatures enforcement)
BIN=${BUILD:-build}/bin
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
STACK_PIDS=()

# Fails with a message naming the port when something already listens on it: a stack must not
# join someone else's nats-server or report someone else's gateway as its own.
require_free_port() {
  local port=$1 what=$2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "stack: port $port for $what is taken (another make run? set MC_${what^^}_PORT)" >&2
    return 1
  fi
}

# True when a stack recorded under state is still running.
stack_is_running() {
  local state=$1 f
  for f in "$state"/*.pid; do
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && return 0
  done
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Runs a command as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# PostgreSQL needs a data directory its user can reach; a checkout under a private home may not be.
pg_dir_for() {
  local state=$1
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$state" 2>/dev/null; then
    echo "$state/pg"
  else
    echo "/var/tmp/microcourt-pg-$(echo "$state" | md5sum | cut -c1-12)"
  fi
}

start_nats() {
  local state=$1 port=$2
  mkdir -p "$state/nats"
  cat > "$state/nats.conf" <<CONF
listen: 127.0.0.1:$port
server_name: microcourt-local
max_payload: 8MB
jetstream {
  store_dir: "$state/nats"
  max_memory_store: 256MB
  max_file_store: 4GB
}
CONF
  nats-server -c "$state/nats.conf" >>"$state/logs/nats.log" 2>&1 &
  STACK_PIDS+=($!)
  echo $! > "$state/nats.pid"
  echo "$port" > "$state/nats.port"
  wait_tcp "$port" nats-server
}

wait_tcp() {
  local port=$1 what=$2
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "stack: $what did not open port $port" >&2
  return 1
}

start_pg() {
  local state=$1 port=$2 dir
  dir=$(pg_dir_for "$state")
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      >"$state/logs/initdb.log" 2>&1
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${PG_FSYNC:-on}" \
    start >"$state/logs/pg_ctl.log" 2>&1
  echo "$dir" > "$state/pg.dir"
  echo "$port" > "$state/pg.port"
  for svc in "${MC_SERVICES[@]}"; do
    psql -h 127.0.0.1 -p "$port" -U postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname='mc_$svc'" | grep -q 1 ||
      psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE mc_$svc" >/dev/null
  done
}

stop_pg() {
  local state=$1
  [ -f "$state/pg.dir" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$(cat "$state/pg.dir")/data" -m fast -w stop >/dev/null 2>&1 || true
}

# The environment every service reads (see each service's config.c).
stack_env() {
  local state=$1 nats_port=$2 pg_port=$3 http_port=$4
  export NATS_URL="nats://127.0.0.1:$nats_port"
  export MC_DATA_DIR="$PWD/data"
  export LOG_FORMAT=${LOG_FORMAT:-json} LOG_LEVEL=${LOG_LEVEL:-info}
  for svc in "${MC_SERVICES[@]}"; do
    local up=${svc^^}
    export "${up}_DB_URL=postgresql://postgres@127.0.0.1:$pg_port/mc_$svc"
  done
  export GATEWAY_LISTEN="127.0.0.1:$http_port"
  export IDENTITY_KEY_FILE="$state/keys/identity.key"
  export IDENTITY_SMS_LOG="$state/outbox/sms.log"
  # Development: an SMS code may register a new ID number (production keeps the default, face).
  export IDENTITY_SMS_REGISTRATION=${IDENTITY_SMS_REGISTRATION:-open}
  export IDENTITY_FACE_MODEL_DIR="$PWD/.cache/face"
  export SIGNATURES_KEY_FILE="$state/keys/signatures.key"
  mkdir -p "$state/keys" "$state/outbox" "$state/logs"
  # The same environment for starting one service by hand: set -a; . .run/env; set +a
  env | grep -E '^(NATS_URL|MC_DATA_DIR|LOG_|[A-Z]+_DB_URL|GATEWAY_|IDENTITY_|SIGNATURES_)' \
    | sed -E "s/^([^=]+)=(.*)$/\1='\2'/" > "$state/env"
}

start_service() {
  local state=$1 svc=$2
  "$BIN/mc-$svc" >>"$state/logs/$svc.log" 2>&1 &
  STACK_PIDS+=($!)
  echo $! > "$state/$svc.pid"
}

# The services that are built; a checkout in the middle of adding one may lack it.
built_services() {
  for svc in "${MC_SERVICES[@]}"; do [ -x "$BIN/mc-$svc" ] && echo "$svc"; done
}

start_services() {
  local state=$1
  for svc in $(built_services) gateway; do start_service "$state" "$svc"; done
}

# Waits until /healthz reports every built service ok (all of them: HTTP 200).
wait_healthy() {
  local url=$1 body
  for _ in $(seq 1 300); do
    body=$(curl -s "$url/healthz" || true)
    if [ -n "$body" ] && python3 - "$body" $(built_services) <<'PY'
import json, sys
states = json.loads(sys.argv[1]).get("services", {})
sys.exit(0 if all(states.get(s) == "ok" for s in sys.argv[2:]) else 1)
PY
    then return 0; fi
    sleep 0.2
  done
  echo "stack: $url/healthz did not report every service ok: $body" >&2
  return 1
}

stop_stack() {
  local state=$1 f
  for ((i=${#STACK_PIDS[@]}-1; i>=0; i--)); do kill "${STACK_PIDS[$i]}" 2>/dev/null || true; done
  # Processes restarted by fault tests are not our children; their pid files name them.
  for f in "$state"/*.pid; do [ -f "$f" ] && { kill "$(cat "$f")" 2>/dev/null || true; }; done
  for pid in "${STACK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for f in "$state"/*.pid; do
    [ -f "$f" ] || continue
    for _ in $(seq 1 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$f"
  done
  stop_pg "$state"
  STACK_PIDS=()
}

# Staff accounts the tests and the demo use (password "correct horse battery").
seed_staff() {
  local u
  for u in "clerk1 clerk 浙0203 王书记员" "judge1 judge 浙0203 李法官" \
           "officer1 enforcement 浙0203 赵执行员" "clerk9 clerk 浙0212 鄞州书记员"; do
    set -- $u
    "$BIN/microcourt-admin" staff add --username "$1" --password 'correct horse battery' \
      --role "$2" --court "$3" --name "$4" >/dev/null 2>&1 || true
  done
}
