#!/usr/bin/env bash
# The certbot image's HEALTHCHECK: healthy while nginx has a real certificate
# that is not close to expiry. Renewals start 30 days before expiry and run
# twice a day, so a certificate with under CERT_MIN_DAYS (14) days left means
# about two weeks of failed renewals: time for a person to look
# (`dc logs certbot`, docs/DEPLOY.md "Troubleshooting").
#
# Exit 0 healthy; 1 no certificate, still the placeholder, unreadable, or
# expiring within CERT_MIN_DAYS.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  echo "Environment: CERT_MIN_DAYS [14], LE_CONFIG_DIR [/etc/letsencrypt], CERT_NAME [prixagent]"
  exit 0
fi

MIN_DAYS="${CERT_MIN_DAYS:-14}"
case "$MIN_DAYS" in
  '' | *[!0-9]*)
    echo "check-cert: CERT_MIN_DAYS must be a whole number of days, not '$MIN_DAYS'" >&2
    exit 2
    ;;
esac

cert="$CERT_DIR/cert.pem"
if [ ! -s "$cert" ]; then
  echo "check-cert: no certificate in $CERT_DIR; run the bootstrap (docs/DEPLOY.md, step 7)"
  exit 1
fi
if [ -e "$CERT_DIR/.prixagent-placeholder" ]; then
  echo "check-cert: nginx serves the self-signed placeholder; run the bootstrap (docs/DEPLOY.md, step 7)"
  exit 1
fi
if ! end="$(openssl x509 -in "$cert" -noout -enddate 2>/dev/null)"; then
  echo "check-cert: $cert is not a readable certificate"
  exit 1
fi
end="${end#notAfter=}"
if ! openssl x509 -in "$cert" -noout -checkend "$((MIN_DAYS * 86400))" >/dev/null; then
  echo "check-cert: the certificate expires $end, within ${MIN_DAYS} days: renewals are failing (dc logs certbot)"
  exit 1
fi
echo "check-cert: certificate valid until $end"
