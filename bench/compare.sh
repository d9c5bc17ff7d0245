#!/usr/bin/env bash
# compare.sh — flinkscan next to the tools people use on Flink logs today, on
# one generated corpus (bench/README.md). Prints a markdown table: median
# wall seconds over --runs rounds, GB/s (decimal, of the corpus bytes), speed
# relative to grep, and peak RSS from /usr/bin/time -v.
#
#   bench/compare.sh --build /work/build-bench [--bytes 1G] [--runs 3] [--seed 1] [--keep]
#   bench/compare.sh --build DIR --corpus DIR    # reuse a corpus made by gen_corpus
#
# Rules from /work/shared/performance.md: the page cache is warmed first;
# tools run interleaved, round by round, so load changes hit all of them;
# grep's output is piped (with -c and stdout on /dev/null GNU grep stops at the
# first match, lesson 10). flinkscan's answer is checked against the ground
# truth once, so a fast wrong answer is reported as such.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
bytes=1G
runs=3
seed=1
build=""
corpus=""
keep=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bytes) bytes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$build" ]]; then
  for candidate in "$repo/build/release" "$repo/build" /work/build-bench; do
    if [[ -x "$candidate/cli/flinkscan" ]]; then build="$candidate"; break; fi
  done
fi
flinkscan="$build/cli/flinkscan"
gen="$build/bench/gen_corpus"
for tool in "$flinkscan" "$gen" /usr/bin/time python3; do
  command -v "$tool" > /dev/null || { echo "compare.sh: $tool not found (build with -DFLINKSCAN_BUILD_BENCH=ON, pass --build)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/flinkscan-compare-XXXXXX")"
cleanup() { if [[ $keep -eq 0 ]]; then rm -rf "$work"; else echo "kept: $work" >&2; fi; }
trap cleanup EXIT

if [[ -z "$corpus" ]]; then
  corpus="$work/corpus"
  echo "generating $bytes (seed $seed) into $corpus ..." >&2
  "$gen" --out "$corpus" --bytes "$bytes" --seed "$seed" >&2
fi
logs="$corpus/log"
total_bytes=$(cat "$logs"/* | wc -c)
mapfile -t files < <(find "$logs" -type f | sort)

# The catalog's expressions, one per line (there is no expression export in
# the CLI yet). Hyperscan's caseless flag becomes (?i); rg is line-based like
# the catalog (no pattern may match a newline; `[^\n]` classes are accepted).
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

# Warm the page cache (twice: the first pass may still be reading from disk).
cat "${files[@]}" > /dev/null
cat "${files[@]}" > /dev/null

names=()
commands=()
add() { names+=("$1"); commands+=("$2"); }
q() { printf '%q ' "$@"; }
add "cat > /dev/null (floor)" "cat $(q "${files[@]}") > /dev/null"
add "flinkscan scan -j1 --format json" "$(q "$flinkscan") scan -j 1 --format json -o /dev/null $(q "$logs")"
add "flinkscan scan -j2 --format json" "$(q "$flinkscan") scan -j 2 --format json -o /dev/null $(q "$logs")"
add "grep -ci 'exception\\|error\\|fail' | cat" "grep -ci 'exception\\|error\\|fail' $(q "${files[@]}") | cat > /dev/null"
if command -v rg > /dev/null; then
  count=$(wc -l < "$work/patterns.txt")
  if ! rg -c -f "$work/patterns.txt" "$work/patterns.txt" > /dev/null 2> "$work/rg.err" && [[ -s "$work/rg.err" ]]; then
    echo "compare.sh: ripgrep rejects the catalog:" >&2; cat "$work/rg.err" >&2; exit 1
  fi
  add "rg -c -f patterns.txt -j1 ($count regexes)" "rg -c -j1 -f $(q "$work/patterns.txt") $(q "${files[@]}") | cat > /dev/null"
  add "rg -c -f patterns.txt -j2 ($count regexes)" "rg -c -j2 -f $(q "$work/patterns.txt") $(q "${files[@]}") | cat > /dev/null"
else
  echo "ripgrep not installed: its rows are skipped" >&2
fi

declare -A seconds rss
for ((round = 1; round <= runs; ++round)); do
  for i in "${!names[@]}"; do
    start=$(date +%s%N)
    /usr/bin/time -v -o "$work/time.txt" bash -c "${commands[$i]}" || true
    end=$(date +%s%N)
    seconds[$i]+="$(( (end - start) / 1000 )) "
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    rss[$i]+="$kb "
  done
  echo "round $round/$runs done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
grep_index=3
grep_us=$(echo "${seconds[$grep_index]}" | median)

echo
echo "corpus: $total_bytes bytes in ${#files[@]} files ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs rounds)"
echo
echo "| tool | median s | GB/s | × grep | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
for i in "${!names[@]}"; do
  us=$(echo "${seconds[$i]}" | median)
  kb=$(echo "${rss[$i]}" | tr ' ' '\n' | grep -v '^$' | sort -n | tail -1)
  awk -v name="${names[$i]}" -v us="$us" -v b="$total_bytes" -v g="$grep_us" -v kb="$kb" \
    'BEGIN { printf "| %s | %.3f | %.2f | %.2f | %.0f |\n", name, us / 1e6, b / (us / 1e6) / 1e9, g / us, kb / 1024 }'
done
echo "(peak RSS of the bash -c wrapper's largest child; for piped rows the larger of the pipeline's processes)"

# Is flinkscan's answer the generated story?
"$flinkscan" scan --format json -o "$work/analysis.json" "$logs"
python3 - "$corpus/ground-truth.json" "$work/analysis.json" <<'EOF'
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
if analysis["totals"]["bytes"] != truth["totals"]["bytes"]:
    problems.append("totals.bytes")
print()
print("flinkscan vs ground truth: " + ("OK (" + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())) + ")"
                                      if not problems else "WRONG: " + "; ".join(problems)))
sys.exit(1 if problems else 0)
EOF
