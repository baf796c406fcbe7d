#!/usr/bin/env bash
# Builds the production bundles and packages the extension: .vsix at $1
# (default .test-artifacts/workload-hints.vsix). Relative links in README.md resolve against
# the repository named in src/analysis/rules (docsUrl).
set -euo pipefail
OUT=${1:-.test-artifacts/workload-hints.vsix}
BASE=https://github.com/workload-hints/workload-hints
mkdir -p "$(dirname "$OUT")"
node scripts/build.mjs --production
npx vsce package --baseContentUrl "$BASE/blob/main" --baseImagesUrl "$BASE/raw/main" -o "$OUT"
