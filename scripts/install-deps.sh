#!/usr/bin/env bash
# Installs what LayerFlow needs beyond the Swift toolchain, only where it is missing:
# GLPK's headers and library (libglpk-dev) for the MILP planner, and glpsol (glpk-utils), which
# the tests use to re-solve exported LP files, and rsvg-convert (librsvg2-bin), which the tests use
# to check that rendered plan pictures convert to PNG.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "error: no Swift toolchain on PATH (LayerFlow needs Swift 6.1 or later)" >&2
  exit 1
fi

missing=()
[ -f /usr/include/glpk.h ] || missing+=(libglpk-dev)
command -v glpsol >/dev/null 2>&1 || missing+=(glpk-utils)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
