#!/usr/bin/env bash
# Independent-client check: start `cortexclust server`, launch the quickstart against it, and let the TypeScript
# client list and describe the running experiment. Needs node + npm (installs @temporalio/client into bench/ts-client).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="$(mktemp -d)"
cd "$root/bench/ts-client" && npm install --silent --no-audit --no-fund >/dev/null
cd "$root"
./cortexclust server --home "$home" --temporal-port 17233 --s3-port 19000 > "$home/server.log" 2>&1 &
server=$!
trap 'kill $server $run 2>/dev/null || true' EXIT
until grep -q "workers:" "$home/server.log"; do
  kill -0 $server 2>/dev/null || { echo "server did not start:" >&2; tail -20 "$home/server.log" >&2; exit 1; }
  sleep 0.5
done
./cortexclust run configs/quickstart.yaml --temporal 127.0.0.1:17233 --s3-endpoint http://127.0.0.1:19000 \
  --s3-credentials "$home/s3-credentials.properties" --home "$home/client" > "$home/run.log" 2>&1 &
run=$!
./cortexclust worker --temporal 127.0.0.1:17233 --s3-endpoint http://127.0.0.1:19000 \
  --s3-credentials "$home/s3-credentials.properties" --home "$home/worker" > "$home/worker.log" 2>&1 &
worker=$!
trap 'kill $server $run $worker 2>/dev/null || true' EXIT
until grep -q "\[training\]" "$home/run.log"; do
  kill -0 $run 2>/dev/null || { echo "run ended early:" >&2; tail -20 "$home/run.log" >&2; exit 1; }
  sleep 1
done
node bench/ts-client/list-and-describe.mjs 127.0.0.1:17233
