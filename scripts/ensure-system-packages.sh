#!/usr/bin/env bash
# Runs before `npm test` (pretest), on a developer's machine as in CI (.ci/run): the tests drive
# real Debian programs, never stand-ins, and this is the one list of them. Installs the missing
# ones when this machine can (root + apt-get); otherwise names each one and how to install it,
# and stops before the tests: without them a run would fail 20 minutes later on the same cause.
set -euo pipefail

# files the tests run (space-separated) | Debian package | what for
REQUIRED=(
  "/usr/bin/chromium|chromium|the sandbox's pages in a real browser (playwright-core, axe-core)"
  "/usr/sbin/nginx|nginx-light|HTTP/2, TLS and Content-Encoding tests against a real server"
  "/usr/sbin/squid /usr/lib/squid/basic_ncsa_auth|squid|HTTPS_PROXY tests: CONNECT tunnels, 407 with basic_ncsa_auth"
  "/usr/bin/openssl|openssl|the tests' private CA and openssl s_server for TLS refusals"
)

missing_packages=()
missing_lines=()
for entry in "${REQUIRED[@]}"; do
  IFS='|' read -r files package purpose <<<"$entry"
  # COHERENT_TEST_BROWSER names another Chromium-family browser (__test__/helpers/browser.js).
  if [ "$package" = chromium ] && [ -n "${COHERENT_TEST_BROWSER:-}" ]; then files=$COHERENT_TEST_BROWSER; fi
  for file in $files; do
    if [ ! -x "$file" ]; then
      missing_packages+=("$package")
      missing_lines+=("  $package ($file): $purpose")
      break
    fi
  done
done
[ ${#missing_packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian packages the tests use:"
  printf '%s\n' "${missing_lines[@]}"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may still be running its boot-time apt jobs: wait for the lock, not fail.
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing_packages[@]}"
  exit 0
fi

{
  echo "pretest: the tests need these Debian packages, missing here:"
  printf '%s\n' "${missing_lines[@]}"
  echo "Install them (as root: apt-get install -y ${missing_packages[*]}), or your system's"
  echo "equivalents at those paths, then run npm test again."
} >&2
exit 1
