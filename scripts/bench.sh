#!/usr/bin/env bash
# `npm run bench [-- queue|floor|load]`: the benchmarks, inside a private network namespace like the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE=node_modules/.bin/node; [ -x "$NODE" ] || NODE=node
if [ -z "${TIEPDAN_IN_NETNS:-}" ]; then
  "$NODE" node_modules/tsx/dist/cli.mjs scripts/ensure-livekit.ts
  if [ "$(id -u)" = "0" ]; then unshare_flags=(--net); else unshare_flags=(-r --net); fi
  exec unshare "${unshare_flags[@]}" env TIEPDAN_IN_NETNS=1 PATH="$PATH" bash "$0" "$@"
fi
ip link set lo up
ip link add tdh0 type veth peer name tdh1
ip addr add 10.77.0.1/24 dev tdh0
ip link set tdh0 up
ip link set tdh1 up
export LIVEKIT_NODE_IP=10.77.0.1
exec "$NODE" --import tsx bench/run.ts "$@"
