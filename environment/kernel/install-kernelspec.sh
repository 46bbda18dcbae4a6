#!/usr/bin/env bash
# Installs (or re-installs) the Jupyter kernelspec "java-vae" for this checkout.
#
#   environment/kernel/install-kernelspec.sh [CLASSPATH_GLOB [STARTUP_SCRIPT]]
#
# CLASSPATH_GLOB  jars the notebooks see (env VAE_KERNEL_CLASSPATH);
#                 default <repo>/lib/target/classpath/*, filled by `mvn -q package -DskipTests`
# STARTUP_SCRIPT  a JShell file run when the kernel starts (env VAE_KERNEL_STARTUP_SCRIPT);
#                 default environment/kernel/startup.jsh
#
# Needs environment/kernel/target/vae-kernel.jar (built by the same mvn command).
# Running it again replaces the kernelspec with the same content: harmless.
set -euo pipefail

# The kernel JVM's options, kept here and nowhere else. Headless: plots are drawn into
# images, never into windows. The Vector API module is there for the library's fast paths.
JAVA_OPTIONS=(-Xmx4g -Djava.awt.headless=true --add-modules jdk.incubator.vector)
# The same module must be visible when JShell compiles the notebooks' code.
COMPILER_OPTIONS="--add-modules jdk.incubator.vector"

KERNEL_NAME=java-vae
DISPLAY_NAME="Java (VAE lecture)"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$here/target/vae-kernel.jar"
classpath="${1:-${VAE_KERNEL_CLASSPATH:-$repo/lib/target/classpath/*}}"
startup="${2:-${VAE_KERNEL_STARTUP_SCRIPT:-$here/startup.jsh}}"
java_bin="${JAVA:-$(command -v java || true)}"
python_bin="$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3)"

[ -n "$java_bin" ] || { echo "install-kernelspec: no java on PATH (install a JDK 17)" >&2; exit 1; }
[ -f "$jar" ] || { echo "install-kernelspec: $jar is missing; build it first: (cd $repo && mvn -q package -DskipTests)" >&2; exit 1; }
command -v jupyter >/dev/null || { echo "install-kernelspec: no 'jupyter' command (Debian: apt-get install jupyter-client)" >&2; exit 1; }
startup="$(cd "$(dirname "$startup")" && pwd)/$(basename "$startup")"
[ -f "$startup" ] || { echo "install-kernelspec: start-up script $startup not found" >&2; exit 1; }
# Not fatal: the kernel starts anyway and says in the first cell what is missing.
compgen -G "$classpath" >/dev/null || echo "install-kernelspec: warning: nothing matches $classpath yet (run: cd $repo && mvn -q package -DskipTests)" >&2

spec_dir="$(mktemp -d)"
trap 'rm -rf "$spec_dir"' EXIT
# json.dumps does the quoting; argv entries come as separate arguments.
"$python_bin" - "$spec_dir/kernel.json" "$DISPLAY_NAME" "$classpath" "$startup" "$COMPILER_OPTIONS" \
    "$java_bin" "${JAVA_OPTIONS[@]}" -jar "$jar" '{connection_file}' <<'PY'
import json, sys
out, display_name, classpath, startup, compiler_opts = sys.argv[1:6]
spec = {
    "argv": sys.argv[6:],
    "display_name": display_name,
    "language": "java",
    # Jupyter's stop button sends interrupt_request instead of SIGINT (which would end the JVM).
    "interrupt_mode": "message",
    "env": {
        "IJAVA_CLASSPATH": classpath,
        "IJAVA_STARTUP_SCRIPTS_PATH": startup,
        "IJAVA_COMPILER_OPTS": compiler_opts,
    },
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY

installed_dir() {  # where Jupyter finds the kernelspec now, or nothing
  jupyter kernelspec list --json 2>/dev/null | "$python_bin" -c \
    "import json,sys; print(json.load(sys.stdin)['kernelspecs'].get('$KERNEL_NAME', {}).get('resource_dir', ''))"
}
installed="$(installed_dir)"
if [ -n "$installed" ] && cmp -s "$spec_dir/kernel.json" "$installed/kernel.json"; then
  echo "kernelspec: '$KERNEL_NAME' up to date in $installed"
  exit 0
fi
jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$spec_dir" >/dev/null 2>&1 \
    || { jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$spec_dir"; exit 1; }
installed="$(installed_dir)"
echo "Installed Jupyter kernel '$KERNEL_NAME' (\"$DISPLAY_NAME\") in $installed"
echo "  java:        $java_bin ${JAVA_OPTIONS[*]}"
echo "  kernel:      $jar"
echo "  class path:  $classpath"
echo "  start-up:    $startup"
