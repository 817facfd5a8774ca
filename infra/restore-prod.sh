#!/usr/bin/env bash
# Restores a backup on the production server in one command: the compose
# `backup` container cannot reach Docker (it holds every dump and must not
# also hold the Docker socket), so this host-side wrapper stops the API
# around restore_db.sh and always starts it again. See --help and
# docs/BACKUPS.md ("Restoring").
set -euo pipefail

SCRIPT_NAME=restore-prod.sh
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=backups/lib.sh
. "$HERE/backups/lib.sh"

DEFAULT_COMPOSE='docker compose --env-file .env.prod -f docker-compose.prod.yml'

usage() {
  cat <<EOF
Usage: infra/restore-prod.sh [--yes] /backups/DUMP_FILE
       infra/restore-prod.sh --check /backups/DUMP_FILE
       infra/restore-prod.sh --help

Replaces the production database with a dump from the backup volume, with the
API stopped, in one command. Run it on the server from the checkout directory
(where docker-compose.prod.yml and .env.prod are). COMPOSE below is COMPOSE_CMD.

  1. checks the dump in a one-off backup container:
     COMPOSE run --rm -T backup restore_db.sh --check DUMP_FILE
     (its checksum, and that pg_restore can read it); if that fails, nothing
     is stopped and the check's exit status is returned;
  2. asks you to type YES (skipped with --yes; anything else, no answer or
     CONFIRM_TIMEOUT refuses with status 3 and nothing is stopped);
  3. stops the API: COMPOSE stop api;
  4. restores in a one-off backup container:
     COMPOSE run --rm -T backup restore_db.sh --yes DUMP_FILE
     (a fresh database, verified, swapped in by renaming; the old one is kept
     as <db>_pre_restore_<time>; restore_db.sh --help has the details);
  5. starts the API: COMPOSE start api, also when step 3 or 4 failed or this
     script was interrupted (SIGINT/SIGTERM); then says how it went.

DUMP_FILE is a path inside the backup container, normally
/backups/prixagent-<UTC time>.dump (list them: COMPOSE exec backup ls -l /backups),
with its .sha256 beside it; copy an off-site dump into the volume first
(docs/BACKUPS.md).

Options:
  -y, --yes    do not ask for confirmation
  --check      step 1 only: check the dump and exit (0: it would be restored,
               4: it would be refused); stops nothing, changes nothing
  -h, --help   this text

Environment (defaults in brackets):
  COMPOSE_CMD      the docker compose command line, run by bash with the
                   subcommand appended
                   [$DEFAULT_COMPOSE]
  CONFIRM_TIMEOUT  seconds to wait for YES [300]

Exit status: 0 restored and the API started; 1 failed (the database was not
replaced unless restore_db.sh's log says otherwise; the API was started
again); 2 bad arguments or configuration; 3 not confirmed, nothing done; 4 the
dump failed its checks, nothing done; 5 restored, but the API could not be
started; 75 a backup is running (the API was started again); 130/143
interrupted by SIGINT/SIGTERM (the API was started again if it had been
stopped). Any other status is the check's or the restore's own (for example
docker compose failing to start the container).
EOF
}

parse_restore_args "give its path in the backup volume, e.g. /backups/prixagent-20261123T030000Z.dump" "$@"
# restore_db.sh would read such a name as an option.
[[ $DUMP != -* ]] || fail 2 "the dump path may not start with '-' (write ./$DUMP)"

CONFIRM_TIMEOUT=${CONFIRM_TIMEOUT:-300}
require_uint CONFIRM_TIMEOUT "$CONFIRM_TIMEOUT"
((CONFIRM_TIMEOUT > 0)) || fail 2 "CONFIRM_TIMEOUT must be at least 1"
if [[ -n ${COMPOSE_CMD:-} ]]; then
  COMPOSE=$COMPOSE_CMD
else
  COMPOSE=$DEFAULT_COMPOSE
  # The default names both files relative to the current directory; without
  # them compose would fail only after a confusing message, or pick up
  # another project.
  [[ -f docker-compose.prod.yml && -f .env.prod ]] ||
    fail 2 "run this from the checkout directory: docker-compose.prod.yml and .env.prod are not both in $PWD (or set COMPOSE_CMD)"
  require_tools docker
fi

# compose ARGS...: COMPOSE with ARGS appended, like restore_db.sh's hooks. Its
# standard input is /dev/null: `compose run` would otherwise read what the
# operator types (or pipes) and take the YES meant for this script. Run as a
# child we wait for, so that a signal reaches the trap below at once.
compose() {
  run_child bash -c "$COMPOSE"' "$@"' compose "$@" </dev/null
}

# Set before the traps below can fire.
PHASE=checking
API_STOP_ATTEMPTED=0
RESTORE_RC=''

on_exit() {
  local rc=$?
  set +e
  [[ -n $SIGNAL_RC ]] && rc=$SIGNAL_RC
  # Nothing may stop the start below: an API left stopped is an outage.
  trap '' INT TERM
  local api_ok=1
  if ((API_STOP_ATTEMPTED)); then
    log "starting the API: $COMPOSE start api"
    if compose start api; then
      log "the API was started"
    else
      api_ok=0
      err "!!! '$COMPOSE start api' failed: the API is NOT running. Start it by hand."
      ((rc == 0)) && rc=5
    fi
  fi
  case $PHASE in
    checking | confirming)
      # A failed check or a refusal has said so already.
      [[ -z $SIGNAL_RC ]] || err "interrupted before the API was stopped; nothing was stopped or changed"
      ;;
    stopping)
      if [[ -n $SIGNAL_RC ]]; then
        err "interrupted while stopping the API; nothing was restored"
      else
        err "the API could not be stopped; nothing was restored"
      fi
      ;;
    restoring) err "interrupted during the restore; restore_db.sh's log above says how far it got ($DUMP is live only if it says 'restore complete')" ;;
    restored)
      if ((RESTORE_RC == 0)); then
        if ((api_ok)); then
          log "restore complete: the database now holds $DUMP and the API is running; check it (docs/BACKUPS.md, \"After a restore\")"
        else
          err "the database WAS restored from $DUMP, but the API is not running: $COMPOSE start api"
        fi
      else
        err "restore FAILED (restore_db.sh exit status $RESTORE_RC); the database was not replaced unless its log above says otherwise"
      fi
      ;;
  esac
  exit "$rc"
}
trap on_exit EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

# --- 1. the dump, checked where the restore will read it -------------------------

log "checking $DUMP in a one-off backup container"
rc=0
compose run --rm -T backup restore_db.sh --check "$DUMP" || rc=$?
if ((rc == 4)); then
  fail 4 "the dump failed its checks (see above); nothing was stopped or changed"
elif ((rc != 0)); then
  fail "$rc" "the check did not run to the end (exit status $rc, see above); nothing was stopped or changed"
fi
if ((CHECK_ONLY)); then
  log "--check: $DUMP would be restored; nothing was stopped or changed"
  exit 0
fi

# --- 2. confirmation --------------------------------------------------------------

PHASE=confirming
{
  printf '\n'
  printf '  dump:      %s (checked)\n' "$DUMP"
  printf '  database:  the one named in the --check line above will be REPLACED\n'
  printf '             (kept as <db>_pre_restore_<time> for rollback)\n'
  printf '  API:       stopped with: %s stop api\n' "$COMPOSE"
  printf '             started again with: %s start api, whatever happens\n' "$COMPOSE"
  printf '\n'
} >&2
confirm_restore

# --- 3. stop the API ----------------------------------------------------------------

PHASE=stopping
# Before the call: a stop that fails half-way still gets its start.
API_STOP_ATTEMPTED=1
log "stopping the API: $COMPOSE stop api"
compose stop api || exit 1

# --- 4. restore -----------------------------------------------------------------------

PHASE=restoring
log "restoring $DUMP in a one-off backup container"
RESTORE_RC=0
compose run --rm -T backup restore_db.sh --yes "$DUMP" || RESTORE_RC=$?
PHASE=restored
# --- 5. the exit trap starts the API and reports -------------------------------------
((RESTORE_RC == 0)) || exit "$RESTORE_RC"
