#!/usr/bin/env bash
# Offline validation of the deployment descriptions (Dockerfile, docker-compose.yml, k8s/, deploy/).
#   bash tests/deploy/run.sh [ROOT]     ROOT: tree to validate (default: this repository)
# Installs what it needs by itself: Node.js/npm from Debian's apt if missing, and the pinned npm
# packages of tests/deploy/package-lock.json into tests/deploy/node_modules (never globally).
# Prints one line per check and ends with "N passed, N failed"; exits non-zero on any failure,
# including a validator that cannot be installed (that is a failure, not a skip).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "${1:-$HERE/../..}" && pwd)
passed=0
failed=0

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
fail_setup() {
  echo "FAIL  setup: $1"
  failed=$((failed + 1))
  finish
}

# --- Node.js and npm (Debian packages if the machine has none) ---------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing nodejs and npm with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } >&2 \
      || fail_setup "apt-get could not install nodejs/npm"
  else
    fail_setup "node/npm missing and apt-get is not usable (not root?)"
  fi
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 18 ] || fail_setup "Node.js >= 18 needed, found $(node --version 2>/dev/null)"

# --- pinned npm packages into tests/deploy/node_modules ----------------------------------------
stamp="$HERE/node_modules/.microcourt-lock.sha256"
want=$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "installing validator packages into tests/deploy/node_modules" >&2
  (cd "$HERE" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2) \
    || fail_setup "npm ci in tests/deploy failed (validators not installed)"
  echo "$want" >"$stamp"
fi
versions=$(cd "$HERE" && node -e '
  const r = require("module").createRequire(process.cwd() + "/package.json");
  const want = require("./package.json").dependencies; const out = [];
  for (const [n, v] of Object.entries(want)) {
    const got = r(n + "/package.json").version;
    if (got !== v) { console.error(n + " " + got + " != " + v); process.exit(1); }
    out.push(n + "@" + got);
  }
  console.log(out.join(" "));' 2>&1) || fail_setup "validator packages missing or not at the pinned versions: $versions"
echo "PASS  setup: node $(node --version), $versions"
passed=$((passed + 1))

# --- the checks ---------------------------------------------------------------------------------
out=$(cd "$HERE" && node validate.mjs "$ROOT" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(PASS|FAIL)  ' || true
printf '%s\n' "$out" | grep -vE '^(PASS|FAIL)  ' | sed 's/^/  | /' >&2
p=$(printf '%s\n' "$out" | grep -cE '^PASS  ')
f=$(printf '%s\n' "$out" | grep -cE '^FAIL  ')
passed=$((passed + p))
failed=$((failed + f))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
  echo "FAIL  validate.mjs exited with status $rc without reporting a failed check"
  failed=$((failed + 1))
fi
if [ "$p" -lt 50 ]; then
  echo "FAIL  only $p checks passed: the validator did not run all of its checks"
  failed=$((failed + 1))
fi
finish
