#!/usr/bin/env bash
# certbot's deploy hook: runs once after each certificate is issued or renewed.
# It cannot reach nginx (another container; no Docker socket here on purpose),
# so it writes a new stamp into the signal file that infra/nginx/reload-watch.sh
# polls; the watcher tests the configuration and reloads nginx.
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "Usage: deploy-hook.sh   (run by certbot; RENEWED_LINEAGE, RELOAD_SIGNAL_FILE)"
  exit 0
fi

# certbot sets RENEWED_LINEAGE=<config-dir>/live/<name>; the signal file sits in
# the config dir, which both containers mount.
lineage="${RENEWED_LINEAGE:-}"
if [ -n "${RELOAD_SIGNAL_FILE:-}" ]; then
  signal="$RELOAD_SIGNAL_FILE"
elif [ -n "$lineage" ]; then
  signal="$(dirname "$(dirname "$lineage")")/prixagent-reload"
else
  echo "deploy-hook: neither RELOAD_SIGNAL_FILE nor RENEWED_LINEAGE is set" >&2
  exit 1
fi

serial=""
if [ -n "$lineage" ] && [ -f "$lineage/cert.pem" ]; then
  serial="$(openssl x509 -in "$lineage/cert.pem" -noout -serial 2>/dev/null || true)"
fi
tmp="$(mktemp "$(dirname "$signal")/.prixagent-reload.XXXXXX")"
printf '%s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "${lineage:-?}" "${serial:-?}" >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$signal"
echo "deploy-hook: asked nginx to reload (${RENEWED_DOMAINS:-certificate renewed}; ${serial:-serial unknown})"
