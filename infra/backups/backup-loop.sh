#!/usr/bin/env bash
# The compose `backup` service's main process: backup_db.sh once a day at
# BACKUP_AT (UTC), forever. Sleeps in the background and waits on it, so a
# SIGTERM (docker compose stop) ends it at once.
set -euo pipefail

SCRIPT_NAME=backup-loop.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
  cat <<'EOF'
Usage: backup-loop.sh [--help]

Runs backup_db.sh (from the same directory) every day at BACKUP_AT, UTC, and
keeps running when a backup fails: the failure is logged, retried after
BACKUP_RETRY_DELAY seconds up to BACKUP_RETRIES times, and the next day's
backup runs as usual. SIGTERM or SIGINT stops it at once; a backup in
progress is told to stop and removes its partial file.

Environment (defaults in brackets), plus everything backup_db.sh reads:
  BACKUP_AT           HH:MM, UTC [03:00]
  BACKUP_ON_START     1: take a backup as soon as the loop starts [0]
  BACKUP_RETRIES      retries after a failed backup [2]
  BACKUP_RETRY_DELAY  seconds between retries [900]

Exit status: 0 stopped by a signal; 2 bad configuration.
EOF
}

case ${1:-} in
  -h | --help)
    usage
    exit 0
    ;;
  '') ;;
  *)
    usage >&2
    fail 2 "unknown argument: $1"
    ;;
esac

BACKUP_AT=${BACKUP_AT:-03:00}
BACKUP_ON_START=${BACKUP_ON_START:-0}
BACKUP_RETRIES=${BACKUP_RETRIES:-2}
BACKUP_RETRY_DELAY=${BACKUP_RETRY_DELAY:-900}
[[ $BACKUP_AT =~ ^([01][0-9]|2[0-3]):([0-5][0-9])$ ]] || fail 2 "BACKUP_AT must be HH:MM in UTC, e.g. 03:00 (got '$BACKUP_AT')"
AT_SECONDS=$((10#${BASH_REMATCH[1]} * 3600 + 10#${BASH_REMATCH[2]} * 60))
[[ $BACKUP_ON_START =~ ^[01]$ ]] || fail 2 "BACKUP_ON_START must be 0 or 1"
require_uint BACKUP_RETRIES "$BACKUP_RETRIES"
require_uint BACKUP_RETRY_DELAY "$BACKUP_RETRY_DELAY"
[[ -f $HERE/backup_db.sh ]] || fail 2 "$HERE/backup_db.sh is missing"

on_signal() {
  trap '' TERM INT
  if [[ -n $CHILD ]]; then
    log "received SIG$1; stopping (telling the running child to stop)"
    kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  else
    log "received SIG$1; stopping"
  fi
  exit 0
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

# Sleeps in a child so that the trap above runs as soon as a signal arrives.
pause() { run_child sleep "$1" || true; }

seconds_until_next() {
  local now midnight target
  now=$(date -u +%s)
  midnight=$((now - now % 86400))
  target=$((midnight + AT_SECONDS))
  ((target > now)) || target=$((target + 86400))
  printf '%s\n' "$((target - now))"
}

backup_with_retries() {
  local attempt=0 rc
  while :; do
    rc=0
    run_child bash "$HERE/backup_db.sh" || rc=$?
    case $rc in
      0) return 0 ;;
      # The dump is kept; another one would not fix the off-site copy.
      3) err "backup taken, but its off-site copy failed; see above"; return 0 ;;
      2) err "backup_db.sh refuses its configuration; not retrying"; return 0 ;;
    esac
    if ((attempt >= BACKUP_RETRIES)); then
      err "backup FAILED (exit $rc) after $((attempt + 1)) attempt(s); next try at the next scheduled time"
      return 0
    fi
    attempt=$((attempt + 1))
    err "backup FAILED (exit $rc); retry $attempt of $BACKUP_RETRIES in $BACKUP_RETRY_DELAY s"
    pause "$BACKUP_RETRY_DELAY"
  done
}

log "started: daily backup at $BACKUP_AT UTC"
if ((BACKUP_ON_START)); then backup_with_retries; fi
while :; do
  wait_s=$(seconds_until_next)
  log "next backup at $(date -u -d "@$(($(date -u +%s) + wait_s))" +%Y-%m-%dT%H:%M:%SZ) (in $wait_s s)"
  pause "$wait_s"
  backup_with_retries
done
