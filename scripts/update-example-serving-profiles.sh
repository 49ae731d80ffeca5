#!/usr/bin/env bash
# Rewrites the serving profiles of the bundled examples from Helix's own figures:
#   Examples/helix-single24-llama70b.json  <- ../shared/sim-data (LLaMA-2 70B on A100, L4, T4)
#   Examples/helix-cluster10-llama30b.json <- Helix's simulator/model_manager/llama1_30b (L4, T4)
# Every other number of the examples stays as it is. The writing is done by the HelixSimData
# importer, through ExampleServingProfileTests in update mode; the same suite checks the result.
#
# Usage: scripts/update-example-serving-profiles.sh HELIX_REPO
#   HELIX_REPO: a clone, or a bare git directory, of Thesys-lab/Helix-ASPLOS25 (commit 148b733)
#   LAYERFLOW_SHARED (optional): the shared folder, default ../shared beside the package
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 HELIX_REPO" >&2
  exit 64
fi
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${LAYERFLOW_SHARED:-$root/../shared}
if [ ! -f "$shared/sim-data/llama2_70b_layer_time_profiles.csv" ]; then
  echo "error: $shared/sim-data has no llama2_70b_layer_time_profiles.csv (set LAYERFLOW_SHARED)" >&2
  exit 66
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 "$root/scripts/helix-model-manager-to-sim-data.py" \
  --repo "$1" --model llama1_30b --gpus l4,t4 --out "$scratch"

cd "$root"
# First write (only the two tests that write), then check everything the suite checks.
LAYERFLOW_SHARED="$shared" LAYERFLOW_UPDATE_EXAMPLES=1 LAYERFLOW_LLAMA30B_SIM_DATA="$scratch" \
  swift test --filter 'ExampleServingProfileTests/.*CarriesExactly'
LAYERFLOW_SHARED="$shared" LAYERFLOW_LLAMA30B_SIM_DATA="$scratch" \
  swift test --filter ExampleServingProfileTests
git --no-pager diff --stat -- Examples/
