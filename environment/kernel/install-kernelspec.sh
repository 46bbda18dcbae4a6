#!/usr/bin/env bash
# Installs the Jupyter kernelspec "java-vae" (once per machine, or per JUPYTER_DATA_DIR) and
# registers this copy of the series.
#
#   environment/kernel/install-kernelspec.sh
#
# The kernelspec holds no path into any copy: it runs launcher.sh (copied into the
# kernelspec's folder), which finds the copy that holds the notebook and starts THAT copy's
# environment/kernel/start-kernel.sh (its kernel jar, library, start-up script, JVM options).
# So setting up a second copy leaves the first one's kernel alone, and deleting a copy breaks
# no other. The registry (copies.txt beside the kernelspecs, one folder a line, oldest
# first) only serves notebooks kept outside every copy: they run on the newest copy still on
# disk. Running this again only confirms; entries of deleted copies are dropped.
set -euo pipefail

KERNEL_NAME=java-vae
DISPLAY_NAME="Java (VAE lecture)"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
java_bin="${JAVA:-$(command -v java || true)}"
python_bin="$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3)"

[ -n "$java_bin" ] || { echo "install-kernelspec: no java on PATH (install a JDK 17)" >&2; exit 1; }
command -v jupyter >/dev/null || { echo "install-kernelspec: no 'jupyter' command (Debian: apt-get install jupyter-client)" >&2; exit 1; }
# Not fatal: the kernel starts anyway and says in the first cell how to build.
[ -f "$here/target/vae-kernel.jar" ] && [ -f "$repo/lib/target/classpath/vae-lib.jar" ] \
  || echo "install-kernelspec: warning: this copy is not built yet (run: $repo/lecture setup)" >&2

data_dir="$(jupyter --data-dir)"
registry="$data_dir/vae-lecture/copies.txt"

spec_dir="$(mktemp -d)"
trap 'rm -rf "$spec_dir"' EXIT
cp "$here/launcher.sh" "$spec_dir/launcher.sh"
# json.dumps does the quoting.
"$python_bin" - "$spec_dir/kernel.json" "$DISPLAY_NAME" "$registry" "$java_bin" <<'PY'
import json, sys
out, display_name, registry, java = sys.argv[1:5]
spec = {
    # Jupyter replaces {resource_dir} with the kernelspec's folder and starts this in the
    # notebook's folder.
    "argv": ["bash", "{resource_dir}/launcher.sh", "{connection_file}"],
    "display_name": display_name,
    "language": "java",
    # Jupyter's stop button sends interrupt_request instead of SIGINT (which would end the JVM).
    "interrupt_mode": "message",
    "env": {"VAE_COPIES": registry, "VAE_KERNEL_JAVA": java},
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY

# The registry: drop copies no longer on disk, add this one if new (at the end: the newest).
mkdir -p "$(dirname "$registry")"
touch "$registry"
kept="$(while IFS= read -r dir; do if [ -n "$dir" ] && [ -f "$dir/lecture" ]; then echo "$dir"; fi; done < "$registry")"
before="$(grep -c . "$registry" || true)"
news=""
grep -qxF "$repo" <<< "$kept" || { kept="${kept:+$kept$'\n'}$repo"; news=1; }
if [ "$kept" != "$(cat "$registry")" ]; then
  tmp="$(mktemp "$registry.XXXXXX")"
  echo "$kept" > "$tmp" && mv -f "$tmp" "$registry"
  after="$(grep -c . "$registry")"
  gone=$((before + ${news:-0} - after))
  what=""
  [ -z "$news" ] || what=" added this copy;"
  [ "$gone" -eq 0 ] || what="$what dropped $gone no longer on disk;"
  echo "kernelspec: registry of copies $registry:$what $after now"
fi

installed_dir() {  # where Jupyter finds the kernelspec now, or nothing
  jupyter kernelspec list --json 2>/dev/null | "$python_bin" -c \
    "import json,sys; print(json.load(sys.stdin)['kernelspecs'].get('$KERNEL_NAME', {}).get('resource_dir', ''))"
}
version() { [ -f "$1" ] && sed -n 's/^# launcher-version: \([0-9][0-9]*\)$/\1/p' "$1" | head -n 1 || true; }
# Where `jupyter kernelspec install --user` puts it (Jupyter may find another one, e.g. a
# system-wide one, when this is absent).
installed="$data_dir/kernels/$KERNEL_NAME"
[ -f "$installed/kernel.json" ] || installed=""
ours="$(version "$spec_dir/launcher.sh")"
theirs="$(version "$installed/launcher.sh")"
# Same settings and a launcher at least as new as this copy's: whichever copy installed it,
# it serves this copy too, so it stays (another copy's setup must not swap it under its feet).
if [ -n "$installed" ] && cmp -s "$spec_dir/kernel.json" "$installed/kernel.json" \
    && [ -n "$theirs" ] && [ "$theirs" -ge "$ours" ]; then
  echo "kernelspec: '$KERNEL_NAME' up to date in $installed (launcher version $theirs)"
  exit 0
fi
jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$spec_dir" >/dev/null 2>&1 \
    || { jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$spec_dir"; exit 1; }
installed="$(installed_dir)"
[ "$installed" -ef "$data_dir/kernels/$KERNEL_NAME" ] \
  || echo "install-kernelspec: warning: Jupyter finds '$KERNEL_NAME' in $installed first, not in $data_dir/kernels (JUPYTER_PATH?)" >&2
echo "Installed Jupyter kernel '$KERNEL_NAME' (\"$DISPLAY_NAME\") in $installed: for each notebook it"
echo "  starts the kernel of the copy of the series that holds the notebook (launcher.sh)"
