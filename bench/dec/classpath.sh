#!/usr/bin/env bash
# Prints a classpath for running the bench/dec programs against this checkout's compiled classes:
# the dec module's dependency jars, with the cortexclust-* jars replaced by the modules' target/classes.
# Usage (from the repository root): mvn -o -q -pl activities/dec -am compile && java -cp "$(bench/dec/classpath.sh)" bench/dec/X.java
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cpfile=$(mktemp)
mvn -o -q -f "$root/pom.xml" -pl activities/dec dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
deps=$(tr ':' '\n' < "$cpfile" | grep -v '/cortexclust-' | paste -sd: -)
rm -f "$cpfile"
mods=""
for m in activities/dec activities/common workflows activities/data activities/clustering activities/alignment activities/training; do
  mods="$mods:$root/$m/target/classes"
done
echo "${mods#:}:$deps"
