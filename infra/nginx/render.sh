#!/usr/bin/env bash
# Renders the nginx templates in this directory into an nginx configuration
# directory, checking every value first.
#
#   DOMAIN=example.com infra/nginx/render.sh /etc/nginx
#
# The web image runs this at every start (docker-entrypoint.sh), so the
# configuration always matches the environment; tests/infra runs it with
# loopback ports and temporary paths. Only the ${NAMES} below are substituted:
# nginx's own $variables pass through untouched.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: render.sh OUT_DIR

Writes OUT_DIR/nginx.conf, OUT_DIR/prixagent/*.conf and OUT_DIR/conf.d/*.conf.

Variables (production defaults in brackets):
  DOMAIN                required unless APP_HOST and ADMIN_HOST are both set
  APP_HOST              [app.$DOMAIN]   client dashboard host name
  ADMIN_HOST            [admin.$DOMAIN] admin dashboard host name
  HTTP_PORT, HTTPS_PORT [80, 443]
  LISTEN_ADDRESS        []              e.g. 127.0.0.1 to listen on one address
  API_UPSTREAM          [api:3004]      host:port of the API
  RESOLVER              [127.0.0.11]    DNS for API_UPSTREAM (Docker's)
  CLIENT_ROOT           [/usr/share/prixagent/client-dashboard]
  ADMIN_ROOT            [/usr/share/prixagent/admin-dashboard]
  ACME_WEBROOT          [/var/www/certbot]
  CERT_DIR              [/etc/letsencrypt/live/prixagent]
  CLIENT_MAX_BODY_SIZE  [$BODY_LIMIT_BYTES, else 1m]
  LOGIN_RATE            [10r/m]         per client address, burst 5
  API_RATE              [20r/s]         per client address, burst 100
  GENERAL_RATE          [50r/s]         per client address, static files
  ADMIN_ALLOW           []              addresses/CIDRs allowed on the admin host
  REAL_IP_FROM          []              CIDRs of a trusted proxy/CDN in front
  NGINX_USER            [www-data]
  NGINX_PID_FILE        [/run/nginx.pid]
  NGINX_TEMP_DIR        [/var/lib/nginx]
  NGINX_ACCESS_LOG      [/dev/stdout]
  NGINX_ERROR_LOG       [stderr]
  MIME_TYPES            [/etc/nginx/mime.types] copied when OUT_DIR lacks one
USAGE
}

die() {
  printf 'render.sh: %s\n' "$*" >&2
  exit 1
}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  usage
  exit 0
fi
[ $# -eq 1 ] || {
  usage >&2
  exit 2
}

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$1"

if [ -z "${DOMAIN:-}" ] && { [ -z "${APP_HOST:-}" ] || [ -z "${ADMIN_HOST:-}" ]; }; then
  die "DOMAIN is not set (or set both APP_HOST and ADMIN_HOST)"
fi

export NGINX_CONF_DIR="$OUT"
export APP_HOST="${APP_HOST:-app.${DOMAIN:-}}"
export ADMIN_HOST="${ADMIN_HOST:-admin.${DOMAIN:-}}"
export HTTP_PORT="${HTTP_PORT:-80}"
export HTTPS_PORT="${HTTPS_PORT:-443}"
export API_UPSTREAM="${API_UPSTREAM:-api:3004}"
export RESOLVER="${RESOLVER:-127.0.0.11}"
export CLIENT_ROOT="${CLIENT_ROOT:-/usr/share/prixagent/client-dashboard}"
export ADMIN_ROOT="${ADMIN_ROOT:-/usr/share/prixagent/admin-dashboard}"
export ACME_WEBROOT="${ACME_WEBROOT:-/var/www/certbot}"
export CERT_DIR="${CERT_DIR:-/etc/letsencrypt/live/prixagent}"
# Defaults to the API's own limit so the two cannot drift apart.
export CLIENT_MAX_BODY_SIZE="${CLIENT_MAX_BODY_SIZE:-${BODY_LIMIT_BYTES:-1m}}"
export LOGIN_RATE="${LOGIN_RATE:-10r/m}"
export API_RATE="${API_RATE:-20r/s}"
export GENERAL_RATE="${GENERAL_RATE:-50r/s}"
export NGINX_USER="${NGINX_USER:-www-data}"
export NGINX_PID_FILE="${NGINX_PID_FILE:-/run/nginx.pid}"
export NGINX_TEMP_DIR="${NGINX_TEMP_DIR:-/var/lib/nginx}"
export NGINX_ACCESS_LOG="${NGINX_ACCESS_LOG:-/dev/stdout}"
export NGINX_ERROR_LOG="${NGINX_ERROR_LOG:-stderr}"
LISTEN_ADDRESS="${LISTEN_ADDRESS:-}"
ADMIN_ALLOW="${ADMIN_ALLOW:-}"
REAL_IP_FROM="${REAL_IP_FROM:-}"
MIME_TYPES="${MIME_TYPES:-/etc/nginx/mime.types}"

# --- checks: a bad value must stop here, not become a broken or open config --
host_re='^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$'
for name in APP_HOST ADMIN_HOST; do
  [[ "${!name}" =~ $host_re ]] || die "$name='${!name}' is not a host name"
done
[ "$APP_HOST" != "$ADMIN_HOST" ] || die "APP_HOST and ADMIN_HOST must differ"
for name in HTTP_PORT HTTPS_PORT; do
  if ! [[ "${!name}" =~ ^[0-9]{1,5}$ ]] || [ "${!name}" -lt 1 ] || [ "${!name}" -gt 65535 ]; then
    die "$name='${!name}' is not a port"
  fi
done
[[ "$API_UPSTREAM" =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]] || die "API_UPSTREAM='$API_UPSTREAM' must be host:port"
[[ "$RESOLVER" =~ ^[0-9A-Fa-f.:]+$ ]] || die "RESOLVER='$RESOLVER' must be an IP address"
[[ "$CLIENT_MAX_BODY_SIZE" =~ ^[0-9]+[kKmM]?$ ]] || die "CLIENT_MAX_BODY_SIZE='$CLIENT_MAX_BODY_SIZE' must look like 1m, 512k or 1048576"
for name in LOGIN_RATE API_RATE GENERAL_RATE; do
  [[ "${!name}" =~ ^[0-9]+r/[sm]$ ]] || die "$name='${!name}' must look like 10r/m or 20r/s"
done
for name in CLIENT_ROOT ADMIN_ROOT ACME_WEBROOT CERT_DIR NGINX_PID_FILE NGINX_TEMP_DIR; do
  [[ "${!name}" =~ ^/[A-Za-z0-9._/-]*$ ]] || die "$name='${!name}' must be an absolute path without spaces"
done
[[ "$NGINX_USER" =~ ^[a-z_][a-z0-9_-]*$ ]] || die "NGINX_USER='$NGINX_USER' is not a user name"
if [ -n "$LISTEN_ADDRESS" ]; then
  [[ "$LISTEN_ADDRESS" =~ ^[0-9.]+$|^\[[0-9A-Fa-f:]+\]$ ]] || die "LISTEN_ADDRESS='$LISTEN_ADDRESS' must be an IPv4 address or [IPv6]"
  export LISTEN_PREFIX="${LISTEN_ADDRESS}:"
else
  export LISTEN_PREFIX=""
fi
if [ "$HTTPS_PORT" = 443 ]; then
  export HTTPS_PORT_SUFFIX=""
else
  export HTTPS_PORT_SUFFIX=":$HTTPS_PORT"
fi

# One address or CIDR per word (commas or spaces between).
cidr_list() { # variable-name value
  local word
  for word in ${2//,/ }; do
    [[ "$word" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?$|^[0-9A-Fa-f:]+(/[0-9]{1,3})?$ ]] ||
      die "$1 has '$word', which is not an IP address or CIDR"
    printf '%s\n' "$word"
  done
}
admin_allow=$(cidr_list ADMIN_ALLOW "$ADMIN_ALLOW")
real_ip_from=$(cidr_list REAL_IP_FROM "$REAL_IP_FROM")

# --- render -----------------------------------------------------------------
# shellcheck disable=SC2016 # envsubst wants the literal ${NAME} list
VARS='${NGINX_CONF_DIR} ${APP_HOST} ${ADMIN_HOST} ${HTTP_PORT} ${HTTPS_PORT} ${HTTPS_PORT_SUFFIX} ${LISTEN_PREFIX} ${API_UPSTREAM} ${RESOLVER} ${CLIENT_ROOT} ${ADMIN_ROOT} ${ACME_WEBROOT} ${CERT_DIR} ${CLIENT_MAX_BODY_SIZE} ${LOGIN_RATE} ${API_RATE} ${GENERAL_RATE} ${NGINX_USER} ${NGINX_PID_FILE} ${NGINX_TEMP_DIR} ${NGINX_ACCESS_LOG} ${NGINX_ERROR_LOG}'

mkdir -p "$OUT/prixagent" "$OUT/conf.d" "$NGINX_TEMP_DIR"
if [ ! -f "$OUT/mime.types" ]; then
  [ -f "$MIME_TYPES" ] || die "no mime.types at $MIME_TYPES (set MIME_TYPES)"
  cp "$MIME_TYPES" "$OUT/mime.types"
fi

render() { # template output
  envsubst "$VARS" <"$1" >"$2.tmp"
  # A ${NAME} left over is a template variable missing from VARS above.
  # shellcheck disable=SC2016 # a literal ${NAME}
  if grep -n '\${[A-Z_][A-Z0-9_]*}' "$2.tmp" >&2; then
    rm -f "$2.tmp"
    die "unrendered variable in $1 (add it to VARS in render.sh)"
  fi
  mv "$2.tmp" "$2"
}

render "$SRC/nginx.conf.template" "$OUT/nginx.conf"
for tpl in "$SRC"/snippets/*.conf.template; do
  render "$tpl" "$OUT/prixagent/$(basename "$tpl" .template)"
done
for tpl in "$SRC"/sites/*.conf.template; do
  render "$tpl" "$OUT/conf.d/prixagent-$(basename "$tpl" .template)"
done
cp "$SRC/ffdhe2048.pem" "$OUT/prixagent/ffdhe2048.pem"

{
  echo "# Rendered by render.sh from ADMIN_ALLOW."
  if [ -n "$admin_allow" ]; then
    while IFS= read -r cidr; do printf 'allow %s;\n' "$cidr"; done <<<"$admin_allow"
    echo "deny all;"
  else
    echo "# (empty: the admin host is open to every address)"
  fi
} >"$OUT/prixagent/admin-allow.conf"

{
  echo "# Rendered by render.sh from REAL_IP_FROM."
  if [ -n "$real_ip_from" ]; then
    while IFS= read -r cidr; do printf 'set_real_ip_from %s;\n' "$cidr"; done <<<"$real_ip_from"
    echo "real_ip_header X-Forwarded-For;"
    echo "real_ip_recursive on;"
  else
    echo "# (empty: nginx is the edge and \$remote_addr is the client)"
  fi
} >"$OUT/prixagent/real-ip.conf"

printf 'render.sh: rendered for %s and %s into %s\n' "$APP_HOST" "$ADMIN_HOST" "$OUT"
