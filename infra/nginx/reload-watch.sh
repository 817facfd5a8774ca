#!/usr/bin/env bash
# Reloads nginx when certbot's deploy hook says a certificate changed.
#
# certbot runs in its own container and must not hold the Docker socket (that
# is root on the host), so it cannot signal nginx directly. Its deploy hook
# (infra/certbot/deploy-hook.sh) writes a new stamp into RELOAD_SIGNAL_FILE on
# the shared letsencrypt volume; this loop, started by the web image's
# entrypoint, sees the stamp change, tests the configuration and reloads.
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  cat <<'USAGE'
Usage: reload-watch.sh
  RELOAD_SIGNAL_FILE    [<letsencrypt config dir>/prixagent-reload, from CERT_DIR]
  RELOAD_CHECK_SECONDS  [10]
  NGINX_CONF_DIR        [/etc/nginx]  (nginx -c $NGINX_CONF_DIR/nginx.conf)
USAGE
  exit 0
fi

# Default: beside live/ in the letsencrypt config dir, where deploy-hook.sh writes.
CERT_DIR="${CERT_DIR:-/etc/letsencrypt/live/prixagent}"
SIGNAL="${RELOAD_SIGNAL_FILE:-$(dirname "$(dirname "$CERT_DIR")")/prixagent-reload}"
INTERVAL="${RELOAD_CHECK_SECONDS:-10}"
CONF="${NGINX_CONF_DIR:-/etc/nginx}/nginx.conf"

log() { printf '%s reload-watch: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
stamp() { cat "$SIGNAL" 2>/dev/null || true; }

trap 'exit 0' TERM INT
last="$(stamp)"
log "watching $SIGNAL every ${INTERVAL}s"
while :; do
  # sleep in the background so TERM is handled at once, not after the sleep.
  sleep "$INTERVAL" &
  wait $! || true
  current="$(stamp)"
  [ "$current" = "$last" ] && continue
  last="$current"
  # Inside the `if`, so a failed reload is logged and retried at the next
  # stamp instead of ending the watcher under `set -e`.
  if ! nginx -t -q -e stderr -c "$CONF"; then
    log "ERROR: certificate changed but the configuration does not pass nginx -t; still serving the old one"
  elif ! nginx -s reload -e stderr -c "$CONF"; then
    log "ERROR: certificate changed but nginx -s reload failed; still serving the old one"
  else
    log "certificate changed; nginx reloaded"
  fi
done
