#!/usr/bin/env bash
# Installs the Debian packages listed in a file (one a line, '#' comments) that are missing,
# and says so; with all present it only confirms. Used by setup.sh (debian-packages.txt) and
# by ./lecture bench (bench-packages.txt).
#   usage: install-debian-packages.sh LIST-FILE WHAT
set -euo pipefail
list="$1"; what="$2"
say() { echo "setup: $*"; }
mapfile -t wanted < <(grep -v -E '^\s*(#|$)' "$list")
missing=()
for pkg in "${wanted[@]}"; do
  # npm may come with a Node.js that was not installed from Debian's packages: accept it.
  if [ "$pkg" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "$what: all ${#wanted[@]} present"
  exit 0
fi
say "$what: installing ${missing[*]}"
[ "$(id -u)" -eq 0 ] || { echo "setup: installing Debian packages needs root (run with sudo), missing: ${missing[*]}" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
say "$what: installed ${missing[*]}"
