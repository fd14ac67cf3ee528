#!/usr/bin/env bash
# End-to-end benchmark harness: JMH kernels, then per N the single-JVM limit loop, the NumPy peer
# (../shared/bench/numpy_peer.py, same N, d, K, G, with --out) and popdyn, printed as one table: popdyn's
# per-generation means over generations 2…G of fast, slow and write (means: the state checkpoint is written only every
# execution.checkpoint-every generations and at the last), its Spark jobs per generation, the peer's same
# phases and the ratios popdyn/peer per phase and popdyn/limit for the fast phase (the limit loop has no other).
#   bench/run.sh                             # default sizes 1e4 1e5 1e6, d = 16, K = 20, G = 11
#   SIZES=10000 GENS=4 JMH=0 bench/run.sh    # quick try: one size, no JMH kernels
#   BUILD=0 bench/run.sh                     # reuse the jars already built
#   ENGINE=spark bench/run.sh                # execution.engine (default auto: in-process when it fits)
# Writes its raw outputs under bench/target/results/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIZES="${SIZES:-10000 100000 1000000}"
D="${D:-16}"
K="${K:-20}"
GENS="${GENS:-11}"
THREADS="${THREADS:-$(nproc)}"
ENGINE="${ENGINE:-auto}"
JMH="${JMH:-1}"
BUILD="${BUILD:-1}"
PEER="${PEER:-$ROOT/../shared/bench/numpy_peer.py}"
OUT="$ROOT/bench/target/results"
mkdir -p "$OUT"

if [ "$BUILD" = 1 ]; then
  echo "building (bench profile and bin/popdyn)…" >&2
  mvn -B -q -Pbench -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/spark-classpath.txt \
      -Dmdep.includeScope=provided >&2
fi
bin/popdyn --help >/dev/null

JAR="$ROOT/bench/target/popdyn-bench.jar"
if [ "$JMH" = 1 ]; then
  echo "== JMH kernels (single thread) =="
  java -jar "$JAR" -rf text -rff "$OUT/jmh.txt" KernelBenchmarks > "$OUT/jmh.log" 2>&1 || { cat "$OUT/jmh.log"; exit 1; }
  sed -n '/^Benchmark/,$p' "$OUT/jmh.txt"
fi


printf '\npopdyn: per-generation means over generations 2..%d; peer: medians; seconds (d = %d, K = %d, %d threads)\n' "$GENS" "$D" "$K" "$THREADS"
printf '%-9s %-6s %7s %7s %7s %7s %5s | %7s %7s %7s %7s | %7s %7s %7s %7s | %7s %8s\n' N engine fast slow write total jobs \
    p_fast p_slow p_write p_total fast/p slow/p write/p total/p lim_fast fast/lim
: > "$OUT/per-generation.txt"
for N in $SIZES; do
  LIMIT=$(java -cp "$JAR" dev.popdyn.bench.LimitLoop "$N" "$D" "$K" "$THREADS" 3 | sed 's/.*agent-steps\/s=//')
  PEER_DIR="$OUT/peer-$N"
  rm -rf "$PEER_DIR"
  python3 "$PEER" "$N" "$D" "$K" "$GENS" --out "$PEER_DIR" > "$OUT/peer-$N.log"
  # "peer N=… : per-generation median fast F s, slow S s, write W s, total T s"
  PEER_ROW=$(tail -1 "$OUT/peer-$N.log" | sed -E 's/.*fast ([0-9.e+-]+) s, slow ([0-9.e+-]+) s, write ([0-9.e+-]+) s.*/\1 \2 \3/')
  RUN="$OUT/run-$N"
  rm -rf "$RUN"
  /usr/bin/time -v bin/popdyn run conf/examples/quadratic.conf --out "$RUN" --set population="$N" \
      --set model.dim="$D" --set fast.steps="$K" --set generations="$GENS" --set execution.engine="$ENGINE" \
      > "$OUT/run-$N.log" 2> "$OUT/run-$N.time"
  # Means over generations 2..G (generation 1 includes start-up and code generation).
  ROW=$(bin/popdyn query --csv "$RUN" "select avg(ms_fast), avg(ms_slow), avg(ms_write) from summary
      where generation > 1" | tail -1)
  FAST=$(echo "$ROW" | cut -d, -f1); SLOW=$(echo "$ROW" | cut -d, -f2); WRITE=$(echo "$ROW" | cut -d, -f3)
  # Spark jobs per generation: the progress lines' "jobs J", median over generations 2..G.
  JOBS=$(grep -E '^gen +[0-9]+/' "$OUT/run-$N.log" | sed -E 's|^gen +([0-9]+)/.*  jobs ([0-9]+).*$|\1 \2|' \
      | awk '$1 > 1 { print $2 }' | sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "?" }')
  # The engine the run used (its first line: "run DIR  (N = …, engine E)").
  ENG=$(grep -m1 -oE 'engine [a-z]+\)' "$OUT/run-$N.log" | sed -E 's/engine ([a-z]+)\)/\1/')
  echo "$N $FAST $SLOW $WRITE $PEER_ROW $LIMIT $JOBS $ENG" | awk -v k="$K" '{
      n = $1; f = $2 / 1000; s = $3 / 1000; w = $4 / 1000; t = f + s + w; pf = $5; ps = $6; pw = $7;
      pt = pf + ps + pw; lf = n * k / $8; j = $9; e = $10;
      printf "%-9d %-6s %7.3f %7.3f %7.3f %7.3f %5s | %7.3f %7.3f %7.3f %7.3f | %7.2f %7.2f %7.2f %7.2f | %7.3f %8.2f\n",
          n, e, f, s, w, t, j, pf, ps, pw, pt, f / pf, s / ps, w / pw, t / pt, lf, f / lf }'
  grep -E "Maximum resident" "$OUT/run-$N.time" | sed "s/^/  N=$N driver /"
  echo "$N $FAST $SLOW $WRITE" >> "$OUT/per-generation.txt"
done
# Time per generation (fast + slow + write, means) against N: least-squares slope of log t on log N, with SE.
echo
awk '{ x = log($1) / log(10); y = log(($2 + $3 + $4) / 1000) / log(10); n++; sx += x; sy += y; sxx += x * x;
       sxy += x * y; X[n] = x; Y[n] = y; printf "N=%-9d time/generation %.2f s\n", $1, ($2 + $3 + $4) / 1000 }
     END { if (n < 2) exit; b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n;
       for (i = 1; i <= n; i++) { r = Y[i] - a - b * X[i]; ss += r * r }
       se = n > 2 ? sqrt(ss / (n - 2) / (sxx - sx * sx / n)) : 0;
       printf "log-log slope of time/generation vs N: %.3f +- %.3f (%d sizes)\n", b, se, n }' "$OUT/per-generation.txt"
