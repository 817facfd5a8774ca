#!/usr/bin/env bash
# The certbot service's main process: a renewal pass now and then every
# RENEW_INTERVAL_SECONDS (12 h, as Let's Encrypt suggests: twice a day). A
# failed pass is logged and retried at the next turn; certificates are renewed
# 30 days before expiry, so many turns can fail before one expires.
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "Usage: renew-loop.sh   (RENEW_INTERVAL_SECONDS [43200]; see renew.sh)"
  exit 0
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
INTERVAL="${RENEW_INTERVAL_SECONDS:-43200}"
trap 'echo "renew-loop: stopping"; exit 0' TERM INT

while :; do
  if [ -d "${LE_CONFIG_DIR:-/etc/letsencrypt}/renewal" ]; then
    "$HERE/renew.sh" || echo "renew-loop: renewal pass failed; retrying in ${INTERVAL}s" >&2
  else
    echo "renew-loop: no certificate yet; run the bootstrap first (docs/DEPLOY.md)"
  fi
  sleep "$INTERVAL" &
  wait $! || true
done
