#!/usr/bin/env bash
# Writes a short-lived self-signed certificate where nginx expects the real
# one, when there is none yet, so nginx can start and serve the ACME webroot
# for the very first certificate request (bootstrap.sh). A marker file tells
# bootstrap.sh the certificate is a placeholder it may replace.
#
#   CERT_DIR=/etc/letsencrypt/live/prixagent APP_HOST=app.example.com \
#   ADMIN_HOST=admin.example.com placeholder-cert.sh
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,9p' "$0"
  exit 0
fi

CERT_DIR="${CERT_DIR:-/etc/letsencrypt/live/prixagent}"
MARKER="$CERT_DIR/.prixagent-placeholder"
: "${APP_HOST:=app.${DOMAIN:?set DOMAIN or APP_HOST}}"
: "${ADMIN_HOST:=admin.${DOMAIN:?set DOMAIN or ADMIN_HOST}}"

if [ -s "$CERT_DIR/fullchain.pem" ] && [ -s "$CERT_DIR/privkey.pem" ]; then
  echo "placeholder-cert: a certificate is already in $CERT_DIR; nothing to do"
  exit 0
fi

mkdir -p "$CERT_DIR"
umask 077
tmp="$(mktemp -d "$CERT_DIR/.placeholder.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
  -subj "/CN=PrixAgent placeholder (no certificate issued yet)" \
  -addext "subjectAltName=DNS:$APP_HOST,DNS:$ADMIN_HOST" \
  -keyout "$tmp/privkey.pem" -out "$tmp/cert.pem" 2>/dev/null
cp "$tmp/cert.pem" "$tmp/fullchain.pem"
cp "$tmp/cert.pem" "$tmp/chain.pem"
chmod 644 "$tmp/cert.pem" "$tmp/fullchain.pem" "$tmp/chain.pem"
for f in privkey.pem cert.pem fullchain.pem chain.pem; do mv "$tmp/$f" "$CERT_DIR/$f"; done
date -u +%Y-%m-%dT%H:%M:%SZ >"$MARKER"
echo "placeholder-cert: wrote a self-signed placeholder for $APP_HOST, $ADMIN_HOST in $CERT_DIR"
