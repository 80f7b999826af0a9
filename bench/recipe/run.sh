#!/usr/bin/env bash
# Training recipe benchmarks (issue 20): run a recipe sweep, then summarise it as JSON.
#   bench/recipe/run.sh ablation          one recipe change at a time, 2 seeds (bench/recipe/ablation.yaml)
#   bench/recipe/run.sh learning-curve    rho_st / oracle and ARI vs training trials (bench/recipe/learning-curve.yaml)
# Re-launch after anything: finished points are cache hits (the home is kept: RECIPE_HOME, default
# bench/recipe/.home/<name>). The JSON goes to bench/recipe/results/<name>-<date>.json and a markdown table to stdout.
# Stage keys include the git commit, so a resumed run must use the same commit as the first launch.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
name="${1:?usage: bench/recipe/run.sh ablation|learning-curve}"
spec="$here/$name.yaml"
[ -f "$spec" ] || { echo "bench/recipe/run.sh: no sweep file $spec (ablation, learning-curve)" >&2; exit 2; }
home="${RECIPE_HOME:-$here/.home/$name}"
mkdir -p "$home" "$here/results"
shift
start=$(date +%s)
"$repo/cortexclust" sweep "$spec" --home "$home" "$@"
out="$here/results/$name-$(date -u +%Y-%m-%d).json"
python3 "$here/summarise.py" "$home" > "$out.tmp"
python3 - "$out.tmp" "$out" "$start" "$(date +%s)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d['sweep_wall_seconds'] = int(sys.argv[4]) - int(sys.argv[3])
json.dump(d, open(sys.argv[2], 'w'), indent=1)
PY
rm -f "$out.tmp"
python3 "$here/summarise.py" "$home" --markdown
echo "JSON: $out" >&2
