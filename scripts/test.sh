#!/usr/bin/env bash
# The test command (`npm test`). Builds what the tests need while the network is still reachable, then runs
# every test inside a private network namespace made here, so that no media packet (WebRTC from Chromium
# or rtc-node, LiveKit's UDP) can reach any address outside this machine. Pass vitest arguments through,
# e.g. `npm test -- --project unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TIEPDAN_IN_NETNS:-}" ]; then
  # Outside the namespace: things that may need the network (building LiveKit once from the Go proxy).
  NODE=node_modules/.bin/node; [ -x "$NODE" ] || NODE=node
  "$NODE" node_modules/tsx/dist/cli.mjs scripts/ensure-livekit.ts
  "$NODE" node_modules/vite/bin/vite.js build --config web/vite.config.ts --logLevel warn
  if [ "$(id -u)" = "0" ]; then unshare_flags=(--net); else unshare_flags=(-r --net); fi
  exec unshare "${unshare_flags[@]}" env TIEPDAN_IN_NETNS=1 PATH="$PATH" bash "$0" "$@"
fi

# Inside: loopback for signalling and HTTP, a veth pair whose address LiveKit announces for media
# (libwebrtc ignores loopback candidates). Nothing routes out of this namespace.
ip link set lo up
ip link add tdh0 type veth peer name tdh1
ip addr add 10.77.0.1/24 dev tdh0
ip link set tdh0 up
ip link set tdh1 up
export LIVEKIT_NODE_IP=10.77.0.1
NODE=node_modules/.bin/node; [ -x "$NODE" ] || NODE=node
exec "$NODE" node_modules/vitest/vitest.mjs run "$@"
