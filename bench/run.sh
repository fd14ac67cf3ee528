#!/usr/bin/env bash
# End-to-end benchmark harness: JMH kernels, the single-JVM limit loop, and the Spark job at several N, printed as
# one table with every Spark figure as a ratio to the limit loop measured in the same run.
#   bench/run.sh                 # default sizes 1e4 1e5 1e6, d = 16, K = 100
#   SIZES="10000 100000" bench/run.sh
# Writes its raw outputs under bench/target/results/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIZES="${SIZES:-10000 100000 1000000}"
D="${D:-16}"
K="${K:-100}"
GENS="${GENS:-3}"
THREADS="${THREADS:-$(nproc)}"
OUT="$ROOT/bench/target/results"
mkdir -p "$OUT"

echo "building (bench profile and bin/popdyn)…" >&2
mvn -B -q -Pbench -DskipTests install >&2
bin/popdyn --help >/dev/null

JAR="$ROOT/bench/target/popdyn-bench.jar"
echo "== JMH kernels (single thread) =="
java -jar "$JAR" -rf text -rff "$OUT/jmh.txt" KernelBenchmarks > "$OUT/jmh.log" 2>&1 || { cat "$OUT/jmh.log"; exit 1; }
sed -n '/^Benchmark/,$p' "$OUT/jmh.txt"

: > "$OUT/per-generation.txt"
printf '\n%-9s %14s %14s %8s %10s %10s %10s %9s\n' N limit_steps/s spark_steps/s ratio fast_ms slow_ms write_ms slow/write
for N in $SIZES; do
  LIMIT=$(java -cp "$JAR" dev.popdyn.bench.LimitLoop "$N" "$D" "$K" "$THREADS" 3 | sed 's/.*agent-steps\/s=//')
  RUN="$OUT/run-$N"
  rm -rf "$RUN"
  /usr/bin/time -v bin/popdyn run conf/examples/quadratic.conf --out "$RUN" --set population="$N" \
      --set model.dim="$D" --set fast.steps="$K" --set generations="$GENS" --set execution.theta-every=0 \
      > "$OUT/run-$N.log" 2> "$OUT/run-$N.time"
  # Median over generations 2..G (generation 1 includes start-up and code generation).
  ROW=$(bin/popdyn query --csv "$RUN" "select percentile(ms_fast, 0.5), percentile(ms_slow, 0.5),
      percentile(ms_write, 0.5) from summary where generation > 1" | tail -1)
  FAST=$(echo "$ROW" | cut -d, -f1); SLOW=$(echo "$ROW" | cut -d, -f2); WRITE=$(echo "$ROW" | cut -d, -f3)
  awk -v n="$N" -v k="$K" -v lim="$LIMIT" -v f="$FAST" -v s="$SLOW" -v w="$WRITE" 'BEGIN {
      sp = n * k / (f / 1000.0);
      printf "%-9d %14.4g %14.4g %8.3f %10.0f %10.0f %10.0f %9.2f\n", n, lim, sp, sp / lim, f, s, w, s / w }'
  grep -E "Maximum resident" "$OUT/run-$N.time" | sed "s/^/  N=$N driver /"
  echo "$N $FAST $SLOW $WRITE" >> "$OUT/per-generation.txt"
done
# Time per generation (fast + slow + write, medians) against N: least-squares slope of log t on log N, with SE.
echo
awk '{ x = log($1) / log(10); y = log(($2 + $3 + $4) / 1000) / log(10); n++; sx += x; sy += y; sxx += x * x;
       sxy += x * y; X[n] = x; Y[n] = y; printf "N=%-9d time/generation %.2f s\n", $1, ($2 + $3 + $4) / 1000 }
     END { if (n < 2) exit; b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n;
       for (i = 1; i <= n; i++) { r = Y[i] - a - b * X[i]; ss += r * r }
       se = n > 2 ? sqrt(ss / (n - 2) / (sxx - sx * sx / n)) : 0;
       printf "log-log slope of time/generation vs N: %.3f +- %.3f (%d sizes)\n", b, se, n }' "$OUT/per-generation.txt"
