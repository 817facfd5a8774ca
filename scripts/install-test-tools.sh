#!/usr/bin/env bash
# Installs the Debian packages the test suites drive as real programs, when they
# are missing. Idempotent: a tool already on PATH is left alone, and apt-get runs
# (one `update`, then `install`) only if something is missing.
#
#   bash scripts/install-test-tools.sh           # required + optional tools
#   INSTALL_OPTIONAL_TEST_TOOLS=0 bash scripts/install-test-tools.sh   # required only
#
# Required tools must end up installed or the script fails. Optional tools are
# installed when the archive has them; one that cannot be installed is reported
# and skipped (its suite then fails under CI=true and is skipped loudly otherwise).
# Runs as root directly, or through sudo when available.
set -euo pipefail

# tool (command checked)       | Debian package      | kind     | used by
TOOLS=(
  "pg_dump|postgresql-client-15|required|migration drift test (pg_dump --schema-only), backups"
  "psql|postgresql-client-15|required|backup/restore tests"
  "shellcheck|shellcheck|optional|lint of the project's shell scripts"
  "nginx|nginx|optional|tests/infra: the production nginx config on loopback"
  "certbot|certbot|optional|tests/infra: first certificate and renewal"
  "pebble|pebble|optional|tests/infra: ACME test server for certbot"
  "pebble-challtestsrv|pebble|optional|tests/infra: fake DNS for pebble"
  "docker-compose|docker-compose|optional|tests/infra: docker-compose.prod.yml config check"
  "chromium|chromium|optional|tests/e2e: dashboards in a real browser"
  "testssl|testssl.sh|optional|tests/infra: TLS configuration scan of the loopback nginx"
  "envsubst|gettext-base|optional|tests/infra: infra/nginx/render.sh renders the nginx templates"
  "openssl|openssl|optional|tests/infra: placeholder certificates and TLS handshakes"
  "curl|curl|optional|tests/infra: the certbot bootstrap's webroot probe"
  "redis-server|redis-server|optional|apps/api: two API replicas against one Redis"
)

log() { printf '[install-test-tools] %s\n' "$*"; }

# PostgreSQL tools must match the embedded server's major version (15): Debian's
# pg_dump wrapper picks the newest installed client, so check the versioned binary.
tool_present() {
  case "$1" in
    pg_dump | psql) [ -x "/usr/lib/postgresql/15/bin/$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

want_optional="${INSTALL_OPTIONAL_TEST_TOOLS:-1}"
required_pkgs=()
optional_pkgs=()
add_unique() { # array-name package
  local -n arr="$1"
  local p
  for p in "${arr[@]:-}"; do [ "$p" = "$2" ] && return 0; done
  arr+=("$2")
}

for row in "${TOOLS[@]}"; do
  IFS='|' read -r tool pkg kind why <<<"$row"
  if tool_present "$tool"; then
    log "present: $tool"
    continue
  fi
  if [ "$kind" = required ]; then
    log "missing: $tool (required; $why) -> $pkg"
    add_unique required_pkgs "$pkg"
  elif [ "$want_optional" = 1 ]; then
    log "missing: $tool (optional; $why) -> $pkg"
    add_unique optional_pkgs "$pkg"
  else
    log "missing: $tool (optional, not installing: INSTALL_OPTIONAL_TEST_TOOLS=0)"
  fi
done

if [ "${#required_pkgs[@]}" -eq 0 ] && [ "${#optional_pkgs[@]}" -eq 0 ]; then
  log "nothing to install"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "apt-get not found: install these yourself: ${required_pkgs[*]:-} ${optional_pkgs[*]:-}"
  [ "${#required_pkgs[@]}" -eq 0 ] || exit 1
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    log "not root and no sudo: cannot install ${required_pkgs[*]:-} ${optional_pkgs[*]:-}"
    [ "${#required_pkgs[@]}" -eq 0 ] || exit 1
    exit 0
  fi
fi

export DEBIAN_FRONTEND=noninteractive
apt_install() {
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

log "apt-get update"
"${SUDO[@]}" apt-get update -qq

if [ "${#required_pkgs[@]}" -gt 0 ]; then
  log "installing required: ${required_pkgs[*]}"
  apt_install "${required_pkgs[@]}"
fi

if [ "${#optional_pkgs[@]}" -gt 0 ]; then
  # Keep only what the archive offers, then install those in one go (one at a
  # time if the batch fails, so one broken package does not block the rest).
  available=()
  for pkg in "${optional_pkgs[@]}"; do
    candidate="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
      available+=("$pkg")
    else
      log "WARNING: optional package $pkg is not in the archive; skipped"
    fi
  done
  if [ "${#available[@]}" -gt 0 ]; then
    log "installing optional: ${available[*]}"
    if ! apt_install "${available[@]}"; then
      for pkg in "${available[@]}"; do
        apt_install "$pkg" || log "WARNING: could not install optional package $pkg; skipped"
      done
    fi
  fi
fi

status=0
for row in "${TOOLS[@]}"; do
  IFS='|' read -r tool pkg kind _ <<<"$row"
  if tool_present "$tool"; then
    continue
  fi
  if [ "$kind" = required ]; then
    log "ERROR: required tool $tool still missing after installing $pkg"
    status=1
  elif [ "$want_optional" = 1 ]; then
    log "WARNING: optional tool $tool is still missing"
  fi
done
[ "$status" -eq 0 ] && log "done"
exit "$status"
