#!/usr/bin/env bash
# Installs everything Baro needs on Debian 12, idempotently and without prompts.
#   scripts/install_deps.sh          build and run dependencies
#   scripts/install_deps.sh --test   also what the test suite needs (PostgreSQL, Chromium, Node tools)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

packages=(g++ cmake ninja-build pkg-config ccache ca-certificates git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libsodium-dev libsqlite3-dev libpq-dev libcli11-dev libtomlplusplus-dev openssl tzdata
  libhowardhinnant-date-dev)
if [ "$want_test" = 1 ]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev chromium postgresql)
  # systemd-analyze, for `verify` of the units in deploy/systemd (no running systemd needed).
  packages+=(systemd)
  # The sanitizer and fuzzing build (make test-sanitize, make fuzz): clang 14 with its runtimes.
  packages+=(clang-14 libclang-rt-14-dev)
  # A CJK font, so that the browser tests' Korean screenshots show Korean letters, not boxes.
  packages+=(fonts-noto-cjk)
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want_test" = 1 ]; then
  # Node tools the tests use as oracles and drivers (CCXT, Playwright without its own browser).
  for dir in tests/exchanges/oracle tests/web/ui; do
    if [ -f "$dir/package.json" ]; then
      (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
fi
