#!/usr/bin/env bash
# The first certificate: run once on a new server, after DNS points at it and
# the web container is up (serving a placeholder certificate).
#
#   docker compose -f docker-compose.prod.yml run --rm certbot bootstrap
#
# 1. If a real certificate already exists, stop: renewals are renew-loop.sh's job.
# 2. Make sure a placeholder certificate exists, so nginx can run at all.
# 3. Check that nginx serves the ACME webroot for both names (a clear error
#    here beats a failed order and a spent rate limit at Let's Encrypt).
# 4. Move the placeholder aside and ask certbot for one certificate covering
#    APP_HOST and ADMIN_HOST by the webroot method; on failure put the
#    placeholder back so nginx can still restart.
# 5. certbot runs deploy-hook.sh, which makes nginx reload onto the new certificate.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'USAGE'
Usage: bootstrap.sh [--force]
  DOMAIN or APP_HOST+ADMIN_HOST   names on the certificate
  LETSENCRYPT_EMAIL               the ACME account's contact (required)
  CERTBOT_STAGING=1               use Let's Encrypt's staging CA (try this first)
  ACME_SERVER                     another ACME directory URL (tests: pebble)
  PROBE_BASE_URL [http://web]     where nginx's port 80 is reachable from here
  PROBE_TIMEOUT_SECONDS [60]
  CERT_NAME [prixagent], LE_CONFIG_DIR, LE_WORK_DIR, LE_LOGS_DIR, ACME_WEBROOT
  --force    replace an existing certificate now: after testing with
             CERTBOT_STAGING=1, after changing names, or after a key leak
USAGE
}

force=0
case "${1:-}" in
  -h | --help)
    usage
    exit 0
    ;;
  --force) force=1 ;;
  "") ;;
  *)
    usage >&2
    exit 2
    ;;
esac

APP_HOST="${APP_HOST:-app.${DOMAIN:?set DOMAIN (or APP_HOST and ADMIN_HOST)}}"
ADMIN_HOST="${ADMIN_HOST:-admin.${DOMAIN:?set DOMAIN (or APP_HOST and ADMIN_HOST)}}"
export APP_HOST ADMIN_HOST
EMAIL="${LETSENCRYPT_EMAIL:-}"
# Let's Encrypt stopped expiry emails in 2025 (watch expiry with monitoring,
# infra/monitoring/README.md); the address is the account's contact for
# policy and incident notices.
[ -n "$EMAIL" ] || die "LETSENCRYPT_EMAIL is not set: the CA's account needs a contact address"
PROBE_BASE_URL="${PROBE_BASE_URL:-http://web}"
PROBE_TIMEOUT_SECONDS="${PROBE_TIMEOUT_SECONDS:-60}"
certbot_common_args

placeholder_marker="$CERT_DIR/.prixagent-placeholder"
if [ -f "$LE_CONFIG_DIR/renewal/$CERT_NAME.conf" ] && [ ! -f "$placeholder_marker" ] && [ "$force" = 0 ]; then
  log "a certificate named $CERT_NAME already exists; renewals happen in the certbot service (use --force to request anew)"
  exit 0
fi

# 2. nginx needs some certificate to start.
"$CERTBOT_SCRIPTS/placeholder-cert.sh"

# 3. Probe the webroot through nginx for each name.
mkdir -p "$ACME_WEBROOT/.well-known/acme-challenge"
probe_name="prixagent-probe-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
probe_file="$ACME_WEBROOT/.well-known/acme-challenge/$probe_name"
printf '%s' "$probe_name" >"$probe_file"
chmod 644 "$probe_file"
trap 'rm -f "$probe_file"' EXIT
for host in "$APP_HOST" "$ADMIN_HOST"; do
  deadline=$((SECONDS + PROBE_TIMEOUT_SECONDS))
  until [ "$(curl -fsS --max-time 5 -H "Host: $host" "$PROBE_BASE_URL/.well-known/acme-challenge/$probe_name" 2>/dev/null || true)" = "$probe_name" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "nginx does not serve the ACME webroot for $host at $PROBE_BASE_URL after ${PROBE_TIMEOUT_SECONDS}s: is the web service up, and does it share the webroot volume?"
    fi
    sleep 2
  done
  log "nginx serves the ACME webroot for $host"
done

# 4. certbot will not write into a live/ directory it did not create.
aside=""
if [ -f "$placeholder_marker" ]; then
  aside="$LE_CONFIG_DIR/live/.$CERT_NAME.placeholder"
  rm -rf "$aside"
  mv "$CERT_DIR" "$aside"
fi
restore_placeholder() {
  if [ -n "$aside" ] && [ ! -e "$CERT_DIR/fullchain.pem" ]; then
    rm -rf "$CERT_DIR"
    mv "$aside" "$CERT_DIR"
    log "put the placeholder certificate back"
  fi
}

# --force must really replace what is there, e.g. a staging certificate with
# a trusted one: certbot updates the lineage, and its renewal settings (the CA
# included) follow. Otherwise certbot keeps a certificate that is still valid.
if [ "$force" = 1 ]; then
  replace=(--force-renewal)
else
  replace=(--keep-until-expiring)
fi

log "requesting a certificate for $APP_HOST and $ADMIN_HOST${ACME_SERVER:+ from $ACME_SERVER}$([ "$CERTBOT_STAGING" = 1 ] && echo ' (staging)')"
if ! certbot certonly "${CERTBOT_ARGS[@]}" --webroot -w "$ACME_WEBROOT" \
  --cert-name "$CERT_NAME" -d "$APP_HOST" -d "$ADMIN_HOST" \
  --email "$EMAIL" --agree-tos --no-eff-email "${replace[@]}" \
  --deploy-hook "$CERTBOT_SCRIPTS/deploy-hook.sh"; then
  restore_placeholder
  die "certbot could not get a certificate (details above and in $LE_LOGS_DIR/letsencrypt.log)"
fi
[ -n "$aside" ] && rm -rf "$aside"
log "certificate issued: $(openssl x509 -in "$CERT_DIR/cert.pem" -noout -subject -enddate | tr '\n' ' ')"
