#!/usr/bin/env bash
# Proves the README's two commands on a fresh machine: a minimal Debian 12 root (debootstrap
# minbase, plus git and the C compiler a Rust toolchain needs) that has none of the packages the
# tests drive, with this machine's Node.js/npm and Rust toolchain mounted read-only, a fresh clone
# of a branch, then `npm install` and `npm test` timed inside it. npm test must install chromium,
# nginx-light, squid and openssl itself (scripts/ensure-system-packages.sh).
#
#   sudo bash scripts/fresh-machine.sh [branch] [root-dir]     # log on stdout; about an hour on 2 cores
#
# Needs root, debootstrap and deb.debian.org. The root dir is created, used and left for a look;
# mounts are removed at the end (`... teardown` removes them after an interrupted run).
set -uo pipefail
BRANCH=${1:-$(git -C "$(dirname "$0")" rev-parse --abbrev-ref HEAD)}
R=${2:-/var/tmp/coherent-fresh-machine}
REPO=$(git -C "$(dirname "$0")/.." rev-parse --path-format=absolute --git-common-dir)
NODE=$(command -v node)
NPM_CLI=$(readlink -f "$(command -v npm)")
NODE_MODULES=${NPM_CLI%/npm/bin/npm-cli.js} # npm and corepack
RUSTUP=${RUSTUP_HOME:-$HOME/.rustup}
CARGO_BIN=$(dirname "$(command -v cargo)")
CA=/etc/ssl/certs/ca-certificates.crt # this machine's trust store (an egress proxy's CA included)
PROGRAMS='/usr/bin/chromium /usr/sbin/nginx /usr/sbin/squid /usr/bin/openssl'

stamp() { perl -MPOSIX -ne '$|=1; print strftime("%H:%M:%S ", gmtime), $_'; }
robind() { mount --bind "$1" "$2" && mount -o remount,bind,ro "$2"; }

setup() {
  mountpoint -q "$R/proc" || mount -t proc proc "$R/proc"
  for fs in sys dev; do
    mountpoint -q "$R/$fs" || { mount --rbind "/$fs" "$R/$fs" && mount --make-rslave "$R/$fs"; }
  done
  touch "$R/usr/bin/node"
  mkdir -p "$R/usr/lib/node_modules" "$R/opt/rustup" "$R/opt/cargo-bin" "$R/opt/ca"
  mountpoint -q "$R/usr/bin/node" || robind "$NODE" "$R/usr/bin/node"
  mountpoint -q "$R/usr/lib/node_modules" || robind "$NODE_MODULES" "$R/usr/lib/node_modules"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/bin/npx"
  mountpoint -q "$R/opt/rustup" || robind "$RUSTUP" "$R/opt/rustup"
  mountpoint -q "$R/opt/cargo-bin" || robind "$CARGO_BIN" "$R/opt/cargo-bin"
  # Only npm, cargo and Node read it (through the variables in inroot); the root itself has no
  # ca-certificates and no openssl.
  mountpoint -q "$R/opt/ca" || robind "$(dirname "$CA")" "$R/opt/ca"
  cp /etc/resolv.conf /etc/hosts "$R/etc/"
  # As in container images: packages installed in the root must not start their services
  # (nginx on :80, squid on :3128) in this machine's network namespace.
  printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d" && chmod 755 "$R/usr/sbin/policy-rc.d"
}

inroot() {
  local ca=/opt/ca/$(basename "$CA")
  chroot "$R" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/opt/cargo-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    RUSTUP_HOME=/opt/rustup CARGO_HOME=/root/.cargo CARGO_HTTP_CAINFO="$ca" \
    NODE_EXTRA_CA_CERTS="$ca" NPM_CONFIG_CAFILE="$ca" bash -c "$1"
}

teardown() {
  for m in opt/ca opt/cargo-bin opt/rustup usr/lib/node_modules usr/bin/node; do
    if mountpoint -q "$R/$m"; then umount "$R/$m"; fi
  done
  for m in dev sys proc; do if mountpoint -q "$R/$m"; then umount -R "$R/$m"; fi; done
  if grep " $R/" /proc/mounts; then echo "== mounts left under $R" >&2; else echo "== no mounts left under $R"; fi
}

present() { inroot "for f in $PROGRAMS; do [ -e \$f ] && echo -n \"\$f \"; done; echo"; }

if [ "$BRANCH" = teardown ]; then teardown; exit; fi
if [ ! -x "$R/usr/bin/env" ]; then
  t0=$(date +%s)
  debootstrap --variant=minbase --include=git,gcc,libc6-dev bookworm "$R" http://deb.debian.org/debian \
    >"$R.debootstrap.log" 2>&1 || { tail -5 "$R.debootstrap.log"; exit 1; }
  echo "== debootstrap: $(($(date +%s) - t0)) s"
fi
setup
echo "== present before (should be none): $(present)"
rm -rf "$R/root/coherent"
git clone -q --no-local --branch "$BRANCH" --single-branch "$REPO" "$R/root/coherent"
echo "== $(git -C "$R/root/coherent" log --oneline -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s)
inroot 'cd /root/coherent && npm install --no-audit --no-fund' 2>&1 | stamp
rc=${PIPESTATUS[0]}
echo "== npm install: exit $rc, $(($(date +%s) - t0)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$rc" = 0 ]; then
  # The tests that need port 3000 share it with this machine: wait for the usual lock.
  t1=$(date +%s)
  exec 9>/tmp/coherent-port3000.lock && flock 9
  echo "== port-3000 lock after $(($(date +%s) - t1)) s"
  t1=$(date +%s)
  inroot 'cd /root/coherent && npm test' 2>&1 | stamp
  rc=${PIPESTATUS[0]}
  echo "== npm test: exit $rc, $(($(date +%s) - t1)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  flock -u 9
  echo "== present after: $(present)"
fi
teardown
exit "$rc"
