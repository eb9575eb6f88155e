#!/usr/bin/env bash
# `npm run analyze`: slither (PyPI, pinned) over Hardhat 3's own build output, offline. Hardhat 3 writes its
# build-info in a new format, so hh3-to-crytic.py rewrites it as Hardhat 2 build-info in .tools/slither-tree first.
# Writes .tools/slither-report.txt and prints the medium/high findings (triage: evm/README.md, "Static analysis").
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"
VENV=.tools/slither-venv
if [ ! -x "$VENV/bin/slither" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "slither-analyzer==0.11.6"
fi
hardhat build --quiet --no-tests
rm -rf .tools/slither-tree
python3 scripts/analyze/hh3-to-crytic.py "$PWD" .tools/slither-tree
(cd .tools/slither-tree && "../../$VENV/bin/slither" . --hardhat-ignore-compile --hardhat-artifacts-directory artifacts \
  --filter-paths "npm/|node_modules|evm/contracts/test" --exclude-informational --exclude-low) \
  >.tools/slither-report.txt 2>&1 || true
grep -E "^Detector:|analyzed" .tools/slither-report.txt
echo "full report: .tools/slither-report.txt"
