#!/usr/bin/env bash
# compare.sh — flinkscan next to the tools people use on Flink logs today and
# next to its own limits (issue 4), side by side in one run. It generates its
# corpora itself (gen_corpus, seeded) into --data (never the repository):
#
#   plain     one 2 GiB log file (a generated cluster's logs, concatenated)
#   many      2,000 files of ~1 MB (the same bytes, split at lines)
#   zst, gz   the plain file compressed (zstd -3, gzip -6)
#   small     the first 100 KB of the plain file (start-up bound)
#   rss-1g, rss-8g           1 GiB and 8 GiB corpora, default incident density
#   rss-1g-calm, rss-8g-calm 1 GiB and 8 GiB corpora with 16 incidents (a healthy long run)
#
# and times, round by round (interleaved, so load changes hit all tools alike):
# `flinkscan scan` (JSON written) with 1 and 2 threads; `grep -ci
# 'exception\|error\|fail'`; `rg -c -f <the catalog's expressions>`;
# bench/raw_hyperscan_scan (the same catalog's database, nothing else);
# `zstd -d -c`, `gzip -dc`, `igzip -dc`, `pigz -dc` (those installed) to
# /dev/null. Reports the median wall seconds, GB/s (decimal, uncompressed
# bytes), peak RSS (/usr/bin/time -v) and the issue's targets with the ratios
# that decide them. flinkscan's answer on a generated corpus is checked against
# the ground truth once.
#
#   bench/compare.sh --build /work/build-perf-rel [--data /work/bench-data] [--runs 5]
#                    [--only plain,many,zst,gz,small,rss] [--generate-only]
#
# Rules from /work/shared/performance.md: the page cache is warmed first;
# grep's output is piped (with -c and stdout on /dev/null GNU grep stops at the
# first match, lesson 10); ratios only from one run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
data=/work/bench-data
runs=5
build=""
only="plain,many,zst,gz,small,rss"
generate_only=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --generate-only) generate_only=1; shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

if [[ -z "$build" ]]; then
  for candidate in "$repo/build/release" /work/build-perf-rel /work/build-bench; do
    if [[ -x "$candidate/cli/flinkscan" ]]; then build="$candidate"; break; fi
  done
fi
flinkscan="$build/cli/flinkscan"
gen="$build/bench/gen_corpus"
raw="$build/bench/raw_hyperscan_scan"
for tool in "$flinkscan" "$gen" "$raw" /usr/bin/time python3 zstd gzip split; do
  command -v "$tool" > /dev/null || {
    echo "compare.sh: $tool not found (Release build with -DFLINKSCAN_BUILD_BENCH=ON, pass --build;" \
      "scripts/setup-deps --test installs time)" >&2
    exit 2
  }
done
case "$data" in "$repo"|"$repo"/*) echo "compare.sh: --data must be outside the repository" >&2; exit 2 ;; esac
mkdir -p "$data"
work="$(mktemp -d "${TMPDIR:-/tmp}/flinkscan-compare-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- corpora (made once; delete --data to remake) --------------------------
generate() {  # generate NAME BYTES [gen_corpus options…]
  local name="$1" bytes="$2"; shift 2
  if [[ ! -f "$data/$name/ground-truth.json" ]]; then
    echo "generating $name ($bytes) ..." >&2
    rm -rf "$data/$name"
    "$gen" --out "$data/$name" --bytes "$bytes" --seed 7 "$@" >&2
  fi
}
plain="$data/plain-2g.log"
if wants plain || wants many || wants zst || wants gz || wants small; then
  generate corpus-2g 2G
  if [[ ! -f "$plain" ]]; then
    cat "$data"/corpus-2g/log/*.log > "$plain.tmp" && mv "$plain.tmp" "$plain"
  fi
fi
if wants many && [[ ! -f "$data/many/.done" ]]; then
  echo "splitting into 2,000 files of ~1 MB ..." >&2
  rm -rf "$data/many" && mkdir -p "$data/many"
  split -C 1000000 -d -a 5 --additional-suffix=.log "$plain" "$data/many/part-"
  find "$data/many" -name 'part-*.log' | sort | tail -n +2001 | xargs -r rm -f
  touch "$data/many/.done"
fi
if wants zst && [[ ! -f "$plain.zst" ]]; then zstd -q -3 -T0 -c "$plain" > "$plain.zst.tmp" && mv "$plain.zst.tmp" "$plain.zst"; fi
if wants gz && [[ ! -f "$plain.gz" ]]; then gzip -6 -c "$plain" > "$plain.gz.tmp" && mv "$plain.gz.tmp" "$plain.gz"; fi
if wants small && [[ ! -f "$data/small-100k.log" ]]; then
  head -c 100000 "$plain" | python3 -c 'import sys; b=sys.stdin.buffer.read(); sys.stdout.buffer.write(b[:b.rfind(b"\n")+1])' \
    > "$data/small-100k.log"
fi
if wants rss; then
  generate rss-1g 1G
  generate rss-8g 8G
  generate rss-1g-calm 1G --incidents 16
  generate rss-8g-calm 8G --incidents 16
fi

[[ $generate_only -eq 0 ]] || exit 0

# The catalog's expressions, one per line; Hyperscan's caseless flag becomes (?i).
python3 - "$repo/patterns/catalog" > "$work/patterns.txt" <<'EOF'
import glob, json, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    doc = json.load(open(path))
    entries = doc["patterns"] if isinstance(doc, dict) else doc
    for entry in entries:
        expr = entry["expression"]
        if "caseless" in entry.get("flags", []):
            expr = "(?i)" + expr
        print(expr)
EOF
have_rg=0
if command -v rg > /dev/null; then
  # Exit status 1 is "no match"; an expression rg cannot compile is status 2 with a message.
  if rg -c -f "$work/patterns.txt" "$work/patterns.txt" > /dev/null 2> "$work/rg.err" || [[ ! -s "$work/rg.err" ]]; then
    have_rg=1
  fi
fi
[[ $have_rg -eq 1 ]] || echo "ripgrep missing or rejects the catalog: its rows are skipped" >&2

# ---- measuring ---------------------------------------------------------------
q() { printf '%q ' "$@"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
declare -A median_us peak_kb
results="$work/results.md"
: > "$results"

# measure GROUP BYTES ROUNDS NAME COMMAND [NAME COMMAND …]: interleaved rounds.
measure() {
  local group="$1" bytes="$2" rounds="$3"; shift 3
  local names=() commands=()
  while [[ $# -gt 0 ]]; do names+=("$1"); commands+=("$2"); shift 2; done
  declare -A us kb
  for ((round = 1; round <= rounds; ++round)); do
    for i in "${!names[@]}"; do
      local start end
      start=$(date +%s%N)
      /usr/bin/time -v -o "$work/time.txt" bash -c "${commands[$i]}" || echo "failed: ${names[$i]}" >&2
      end=$(date +%s%N)
      us[$i]+="$(( (end - start) / 1000 )) "
      kb[$i]+="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt") "
    done
  done
  for i in "${!names[@]}"; do
    local m k
    m=$(echo "${us[$i]}" | median)
    k=$(echo "${kb[$i]}" | tr ' ' '\n' | grep -v '^$' | sort -n | tail -1)
    median_us["$group/${names[$i]}"]=$m
    peak_kb["$group/${names[$i]}"]=$k
    awk -v g="$group" -v n="${names[$i]}" -v us="$m" -v b="$bytes" -v kb="$k" \
      'BEGIN { printf "| %s | %s | %.3f | %.2f | %.0f |\n", g, n, us / 1e6, b / (us / 1e6) / 1e9, kb / 1024 }' >> "$results"
  done
  echo "measured $group" >&2
}
warm() { cat "$@" > /dev/null; cat "$@" > /dev/null; }
json_out="$work/analysis.json"
fs() { echo "$(q "$flinkscan") scan --format json -o $(q "$json_out") $*"; }

if wants plain; then
  warm "$plain"
  bytes=$(stat -c %s "$plain")
  args=(
    "flinkscan -j1" "$(fs -j 1 "$(q "$plain")")"
    "flinkscan -j2" "$(fs -j 2 "$(q "$plain")")"
    "raw hyperscan -j1" "$(q "$raw") -j 1 $(q "$plain") > /dev/null"
    "raw hyperscan -j2" "$(q "$raw") -j 2 $(q "$plain") > /dev/null"
    "grep -ci" "grep -ci 'exception\\|error\\|fail' $(q "$plain") | cat > /dev/null"
  )
  [[ $have_rg -eq 1 ]] && args+=("rg -c -f -j1" "rg -c -j1 -f $(q "$work/patterns.txt") $(q "$plain") | cat > /dev/null"
                                 "rg -c -f -j2" "rg -c -j2 -f $(q "$work/patterns.txt") $(q "$plain") | cat > /dev/null")
  measure plain "$bytes" "$runs" "${args[@]}"
fi
if wants many; then
  mapfile -t many < <(find "$data/many" -name 'part-*.log' | sort)
  warm "${many[@]}"
  bytes=$(cat "${many[@]}" | wc -c)
  args=(
    "flinkscan -j1" "$(fs -j 1 "$(q "$data/many")")"
    "flinkscan -j2" "$(fs -j 2 "$(q "$data/many")")"
    "raw hyperscan -j1" "$(q "$raw") -j 1 $(q "${many[@]}") > /dev/null"
    "raw hyperscan -j2" "$(q "$raw") -j 2 $(q "${many[@]}") > /dev/null"
    "grep -ci" "grep -ci 'exception\\|error\\|fail' $(q "${many[@]}") | cat > /dev/null"
  )
  [[ $have_rg -eq 1 ]] && args+=("rg -c -f -j1" "rg -c -j1 -f $(q "$work/patterns.txt") $(q "$data/many") | cat > /dev/null"
                                 "rg -c -f -j2" "rg -c -j2 -f $(q "$work/patterns.txt") $(q "$data/many") | cat > /dev/null")
  measure many "$bytes" "$runs" "${args[@]}"
fi
bytes_plain=$( [[ -f "$plain" ]] && stat -c %s "$plain" || echo 0)
if wants zst; then
  warm "$plain.zst"
  measure zst "$bytes_plain" "$runs" \
    "flinkscan -j1" "$(fs -j 1 "$(q "$plain.zst")")" \
    "flinkscan -j2" "$(fs -j 2 "$(q "$plain.zst")")" \
    "zstd -d -c" "zstd -q -d -c $(q "$plain.zst") > /dev/null"
fi
if wants gz; then
  warm "$plain.gz"
  args=("flinkscan -j1" "$(fs -j 1 "$(q "$plain.gz")")" "flinkscan -j2" "$(fs -j 2 "$(q "$plain.gz")")"
        "gzip -dc" "gzip -dc $(q "$plain.gz") > /dev/null")
  for decoder in igzip pigz; do
    command -v $decoder > /dev/null && args+=("$decoder -dc" "$decoder -dc $(q "$plain.gz") > /dev/null")
  done
  measure gz "$bytes_plain" "$runs" "${args[@]}"
fi
if wants small; then
  warm "$data/small-100k.log"
  measure small "$(stat -c %s "$data/small-100k.log")" $((runs * 4)) \
    "flinkscan -j2" "$(fs -j 2 "$(q "$data/small-100k.log")")"
fi
if wants rss; then
  for name in rss-1g rss-8g rss-1g-calm rss-8g-calm; do
    measure rss "$(cat "$data/$name"/log/* | wc -c)" 1 "flinkscan -j2 $name" "$(fs -j 2 "$(q "$data/$name/log")")"
  done
fi

# ---- report --------------------------------------------------------------------
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load at the end:" \
  "$(cut -d' ' -f1-3 /proc/loadavg); median of $runs rounds (small: $((runs * 4)); rss: 1)"
echo
echo "| input | tool | median s | GB/s | peak RSS MiB |"
echo "| --- | --- | ---: | ---: | ---: |"
cat "$results"
echo
get() { echo "${median_us[$1]:-}"; }
ratio() {  # ratio LABEL TARGET FASTER_KEY SLOWER_KEY: speed of the first over the second
  local a b; a=$(get "$3"); b=$(get "$4")
  [[ -n "$a" && -n "$b" ]] || return 0
  awk -v l="$1" -v t="$2" -v a="$a" -v b="$b" 'BEGIN { r = b / a; printf "| %s | %s | %.2f× | %s |\n", l, t, r, (r >= t + 0) ? "met" : "NOT met" }'
}
echo "| target | needed | measured | |"
echo "| --- | ---: | ---: | --- |"
ratio "plain, 2 threads: flinkscan vs rg -c -f" 3 "plain/flinkscan -j2" "plain/rg -c -f -j2"
ratio "plain, 2 threads: flinkscan vs raw Hyperscan" 0.8 "plain/flinkscan -j2" "plain/raw hyperscan -j2"
ratio "plain: flinkscan 2 threads vs 1 thread" 1.7 "plain/flinkscan -j2" "plain/flinkscan -j1"
ratio ".zst: flinkscan -j2 vs zstd -d -c" 0.85 "zst/flinkscan -j2" "zst/zstd -d -c"
if [[ -n "$(get 'gz/gzip -dc')" ]]; then
  best=""
  for decoder in "gzip -dc" "igzip -dc" "pigz -dc"; do
    us=$(get "gz/$decoder")
    [[ -n "$us" ]] || continue
    if [[ -z "$best" ]] || (( us < $(get "gz/$best") )); then best="$decoder"; fi
  done
  ratio ".gz: flinkscan -j2 vs $best (the fastest)" 0.85 "gz/flinkscan -j2" "gz/$best"
fi
if [[ -n "$(get 'many/flinkscan -j2')" ]]; then
  awk -v us="$(get 'many/flinkscan -j2')" -v b="$(cat "$data"/many/part-*.log | wc -c)" \
    'BEGIN { r = b / (us / 1e6) / 1e9; printf "| 2,000 × 1 MB, 2 threads | 2 GB/s | %.2f GB/s | %s |\n", r, (r >= 2) ? "met" : "NOT met" }'
fi
if [[ -n "$(get 'small/flinkscan -j2')" ]]; then
  awk -v us="$(get 'small/flinkscan -j2')" \
    'BEGIN { ms = us / 1000; printf "| 100 KB, wall incl. start-up | 30 ms | %.1f ms | %s |\n", ms, (ms <= 30) ? "met" : "NOT met" }'
fi
for suffix in "" "-calm"; do
  a="${peak_kb[rss/flinkscan -j2 rss-1g$suffix]:-}"; b="${peak_kb[rss/flinkscan -j2 rss-8g$suffix]:-}"
  [[ -n "$a" && -n "$b" ]] || continue
  awk -v s="$suffix" -v a="$a" -v b="$b" 'BEGIN { g = b / a - 1;
    printf "| peak RSS, 8 GiB%s: ≤ 300 MB and ≤ +10 %% of 1 GiB | 300 MB, +10 %% | %.0f MB, %+.0f %% (1 GiB: %.0f MB) | %s |\n",
      s, b / 1000, g * 100, a / 1000, (b / 1000 <= 300 && g <= 0.10) ? "met" : "NOT met" }'
done

# ---- is the fast answer right? ---------------------------------------------------
if [[ -f "$data/corpus-2g/ground-truth.json" ]]; then
  "$flinkscan" scan --format json -o "$json_out" "$data/corpus-2g/log"
  python3 - "$data/corpus-2g/ground-truth.json" "$json_out" <<'EOF'
import collections, json, sys
truth = json.load(open(sys.argv[1]))
analysis = json.load(open(sys.argv[2]))
kinds = dict(collections.Counter(i["kind"] for i in analysis["incidents"]))
problems = []
if kinds != truth["incident_counts"]:
    problems.append(f"incidents {kinds} != truth {truth['incident_counts']}")
for key in ("completed", "failed"):
    if analysis["checkpoints"][key] != truth["checkpoints"][key]:
        problems.append(f"checkpoints.{key} {analysis['checkpoints'][key]} != {truth['checkpoints'][key]}")
print()
print("flinkscan on corpus-2g vs its ground truth: " +
      ("OK (" + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())) + ")" if not problems
       else "WRONG: " + "; ".join(problems)))
sys.exit(1 if problems else 0)
EOF
fi
