#!/usr/bin/env bash
# The SVG flame graph of `flinkscan stacks --format svg` in headless Chromium:
# the test hook #zoom=FRAME clicks a frame once the document has loaded, so
# the dumped DOM must show the zoomed view (that frame full width, the others
# re-laid or hidden, "Reset zoom" visible); a frame whose name holds
# "<script>" must be text in the DOM, never an element that runs.
#
# Usage: flamegraph_browser_test.sh FLINKSCAN_BINARY FIXTURES_DIR
# Exit: 0 pass, 1 fail, 77 skip (no Chromium; ctest SKIP_RETURN_CODE).
set -u
binary=$1
fixtures=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "SKIP: $chromium is not installed (scripts/setup-deps --test installs it)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$fixtures/stacks/taskmanager-jdk17-blocked.out" "$work/taskmanager.out"
{
  printf '2024-09-02 14:01:00\n'
  printf 'Full thread dump OpenJDK 64-Bit Server VM (17.0.10+7 mixed mode, sharing):\n\n'
  printf '"hostile" #99 prio=5 os_prio=0 cpu=1.00ms elapsed=1.00s tid=0x00007f8c2c3b9000 nid=0x60 runnable  [0x00007f8bf4afc000]\n'
  printf '   java.lang.Thread.State: RUNNABLE\n'
  printf '\tat com.example.Evil<script>window.pwned=1;document.documentElement.setAttribute("data-pwned","1")<script>.run(Evil.java:1)\n'
  printf '\tat java.lang.Thread.run(java.base@17.0.10/Thread.java:840)\n\n'
  printf 'JNI global refs: 31, weak refs: 0\n'
} >> "$work/taskmanager.out"

"$binary" stacks --kind dumps --format svg -o "$work/graph.svg" "$work/taskmanager.out" ||
  { echo "FAIL: flinkscan stacks exited $?"; exit 1; }

dump() {  # $1: URL fragment, $2: output
  local profile
  profile=$(mktemp -d)
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --virtual-time-budget=3000 --dump-dom "file://$work/graph.svg$1" > "$2" 2> "$work/chromium.err"
  local status=$?
  rm -rf "$profile"
  if [[ $status -ne 0 || ! -s $2 ]]; then
    echo "FAIL: chromium exited $status"; cat "$work/chromium.err"; exit 1
  fi
}
dump "" "$work/plain.xml"
dump "#zoom=com.example.enrich.RateTable.lookup" "$work/zoomed.xml"

python3 - "$work/plain.xml" "$work/zoomed.xml" <<'PY'
import re, sys
plain = open(sys.argv[1], encoding='utf-8').read()
zoomed = open(sys.argv[2], encoding='utf-8').read()
failures = []

def frame(dom, name):
    m = re.search(r'<g class="fg-f" data-n="' + re.escape(name) + r'"[^>]*>.*?<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', dom, re.S)
    return (float(m.group(1)), float(m.group(2))) if m else None

target = 'com.example.enrich.RateTable.lookup'
before, after = frame(plain, target), frame(zoomed, target)
if before is None or after is None:
    failures.append('frame %s not drawn' % target)
else:
    if not before[1] < 1000:
        failures.append('before zoom the frame should be narrow, width %s' % before[1])
    if abs(after[0] - 10.0) > 0.2 or abs(after[1] - 1179.5) > 0.2:
        failures.append('after zoom the frame should fill the width, got x=%s width=%s' % after)
if 'data-zoom="%s"' % target not in zoomed:
    failures.append('the svg does not record the zoom')
if not re.search(r'id="fg-reset"[^>]*opacity="1"', zoomed):
    failures.append('"Reset zoom" is not shown after zooming')
hidden = re.search(r'<g class="fg-f" data-n="java.util.concurrent.ThreadPoolExecutor\$Worker.run"[^>]*display="none"', zoomed)
if not hidden:
    failures.append('a frame outside the zoomed one is still shown')
for name, dom in (('plain', plain), ('zoomed', zoomed)):
    if len(re.findall(r'<script\b', dom)) != 1:
        failures.append('%s: a frame became a <script> element' % name)
    if 'data-pwned' in dom.split('>', 1)[0] or 'data-pwned="1"' in dom:
        failures.append('%s: the hostile frame ran' % name)
    if 'com.example.Evil&lt;script&gt;window.pwned=1' not in dom:
        failures.append('%s: the hostile frame is not shown as text' % name)
if failures:
    print('FAIL:\n  ' + '\n  '.join(failures))
    sys.exit(1)
print('PASS: zoom click changes the view; <script> in a frame is text')
PY
