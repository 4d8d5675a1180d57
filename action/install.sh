#!/usr/bin/env bash
# The GitHub Action's install step: a release binary when TRANSIT_BINARY_URL names one, else
# transit built from the action's own source (the Makefile installs the system packages it
# needs); a transit already on PATH is used as it is when neither is asked for.
set -euo pipefail
bin=${RUNNER_TEMP:-/tmp}/transit-bin
mkdir -p "$bin"
if [ -n "${TRANSIT_BINARY_URL:-}" ]; then
  curl -fsSL "$TRANSIT_BINARY_URL" -o "$bin/transit"
  chmod +x "$bin/transit"
elif [ "${TRANSIT_BUILD:-auto}" = always ] || ! command -v transit >/dev/null; then
  make -C "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is the folder of the action}" install PREFIX="${RUNNER_TEMP:-/tmp}/transit"
  ln -sf "${RUNNER_TEMP:-/tmp}/transit/bin/transit" "$bin/transit"
else
  ln -sf "$(command -v transit)" "$bin/transit"
fi
echo "$bin" >> "${GITHUB_PATH:-/dev/null}"
"$bin/transit" --version
