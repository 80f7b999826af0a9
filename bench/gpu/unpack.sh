#!/usr/bin/env bash
# On the GPU host: unpacks one transfer folder made by make-bundle.sh into CC_DIR (default /opt/cc).
#   bench/gpu/unpack.sh <folder>      (once per folder t01, t02, …, in any order)
set -euo pipefail
C=${CC_DIR:-/opt/cc}
mkdir -p "$C/p" "$C/wparts"
for f in "$1"/*; do
  case "$(basename "$f")" in
    p??.xz) xz -dc "$f" > "$C/p/$(basename "$f" .xz)" ;;
    app.tar.xz) xz -dc "$f" | tar xf - -C "$C" ;;
    w.tar.part*) cp "$f" "$C/wparts/" ;;
    *) echo "unexpected file $f" >&2; exit 2 ;;
  esac
done
echo "$C: $(ls "$C/p" | wc -l) native pieces, $(ls "$C/wparts" | wc -l) worker parts, app: $([ -d "$C/app" ] && echo yes || echo no)"
