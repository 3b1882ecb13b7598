#!/usr/bin/env python3
"""Checks that proto/openapi.yaml and the gateway's route table describe the same API.

The gateway prints its table with `mc-gateway --routes` (METHOD PATTERN SUBJECT). The document is
read with a small reader for the subset of YAML it uses (paths at two spaces, methods at four,
x-subject at six), so the check needs nothing beyond Python's standard library.
"""
import os
import re
import subprocess
import sys

def routes_from_gateway():
    out = subprocess.run([os.environ.get("BUILD", "build") + "/bin/mc-gateway", "--routes"], capture_output=True, text=True,
                         check=True).stdout
    return {tuple(line.split()[:2]): line.split()[2] for line in out.splitlines() if line}

def routes_from_openapi(path="proto/openapi.yaml"):
    found, in_paths, cur_path, cur_method = {}, False, None, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("paths:"):
            in_paths = True
            continue
        if not in_paths:
            continue
        m = re.match(r"^  (/\S*):\s*$", line)
        if m:
            cur_path, cur_method = m.group(1), None
            continue
        m = re.match(r"^    (get|post|put|patch|delete):\s*$", line)
        if m and cur_path:
            cur_method = m.group(1).upper()
            found[(cur_method, cur_path)] = None
            continue
        m = re.match(r"^      x-subject:\s*(\S+)\s*$", line)
        if m and cur_method:
            found[(cur_method, cur_path)] = m.group(1)
    return found

def main():
    gw, doc = routes_from_gateway(), routes_from_openapi()
    passed = failed = 0
    for key, subject in sorted(gw.items()):
        if doc.get(key) == subject:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {key[0]} {key[1]}: gateway -> {subject}, openapi -> {doc.get(key)}")
    for key in sorted(set(doc) - set(gw)):
        if key[1] in ("/healthz", "/metrics"):
            continue
        failed += 1
        print(f"FAIL {key[0]} {key[1]}: in openapi.yaml but not served by the gateway")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
