#!/usr/bin/env bash
# The HTML report in a real browser: `flinkscan scan --format html` over
# samples/standalone plus a log whose exception messages carry markup, loaded
# by headless Chromium; the DOM after the page's script ran must list the
# incidents, draw one checkpoint mark per checkpoint with a duration, and show
# the injected markup as text without running it. A second load opens the
# flame graph page through its URL hook (#/flamegraph&kind=…&zoom=…): the
# zoomed view shows, and a frame named with `<script>` stays text.
#
# Usage: html_report_browser_test.sh FLINKSCAN_BINARY SAMPLES_DIR
# Exit: 0 pass, 1 fail, 77 skip (no Chromium; ctest SKIP_RETURN_CODE).
set -u
binary=$1
samples=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "SKIP: $chromium is not installed (scripts/setup-deps --test installs it)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$samples/standalone" "$work/logs"
hostile_tm=flink-flink-taskexecutor-2-tm-host-9.log
{
  printf '2026-11-28 10:05:00,000 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - start\n'
  printf '2026-11-28 10:05:01,000 ERROR org.apache.flink.runtime.taskmanager.Task [] - Task failed.\n'
  printf "java.lang.IllegalStateException: <script>document.title='pwned';window.pwned=1</script>\n"
  printf '\tat com.example.Hostile.run(Hostile.java:1)\n'
  printf '2026-11-28 10:05:02,000 ERROR org.apache.flink.runtime.taskmanager.Task [] - Task failed again.\n'
  printf 'java.lang.RuntimeException: <img src=x onerror="document.title=\x27pwned\x27;window.pwned=1"> "quoted" & more\n'
  printf '\tat com.example.Hostile.run(Hostile.java:2)\n'
  printf '2026-11-28 10:05:03,000 ERROR org.apache.flink.runtime.taskmanager.Task [] - Task failed a third time.\n'
  printf 'java.lang.IllegalArgumentException: bad input\n'
  printf '\tat com.example.Hostile.<script>pwn(Hostile.java:3)\n'
  printf '\tat com.example.Hostile.main(Hostile.java:4)\n'
} > "$work/logs/$hostile_tm"

"$binary" scan --format html -o "$work/report.html" "$work/logs" || { echo "FAIL: flinkscan scan exited $?"; exit 1; }
"$binary" scan --format json -o "$work/report.json" "$work/logs" || { echo "FAIL: flinkscan scan --format json"; exit 1; }

# dump_dom URL OUT: the DOM after the page's script ran.
dump_dom() {
  local profile status
  profile=$(mktemp -d)
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --virtual-time-budget=5000 --dump-dom "$1" > "$2" 2> "$work/chromium.err"
  status=$?
  rm -rf "$profile"
  if [[ $status -ne 0 || ! -s $2 ]]; then
    echo "FAIL: chromium exited $status on $1"; cat "$work/chromium.err"; exit 1
  fi
}
dump_dom "file://$work/report.html" "$work/dom.html"
# The flame graph page's URL hook: the exception stacks, zoomed into the frame named with markup.
zoom_frame='com.example.Hostile.<script>pwn'
dump_dom "file://$work/report.html#/flamegraph&kind=exceptions&zoom=com.example.Hostile.%3Cscript%3Epwn" \
  "$work/dom-zoomed.html"

python3 - "$work/dom.html" "$work/report.json" "$work/dom-zoomed.html" "$zoom_frame" <<'PY'
import html.parser, json, sys

dom_text = open(sys.argv[1], encoding='utf-8').read()
report = json.load(open(sys.argv[2], encoding='utf-8'))
failures = []

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.title, self.in_title = [], '', False
        self.elements = []          # (tag, attrs, ancestors' classes)
        self.text_chunks = []
        self.in_data_island = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = [c for (_, at) in self.stack for c in at.get('class', '').split()]
        self.elements.append((tag, a, classes))
        if tag == 'title': self.in_title = True
        if tag == 'script': self.in_data_island = True
        if tag not in ('img', 'meta', 'br', 'input', 'link', 'circle', 'rect', 'path', 'line'):
            self.stack.append((tag, a))
    def handle_endtag(self, tag):
        if tag == 'title': self.in_title = False
        if tag == 'script': self.in_data_island = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
    def handle_data(self, data):
        if self.in_title: self.title += data
        if not self.in_data_island: self.text_chunks.append(data)

dom = Dom()
dom.feed(dom_text)
text = ''.join(dom.text_chunks)
zoomed = Dom()
zoomed.feed(open(sys.argv[3], encoding='utf-8').read())
zoom_frame = sys.argv[4]

def check(ok, what):
    if not ok: failures.append(what)

# The page's script ran: the tabs exist.
tabs = [a for (t, a, _) in dom.elements if t == 'a' and 'tab' in a.get('class', '').split()]
check(len(tabs) >= 7, f'expected >= 7 tabs, got {len(tabs)}')
# Incidents are listed, the OOM failover of the samples among them.
incidents = [a for (t, a, _) in dom.elements if t == 'article' and 'incident' in a.get('class', '')]
check(len(incidents) == len(report['incidents']), f"incident cards {len(incidents)} != {len(report['incidents'])}")
check(any(a.get('data-kind') == 'job_failover' for a in incidents), 'no job_failover incident card')
check('java.lang.OutOfMemoryError: Java heap space' in text, 'the OOM root cause is not shown')
# The checkpoint duration chart: one mark per checkpoint with a duration.
with_duration = [c for c in report['checkpoints']['items'] if c['duration_ms'] is not None]
marks = [a for (t, a, cls) in dom.elements if t == 'circle' and 'point' in a.get('class', '') and 'checkpoint-duration' in cls]
check(len(with_duration) > 0, 'the samples should have checkpoints with durations')
check(len(marks) == len(with_duration), f'duration chart marks {len(marks)} != checkpoints {len(with_duration)}')
bars = [a for (t, a, cls) in dom.elements if t == 'rect' and 'point' in a.get('class', '') and 'checkpoint-size' in cls]
check(len(bars) == len([c for c in report['checkpoints']['items'] if c['size_bytes'] is not None]), 'size chart bars')
# The injected markup is text, not markup, and did not run.
check('pwned' not in dom.title, f'title changed: {dom.title!r}')
check("<script>document.title='pwned';window.pwned=1</script>" in text, 'injected <script> not shown as text')
check('<img src=x onerror=' in text, 'injected <img> not shown as text')
check(not any(t == 'img' for (t, _, _) in dom.elements), 'an <img> element was created')
scripts = [a for (t, a, _) in dom.elements if t == 'script']
check(len(scripts) == 2, f'expected the data island and the app script only, got {len(scripts)} <script> elements')
check(not any(k.startswith('on') for (_, a, _) in dom.elements for k in a), 'an element has an on* attribute')
# Every page was built.
for page in ('overview', 'timeline', 'job', 'taskmanagers', 'checkpoints', 'backpressure', 'exceptions',
             'flamegraph'):
    check(any(t == 'section' and a.get('id') == 'page-' + page for (t, a, _) in dom.elements), f'page {page} missing')
check('could not be drawn' not in text, 'a page failed to render')

# The flame graph page: the shown graph (a copy of a server-rendered template) before and after the zoom hook.
def shown_graph(d):
    svgs = [a for (t, a, cls) in d.elements if t == 'svg' and 'flamegraph-view' in cls]
    frames = [a for (t, a, cls) in d.elements if t == 'g' and 'flamegraph-view' in cls and 'data-n' in a]
    return (svgs[0] if svgs else None), frames
profiles = {p['kind']: p for p in report['stacks']['profiles']}
check('exceptions' in profiles, 'no exception stack profile in the JSON report')
check(any(zoom_frame in s['stack'].split(';') for s in profiles.get('exceptions', {}).get('stacks', [])),
      'the <script> frame is not in the exception stacks')
svg, frames = shown_graph(dom)
check(svg is not None and len(frames) > 2, 'no flame graph shown')
check(svg is not None and 'data-zoom' not in svg, 'the flame graph is zoomed without being asked')
check(not any(f.get('display') == 'none' for f in frames), 'frames hidden before any zoom')
svg, frames = shown_graph(zoomed)
check(svg is not None and svg.get('id') == 'fg-exceptions-svg', f"zoom hook did not show the exception graph: {svg}")
check(svg is not None and svg.get('data-zoom') == zoom_frame, f"zoom hook did not zoom: {svg and svg.get('data-zoom')!r}")
check(any(f.get('data-zoomed') == '1' and f.get('data-n') == zoom_frame for f in frames), 'zoomed frame not marked')
check(any(f.get('display') == 'none' for f in frames), 'zoom changed nothing: no frame outside it was hidden')
zoomed_text = ''.join(zoomed.text_chunks)
check(zoom_frame in zoomed_text, 'the <script> frame name is not shown as text')
check('pwned' not in zoomed.title, f'title changed: {zoomed.title!r}')
check(len([a for (t, a, _) in zoomed.elements if t == 'script']) == 2, 'a <script> element appeared in the zoomed page')

if failures:
    print('FAIL:\n  ' + '\n  '.join(failures))
    sys.exit(1)
print(f'PASS: {len(incidents)} incidents, {len(marks)} checkpoint marks, flame graph zoom hook, injected markup inert')
PY
