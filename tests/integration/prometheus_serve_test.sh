#!/usr/bin/env bash
# Integration: `flinkscan serve` follows a log directory while a real Prometheus server scrapes it
# every second; log records are appended (a partial write, a stack trace, a rotation) and the
# expected series and values must arrive through Prometheus' query API. Also: `promtool check
# metrics` accepts /metrics, and every flinkscan metric the Grafana dashboard uses is exposed.
# Usage: prometheus_serve_test.sh FLINKSCAN_BINARY REPO_DIR. Exit 77 (SKIP) without prometheus.
set -euo pipefail

BIN=$1
REPO=$2
SKIP=77
for tool in prometheus promtool curl python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (scripts/setup-deps --test installs it)"
    exit $SKIP
  fi
done

WORK=$(mktemp -d)
SERVE_PID=""
PROM_PID=""
cleanup() {
  [[ -n $SERVE_PID ]] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null || true
  [[ -n $PROM_PID ]] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  echo "--- flinkscan serve stderr"; cat "$WORK/serve.err" || true
  echo "--- prometheus log (tail)"; tail -n 20 "$WORK/prometheus.log" || true
  exit 1
}

LOGS=$WORK/logs
mkdir -p "$LOGS"
JM=$LOGS/flink-flink-standalonesession-0-jm-host.log
JOB=3f8e2b6c9d1a4e57b0c2f6a18d9e4c73
CC="org.apache.flink.runtime.checkpoint.CheckpointCoordinator    []"
EG="org.apache.flink.runtime.executiongraph.ExecutionGraph       []"
completed() {  # id seconds duration_ms
  echo "2026-11-28 10:00:$2,840 INFO  $CC - Completed checkpoint $1 for job $JOB (475064 bytes, checkpointDuration=$3 ms, finalizationTime=17 ms)."
}

# Before serve starts: two completed checkpoints (read from the start of the file).
{ completed 1 01 116; completed 2 11 128; } > "$JM"

"$BIN" serve --listen 127.0.0.1:0 --poll-ms 200 "$LOGS" 2> "$WORK/serve.err" &
SERVE_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.err" | head -n 1)
  [[ -n $PORT ]] && break
  kill -0 "$SERVE_PID" 2>/dev/null || fail "flinkscan serve exited"
  sleep 0.1
done
[[ -n $PORT ]] || fail "flinkscan serve did not say where it listens"

PROM_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: flinkscan
    static_configs:
      - targets: ['127.0.0.1:$PORT']
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$(mktemp -d -p "$WORK")" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!

# While Prometheus starts: a slow checkpoint, a decline, then a task failure whose stack trace
# arrives in a second write with the header line's newline still missing in the first.
completed 3 21 45000 >> "$JM"
echo "2026-11-28 10:00:31,100 INFO  $CC - Decline checkpoint 4 by task 9a7c1e3b5d2f4a6c8e0b1d3f5a7c9e2b of job $JOB at 10.0.1.12:36211-8e1f0c @ tm-host-2 (dataPort=40377)." >> "$JM"
printf '%s' "2026-11-28 10:02:47,325 INFO  $EG - KeyedProcess -> Sink: Alerts (2/2) (9a7c1e3b5d2f4a6c8e0b1d3f5a7c9e2b_90bea66de1c231edf33913ecd54406c1_1_0) switched from RUNNING to FAILED on 10.0.1.12:36211-8e1f0c @ tm-host-2 (dataPort=40377)." >> "$JM"
sleep 0.5
printf '\n%s\n' "java.lang.OutOfMemoryError: Java heap space" >> "$JM"
sleep 0.5
printf '\tat java.util.HashMap.resize(HashMap.java:704) ~[?:?]\n\tat com.example.fraud.FraudDetector.processElement(FraudDetector.java:94) ~[?:?]\n' >> "$JM"
sleep 0.5
# Rotation: log4j renames the file and starts a new one.
mv "$JM" "$JM.1"
{
  echo "2026-11-28 10:02:47,339 INFO  $EG - Job Fraud Detection ($JOB) switched from state RUNNING to RESTARTING."
  completed 5 51 240
} > "$JM"
EXPECTED_LINES=$(cat "$JM.1" "$JM" | wc -l)

query() {  # PromQL -> the single value, or "none"
  curl -sf --get "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if len(r) == 1 else "none")' 2>/dev/null || echo "none"
}

declare -A EXPECT=(
  ['sum(flinkscan_checkpoints_total{status="completed",job_id="'$JOB'"})']=4
  ['sum(flinkscan_checkpoints_total{status="declined"})']=1
  ['sum(flinkscan_checkpoint_duration_seconds_count)']=4
  ['sum(flinkscan_checkpoint_duration_seconds_count) - sum(flinkscan_checkpoint_duration_seconds_bucket{le="30"})']=1
  ['sum(flinkscan_exceptions_total{class="java.lang.OutOfMemoryError",source_kind="jobmanager"})']=1
  ['sum(flinkscan_job_restarts_total{job_id="'$JOB'"})']=1
  ['sum(flinkscan_lines_read_total)']=$EXPECTED_LINES
  ['flinkscan_follow_rotations_total']=1
  ['flinkscan_follow_files']=2
  ['sum(flinkscan_incidents{kind="job_failover"})']=1
  ['up{job="flinkscan"}']=1
)
DEADLINE=$((SECONDS + 60))
while :; do
  missing=()
  for q in "${!EXPECT[@]}"; do
    got=$(query "$q")
    [[ $got == "${EXPECT[$q]}" ]] || missing+=("$q = $got (want ${EXPECT[$q]})")
  done
  ((${#missing[@]} == 0)) && break
  ((SECONDS < DEADLINE)) || fail "series did not arrive within 60 s:$(printf '\n  %s' "${missing[@]}")"
  sleep 1
done
echo "Prometheus sees all ${#EXPECT[@]} expected values"

METRICS=$WORK/metrics.txt
curl -sf "http://127.0.0.1:$PORT/metrics" -o "$METRICS" || fail "GET /metrics"
promtool check metrics < "$METRICS" || fail "promtool check metrics rejected /metrics"
curl -sf "http://127.0.0.1:$PORT/report.json" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["checkpoints"]["completed"] == 4, r["checkpoints"]
' || fail "GET /report.json"
curl -sf "http://127.0.0.1:$PORT/" -o "$WORK/index.html" || fail "GET /"
grep -qi '<html' "$WORK/index.html" || fail "GET / is not the HTML report"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/nope") == 404 ]] || fail "unknown path is not 404"

# Every flinkscan metric the dashboard uses is in the scrape.
python3 - "$REPO/contrib/monitoring/grafana/flink-flinkscan-dashboard.json" "$METRICS" <<'PY' || fail "dashboard uses metrics /metrics lacks"
import json, re, sys
dash = json.load(open(sys.argv[1]))
exposed = set(re.findall(r"^# TYPE (\S+)", open(sys.argv[2]).read(), re.M))
used = set()
for panel in dash["panels"]:
    for target in panel.get("targets", []):
        used |= set(re.findall(r"\bflinkscan_[a-z_]+", target["expr"]))
base = {re.sub(r"_(bucket|sum|count)$", "", n) if re.sub(r"_(bucket|sum|count)$", "", n) in exposed else n for n in used}
missing = sorted(base - exposed)
if missing:
    print("not exposed:", missing)
    sys.exit(1)
print(f"dashboard: {len(used)} flinkscan metrics, all exposed")
PY
echo "PASS"
