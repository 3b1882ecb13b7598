#!/bin/sh
# Creates the development-only key files that docker-compose.yml mounts as secrets.
# Never use these outside a developer's machine; production keys come from the k8s Secrets.
set -eu
dir=$(dirname "$0")/dev-secrets
mkdir -p "$dir"
for k in identity signatures; do
  [ -s "$dir/$k.key" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/$k.key"
  chmod 0644 "$dir/$k.key"   # read by uid 10001 inside the container
done
echo "dev secrets in $dir"
