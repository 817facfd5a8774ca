#!/usr/bin/env bash
# Retention on its own: decides from the timestamps in the file names which
# dumps to keep and deletes the rest. backup_db.sh runs the same rule after
# every successful backup.
set -euo pipefail

SCRIPT_NAME=prune_backups.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
  cat <<'EOF'
Usage: prune_backups.sh [--dry-run] [--now TIME] [--help]

Grandfather-father-son retention over BACKUP_DIR/PREFIX-YYYYMMDDTHHMMSSZ.dump:
among the dumps whose .sha256 checksum verifies, newest first, keep the newest
dump of each of the last KEEP_DAILY days, KEEP_WEEKLY ISO weeks and
KEEP_MONTHLY months that have one (UTC, from the file name, never the mtime),
and always the newest; delete every other verified dump with its checksum.

Never deleted and never counted as a backup: dumps whose checksum file is
missing or does not match, and dumps dated after "now". Other files in
BACKUP_DIR are not touched.

Options:
  --dry-run    print what would be deleted, delete nothing
  --now TIME   the current time, e.g. 2026-11-23T03:00:00Z [BACKUP_NOW, else the clock]
  -h, --help   this text

Environment (defaults in brackets):
  BACKUP_DIR [/backups]  BACKUP_PREFIX [prixagent]
  KEEP_DAILY [7]  KEEP_WEEKLY [4]  KEEP_MONTHLY [6]  BACKUP_NOW [unset]

Exit status: 0 done; 1 a file could not be deleted; 2 bad arguments or
configuration; 75 a backup or restore is running.
EOF
}

DRY_RUN=0
NOW_ARG=${BACKUP_NOW:-}
while (($# > 0)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --dry-run) DRY_RUN=1 ;;
    --now)
      (($# >= 2)) || fail 2 "--now needs a time, e.g. 2026-11-23T03:00:00Z"
      NOW_ARG=$2
      shift
      ;;
    --now=*) NOW_ARG=${1#--now=} ;;
    *)
      usage >&2
      fail 2 "unknown argument: $1"
      ;;
  esac
  shift
done

load_retention_settings
require_tools sha256sum flock date

if [[ -n $NOW_ARG ]]; then
  NOW=$(date -u -d "$NOW_ARG" +%Y%m%dT%H%M%SZ 2>/dev/null) || fail 2 "--now/BACKUP_NOW is not a time: '$NOW_ARG'"
else
  NOW=$(date -u +%Y%m%dT%H%M%SZ)
fi
[[ -d $BACKUP_DIR ]] || fail 2 "BACKUP_DIR $BACKUP_DIR is not a directory"

if ((DRY_RUN)); then
  log "dry run: nothing will be deleted"
else
  exec 9>>"$BACKUP_DIR/.$BACKUP_PREFIX-backup.lock"
  flock -n 9 || fail 75 "a backup or restore is running (lock $BACKUP_DIR/.$BACKUP_PREFIX-backup.lock); try again later"
fi

prune_backups "$BACKUP_DIR" "$BACKUP_PREFIX" "$NOW" "$DRY_RUN"
