#!/usr/bin/env bash
# Configures and builds one variant. Usage: deploy/build.sh release|sanitize
# release:  g++, -O2, -Wall -Wextra -Werror, tests + benchmarks        -> build/release
# sanitize: clang 14, ASan + UBSan, libFuzzer targets, tests            -> build/sanitize
set -euo pipefail
cd "$(dirname "$0")/.."
variant="${1:-release}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
case "$variant" in
  release)
    cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSARCOMA_WERROR=ON >/dev/null
    cmake --build build/release
    ;;
  sanitize)
    CC=clang-14 CXX=clang++-14 cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSARCOMA_WERROR=ON -DSARCOMA_SANITIZE=ON -DSARCOMA_FUZZ=ON -DSARCOMA_BENCH=OFF >/dev/null
    cmake --build build/sanitize
    ;;
  *) echo "usage: $0 release|sanitize" >&2; exit 64 ;;
esac
