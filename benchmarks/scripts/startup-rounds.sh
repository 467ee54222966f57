#!/usr/bin/env bash
# Start-up to the first typed result over HTTP, Quarry and LangChain4j in interleaved rounds
# (one process of each per round, so both see the same machine load), then the medians.
# Usage: benchmarks/scripts/startup-rounds.sh [java] [rounds]   (from the checkout's root,
# after `mvn -B -P benchmarks -pl benchmarks -am package -DskipTests`)
set -euo pipefail
JAVA=${1:-java}
ROUNDS=${2:-9}
JAR=benchmarks/target/benchmarks.jar
declare -A times
for main in QuarryFirstResult LangChain4jFirstResult; do
  "$JAVA" -cp "$JAR" "dev.quarry.benchmarks.startup.$main" > /dev/null # warm the file cache
done
for ((round = 1; round <= ROUNDS; round++)); do
  for main in QuarryFirstResult LangChain4jFirstResult; do
    start=$(date +%s%N)
    "$JAVA" -cp "$JAR" "dev.quarry.benchmarks.startup.$main" > /dev/null
    end=$(date +%s%N)
    times[$main]+="$(( (end - start) / 1000000 )) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
q=$(echo "${times[QuarryFirstResult]}" | median)
l=$(echo "${times[LangChain4jFirstResult]}" | median)
"$JAVA" -version 2>&1 | head -1
echo "Quarry ms:      ${times[QuarryFirstResult]}(median $q)"
echo "LangChain4j ms: ${times[LangChain4jFirstResult]}(median $l)"
awk -v q="$q" -v l="$l" 'BEGIN {printf "Quarry / LangChain4j: %.2f\n", q / l}'
