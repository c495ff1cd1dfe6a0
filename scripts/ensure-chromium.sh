#!/usr/bin/env bash
# Runs before `npm test` (pretest): the checkout-page test drives Debian's Chromium through
# playwright-core, which never downloads a browser. Installs it when missing and this machine can
# (root + apt-get); otherwise says how, and the test then fails with the same hint.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian's chromium for the checkout-page test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium
else
  echo "pretest: /usr/bin/chromium is missing; install it (sudo apt-get install chromium) for the checkout-page test" >&2
fi
