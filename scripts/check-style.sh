#!/usr/bin/env bash
# Style checks that CI runs: every C file is clang-formatted, every public header compiles on its
# own, and every TODO/FIXME names an entry of docs/KNOWN_ISSUES.md. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0

for f in $(git ls-files '*.c' '*.h'); do
  if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL format: $f (run make fmt)"; fi
done

if make -s headers >/dev/null 2>&1; then passed=$((passed + 1))
else failed=$((failed + 1)); echo "FAIL headers: a header in common/include does not compile alone"; fi

# Each service's README documents every variable of its config.c table.
for cfg in services/*/config.c; do
  dir=$(dirname "$cfg")
  for v in $(grep -oE '^\s*\{"[A-Z_]+"' "$cfg" | grep -oE '[A-Z_]+'); do
    if grep -q "$v" "$dir/README.md" 2>/dev/null; then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "FAIL $dir/README.md does not document $v"; fi
  done
done

while IFS= read -r line; do
  name=$(echo "$line" | sed -nE 's/.*(TODO|FIXME)\(([a-z0-9-]+)\).*/\2/p')
  if [ -n "$name" ] && grep -q "^## $name\$" docs/KNOWN_ISSUES.md; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL marker without a known-issues entry: $line"; fi
done < <(git grep -nE '\b(TODO|FIXME|XXX|HACK)\b' -- '*.c' '*.h' '*.sh' 'Makefile' | grep -v 'check-style.sh')

# Every stable error code a service answers with is listed in proto/errors.md.
for code in $(python3 - <<'PY'
import glob, re
codes = set()
for f in glob.glob("services/*/*.c"):
    s = open(f, encoding="utf-8").read()
    for m in re.finditer(r"mc_reply_error\(", s):
        depth, j = 1, m.end()
        while depth and j < len(s):
            depth += {"(": 1, ")": -1}.get(s[j], 0)
            j += 1
        args = re.split(r",(?![^(]*\))", s[m.end():j - 1])
        if len(args) >= 3 and args[2].strip().startswith('"'):
            codes.add(args[2].strip().strip('"'))
print("\n".join(sorted(codes)))
PY
); do
  if grep -q "^| $code |" proto/errors.md; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL error code $code is not in proto/errors.md"; fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
