#!/usr/bin/env bash
# Runs bench/data/DataBench.java against the compiled data module (mvn -o -q -pl activities/data -am compile first).
set -euo pipefail
cd "$(dirname "$0")/../.."
M2=${M2:-$HOME/.m2/repository}
JV=$(ls "$M2/com/fasterxml/jackson/core/jackson-databind" | sort -V | tail -1)
CP="activities/data/target/classes:activities/common/target/classes"
for a in jackson-databind jackson-core jackson-annotations; do
  v=$(ls "$M2/com/fasterxml/jackson/core/$a" | grep -v '^\.' | sort -V | tail -1)
  CP="$CP:$M2/com/fasterxml/jackson/core/$a/$v/$a-$v.jar"
done
exec java ${JAVA_OPTS:--Xmx3g} -cp "$CP" bench/data/DataBench.java "$@"
