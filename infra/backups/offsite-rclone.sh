#!/usr/bin/env bash
# An OFFSITE_HOOK for backup_db.sh: copies the dump, then its checksum, to an
# rclone remote. Set, e.g.:
#   OFFSITE_HOOK="/opt/backups/offsite-rclone.sh s3:example-prixagent-backups/db"
# backup_db.sh appends the dump and checksum paths, so this gets three arguments.
# The remote comes from rclone's config (RCLONE_CONFIG, or RCLONE_CONFIG_* variables).
set -euo pipefail

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  echo "Usage: offsite-rclone.sh REMOTE:PATH DUMP CHECKSUM"
  exit 0
fi
(($# == 3)) || {
  echo "Usage: offsite-rclone.sh REMOTE:PATH DUMP CHECKSUM (got $# arguments)" >&2
  exit 2
}
dest=$1 dump=$2 sum=$3
# rclone checks size and hash after each transfer. The checksum goes last, so a
# checksum file off-site means its dump arrived whole; --immutable refuses to
# overwrite an existing file with different content.
rclone copy --immutable --no-traverse "$dump" "$dest"
rclone copy --immutable --no-traverse "$sum" "$dest"
echo "offsite-rclone.sh: copied ${dump##*/} and ${sum##*/} to $dest"
