#!/usr/bin/env bash
# The java-vae kernelspec's entry point: install-kernelspec.sh copies this file into the
# kernelspec folder, and Jupyter runs it (argv: bash {resource_dir}/launcher.sh {connection_file})
# in the folder of the notebook. It only decides WHICH copy of the series the kernel belongs
# to, then hands over to that copy's environment/kernel/start-kernel.sh, which starts the
# copy's own kernel jar, library and start-up script. So two copies on one machine never
# cross, and this file holds nothing that differs between copies or versions of a copy.
#
# The copy, first that applies:
#   1. the copy that holds the notebook: the first folder up from the notebook's folder with
#      the files `lecture`, `lib/pom.xml` and `environment/kernel/start-kernel.sh`;
#   2. $VAE_LECTURE_HOME (what ./lecture exports, or your choice for notebooks kept elsewhere);
#   3. the newest copy still on disk in the registry $VAE_COPIES (one folder a line,
#      appended by each copy's first setup; deleted copies are skipped).
# For 2 and 3 the first cell of the notebook says which copy it runs on and how to choose.
#
# Raise this number with any change that copies need (install-kernelspec.sh replaces an
# installed launcher only by a higher version, so setting up an older copy never downgrades it):
# launcher-version: 1
set -uo pipefail

is_copy() { [ -f "$1/lecture" ] && [ -f "$1/lib/pom.xml" ] && [ -f "$1/environment/kernel/start-kernel.sh" ]; }

registered() {  # the registry's copies still on disk, newest first
  [ -n "${VAE_COPIES:-}" ] && [ -f "$VAE_COPIES" ] || return 0
  local lines=() dir i
  while IFS= read -r dir; do lines+=("$dir"); done < "$VAE_COPIES"
  for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
    dir="${lines[i]}"
    if [ -n "$dir" ] && is_copy "$dir"; then echo "$dir"; fi
  done
}

copy="" chosen="" notice=""
dir="$PWD"
while :; do
  if is_copy "$dir"; then copy="$dir"; chosen="folder"; break; fi
  [ "$dir" = / ] && break
  dir="$(dirname "$dir")"
done
how="To run it on another copy, set VAE_LECTURE_HOME to that copy's folder in the environment of the Jupyter server (or start Jupyter with that copy's ./lecture run --serve), then restart the kernel."
if [ -z "$copy" ] && [ -n "${VAE_LECTURE_HOME:-}" ]; then
  home="$(cd "$VAE_LECTURE_HOME" 2>/dev/null && pwd -P)"
  if [ -n "$home" ] && is_copy "$home"; then
    copy="$home"; chosen="VAE_LECTURE_HOME"
    notice="This notebook is outside any copy of the lecture series; it runs on the copy in $copy (chosen by VAE_LECTURE_HOME). $how"
  else
    notice="VAE_LECTURE_HOME=$VAE_LECTURE_HOME is not a copy of the lecture series (no lecture, lib/pom.xml, environment/kernel/start-kernel.sh there); ignored. "
  fi
fi
if [ -z "$copy" ]; then
  copy="$(registered | head -n 1)"
  if [ -n "$copy" ]; then
    chosen="registry"
    notice="${notice}This notebook is outside any copy of the lecture series; it runs on the copy in $copy (the copy set up most recently of those still on disk). $how"
  fi
fi
if [ -z "$copy" ]; then
  echo "java-vae: no copy of the lecture series found: the notebook's folder $PWD is in none, VAE_LECTURE_HOME is ${VAE_LECTURE_HOME:-not set}, and no copy set up on this machine is still on disk (registry ${VAE_COPIES:-not set}). Run ./lecture setup in a copy." >&2
  exit 1
fi

# A copy not built yet has no kernel jar of its own: borrow one from a built copy so that the
# notebook still gets a kernel, whose first cell says how to build this copy.
borrowed=""
if [ ! -f "$copy/environment/kernel/target/vae-kernel.jar" ]; then
  borrowed="$(registered | while IFS= read -r other; do
    if [ -f "$other/environment/kernel/target/vae-kernel.jar" ]; then echo "$other/environment/kernel/target/vae-kernel.jar"; break; fi
  done)"
fi

export VAE_LECTURE_HOME="$copy" VAE_COPY_CHOSEN_BY="$chosen" VAE_KERNEL_NOTICE="$notice" VAE_BORROWED_KERNEL_JAR="$borrowed"
exec bash "$copy/environment/kernel/start-kernel.sh" "$@"
