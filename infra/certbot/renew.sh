#!/usr/bin/env bash
# One renewal pass: certbot renews what is within 30 days of expiry (or
# everything, with --force-renewal) and runs deploy-hook.sh for each renewed
# certificate, which makes nginx reload. Extra arguments go to `certbot renew`.
# The CA is the one each certificate came from, whatever CERTBOT_STAGING and
# ACME_SERVER say now: bootstrap.sh --force is how a certificate changes CA.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "Usage: renew.sh [certbot renew arguments, e.g. --force-renewal or --dry-run]"
  exit 0
fi

certbot_state_args
certbot renew "${CERTBOT_ARGS[@]}" --webroot -w "$ACME_WEBROOT" \
  --deploy-hook "$CERTBOT_SCRIPTS/deploy-hook.sh" "$@"
