# Shared by bin/popdyn and bin/cluster (sourced, not executed): paths of the build outputs and the build step that
# produces them — the shaded application jar and jobs/target/spark-classpath.txt, the Maven-resolved Spark jars
# (scope provided) that replace a Spark distribution. Expects ROOT to be set to the repository root.
JAR="$ROOT/jobs/target/popdyn-jobs-0.1.0-SNAPSHOT-shaded.jar"
CP_FILE="$ROOT/jobs/target/spark-classpath.txt"
HDFS_CP_FILE="$ROOT/jobs/target/hdfs-classpath.txt"
# The single-node HDFS of 'bin/cluster start --hdfs': the minicluster jar (test scope of jobs) and what it needs at run
# time; the rest of Hadoop is shaded into hadoop-client-api / hadoop-client-runtime.
HDFS_ARTIFACTS=hadoop-client-minicluster,hadoop-client-api,hadoop-client-runtime,junit,hamcrest-core,slf4j-api
HDFS_ARTIFACTS+=,jcl-over-slf4j,log4j-api,log4j-core,log4j-slf4j2-impl

# Maven output without terminal escapes (Debian's Maven 3.8 writes colour resets even in batch mode).
plain() {
  sed 's/\x1b\[[0-9;]*m//g'
}

needs_build() {
  [ -f "$JAR" ] && [ -f "$CP_FILE" ] || return 0
  [ -n "$(find "$ROOT/core/src/main" "$ROOT/jobs/src/main" "$ROOT/pom.xml" "$ROOT/core/pom.xml" \
      "$ROOT/jobs/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]
}

build_if_needed() {
  if needs_build; then
    echo "popdyn: building (first run or sources changed)…" >&2
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile=target/spark-classpath.txt -Dmdep.includeScope=provided 2>&1 | plain >&2)
  fi
}

needs_hdfs_classpath() {
  [ -f "$HDFS_CP_FILE" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/jobs/pom.xml" -newer "$HDFS_CP_FILE" -print -quit 2>/dev/null)" ]
}

hdfs_classpath_if_needed() {
  if needs_hdfs_classpath; then
    echo "popdyn: resolving the Hadoop minicluster jars…" >&2
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl jobs -am -DskipTests compile dependency:build-classpath \
        -Dmdep.outputFile=target/hdfs-classpath.txt -Dmdep.includeScope=test \
        -DincludeArtifactIds="$HDFS_ARTIFACTS" 2>&1 | plain >&2)
  fi
}
