#!/bin/sh
# Puts onnxruntime's CUDA execution provider next to onnxruntime-node's native binding.
#
# onnxruntime-node's postinstall downloads the provider from NuGet, which not every build
# network reaches. The npm package com.github.asus4.onnxruntime.linux-x64-gpu ships the
# same libraries built for ONNX Runtime 1.29.0 and CUDA 13. The provider is loaded by
# libonnxruntime at run time and must come from the very same ONNX Runtime release, so
# every step below checks versions and stops the build loudly on a mismatch.
#
#   install-ort-cuda.sh install APP_DIR          build stage: fetch (npm), check, copy
#   install-ort-cuda.sh verify APP_DIR           runtime stage: every library it needs resolves
#   install-ort-cuda.sh check ORT_DIR LIB_DIR    the version checks alone (used by the tests)
set -eu

ORT_VERSION=1.29.0
CUDA_MAJOR=13
GPU_PACKAGE=com.github.asus4.onnxruntime.linux-x64-gpu
GPU_PACKAGE_VERSION=0.4.9
GPU_PACKAGE_INTEGRITY='sha512-FopIhNE/Ng+v2X65wVc9clPCBCvhvA53Hxo2U0Kf5fGdVsC7iCA+mZ0KLWggcQAj7TIZ6pNidR4AC10g74Xo6w=='
PROVIDER_LIBS='libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so'

fail() {
  echo "install-ort-cuda: $*" >&2
  exit 1
}

# The one onnxruntime-node package under $1 (pnpm deploy keeps it under node_modules/.pnpm).
find_ort_dir() {
  found=$(find "$1" -type f -path '*/node_modules/onnxruntime-node/package.json')
  [ -n "$found" ] || fail "no onnxruntime-node under $1"
  [ "$(echo "$found" | wc -l)" -eq 1 ] || fail "more than one onnxruntime-node under $1: $found"
  dirname "$found"
}

# True when the NUL-separated strings of binary $1 hold $2 as a whole string.
has_string() {
  tr '\0' '\n' <"$1" | grep -qxF "$2"
}

# $1: onnxruntime-node package dir; $2: folder holding the provider libraries.
check() {
  ort_dir=$1
  lib_dir=$2
  binding_dir="$ort_dir/bin/napi-v6/linux/x64"
  node_version=$(node -p "require('$ort_dir/package.json').version")
  [ "$node_version" = "$ORT_VERSION" ] ||
    fail "onnxruntime-node is $node_version but the CUDA provider is built for $ORT_VERSION; pin onnxruntime-node to $ORT_VERSION in the pnpm catalog"
  [ -f "$binding_dir/libonnxruntime.so.1" ] || fail "no $binding_dir/libonnxruntime.so.1"
  has_string "$binding_dir/libonnxruntime.so.1" "$ORT_VERSION" ||
    fail "$binding_dir/libonnxruntime.so.1 is not ONNX Runtime $ORT_VERSION"
  for lib in $PROVIDER_LIBS; do
    [ -f "$lib_dir/$lib" ] || fail "no $lib in $lib_dir"
  done
  has_string "$lib_dir/libonnxruntime_providers_cuda.so" "$ORT_VERSION" ||
    fail "libonnxruntime_providers_cuda.so is not built for ONNX Runtime $ORT_VERSION"
  has_string "$lib_dir/libonnxruntime_providers_cuda.so" "libcudart.so.$CUDA_MAJOR" ||
    fail "libonnxruntime_providers_cuda.so is not built for CUDA $CUDA_MAJOR"
  echo "install-ort-cuda: ONNX Runtime $ORT_VERSION, CUDA $CUDA_MAJOR provider matches $ort_dir"
}

install_provider() {
  ort_dir=$(find_ort_dir "$1")
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$GPU_PACKAGE@$GPU_PACKAGE_VERSION" >/dev/null)
  tarball="$work/$GPU_PACKAGE-$GPU_PACKAGE_VERSION.tgz"
  [ -f "$tarball" ] || fail "npm pack did not produce $tarball"
  integrity=$(node -p "'sha512-' + require('crypto').createHash('sha512').update(require('fs').readFileSync(process.argv[1])).digest('base64')" "$tarball")
  [ "$integrity" = "$GPU_PACKAGE_INTEGRITY" ] ||
    fail "$GPU_PACKAGE@$GPU_PACKAGE_VERSION has integrity $integrity, expected $GPU_PACKAGE_INTEGRITY"
  tar -xzf "$tarball" -C "$work" package/Plugins/Linux/x64 package/README.md
  grep -qF "ONNX Runtime: [$ORT_VERSION]" "$work/package/README.md" ||
    fail "$GPU_PACKAGE@$GPU_PACKAGE_VERSION does not say it is built for ONNX Runtime $ORT_VERSION"
  check "$ort_dir" "$work/package/Plugins/Linux/x64"
  for lib in $PROVIDER_LIBS; do
    install -m 0755 "$work/package/Plugins/Linux/x64/$lib" "$ort_dir/bin/napi-v6/linux/x64/$lib"
  done
  echo "install-ort-cuda: installed $PROVIDER_LIBS into $ort_dir/bin/napi-v6/linux/x64"
}

# Every shared library the provider links must resolve, except the driver's libcuda.so.1,
# which the NVIDIA container runtime mounts when the container starts.
verify() {
  lib="$(find_ort_dir "$1")/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so"
  [ -f "$lib" ] || fail "no $lib: run the install step first"
  missing=$(ldd "$lib" | grep 'not found' | grep -v 'libcuda\.so\.1' || true)
  [ -z "$missing" ] || fail "libraries the CUDA provider needs are missing from the image: $missing"
  echo "install-ort-cuda: every library of $lib resolves (libcuda.so.1 comes from the driver)"
}

case "${1:-}" in
  install) install_provider "${2:?APP_DIR}" ;;
  verify) verify "${2:?APP_DIR}" ;;
  check) check "${2:?ORT_DIR}" "${3:?LIB_DIR}" ;;
  *) fail "usage: $0 install APP_DIR | verify APP_DIR | check ORT_DIR LIB_DIR" ;;
esac
