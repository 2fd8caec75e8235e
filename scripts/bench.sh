#!/usr/bin/env bash
# `npm run bench [-- queue|floor|load|typing|growth|flood|page|history|cases|reports|export|scale]`: the benchmarks, inside a private network namespace like the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE=node_modules/.bin/node; [ -x "$NODE" ] || NODE=node
if [ -z "${TIEPDAN_IN_NETNS:-}" ]; then
  "$NODE" node_modules/tsx/dist/cli.mjs scripts/ensure-servers.ts
  # The growth benchmark opens the minutes page in Chromium: the hub serves the built web client.
  "$NODE" node_modules/vite/bin/vite.js build --config web/vite.config.ts --logLevel warn
  if [ "$(id -u)" = "0" ]; then unshare_flags=(--net); else unshare_flags=(-r --net); fi
  exec unshare "${unshare_flags[@]}" env TIEPDAN_IN_NETNS=1 PATH="$PATH" bash "$0" "$@"
fi
# shellcheck source=scripts/netns.sh
source scripts/netns.sh
exec "$NODE" --import tsx bench/run.ts "$@"
