#!/bin/bash
# Checks the systemd units of deploy/systemd:
#  1. `systemd-analyze verify` loads each one without a single complaint (it exits 0 on unknown
#     keys and bad values but prints them, so any output fails). ExecStart names the binary just
#     built, since verify checks that the command exists. A unit with a misspelt key must draw a
#     complaint, which proves verify is really checking.
#  2. Each unit has the hardening every Baro unit must have, and the fetcher runs as a user of
#     its own.
#
#   check_units.sh UNIT_DIR BARO_BINARY
set -euo pipefail
units=$1
binary=$2
command -v systemd-analyze >/dev/null || {
  echo "systemd-analyze is missing (scripts/install_deps.sh --test installs systemd)"
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

for name in baro-api baro-worker baro-notifier baro-fetcher; do
  [[ -s $units/$name.service ]] || { echo "missing $name.service"; failed=1; continue; }
  sed "s|/usr/bin/baro|$binary|g" "$units/$name.service" >"$work/$name.service"
done
out=$(cd "$work" && systemd-analyze verify ./*.service 2>&1) || { echo "$out"; failed=1; }
if [[ -n $out ]]; then
  echo "systemd-analyze verify complained:"
  echo "$out"
  failed=1
fi

# Negative control: a misspelt key must be reported.
sed 's/^ProtectSystem=strict/ProtectSytem=strict/' "$work/baro-api.service" >"$work/control.service"
control=$(cd "$work" && systemd-analyze verify ./control.service 2>&1 || true)
if [[ $control != *ProtectSytem* ]]; then
  echo "systemd-analyze verify did not report a misspelt key; it is not checking: $control"
  failed=1
fi

required=(ProtectSystem=strict NoNewPrivileges=yes MemoryDenyWriteExecute=yes
  LockPersonality=yes PrivateTmp=yes "CapabilityBoundingSet=")
for name in baro-api baro-worker baro-notifier baro-fetcher; do
  for line in "${required[@]}"; do
    grep -qx "$line" "$units/$name.service" || { echo "$name.service lacks $line"; failed=1; }
  done
done
user_of() { sed -n 's/^User=//p' "$units/$1.service"; }
fetcher_user=$(user_of baro-fetcher)
[[ -n $fetcher_user ]] || { echo "baro-fetcher.service has no User="; failed=1; }
for name in baro-api baro-worker baro-notifier; do
  u=$(user_of "$name")
  if [[ -z $u || $u == "$fetcher_user" || $u == root ]]; then
    echo "$name.service must run as a user other than the fetcher's ($fetcher_user) and root: '$u'"
    failed=1
  fi
  grep -q '^InaccessiblePaths=.*kek.key' "$units/$name.service" ||
    { echo "$name.service does not hide the private key"; failed=1; }
done
[[ $failed -eq 0 ]] && echo "units verified"
exit $failed
