# Shared by bin/popdyn and bin/cluster (sourced, not executed): paths of the build outputs and the build step that
# produces them — the shaded application jar and jobs/target/spark-classpath.txt, the Maven-resolved Spark jars
# (scope provided) that replace a Spark distribution. Expects ROOT to be set to the repository root.
JAR="$ROOT/jobs/target/popdyn-jobs-0.1.0-SNAPSHOT-shaded.jar"
CP_FILE="$ROOT/jobs/target/spark-classpath.txt"

needs_build() {
  [ -f "$JAR" ] && [ -f "$CP_FILE" ] || return 0
  [ -n "$(find "$ROOT/core/src/main" "$ROOT/jobs/src/main" "$ROOT/pom.xml" "$ROOT/core/pom.xml" \
      "$ROOT/jobs/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]
}

build_if_needed() {
  if needs_build; then
    echo "popdyn: building (first run or sources changed)…" >&2
    (cd "$ROOT" && mvn -B -q -DskipTests install dependency:build-classpath \
        -Dmdep.outputFile=target/spark-classpath.txt -Dmdep.includeScope=provided >&2)
  fi
}
