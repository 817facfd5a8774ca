#!/usr/bin/env bash
# Entrypoint of the certbot image:
#   renew-loop (default)   the service's main process: renew twice a day
#   bootstrap [--force]    the first certificate (docs/DEPLOY.md)
#   renew [args]           one renewal pass now, e.g. `renew --force-renewal`
#   anything else          run as a command (e.g. `certbot certificates`)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-renew-loop}"
[ $# -gt 0 ] && shift
case "$cmd" in
  renew-loop) exec "$HERE/renew-loop.sh" "$@" ;;
  bootstrap) exec "$HERE/bootstrap.sh" "$@" ;;
  renew) exec "$HERE/renew.sh" "$@" ;;
  -h | --help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) exec "$cmd" "$@" ;;
esac
