#!/usr/bin/env bash
# Entrypoint of the web image: render the configuration from the environment,
# make sure a certificate exists (a placeholder until bootstrap.sh gets the
# real one), test the configuration, start the reload watcher, then run nginx
# in the foreground as the container's main process.
set -euo pipefail

NGINX_CONF_DIR="${NGINX_CONF_DIR:-/etc/nginx}"
export NGINX_CONF_DIR
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CERTBOT_SCRIPTS="${CERTBOT_SCRIPTS:-$HERE/../certbot}"

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "Usage: docker-entrypoint.sh [nginx arguments]   (see render.sh --help for the variables)"
  exit 0
fi

"$HERE/render.sh" "$NGINX_CONF_DIR"
"$CERTBOT_SCRIPTS/placeholder-cert.sh"
# No mkdir in the ACME webroot: web mounts it read-only; certbot, which writes
# the challenges, creates the directories it needs.
nginx -t -q -e stderr -c "$NGINX_CONF_DIR/nginx.conf"

"$HERE/reload-watch.sh" &
exec nginx -e stderr -c "$NGINX_CONF_DIR/nginx.conf" -g 'daemon off;' "$@"
