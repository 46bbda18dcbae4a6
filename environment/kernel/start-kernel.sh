#!/usr/bin/env bash
# Starts this copy's Java kernel on this copy's library and start-up script:
#   environment/kernel/start-kernel.sh CONNECTION_FILE
# Run by the kernelspec's launcher (launcher.sh, which chose this copy and says why in
# VAE_COPY_CHOSEN_BY and VAE_KERNEL_NOTICE). The kernel JVM's options live here and
# nowhere else, so each copy starts with its own.
#
# Settings from the kernelspec or the caller are kept: this copy's class path and start-up
# script come first in IJAVA_CLASSPATH and IJAVA_STARTUP_SCRIPTS_PATH, what was there follows;
# IJAVA_COMPILER_OPTS gains the Vector API module; JJAVA_JVM_OPTS / IJAVA_JVM_OPTS (extra JVM
# options, split at blanks) go after this copy's JVM options, so they can override them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
copy="$(cd "$here/../.." && pwd -P)"

# Headless: plots are drawn into images, never into windows. The Vector API module is there
# for the library's fast paths; JShell needs it too, to compile the notebooks' code.
JAVA_OPTIONS=(-Xmx4g -Djava.awt.headless=true --add-modules jdk.incubator.vector)
COMPILER_OPTIONS="--add-modules jdk.incubator.vector"

[ $# -eq 1 ] || { echo "usage: $0 CONNECTION_FILE (Jupyter passes {connection_file})" >&2; exit 2; }
java_bin="${VAE_KERNEL_JAVA:-$(command -v java || true)}"
[ -n "$java_bin" ] || { echo "java-vae: no java on PATH (install a JDK 17)" >&2; exit 1; }

jar="$here/target/vae-kernel.jar"
lib="$copy/lib/target/classpath"
problem=""
if [ ! -f "$jar" ] || [ ! -f "$lib/vae-lib.jar" ]; then
  problem="The copy of the lecture series in $copy is not built yet, so this kernel runs without its library (vae.*, XChart, Tablesaw). Build it with this one command, then restart the kernel: $copy/lecture setup"
  if [ ! -f "$jar" ]; then
    jar="${VAE_BORROWED_KERNEL_JAR:-}"
    [ -n "$jar" ] && [ -f "$jar" ] || { echo "java-vae: $problem (no built copy of the kernel anywhere to borrow)" >&2; exit 1; }
    problem="$problem (Meanwhile the kernel program itself is the one built in $(cd "$(dirname "$jar")/../../.." && pwd).)"
  fi
fi

join() { local IFS=:; echo "$*"; }  # joins non-empty parts with ':'
parts() { for p in "$@"; do [ -n "$p" ] && echo "$p"; done; }
classpath=(); [ -n "$problem" ] || classpath=("$lib/*")
scripts=("$here/startup.jsh" "$here/notice.jsh")
[ -n "$problem" ] || scripts+=("$here/library.jsh" "$here/this-copy.jsh")  # the library's imports need it built
# The copy's parts go first in each setting, before what the kernelspec or caller put there.
prepend_paths() {  # NAME PART...: NAME becomes the parts, then its old value, joined by ':'
  local name="$1" all; shift
  mapfile -t all < <(parts "$@" "${!name:-}"); export "$name=$(join "${all[@]}")"
}
prepend_options() { export "$1=$COMPILER_OPTIONS${!1:+ ${!1}}"; }  # NAME
prepend_paths IJAVA_CLASSPATH "${classpath[@]}"
prepend_paths IJAVA_STARTUP_SCRIPTS_PATH "${scripts[@]}"
prepend_options IJAVA_COMPILER_OPTS
# The kernel reads JJAVA_X in preference to IJAVA_X: a JJAVA_ name that is set gets the copy's
# parts too, or the copy's library would be dropped.
[ -z "${JJAVA_CLASSPATH:-}" ] || prepend_paths JJAVA_CLASSPATH "${classpath[@]}"
[ -z "${JJAVA_STARTUP_SCRIPTS_PATH:-}" ] || prepend_paths JJAVA_STARTUP_SCRIPTS_PATH "${scripts[@]}"
[ -z "${JJAVA_COMPILER_OPTS+x}" ] || prepend_options JJAVA_COMPILER_OPTS
export VAE_LECTURE_HOME="$copy" VAE_KERNEL_PROBLEM="$problem"

read -r -a extra <<< "${IJAVA_JVM_OPTS:-} ${JJAVA_JVM_OPTS:-}"
exec "$java_bin" "${JAVA_OPTIONS[@]}" "${extra[@]}" -jar "$jar" "$1"
