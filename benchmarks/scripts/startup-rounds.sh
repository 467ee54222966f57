#!/usr/bin/env bash
# Start-up to the first typed result over HTTP, Quarry and LangChain4j in interleaved rounds
# (one process of each per round, so both see the same machine load), then the medians: of the
# time from the JVM's start to the result (what start-up means; each main prints it), and of the
# whole process (which adds the JVM's exit: up to ~300 ms waiting for threads in native code).
# Usage: benchmarks/scripts/startup-rounds.sh [java] [rounds]   (from the checkout's root,
# after `mvn -B -P benchmarks -pl benchmarks -am package -DskipTests`)
set -euo pipefail
JAVA=${1:-java}
ROUNDS=${2:-9}
JAR=benchmarks/target/benchmarks.jar
declare -A result wall
for main in QuarryFirstResult LangChain4jFirstResult; do
  "$JAVA" -cp "$JAR" "dev.quarry.benchmarks.startup.$main" > /dev/null 2>&1 # warm the file cache
done
for ((round = 1; round <= ROUNDS; round++)); do
  for main in QuarryFirstResult LangChain4jFirstResult; do
    start=$(date +%s%N)
    ms=$("$JAVA" -cp "$JAR" "dev.quarry.benchmarks.startup.$main" 2>&1 > /dev/null \
      | sed -n 's/^first result after \([0-9]*\) ms$/\1/p')
    end=$(date +%s%N)
    result[$main]+="$ms "
    wall[$main]+="$(( (end - start) / 1000000 )) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$JAVA" -version 2>&1 | head -1
for kind in result wall; do
  declare -n t=$kind
  q=$(echo "${t[QuarryFirstResult]}" | median)
  l=$(echo "${t[LangChain4jFirstResult]}" | median)
  echo "$kind, Quarry ms:      ${t[QuarryFirstResult]}(median $q)"
  echo "$kind, LangChain4j ms: ${t[LangChain4jFirstResult]}(median $l)"
  awk -v k="$kind" -v q="$q" -v l="$l" 'BEGIN {printf "%s, Quarry / LangChain4j: %.2f\n", k, q / l}'
done
