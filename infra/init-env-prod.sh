#!/usr/bin/env bash
# Writes .env.prod from env.prod.example with fresh secrets, for a new server.
#
#   infra/init-env-prod.sh example.com ops@example.com [OUTPUT]   (default: .env.prod)
#
# Generates POSTGRES_PASSWORD (also put into DATABASE_URL), JWT_SECRET,
# ENCRYPTION_KEY and ADMIN_PASSWORD with openssl, fills in the domain and
# email, writes the file with mode 0600 and prints the operator login once.
# When there is no .env beside it, links .env to it: docker compose reads
# .env for the ${...} in docker-compose.prod.yml, so plain
# `docker compose -f docker-compose.prod.yml ...` works on the server.
# It refuses to overwrite an existing file: a new ENCRYPTION_KEY would make
# every stored tenant credential unreadable.
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}
case "${1:-}" in
  -h | --help)
    usage
    exit 0
    ;;
esac
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  usage >&2
  exit 2
fi

domain="$1"
email="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${3:-$root/.env.prod}"
example="$root/env.prod.example"

[[ "$domain" =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$ ]] ||
  {
    echo "init-env-prod: '$domain' is not a domain name" >&2
    exit 2
  }
[[ "$email" =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]] || {
  echo "init-env-prod: '$email' is not an email address" >&2
  exit 2
}
if [ -e "$out" ]; then
  echo "init-env-prod: $out exists; not overwriting it (its ENCRYPTION_KEY protects stored credentials)" >&2
  exit 1
fi

pg_password="$(openssl rand -hex 24)"
jwt_secret="$(openssl rand -base64 48 | tr -d '\n')"
encryption_key="$(openssl rand -hex 32)"
# Letters and digits only, so it survives copying from a terminal.
admin_password="$(openssl rand -base64 32 | tr -dc 'A-Za-z0-9' | head -c 24)"

umask 077
tmp="$(mktemp "$(dirname "$out")/.env.prod.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# awk, not sed: base64 secrets hold / and +, which sed would read as syntax.
awk -v domain="$domain" -v email="$email" -v pg="$pg_password" -v jwt="$jwt_secret" \
  -v key="$encryption_key" -v admin="$admin_password" '
  /^DOMAIN=/ { print "DOMAIN=" domain; next }
  /^LETSENCRYPT_EMAIL=/ { print "LETSENCRYPT_EMAIL=" email; next }
  /^ADMIN_EMAIL=/ { print "ADMIN_EMAIL=" email; next }
  /^POSTGRES_PASSWORD=/ { print "POSTGRES_PASSWORD=" pg; next }
  /^DATABASE_URL=/ { sub(/:change-me@/, ":" pg "@"); print; next }
  /^JWT_SECRET=/ { print "JWT_SECRET=" jwt; next }
  /^ENCRYPTION_KEY=/ { print "ENCRYPTION_KEY=" key; next }
  /^ADMIN_PASSWORD=/ { print "ADMIN_PASSWORD=" admin; next }
  /^(PUBLIC_API_URL|CLIENT_APP_URL)=/ { sub(/app\.example\.com/, "app." domain); print; next }
  /^ADMIN_APP_URL=/ { sub(/admin\.example\.com/, "admin." domain); print; next }
  /^CORS_ORIGIN=/ { print "CORS_ORIGIN=https://app." domain ",https://admin." domain; next }
  { print }
' "$example" >"$tmp"
if grep -nE '^[A-Z_]+=.*change-me' "$tmp" >&2; then
  echo "init-env-prod: the lines above still hold a placeholder; env.prod.example changed without this script" >&2
  exit 1
fi
chmod 600 "$tmp"
mv "$tmp" "$out"
trap - EXIT
link="$(dirname "$out")/.env"
if [ ! -e "$link" ] && [ ! -L "$link" ]; then
  ln -s "$(basename "$out")" "$link"
  linked="  Linked $link -> $(basename "$out") for docker compose."
elif [ "$(readlink "$link" 2>/dev/null)" = "$(basename "$out")" ]; then
  linked="  $link already links to $(basename "$out")."
else
  linked="  NOTE: $link exists and is not a link to $(basename "$out"): pass --env-file $out to docker compose."
fi
cat <<DONE
init-env-prod: wrote $out (mode 0600).
  Operator login for https://admin.$domain: $email / $admin_password
  Store ENCRYPTION_KEY from $out in your password manager now, apart from backups.
$linked
DONE
