#!/bin/sh
# Writes cortexclust/build.properties: the project version, and the git commit and dirty flag of the checkout this
# build runs in (part of every stage key; CodeVersion reads it). The git binary answers for a linked worktree too
# (git worktree add), where the JGit-based git-commit-id plugin reported the main checkout's HEAD. Without git or
# outside a checkout the commit is "unknown".
# Usage: code-version.sh OUTPUT_FILE PROJECT_VERSION
out=$1
version=$2
dir=$(dirname "$0")
commit=$(git -C "$dir" rev-parse HEAD 2>/dev/null) || commit=unknown
dirty=false
if [ "$commit" != unknown ] && [ -n "$(git -C "$dir" status --porcelain 2>/dev/null)" ]; then dirty=true; fi
mkdir -p "$(dirname "$out")"
printf 'project.version=%s\ngit.commit.id=%s\ngit.dirty=%s\n' "$version" "$commit" "$dirty" > "$out"
