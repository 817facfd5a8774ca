#!/usr/bin/env bash
# Restores a dump written by backup_db.sh in place of the live database, with
# a rollback copy kept. See --help, infra/backups/README.md and docs/BACKUPS.md.
set -euo pipefail

SCRIPT_NAME=restore_db.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
  cat <<'EOF'
Usage: restore_db.sh [--yes] DUMP_FILE
       restore_db.sh --check DUMP_FILE
       restore_db.sh --help

Replaces the database with the contents of DUMP_FILE (a backup_db.sh dump):

  1. checks DUMP_FILE against DUMP_FILE.sha256 and that pg_restore can read it;
  2. asks you to type YES (skipped with --yes; with no answer it refuses);
  3. stops the API (STOP_API_CMD) and ends any other session on the database;
  4. restores into a fresh database DB_restore_YYYYMMDD_HHMMSS
     (pg_restore --no-owner --no-privileges --exit-on-error);
  5. verifies it: the same tables as the dump, applied rows in _prisma_migrations;
  6. swaps by renaming: DB -> DB_pre_restore_YYYYMMDD_HHMMSS (kept for rollback),
     DB_restore_... -> DB;
  7. starts the API again (START_API_CMD), also when anything above failed.

Nothing is changed before step 3; until step 6 the live database is untouched,
and a failed restore drops its half-built copy.

Options:
  -y, --yes    do not ask for confirmation
  --check      step 1 only: check DUMP_FILE and exit (0: it would be restored,
               4: it would be refused); asks nothing, takes no lock, never
               connects to the database and never stops the API.
               infra/restore-prod.sh runs it before stopping the API
  -h, --help   this text

Environment (defaults in brackets):
  DATABASE_URL or PGHOST PGPORT PGUSER PGPASSWORD PGPASSFILE PGDATABASE ...
                     the database to replace (the URL wins when both are set);
                     the role must be able to create databases
  MAINTENANCE_DB     database to connect to for CREATE/ALTER DATABASE [postgres]
  PG_BIN             directory holding pg_restore/psql [from PATH]
  STOP_API_CMD       [docker compose --env-file .env.prod -f docker-compose.prod.yml stop api]
  START_API_CMD      [docker compose --env-file .env.prod -f docker-compose.prod.yml start api]
                     run by bash; set to "" when you stop and start the API
                     yourself (the compose backup image does, and
                     infra/restore-prod.sh does it from the host): the restore
                     then refuses while any other session is connected to the
                     database
  API_CMD_TIMEOUT    seconds allowed to each of the two commands [300]
  RESTORE_OWNER      role that will own the restored database and its objects
                     [owner of the current database, else the connecting role]
  REQUIRED_TABLES    tables the dump must contain [_prisma_migrations]
  BACKUP_DIR         where the backup lock lives, shared with backup_db.sh [/backups]
  BACKUP_PREFIX      [prixagent]
  RESTORE_LOCK_WAIT  seconds to wait for a running backup [600]
  CONFIRM_TIMEOUT    seconds to wait for YES [300]

Exit status: 0 restored (with --check: the dump passed its checks); 1 failed
(the database was not replaced unless the log says otherwise; the API was
started again); 2 bad arguments or configuration; 3 not confirmed, nothing
done; 4 the dump failed its checks, nothing done; 5 restored, but
START_API_CMD failed; 75 a backup is running;
130/143 interrupted by SIGINT/SIGTERM before the swap (cleaned up as for 1).
EOF
}

parse_restore_args "give the path of a .dump file" "$@"

MAINTENANCE_DB=${MAINTENANCE_DB:-postgres}
STOP_API_CMD=${STOP_API_CMD-docker compose --env-file .env.prod -f docker-compose.prod.yml stop api}
START_API_CMD=${START_API_CMD-docker compose --env-file .env.prod -f docker-compose.prod.yml start api}
API_CMD_TIMEOUT=${API_CMD_TIMEOUT:-300}
RESTORE_OWNER=${RESTORE_OWNER:-}
REQUIRED_TABLES=${REQUIRED_TABLES-_prisma_migrations}
BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_PREFIX=${BACKUP_PREFIX:-prixagent}
RESTORE_LOCK_WAIT=${RESTORE_LOCK_WAIT:-600}
CONFIRM_TIMEOUT=${CONFIRM_TIMEOUT:-300}
require_uint API_CMD_TIMEOUT "$API_CMD_TIMEOUT"
require_uint RESTORE_LOCK_WAIT "$RESTORE_LOCK_WAIT"
require_uint CONFIRM_TIMEOUT "$CONFIRM_TIMEOUT"
((CONFIRM_TIMEOUT > 0)) || fail 2 "CONFIRM_TIMEOUT must be at least 1"
require_prefix "$BACKUP_PREFIX"
require_tools sha256sum flock date timeout
load_connection_settings
TARGET=${PGDATABASE:-}
[[ -n $TARGET ]] || fail 2 "no database named: set DATABASE_URL or PGDATABASE"
[[ $TARGET != "$MAINTENANCE_DB" ]] || fail 2 "cannot restore over the maintenance database $MAINTENANCE_DB"
PG_RESTORE=$(pg_path pg_restore)
PSQL=$(pg_path psql)

# SQL goes to psql on stdin so that :"name" / :'name' quote every identifier
# and literal; -w: never prompt for a password.
psql_on() {
  local db=$1
  shift
  "$PSQL" -X -q -A -t -w -v ON_ERROR_STOP=1 -d "$db" "$@"
}
psql_m() { psql_on "$MAINTENANCE_DB" "$@"; }

# Set before the traps below can fire.
PHASE=checks
API_STOP_ATTEMPTED=0
RESTORE_DB=''
PRE_DB=''

# --- 1. the dump ---------------------------------------------------------------

[[ -f $DUMP ]] || fail 4 "no such file: $DUMP"
if ! verify_checksum "$DUMP"; then
  case $REPLY in
    'checksum file missing')
      fail 4 "refusing $DUMP: $DUMP.sha256 is missing, so the dump cannot be checked. If you trust this file, write one on purpose: (cd \"$(dirname -- "$DUMP")\" && sha256sum \"$(basename -- "$DUMP")\" > \"$(basename -- "$DUMP").sha256\")"
      ;;
    *) fail 4 "refusing $DUMP: $REPLY (the file is damaged or is not the one the checksum was written for)" ;;
  esac
fi
log "checksum OK: $DUMP"
if ! toc=$("$PG_RESTORE" --list "$DUMP" 2>&1); then
  fail 4 "refusing $DUMP: pg_restore cannot read it"
fi
DUMP_TABLES=$(awk '$4 == "TABLE" && $5 != "DATA" && $5 != "ATTACH" { print $5 "." $6 }' <<<"$toc" | LC_ALL=C sort -u)
[[ -n $DUMP_TABLES ]] || fail 4 "refusing $DUMP: it contains no table"
for t in $REQUIRED_TABLES; do
  grep -Eq "^[^.]+\.$t\$" <<<"$DUMP_TABLES" || fail 4 "refusing $DUMP: it has no table $t"
done
log "dump readable: $(grep -c . <<<"$DUMP_TABLES") tables"
if ((CHECK_ONLY)); then
  # Before any connection, lock or hook: the host-side wrapper runs this while
  # the API is still up and a backup may be running, and only stops the API
  # once it passes.
  log "--check: $DUMP would be restored into $(describe_target "$TARGET"); nothing was changed"
  exit 0
fi

# --- 2. the server ---------------------------------------------------------------

psql_m -c 'SELECT 1' >/dev/null || fail 1 "cannot connect to $(describe_target "$MAINTENANCE_DB")"
CURRENT_ROLE=$(psql_m -c 'SELECT current_user')
IS_SUPER=$(psql_m -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')
CAN_CREATE=$(psql_m -c 'SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user')
[[ $CAN_CREATE == t ]] || fail 1 "role $CURRENT_ROLE may not create databases (needs CREATEDB)"
TARGET_OWNER=$(psql_m -v db="$TARGET" <<<"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :'db'")
if [[ -n $TARGET_OWNER ]]; then TARGET_EXISTS=1; else TARGET_EXISTS=0; fi
OWNER=${RESTORE_OWNER:-${TARGET_OWNER:-$CURRENT_ROLE}}
if [[ $OWNER != "$CURRENT_ROLE" && $IS_SUPER != t ]]; then
  member=$(psql_m -v r="$OWNER" <<<"SELECT pg_has_role(current_user, :'r', 'MEMBER')")
  [[ $member == t ]] || fail 1 "role $CURRENT_ROLE cannot create objects as $OWNER (the owner of $TARGET); connect as $OWNER or set RESTORE_OWNER"
fi

# Lower-case names need no quoting when an operator types them later.
for _ in 1 2 3; do
  ts=$(date -u +%Y%m%d_%H%M%S)
  RESTORE_DB="${TARGET}_restore_$ts"
  PRE_DB="${TARGET}_pre_restore_$ts"
  taken=$(psql_m -v a="$RESTORE_DB" -v b="$PRE_DB" <<<"SELECT count(*) FROM pg_database WHERE datname IN (:'a', :'b')")
  [[ $taken == 0 ]] && break
  sleep 1
done
[[ $taken == 0 ]] || fail 1 "$RESTORE_DB or $PRE_DB already exists"
((${#PRE_DB} <= 63)) || fail 2 "database name $TARGET is too long to add _pre_restore_<time> (PostgreSQL allows 63 bytes)"

other_sessions() {
  psql_m -v db="$TARGET" <<<"SELECT count(*) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid()"
}
if [[ -z $STOP_API_CMD ]] && ((TARGET_EXISTS)); then
  n=$(other_sessions)
  if ((n > 0)); then
    apps=$(psql_m -v db="$TARGET" <<<"SELECT string_agg(DISTINCT coalesce(nullif(application_name, ''), '?'), ', ') FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid()")
    fail 1 "STOP_API_CMD is empty but $n session(s) are connected to $TARGET (application: $apps). Stop the API first (docker compose --env-file .env.prod -f docker-compose.prod.yml stop api), then run this again."
  fi
fi

# --- 3. confirmation ------------------------------------------------------------

if ((TARGET_EXISTS)); then
  fate="REPLACED (kept as $PRE_DB for rollback)"
else
  fate="created (it does not exist now)"
fi
{
  printf '\n'
  printf '  dump:      %s (%s bytes)\n' "$DUMP" "$(stat -c %s -- "$DUMP")"
  printf '  database:  %s will be %s\n' "$(describe_target "$TARGET")" "$fate"
  printf '  API:       stopped with: %s\n' "${STOP_API_CMD:-(nothing: you stopped it)}"
  printf '             started with: %s\n' "${START_API_CMD:-(nothing: you start it)}"
  printf '\n'
} >&2
confirm_restore

# --- 4. stop the API, restore, verify, swap ---------------------------------------

on_exit() {
  local rc=$?
  set +e
  [[ -n $SIGNAL_RC ]] && rc=$SIGNAL_RC
  trap '' INT TERM
  if [[ $PHASE == restoring && -n $RESTORE_DB ]]; then
    log "dropping the incomplete $RESTORE_DB"
    psql_m -v db="$RESTORE_DB" <<<'DROP DATABASE IF EXISTS :"db" WITH (FORCE)' ||
      err "could not drop $RESTORE_DB; drop it by hand"
  fi
  if ((API_STOP_ATTEMPTED)); then
    if [[ -z $START_API_CMD ]]; then
      log "START_API_CMD is empty: start the API yourself (docker compose --env-file .env.prod -f docker-compose.prod.yml start api)"
    else
      log "starting the API: $START_API_CMD"
      if ! run_hook start-api "$API_CMD_TIMEOUT" "$START_API_CMD" 9>&-; then
        err "!!! START_API_CMD failed: the API is NOT running. Start it by hand."
        ((rc == 0)) && rc=5
      fi
    fi
  fi
  if ((rc != 0)) && [[ $PHASE != finished ]]; then
    err "restore FAILED; $TARGET was not replaced"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

if [[ -d $BACKUP_DIR && -w $BACKUP_DIR ]]; then
  exec 9>>"$BACKUP_DIR/.$BACKUP_PREFIX-backup.lock"
  if ! flock -n 9; then
    log "a backup is running; waiting up to $RESTORE_LOCK_WAIT s for it to finish"
    flock -w "$RESTORE_LOCK_WAIT" 9 || fail 75 "the backup lock is still held; nothing was changed"
  fi
else
  log "no writable BACKUP_DIR ($BACKUP_DIR): not taking the backup lock"
fi

PHASE=stopping
if [[ -n $STOP_API_CMD ]]; then
  API_STOP_ATTEMPTED=1
  log "stopping the API: $STOP_API_CMD"
  run_hook stop-api "$API_CMD_TIMEOUT" "$STOP_API_CMD" 9>&- || die "STOP_API_CMD failed; nothing was changed"
else
  log "STOP_API_CMD is empty: the API was stopped by hand (no session on $TARGET)"
fi

PHASE=restoring
log "creating $RESTORE_DB (owner $OWNER)"
psql_m -v db="$RESTORE_DB" -v owner="$OWNER" <<<'CREATE DATABASE :"db" TEMPLATE template0 OWNER :"owner"' ||
  die "could not create $RESTORE_DB"
restore_args=(--no-owner --no-privileges --exit-on-error --no-password --dbname="$RESTORE_DB")
# As the owner, so that every restored object belongs to the role the API connects as.
[[ $OWNER != "$CURRENT_ROLE" ]] && restore_args+=(--role="$OWNER")
log "restoring $DUMP into $RESTORE_DB"
started=$(date +%s)
run_child "$PG_RESTORE" "${restore_args[@]}" "$DUMP" || die "pg_restore failed"
log "pg_restore done in $(($(date +%s) - started)) s"

RESTORED_TABLES=$(psql_on "$RESTORE_DB" -c "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')" | LC_ALL=C sort -u)
if [[ $RESTORED_TABLES != "$DUMP_TABLES" ]]; then
  err "tables in the dump but not restored: $(LC_ALL=C comm -23 <(printf '%s\n' "$DUMP_TABLES") <(printf '%s\n' "$RESTORED_TABLES") | tr '\n' ' ')"
  err "tables restored but not in the dump: $(LC_ALL=C comm -13 <(printf '%s\n' "$DUMP_TABLES") <(printf '%s\n' "$RESTORED_TABLES") | tr '\n' ' ')"
  die "verification failed: the restored tables differ from the dump's"
fi
if grep -qx '[^.]*\._prisma_migrations' <<<"$RESTORED_TABLES"; then
  applied=$(psql_on "$RESTORE_DB" -c 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
  ((applied > 0)) || die "verification failed: _prisma_migrations has no applied migration"
  log "verified: $(grep -c . <<<"$RESTORED_TABLES") tables as in the dump, $applied applied migration(s)"
else
  log "verified: $(grep -c . <<<"$RESTORED_TABLES") tables as in the dump"
fi
# pg_restore leaves the planner without statistics; the API should not start blind.
psql_on "$RESTORE_DB" -c 'ANALYZE' || die "ANALYZE failed on $RESTORE_DB"

PHASE=swapping
# Renames cannot be half-interrupted by Ctrl-C from here on.
trap '' INT TERM
if ((TARGET_EXISTS)); then
  # No new session may start between ending the old ones and the rename.
  psql_m -v db="$TARGET" <<<'ALTER DATABASE :"db" WITH ALLOW_CONNECTIONS false' || {
    PHASE=restoring
    die "could not close $TARGET to new connections"
  }
  renamed=0
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    n=$(psql_m -v db="$TARGET" <<<"SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid()") || n='?'
    [[ $n == 0 ]] || log "ended $n remaining session(s) on $TARGET (attempt $attempt)"
    if rename_error=$(psql_m -v a="$TARGET" -v b="$PRE_DB" <<<'ALTER DATABASE :"a" RENAME TO :"b"' 2>&1); then
      renamed=1
      break
    fi
    sleep 1
  done
  if ((!renamed)); then
    psql_m -v db="$TARGET" <<<'ALTER DATABASE :"db" WITH ALLOW_CONNECTIONS true'
    PHASE=restoring
    die "could not rename $TARGET (${rename_error//$'\n'/ }); it is unchanged"
  fi
  psql_m -v db="$PRE_DB" <<<'ALTER DATABASE :"db" WITH ALLOW_CONNECTIONS true' ||
    warn "$PRE_DB still refuses connections (ALTER DATABASE $PRE_DB WITH ALLOW_CONNECTIONS true)"
  log "renamed $TARGET to $PRE_DB"
fi
if ! psql_m -v a="$RESTORE_DB" -v b="$TARGET" <<<'ALTER DATABASE :"a" RENAME TO :"b"'; then
  if ((TARGET_EXISTS)); then
    err "could not rename $RESTORE_DB to $TARGET; putting $PRE_DB back"
    psql_m -v a="$PRE_DB" -v b="$TARGET" <<<'ALTER DATABASE :"a" RENAME TO :"b"' ||
      err "!!! ROLLBACK FAILED: $TARGET does not exist now. Rename by hand: ALTER DATABASE $PRE_DB RENAME TO $TARGET"
  fi
  PHASE=restoring
  die "swap failed"
fi
PHASE=finished
log "renamed $RESTORE_DB to $TARGET"

if grep -qx '[^.]*\._prisma_migrations' <<<"$DUMP_TABLES"; then
  applied=$(psql_on "$TARGET" -c 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL') ||
    die "$TARGET does not answer after the swap"
  log "$TARGET answers: $applied applied migration(s)"
fi
log "restore complete: $TARGET now holds $DUMP"
if ((TARGET_EXISTS)); then
  log "the previous database is kept as $PRE_DB; once the API is healthy (GET /api/health/ready), drop it with:"
  log "  psql -d $MAINTENANCE_DB -c 'DROP DATABASE $PRE_DB'"
fi
