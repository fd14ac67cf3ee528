#!/usr/bin/env bash
# Regenerates data/sample-run/ from conf/examples/sample-run.conf with bin/popdyn (about a minute).
# Commit the result: ReportSampleRunTest fails when the folder no longer matches the config or the run-directory schema.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/data/sample-run"
rm -rf "$OUT"
"$ROOT/bin/popdyn" run "$ROOT/conf/examples/sample-run.conf" --out "$OUT"
# Spark's per-file checksums (.crc) and _SUCCESS markers are not part of the run-directory format.
find "$OUT" \( -name '*.crc' -o -name '_SUCCESS' \) -delete
du -sh "$OUT"
