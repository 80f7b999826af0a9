#!/bin/sh
# One-shot (temporalio/admin-tools image): the namespace the workers use, created when missing.
set -eu
NS=${TEMPORAL_NAMESPACE:-default}
until temporal operator cluster health --address temporal:7233 >/dev/null 2>&1; do echo "waiting for temporal..."; sleep 3; done
temporal operator namespace describe -n "$NS" --address temporal:7233 >/dev/null 2>&1 \
  || temporal operator namespace create -n "$NS" --retention 30d --address temporal:7233
