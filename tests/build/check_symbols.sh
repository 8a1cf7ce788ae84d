#!/bin/bash
# Fails when an object of the storing side names a symbol only the fetcher may have.
#
#   check_symbols.sh PATTERN_FILE --forbid LIB[:MEMBER,...]... --require LIB...
#
# Every static library after --forbid (optionally only the listed archive members) must not
# define or reference any symbol matching a pattern of PATTERN_FILE (one extended regular
# expression per line, matched against `nm -C` output; # starts a comment). Every library after
# --require must match at least one pattern, which proves the patterns still name real symbols.
set -euo pipefail

patterns_file=$1
shift
patterns=$(grep -v '^[[:space:]]*\(#\|$\)' "$patterns_file")
[[ -n $patterns ]] || { echo "no patterns in $patterns_file"; exit 2; }

mode=""
failed=0
checked=0
symbols_of() {  # ARCHIVE [MEMBERS]: nm -C output, restricted to the members if given
  local archive=$1 members=${2:-}
  [[ -s $archive ]] || { echo "missing or empty: $archive" >&2; return 3; }
  if [[ -z $members ]]; then
    nm -C -A "$archive" 2>/dev/null
  else
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && ar x "$archive" ${members//,/ })
    for m in ${members//,/ }; do
      [[ -s $tmp/$m ]] || { echo "member $m not in $archive" >&2; rm -rf "$tmp"; return 3; }
      nm -C -A "$tmp/$m" | sed "s|^$tmp/|$archive:|"
    done
    rm -rf "$tmp"
  fi
}

for arg in "$@"; do
  case $arg in
    --forbid | --require) mode=$arg; continue ;;
  esac
  archive=${arg%%:*}
  members=""
  [[ $arg == *:* ]] && members=${arg#*:}
  out=$(symbols_of "$archive" "$members") || exit 3
  hits=$(grep -E -f <(printf '%s\n' "$patterns") <<<"$out" || true)
  checked=$((checked + 1))
  if [[ $mode == --forbid && -n $hits ]]; then
    echo "FORBIDDEN symbols in $arg:"
    echo "$hits" | head -20
    failed=1
  elif [[ $mode == --require && -z $hits ]]; then
    echo "no pattern matches $arg: the patterns no longer name the opening/signing symbols"
    failed=1
  fi
done
[[ $checked -gt 0 ]] || { echo "nothing checked"; exit 2; }
if [[ $failed -eq 0 ]]; then echo "checked $checked libraries"; fi
exit $failed
