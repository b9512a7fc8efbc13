#!/usr/bin/env bash
# Measures one blob GET to a file from a local Distribution registry: Stowage (RegistryClient in
# a child JVM limited to -Xmx64m, through `stowage blob -o`) beside `curl -o` on the same blob URL,
# in the same run. Stowage runs twice per round: as users run it, through the ./stowage launcher
# (which adds its class-data sharing archive), and as a bare `java -jar`. Prints wall time,
# throughput (MB = 10^6 bytes, process start to exit, JVM start included) and peak RSS
# (/usr/bin/time -v).
#
#   bench/blob-get.sh                 # 1 GiB, 3 rounds
#   SIZE_MIB=256 ROUNDS=1 bench/blob-get.sh
#   JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/get.jfr" bench/blob-get.sh
#
# Needs: docker-registry, curl, /usr/bin/time, java 17, and cli/target/stowage.jar
# (./mvnw -B -q -pl cli -am package -DskipTests, or any ./stowage command).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${STOWAGE_JAR:-$ROOT/cli/target/stowage.jar}
SIZE_MIB=${SIZE_MIB:-1024}
ROUNDS=${ROUNDS:-3}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}

for tool in docker-registry curl /usr/bin/time "$JAVA"; do
    command -v "$tool" >/dev/null || { echo "blob-get: $tool is missing" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "blob-get: $JAR is missing; build it with ./mvnw -B -q -pl cli -am package -DskipTests" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stowage-blob-get.XXXXXX")
REGISTRY_PID=
cleanup() {
    if [ -n "$REGISTRY_PID" ]; then kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/storage
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$PORT
  secret: stowage-bench
YAML
env -u REGISTRY_HTTP_ADDR docker-registry serve "$WORK/config.yml" > "$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/v2/" && break; sleep 0.1; done
curl -sf -o /dev/null "$BASE/v2/" || { echo "blob-get: the registry did not start:" >&2; cat "$WORK/registry.log" >&2; exit 1; }

echo "writing a ${SIZE_MIB} MiB random blob and pushing it to $BASE/bench ..." >&2
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/blob"
DIGEST=sha256:$(sha256sum "$WORK/blob" | cut -d' ' -f1)
LOCATION=$(curl -sf -D - -o /dev/null -X POST "$BASE/v2/bench/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
case "$LOCATION" in http*) ;; *) LOCATION=$BASE$LOCATION ;; esac
case "$LOCATION" in *\?*) SEP='&' ;; *) SEP='?' ;; esac
curl -sf -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' --upload-file "$WORK/blob" \
    "$LOCATION${SEP}digest=$DIGEST"
rm -f "$WORK/blob"
BYTES=$((SIZE_MIB * 1024 * 1024))

# Runs one timed command; prints: wall seconds, peak RSS KiB, CPU seconds (user + system). The
# previous run's output is deleted and flushed first, so no run pays for another's disk writes.
timed() {
    rm -f "$WORK/out"
    sync
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || {
        echo "blob-get: $* failed:" >&2; cat "$WORK/stderr.txt" >&2; exit 1; }
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt" \
        | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$WORK/time.txt")
    echo "$wall $rss $cpu"
}

report() { # tool wall rss cpu
    awk -v tool="$1" -v wall="$2" -v rss="$3" -v cpu="$4" -v bytes="$BYTES" \
        'BEGIN { printf "%-28s %8.2f s %9.0f MB/s %8.1f MiB %8.2f s\n", tool, wall, bytes / wall / 1e6, rss / 1024, cpu }'
}

# One unmeasured read puts the registry's copy in the page cache for every run that follows; one
# unmeasured launcher run makes its class-data archive if this build has none yet.
curl -sf -o /dev/null "$BASE/v2/bench/blobs/$DIGEST"
# The launcher finds java through JAVA_HOME: the JDK that $JAVA belongs to.
LAUNCHER_JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
STOWAGE_NO_BUILD=1 JAVA_HOME=$LAUNCHER_JAVA_HOME "$ROOT/stowage" --version > /dev/null

printf "%-28s %10s %14s %12s %10s\n" "tool (${SIZE_MIB} MiB blob)" "wall" "throughput" "peak RSS" "CPU"
for round in $(seq "$ROUNDS"); do
    read -r wall rss cpu < <(timed env STOWAGE_NO_BUILD=1 JAVA_HOME="$LAUNCHER_JAVA_HOME" JAVA_OPTS="-Xmx64m $JAVA_OPTS" \
        "$ROOT/stowage" blob "127.0.0.1:$PORT/bench@$DIGEST" -o "$WORK/out")
    [ "$(stat -c %s "$WORK/out")" = "$BYTES" ] || { echo "blob-get: stowage wrote a short file" >&2; exit 1; }
    report "stowage -Xmx64m (round $round)" "$wall" "$rss" "$cpu"
    # shellcheck disable=SC2086
    read -r wall rss cpu < <(timed "$JAVA" -Xmx64m $JAVA_OPTS -jar "$JAR" blob "127.0.0.1:$PORT/bench@$DIGEST" -o "$WORK/out")
    [ "$(stat -c %s "$WORK/out")" = "$BYTES" ] || { echo "blob-get: java -jar wrote a short file" >&2; exit 1; }
    report "java -jar -Xmx64m (round $round)" "$wall" "$rss" "$cpu"
    read -r wall rss cpu < <(timed curl -sf -o "$WORK/out" "$BASE/v2/bench/blobs/$DIGEST")
    [ "$(stat -c %s "$WORK/out")" = "$BYTES" ] || { echo "blob-get: curl wrote a short file" >&2; exit 1; }
    report "curl -o (round $round)" "$wall" "$rss" "$cpu"
done
