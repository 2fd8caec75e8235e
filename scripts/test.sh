#!/usr/bin/env bash
# The test command (`npm test`). Builds what the tests need while the network is still reachable, then runs
# every test inside a private network namespace made here, so that no media packet (WebRTC from Chromium
# or rtc-node, LiveKit's UDP) can reach any address outside this machine. Pass vitest arguments through,
# e.g. `npm test -- --project unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TIEPDAN_IN_NETNS:-}" ]; then
  # Outside the namespace: things that may need the network (building LiveKit and the S3 server once from the Go proxy).
  NODE=node_modules/.bin/node; [ -x "$NODE" ] || NODE=node
  "$NODE" node_modules/tsx/dist/cli.mjs scripts/ensure-servers.ts
  "$NODE" node_modules/vite/bin/vite.js build --config web/vite.config.ts --logLevel warn
  if [ "$(id -u)" = "0" ]; then unshare_flags=(--net); else unshare_flags=(-r --net); fi
  exec unshare "${unshare_flags[@]}" env TIEPDAN_IN_NETNS=1 PATH="$PATH" bash "$0" "$@"
fi

# shellcheck source=scripts/netns.sh
source scripts/netns.sh
NODE=node_modules/.bin/node; [ -x "$NODE" ] || NODE=node
exec "$NODE" node_modules/vitest/vitest.mjs run "$@"
