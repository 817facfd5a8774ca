#!/usr/bin/env bash
# Settings shared by bootstrap.sh and renew.sh (sourced, not run).
# Every path and the ACME server can be overridden, which is how tests/infra
# runs these very scripts against pebble on loopback.

CERT_NAME="${CERT_NAME:-prixagent}"
LE_CONFIG_DIR="${LE_CONFIG_DIR:-/etc/letsencrypt}"
LE_WORK_DIR="${LE_WORK_DIR:-/var/lib/letsencrypt}"
LE_LOGS_DIR="${LE_LOGS_DIR:-/var/log/letsencrypt}"
ACME_WEBROOT="${ACME_WEBROOT:-/var/www/certbot}"
CERTBOT_STAGING="${CERTBOT_STAGING:-0}"
ACME_SERVER="${ACME_SERVER:-}"
CERTBOT_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CERTBOT_SCRIPTS
export CERT_DIR="$LE_CONFIG_DIR/live/$CERT_NAME"
export RELOAD_SIGNAL_FILE="${RELOAD_SIGNAL_FILE:-$LE_CONFIG_DIR/prixagent-reload}"

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(basename "$0")" "$*"; }
die() {
  log "ERROR: $*" >&2
  exit 1
}

# Where certbot's state lives. Renewals get only these: each certificate is
# renewed by the CA that issued it (recorded in renewal/<name>.conf), so a
# CERTBOT_STAGING=1 left in the renewal loop's environment cannot send a
# production certificate to the staging CA.
certbot_state_args() {
  CERTBOT_ARGS=(--config-dir "$LE_CONFIG_DIR" --work-dir "$LE_WORK_DIR" --logs-dir "$LE_LOGS_DIR" --non-interactive)
}

# A new certificate's flags: the state, and which CA to ask.
certbot_common_args() {
  certbot_state_args
  if [ -n "$ACME_SERVER" ]; then
    [ "$CERTBOT_STAGING" = 1 ] && die "set CERTBOT_STAGING=1 or ACME_SERVER, not both"
    CERTBOT_ARGS+=(--server "$ACME_SERVER")
  elif [ "$CERTBOT_STAGING" = 1 ]; then
    # Let's Encrypt's staging CA: untrusted certificates, generous rate limits.
    CERTBOT_ARGS+=(--staging)
  fi
}
