#!/usr/bin/env bash
# One verified backup of the PrixAgent database, then retention.
# See --help, infra/backups/README.md and docs/BACKUPS.md.
set -euo pipefail

SCRIPT_NAME=backup_db.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
  cat <<'EOF'
Usage: backup_db.sh [--no-prune] [--help]

Dumps the database with `pg_dump -Fc` to a temporary file, checks that
`pg_restore --list` can read it and that it holds the expected tables, writes
its SHA-256 beside it, renames both into place (mode 0600), runs the optional
off-site hook, then applies retention (prune_backups.sh).

  BACKUP_DIR/PREFIX-YYYYMMDDTHHMMSSZ.dump          the dump (UTC timestamp)
  BACKUP_DIR/PREFIX-YYYYMMDDTHHMMSSZ.dump.sha256   `sha256sum -c` format

Options:
  --no-prune   take the backup, skip retention
  -h, --help   this text

Environment (defaults in brackets):
  DATABASE_URL          postgresql://user:password@host:port/db[?...]; when set it
                        wins over the PG* variables below
  PGHOST PGPORT PGUSER PGPASSWORD PGPASSFILE PGDATABASE PGSSLMODE
                        the usual libpq variables
  PG_BIN                directory holding pg_dump/pg_restore [from PATH]
  BACKUP_DIR            where dumps go [/backups]
  BACKUP_PREFIX         file name prefix [prixagent]
  KEEP_DAILY            days kept [7]
  KEEP_WEEKLY           ISO weeks kept [4]
  KEEP_MONTHLY          months kept [6]
  REQUIRED_TABLES       tables the dump must contain, space-separated
                        [_prisma_migrations]
  OFFSITE_HOOK          command run as `bash -c "$OFFSITE_HOOK" DUMP CHECKSUM`
                        after the dump is in place [none]
  OFFSITE_HOOK_TIMEOUT  seconds before the hook is killed [3600]

Exit status: 0 backup taken (and copied off-site, if a hook is set);
1 backup failed, nothing new kept; 2 bad configuration; 3 backup taken and kept
locally but the off-site hook failed (retention skipped); 75 another backup or
restore is running.
EOF
}

NO_PRUNE=0
while (($# > 0)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --no-prune) NO_PRUNE=1 ;;
    *)
      usage >&2
      fail 2 "unknown argument: $1"
      ;;
  esac
  shift
done

load_retention_settings
# `-` rather than `:-`: an empty REQUIRED_TABLES deliberately disables the check.
REQUIRED_TABLES=${REQUIRED_TABLES-_prisma_migrations}
OFFSITE_HOOK=${OFFSITE_HOOK:-}
OFFSITE_HOOK_TIMEOUT=${OFFSITE_HOOK_TIMEOUT:-3600}

require_uint OFFSITE_HOOK_TIMEOUT "$OFFSITE_HOOK_TIMEOUT"
require_tools sha256sum flock date timeout
load_connection_settings
[[ -n ${PGDATABASE:-} ]] || fail 2 "no database named: set DATABASE_URL or PGDATABASE"
PG_DUMP=$(pg_path pg_dump)
PG_RESTORE=$(pg_path pg_restore)

# Dumps hold every tenant's (encrypted) credentials: owner-only from birth.
umask 077
mkdir -p -- "$BACKUP_DIR"

# Backups and restores share this lock (restore_db.sh takes it too), so a
# scheduled run never dumps a database that is being swapped.
LOCK_FILE="$BACKUP_DIR/.$BACKUP_PREFIX-backup.lock"
exec 9>>"$LOCK_FILE"
flock -n 9 || fail 75 "another backup or restore holds $LOCK_FILE; not starting a second one"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
NAME="$BACKUP_PREFIX-$STAMP.dump"
DUMP="$BACKUP_DIR/$NAME"
SUM="$DUMP.sha256"
# Hidden names that retention never matches; renamed into place only once verified.
TMP_DUMP="$BACKUP_DIR/.$NAME.partial"
TMP_SUM="$BACKUP_DIR/.$NAME.sha256.partial"
[[ ! -e $DUMP ]] || die "$DUMP already exists (two backups in the same second?)"

cleanup() { rm -f -- "$TMP_DUMP" "$TMP_SUM"; }
on_signal() {
  trap - TERM INT
  warn "received SIG$1; stopping, the partial dump is removed"
  [[ -n $CHILD ]] && kill -TERM "$CHILD" 2>/dev/null
  [[ -n $CHILD ]] && wait "$CHILD" 2>/dev/null
  exit 143
}
trap cleanup EXIT
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

log "backing up $(describe_target "$PGDATABASE") to $DUMP"
started=$(date +%s)
if ! run_child "$PG_DUMP" --format=custom --no-password --file="$TMP_DUMP"; then
  die "pg_dump failed; no backup was kept"
fi
chmod 600 -- "$TMP_DUMP"

# Verification: the archive's table of contents must be readable and name the
# tables we expect. A dump that fails here is deleted, never renamed into place.
if ! toc=$("$PG_RESTORE" --list "$TMP_DUMP"); then
  die "pg_restore --list cannot read the new dump; no backup was kept"
fi
tables=$(awk '$4 == "TABLE" && $5 != "DATA" && $5 != "ATTACH" { print $5 "." $6 }' <<<"$toc" | LC_ALL=C sort -u)
table_count=$(grep -c . <<<"$tables" || true)
data_count=$(awk '$4 == "TABLE" && $5 == "DATA"' <<<"$toc" | grep -c . || true)
((table_count > 0)) || die "the new dump contains no table; no backup was kept"
for t in $REQUIRED_TABLES; do
  grep -Eq "^[^.]+\.$t\$" <<<"$tables" || die "the new dump has no table $t; no backup was kept"
done
log "verified: pg_restore reads the archive; $table_count tables, $data_count with data${REQUIRED_TABLES:+, including $REQUIRED_TABLES}"

HASH=$(sha256_of "$TMP_DUMP")
printf '%s  %s\n' "$HASH" "$NAME" >"$TMP_SUM"
chmod 600 -- "$TMP_SUM"
# On disk before the rename, so a crash never leaves a name pointing at nothing.
sync -- "$TMP_DUMP" "$TMP_SUM"
mv -- "$TMP_DUMP" "$DUMP"
mv -- "$TMP_SUM" "$SUM"
sync -- "$BACKUP_DIR"
size=$(stat -c %s -- "$DUMP")
log "backup complete: $NAME ($size bytes, sha256 ${HASH:0:16}..., $(($(date +%s) - started)) s)"

if [[ -n $OFFSITE_HOOK ]]; then
  log "off-site copy: running OFFSITE_HOOK (timeout ${OFFSITE_HOOK_TIMEOUT} s)"
  rc=0
  run_hook offsite-hook "$OFFSITE_HOOK_TIMEOUT" "$OFFSITE_HOOK" "$DUMP" "$SUM" 9>&- || rc=$?
  if ((rc != 0)); then
    # Loud, and retention is skipped: while off-site copies lag, the older
    # local dumps may be the only copies of those days.
    err "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    err "!!! OFF-SITE COPY FAILED (hook exit status $rc)."
    err "!!! $NAME is kept locally; retention was skipped, nothing was deleted."
    err "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    exit 3
  fi
  log "off-site copy done"
fi

if ((NO_PRUNE)); then
  log "--no-prune: retention skipped"
else
  prune_backups "$BACKUP_DIR" "$BACKUP_PREFIX" "$STAMP" 0 || die "retention could not delete every file it meant to"
fi
