# shellcheck shell=bash
# Shared by the scripts in infra/backups (sourced, never run): log lines,
# connection settings, checksums, and the retention rule.
#
# Nothing here prints a password or a connection URL: the target is always
# described as user@host:port/database.

: "${SCRIPT_NAME:=${0##*/}}"

# --- logging -----------------------------------------------------------------

# UTC timestamps from bash itself: retention logs a line per file, and a
# `date` process per line would be most of its run time.
log() {
  local TZ=UTC0 now
  printf -v now '%(%Y-%m-%dT%H:%M:%SZ)T' -1
  printf '%s %s: %s\n' "$now" "$SCRIPT_NAME" "$*"
}
warn() { log "WARNING: $*" >&2; }
err() { log "ERROR: $*" >&2; }
die() {
  err "$*"
  exit 1
}
# fail CODE MESSAGE...: die with a specific exit code.
fail() {
  local code=$1
  shift
  err "$*"
  exit "$code"
}

# --- small checks ------------------------------------------------------------

# require_uint NAME VALUE: a non-negative decimal integer, or exit 2.
require_uint() {
  [[ $2 =~ ^[0-9]{1,6}$ ]] || fail 2 "$1 must be a whole number (got '$2')"
}

require_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || fail 2 "$t is not installed (needed by $SCRIPT_NAME)"
  done
}

# pg_path TOOL: where to find a PostgreSQL client program (PG_BIN wins over PATH).
pg_path() {
  if [[ -n ${PG_BIN:-} ]]; then
    [[ -x $PG_BIN/$1 ]] || fail 2 "$PG_BIN/$1 is not an executable (PG_BIN=$PG_BIN)"
    printf '%s\n' "$PG_BIN/$1"
  else
    command -v "$1" 2>/dev/null || fail 2 "$1 is not on PATH (install the PostgreSQL client, or set PG_BIN)"
  fi
}

# The file name prefix is used in globs and regular expressions: keep it plain.
require_prefix() {
  [[ $1 =~ ^[A-Za-z0-9_]+([.-][A-Za-z0-9_]+)*$ ]] || fail 2 "BACKUP_PREFIX may hold only letters, digits, '_', '-' and '.' (got '$1')"
}

# --- connection settings ----------------------------------------------------

# urldecode STRING: %XX escapes decoded, everything else kept as is (no
# backslash processing, so a password holding '\n' stays two characters).
urldecode() {
  local s=$1 out='' ch
  while [[ -n $s ]]; do
    if [[ $s =~ ^%([0-9A-Fa-f]{2}) ]]; then
      printf -v ch '%b' "\\x${BASH_REMATCH[1]}"
      out+=$ch
      s=${s:3}
    else
      out+=${s:0:1}
      s=${s:1}
    fi
  done
  printf '%s' "$out"
}

# parse_database_url URL: sets and exports the libpq variables (PGHOST, PGPORT,
# PGUSER, PGPASSWORD, PGDATABASE, and PGSSLMODE & co from the query string).
# Passing the URL itself to pg_dump would put the password in the process list
# and fail on Prisma's own parameters (?schema=public, connection_limit=...),
# which libpq rejects.
parse_database_url() {
  local url=$1 rest query='' authority path='' userinfo='' hostport user='' password='' host='' port='' kv key value
  case $url in
    postgres://* | postgresql://*) ;;
    *) fail 2 "DATABASE_URL must start with postgresql:// or postgres://" ;;
  esac
  rest=${url#*://}
  rest=${rest%%#*}
  if [[ $rest == *\?* ]]; then
    query=${rest#*\?}
    rest=${rest%%\?*}
  fi
  authority=${rest%%/*}
  [[ $rest == */* ]] && path=${rest#*/}
  if [[ $authority == *@* ]]; then
    userinfo=${authority%@*}
    hostport=${authority##*@}
  else
    hostport=$authority
  fi
  if [[ -n $userinfo ]]; then
    user=${userinfo%%:*}
    [[ $userinfo == *:* ]] && password=${userinfo#*:}
  fi
  [[ $hostport == *,* ]] && fail 2 "DATABASE_URL with several hosts is not supported here; set PGHOST instead"
  if [[ $hostport =~ ^\[([^]]*)\](:([0-9]*))?$ ]]; then
    host=${BASH_REMATCH[1]}
    port=${BASH_REMATCH[3]}
  elif [[ $hostport == *:* ]]; then
    host=${hostport%%:*}
    port=${hostport#*:}
  else
    host=$hostport
  fi
  if [[ -n $user ]]; then PGUSER=$(urldecode "$user") && export PGUSER; fi
  if [[ -n $password ]]; then PGPASSWORD=$(urldecode "$password") && export PGPASSWORD; fi
  if [[ -n $host ]]; then PGHOST=$(urldecode "$host") && export PGHOST; fi
  if [[ -n $port ]]; then export PGPORT="$port"; fi
  if [[ -n $path ]]; then PGDATABASE=$(urldecode "$path") && export PGDATABASE; fi
  local -a ignored=() pairs=()
  if [[ -n $query ]]; then
    IFS='&' read -r -a pairs <<<"$query"
    for kv in "${pairs[@]}"; do
      key=${kv%%=*}
      value=$(urldecode "${kv#*=}")
      case $key in
        host) export PGHOST="$value" ;;
        port) export PGPORT="$value" ;;
        user) export PGUSER="$value" ;;
        password) export PGPASSWORD="$value" ;;
        dbname) export PGDATABASE="$value" ;;
        sslmode) export PGSSLMODE="$value" ;;
        sslrootcert) export PGSSLROOTCERT="$value" ;;
        sslcert) export PGSSLCERT="$value" ;;
        sslkey) export PGSSLKEY="$value" ;;
        connect_timeout) export PGCONNECT_TIMEOUT="$value" ;;
        application_name) export PGAPPNAME="$value" ;;
        options) export PGOPTIONS="$value" ;;
        target_session_attrs) export PGTARGETSESSIONATTRS="$value" ;;
        channel_binding) export PGCHANNELBINDING="$value" ;;
        gssencmode) export PGGSSENCMODE="$value" ;;
        '') ;;
        # Prisma's own parameters (schema, connection_limit, pool_timeout,
        # pgbouncer, ...) mean nothing to libpq.
        *) ignored+=("$key") ;;
      esac
    done
  fi
  if ((${#ignored[@]} > 0)); then
    log "ignoring DATABASE_URL parameter(s) libpq does not know: ${ignored[*]}"
  fi
}

# load_connection_settings: DATABASE_URL, when set, wins over the PG* variables
# it names. It is then unset so that no child process (hooks included) sees it.
load_connection_settings() {
  if [[ -n ${DATABASE_URL:-} ]]; then
    parse_database_url "$DATABASE_URL"
  fi
  unset DATABASE_URL
  export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
  # Every run identifies itself in pg_stat_activity.
  export PGAPPNAME=${PGAPPNAME:-prixagent-${SCRIPT_NAME%.sh}}
}

# describe_target [DB]: user@host:port/db, never the password.
describe_target() {
  printf '%s@%s:%s/%s' "${PGUSER:-$(id -un)}" "${PGHOST:-local socket}" "${PGPORT:-5432}" "${1:-${PGDATABASE:-?}}"
}

# --- child processes ---------------------------------------------------------

# run_child CMD...: runs CMD in the background and waits for it, so that a
# SIGTERM/SIGINT trap in the calling script runs at once instead of after a
# long pg_dump or pg_restore; the trap can kill "$CHILD". Returns CMD's status.
CHILD=''
run_child() {
  local rc=0
  "$@" &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=''
  return "$rc"
}

# run_hook NAME TIMEOUT COMMAND [ARGS...]: an operator-supplied shell command,
# run by bash with ARGS appended (so they are its "$1", "$2"...), killed after
# TIMEOUT seconds (0: never). The database password is kept from it.
run_hook() {
  local name=$1 seconds=$2 cmd=$3
  shift 3
  run_child env -u PGPASSWORD -u DATABASE_URL timeout "$seconds" bash -c "$cmd"' "$@"' "$name" "$@"
}

# --- restores ---------------------------------------------------------------
# Shared by restore_db.sh (in the backup container) and infra/restore-prod.sh
# (on the host), so that both answer the same options and the same YES.

# parse_restore_args HINT ARGS...: sets ASSUME_YES, CHECK_ONLY and DUMP from
# "[--yes|--check] [--] DUMP", or exits 2 (HINT: what to give when DUMP is
# missing). -h/--help calls the caller's usage and exits 0.
# shellcheck disable=SC2034 # CHECK_ONLY is read by the callers
parse_restore_args() {
  local hint=$1
  shift
  ASSUME_YES=0
  CHECK_ONLY=0
  DUMP=''
  while (($# > 0)); do
    case $1 in
      -h | --help)
        usage
        exit 0
        ;;
      -y | --yes) ASSUME_YES=1 ;;
      --check) CHECK_ONLY=1 ;;
      --)
        shift
        (($# <= 1)) || fail 2 "one dump file, please"
        DUMP=${1:-}
        break
        ;;
      -*)
        usage >&2
        fail 2 "unknown option: $1"
        ;;
      *)
        [[ -z $DUMP ]] || fail 2 "one dump file, please"
        DUMP=$1
        ;;
    esac
    shift
  done
  [[ -n $DUMP ]] || {
    usage >&2
    fail 2 "which dump? $hint"
  }
}

# confirm_restore: unless ASSUME_YES, waits CONFIRM_TIMEOUT seconds for
# exactly "YES" on standard input, or exits 3.
confirm_restore() {
  if ((ASSUME_YES)); then
    log "--yes given: not asking"
    return 0
  fi
  printf 'Type YES to restore: ' >&2
  local answer=''
  # At end of input `read` fails but may still have read "YES" without a newline.
  IFS= read -r -t "$CONFIRM_TIMEOUT" answer || true
  [[ $answer == YES ]] && return 0
  printf '\n' >&2
  if [[ -z $answer ]]; then
    fail 3 "no confirmation (no answer on standard input; non-interactive runs need --yes); nothing was changed"
  fi
  fail 3 "not confirmed (the answer must be exactly YES); nothing was changed"
}

# on_signal NAME STATUS: the INT/TERM trap of a restore. Records STATUS in
# SIGNAL_RC for the caller's EXIT trap, and waits for the running child (a
# pg_restore, or a restore in a container, cleans up after itself and nothing
# may start the API while it runs) before exiting with STATUS.
SIGNAL_RC=''
on_signal() {
  trap '' INT TERM
  SIGNAL_RC=$2
  warn "received SIG$1; stopping"
  [[ -n $CHILD ]] && kill -TERM "$CHILD" 2>/dev/null
  [[ -n $CHILD ]] && wait "$CHILD" 2>/dev/null
  exit "$SIGNAL_RC"
}

# --- checksums ---------------------------------------------------------------

# sha256_of FILE: the hex digest.
sha256_of() {
  local sum
  sum=$(sha256sum <"$1")
  printf '%s\n' "${sum%% *}"
}

# verify_checksum DUMP: true when DUMP.sha256 exists, is in `sha256sum` format
# and matches DUMP. On failure REPLY says why.
verify_checksum() {
  local dump=$1 line=''
  REPLY=''
  if [[ ! -f $dump.sha256 ]]; then
    REPLY='checksum file missing'
    return 1
  fi
  IFS= read -r line <"$dump.sha256" || true
  if [[ ! $line =~ ^([0-9a-f]{64})\ [\ *](.+)$ ]]; then
    REPLY='checksum file malformed'
    return 1
  fi
  if [[ $(sha256_of "$dump") != "${BASH_REMATCH[1]}" ]]; then
    REPLY='checksum mismatch'
    return 1
  fi
}

# load_retention_settings: where the dumps live and how many to keep, with
# their defaults, checked (exit 2 on a bad value). backup_db.sh and
# prune_backups.sh must agree on these, so both take them from here.
load_retention_settings() {
  BACKUP_DIR=${BACKUP_DIR:-/backups}
  BACKUP_PREFIX=${BACKUP_PREFIX:-prixagent}
  KEEP_DAILY=${KEEP_DAILY:-7}
  KEEP_WEEKLY=${KEEP_WEEKLY:-4}
  KEEP_MONTHLY=${KEEP_MONTHLY:-6}
  require_prefix "$BACKUP_PREFIX"
  require_uint KEEP_DAILY "$KEEP_DAILY"
  require_uint KEEP_WEEKLY "$KEEP_WEEKLY"
  require_uint KEEP_MONTHLY "$KEEP_MONTHLY"
}

# --- retention ---------------------------------------------------------------

# backup_names DIR PREFIX: the dump files in DIR that this tooling wrote, by
# name (PREFIX-YYYYMMDDTHHMMSSZ.dump, regular files only), newest first.
backup_names() {
  local dir=$1 prefix=$2 f base
  local -a names=()
  for f in "$dir/$prefix"-*.dump; do
    base=${f##*/}
    [[ $base =~ ^${prefix//./\\.}-[0-9]{8}T[0-9]{6}Z\.dump$ ]] || continue
    [[ -f $f && ! -L $f ]] || continue
    names+=("$base")
  done
  ((${#names[@]} > 0)) || return 0
  printf '%s\n' "${names[@]}" | LC_ALL=C sort -r
}

# prune_backups DIR PREFIX NOW DRY_RUN
#
# Grandfather-father-son retention over the dumps in DIR, decided from the
# UTC timestamp in each file name (never from mtime, which copies and restores
# change). NOW is YYYYMMDDTHHMMSSZ. Reads KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY.
#
# Only dumps whose checksum verifies count. Walking them newest first, a dump
# is kept when it is the newest one of its UTC day and fewer than KEEP_DAILY
# days have been kept so far; likewise of its ISO week (KEEP_WEEKLY) and of its
# month (KEEP_MONTHLY). The counts are of days/weeks/months that HAVE a good
# dump, not calendar windows ending now: if backups stop for a month, the last
# good ones stay. The newest good dump is always kept. Every other good dump
# is deleted with its checksum file.
#
# Never deleted, never counted (each reported with a warning):
#   - a dump whose checksum file is missing, malformed or does not match: it
#     proves nothing, so it must not take the place of a good backup, and
#     deleting it would destroy the evidence of what went wrong;
#   - a dump dated after NOW (a clock that was wrong), so it cannot occupy a
#     slot and push out real backups;
#   - a name whose timestamp is not a real date.
# Anything else in DIR (other names, temp files, orphan checksums) is ignored.
prune_backups() {
  local dir=$1 prefix=$2 now=$3 dry_run=$4
  local base stamp day week month why line key value
  local -A days=() weeks=() months=() week_of=() hash_of=() expected_of=()
  local nd=0 nw=0 nm=0 kept=0 deleted=0 unverified=0 future=0 failed=0 newest=''
  local -a names=() reasons=() checked=()
  mapfile -t names < <(backup_names "$dir" "$prefix")
  log "retention in $dir: keep the newest dump of each of the last $KEEP_DAILY days, $KEEP_WEEKLY ISO weeks and $KEEP_MONTHLY months that have one (now: $now)"
  if ((${#names[@]} > 0)); then
    # One `date` for every ISO week and one `sha256sum` for every dump, not
    # one process per file. A day that `date` rejects gets no week.
    while read -r key value; do
      week_of[$key]=$value
    done < <(
      for base in "${names[@]}"; do printf '%s-%s-%s\n' "${base:${#prefix}+1:4}" "${base:${#prefix}+5:2}" "${base:${#prefix}+7:2}"; done |
        LC_ALL=C sort -u | date -u -f - '+%Y-%m-%d %G-W%V' 2>/dev/null || true
    )
    for base in "${names[@]}"; do
      [[ -f $dir/$base.sha256 ]] || continue
      line=''
      IFS= read -r line <"$dir/$base.sha256" || true
      [[ $line =~ ^([0-9a-f]{64})\ [\ *](.+)$ ]] || continue
      expected_of[$base]=${BASH_REMATCH[1]}
      checked+=("$base")
    done
    if ((${#checked[@]} > 0)); then
      while read -r value key; do
        hash_of[$key]=$value
      done < <(cd -- "$dir" && sha256sum -- "${checked[@]}")
    fi
  fi
  for base in "${names[@]}"; do
    stamp=${base#"$prefix"-}
    stamp=${stamp%.dump}
    day="${stamp:0:4}-${stamp:4:2}-${stamp:6:2}"
    week=${week_of[$day]:-}
    if [[ -z $week || ! ${stamp:9:6} =~ ^([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]$ ]]; then
      warn "$base: the name is not a valid date; left alone"
      continue
    fi
    month=${day:0:7}
    if [[ $stamp > $now ]]; then
      warn "$base: dated after now ($now); kept, not counted"
      future=$((future + 1))
      continue
    fi
    if [[ ! -f $dir/$base.sha256 ]]; then
      REPLY='checksum file missing'
    elif [[ -z ${expected_of[$base]:-} ]]; then
      REPLY='checksum file malformed'
    elif [[ ${hash_of[$base]:-} != "${expected_of[$base]}" ]]; then
      REPLY='checksum mismatch'
    else
      REPLY=''
    fi
    if [[ -n $REPLY ]]; then
      warn "$base: $REPLY; NOT counted as a backup and NOT deleted: inspect it and remove it by hand"
      unverified=$((unverified + 1))
      continue
    fi
    reasons=()
    if [[ -z ${days[$day]+set} ]] && ((nd < KEEP_DAILY)); then
      days[$day]=1
      nd=$((nd + 1))
      reasons+=("daily $day")
    fi
    if [[ -z ${weeks[$week]+set} ]] && ((nw < KEEP_WEEKLY)); then
      weeks[$week]=1
      nw=$((nw + 1))
      reasons+=("weekly $week")
    fi
    if [[ -z ${months[$month]+set} ]] && ((nm < KEEP_MONTHLY)); then
      months[$month]=1
      nm=$((nm + 1))
      reasons+=("monthly $month")
    fi
    if [[ -z $newest ]]; then
      newest=$base
      ((${#reasons[@]} > 0)) || reasons+=("newest")
    fi
    if ((${#reasons[@]} > 0)); then
      printf -v why '%s, ' "${reasons[@]}"
      log "keep $base (${why%, })"
      kept=$((kept + 1))
    elif [[ $dry_run == 1 ]]; then
      log "would delete $base"
      deleted=$((deleted + 1))
    else
      # The dump first: an interruption then leaves an orphan checksum
      # (ignored), never a dump without one (which would be kept forever).
      if rm -f -- "$dir/$base" && rm -f -- "$dir/$base.sha256"; then
        log "delete $base"
        deleted=$((deleted + 1))
      else
        err "could not delete $base"
        failed=$((failed + 1))
      fi
    fi
  done
  local verb=deleted
  [[ $dry_run == 1 ]] && verb='would be deleted'
  log "retention done: $kept kept, $deleted $verb, $unverified unverified (kept), $future future-dated (kept)"
  if ((unverified > 0)); then
    warn "$unverified dump(s) in $dir failed their checksum check; they are not backups until checked"
  fi
  ((failed == 0))
}
