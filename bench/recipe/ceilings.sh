#!/usr/bin/env bash
# Noise ceilings per tier of a simulated population (bench/recipe/TierCeilings.java):
#   bench/recipe/ceilings.sh SEED MICE NEURONS TRIALS HEIGHT WIDTH
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -o -q -pl activities/data -am compile >&2
M2=${M2:-$HOME/.m2/repository}
CP="$ROOT/activities/data/target/classes:$ROOT/activities/common/target/classes:$ROOT/workflows/target/classes"
for j in com/fasterxml/jackson/core/jackson-databind/2.21.8/jackson-databind-2.21.8.jar \
         com/fasterxml/jackson/core/jackson-core/2.21.8/jackson-core-2.21.8.jar \
         com/fasterxml/jackson/core/jackson-annotations/2.21/jackson-annotations-2.21.jar; do
  CP="$CP:$M2/$j"
done
exec java -cp "$CP" "$ROOT/bench/recipe/TierCeilings.java" "$@"
