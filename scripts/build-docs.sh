#!/usr/bin/env bash
# Builds the DocC archive of each target given (default: the three library modules) with the
# swift-docc-plugin and fails if DocC printed any warning, listing them.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(LayerFlow LayerFlowSimulator LayerFlowGLPK)
status=0
for target in "${targets[@]}"; do
    log=$(mktemp)
    if ! swift package --disable-sandbox generate-documentation --target "$target" >"$log" 2>&1; then
        cat "$log"; echo "docs: $target: DocC failed" >&2; exit 1
    fi
    warnings=$(grep -cE '^(warning|error):' "$log" || true)
    echo "docs: $target: $warnings warnings"
    if [ "$warnings" -gt 0 ]; then grep -E -A3 '^(warning|error):' "$log"; status=1; fi
    rm -f "$log"
done
exit $status
