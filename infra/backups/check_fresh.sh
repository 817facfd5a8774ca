#!/usr/bin/env bash
# Is there a recent backup? The backup image's HEALTHCHECK, and something a
# monitor can run: exits 0 when the newest dump that has its checksum file is
# younger than BACKUP_MAX_AGE_HOURS, 1 otherwise, saying which and how old.
# A silent backup loop (a wrong password, a full disk) then shows as an
# unhealthy container instead of going unnoticed until the day of a restore.
set -euo pipefail
SCRIPT_NAME=check_fresh.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
  cat <<'USAGE'
Usage: check_fresh.sh [--now TIME] [--help]

Exit 0 when BACKUP_DIR holds a dump, with its .sha256 beside it, dated (by
its name) less than BACKUP_MAX_AGE_HOURS before now; exit 1 otherwise.

Environment (defaults in brackets):
  BACKUP_DIR [/backups]  BACKUP_PREFIX [prixagent]
  BACKUP_MAX_AGE_HOURS [26]   a day plus room for a slow or retried run
  BACKUP_NOW [unset]          the current time, for tests
USAGE
}

NOW_ARG=${BACKUP_NOW:-}
case ${1:-} in
  -h | --help)
    usage
    exit 0
    ;;
  --now)
    NOW_ARG=${2:?--now needs a time}
    ;;
  '') ;;
  *)
    usage >&2
    fail 2 "unknown argument: $1"
    ;;
esac

BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_PREFIX=${BACKUP_PREFIX:-prixagent}
BACKUP_MAX_AGE_HOURS=${BACKUP_MAX_AGE_HOURS:-26}
require_prefix "$BACKUP_PREFIX"
require_uint BACKUP_MAX_AGE_HOURS "$BACKUP_MAX_AGE_HOURS"
[[ -d $BACKUP_DIR ]] || fail 1 "BACKUP_DIR $BACKUP_DIR is not a directory"

if [[ -n $NOW_ARG ]]; then
  now=$(date -u -d "$NOW_ARG" +%s 2>/dev/null) || fail 2 "--now/BACKUP_NOW is not a time: '$NOW_ARG'"
else
  now=$(date -u +%s)
fi

# Only the checksum file's presence is checked: backup_db.sh writes it after
# pg_restore --list verified the dump, and hashing a large dump every time
# the healthcheck runs would cost more than it tells.
newest=''
while IFS= read -r name; do
  [[ -f $BACKUP_DIR/$name.sha256 ]] && newest=$name && break
done < <(backup_names "$BACKUP_DIR" "$BACKUP_PREFIX")
[[ -n $newest ]] || fail 1 "no backup with a checksum in $BACKUP_DIR yet"

stamp=${newest#"$BACKUP_PREFIX"-}
stamp=${stamp%.dump}
taken=$(date -u -d "${stamp:0:4}-${stamp:4:2}-${stamp:6:2} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s 2>/dev/null) ||
  fail 1 "cannot read the time in $newest"
age_hours=$(((now - taken) / 3600))
if ((now - taken > BACKUP_MAX_AGE_HOURS * 3600)); then
  fail 1 "the newest backup, $newest, is ${age_hours}h old (limit ${BACKUP_MAX_AGE_HOURS}h)"
fi
log "newest backup $newest is ${age_hours}h old"
