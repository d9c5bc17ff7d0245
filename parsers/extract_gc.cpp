// GC pauses from JVM GC logs (flink-log-formats.md §11).
//
// JDK 8 records are bracketed: `[GC (cause) … A->B(C), T secs]`, with nested
// generation figures, interleaved timestamps, concurrent-phase records and line
// breaks inside. The pause is the figure just before the bracket that closes the
// outermost one, so the record is walked by bracket depth rather than by lines.
// Unified logging prints one summary line per pause: `GC(n) Pause <what> (…) A->B(C) <t>ms`.

#include <cmath>
#include <cstdint>

#include "parsers/internal/extractors.h"
#include "parsers/internal/jvm_decimal.h"
#include "parsers/internal/record_text.h"

namespace flinkscan::extract {
namespace {

using jvm::Decimal;
using jvm::DecimalAt;
using jvm::IsDecimalMark;
using text::IsDigit;
using text::kNpos;

bool StartsWith(std::string_view s, size_t pos, std::string_view prefix) {
  return pos <= s.size() && s.substr(pos, prefix.size()) == prefix;
}

// Start of the decimal that ends at s[end-1], or kNpos.
size_t DecimalStartBefore(std::string_view s, size_t end) {
  size_t i = end;
  while (i > 0 && IsDigit(s[i - 1])) --i;
  if (i == end) return kNpos;
  if (i >= 2 && IsDecimalMark(s[i - 1]) && IsDigit(s[i - 2])) {
    --i;
    while (i > 0 && IsDigit(s[i - 1])) --i;
  }
  return i;
}

// value × 10^exponent in milliseconds, computed as one division of exact
// integers so that "0.0087570" secs prints back as 8.757.
double Millis(const Decimal& d, int exponent) {
  int shift = exponent + 3 - d.scale;  // ms = mantissa × 10^shift
  double v = static_cast<double>(d.mantissa);
  double p = 1;
  for (; shift > 0; --shift) v *= 10;
  for (; shift < 0; ++shift) p *= 10;
  return v / p;
}

// "8678K", "7168.0K", "0.0B", "128M" at s[pos…] in KB (rounded); length 0 when absent.
struct Size {
  size_t length = 0;
  int64_t kb = -1;
};

Size SizeAt(std::string_view s, size_t pos) {
  Size out;
  const Decimal d = DecimalAt(s, pos);
  if (d.length == 0 || pos + d.length >= s.size()) return out;
  double factor = 0;
  switch (s[pos + d.length]) {
    case 'B':
      factor = 1.0 / 1024;
      break;
    case 'K':
      factor = 1;
      break;
    case 'M':
      factor = 1024;
      break;
    case 'G':
      factor = 1024.0 * 1024;
      break;
    case 'T':
      factor = 1024.0 * 1024 * 1024;
      break;
    default:
      return out;
  }
  double v = static_cast<double>(d.mantissa);
  for (int k = 0; k < d.scale; ++k) v /= 10;
  out.kb = std::llround(v * factor);
  out.length = d.length + 1;
  return out;
}

// The size token that ends at s[end-1] ("…8678K" before "->"), or length 0.
Size SizeBefore(std::string_view s, size_t end) {
  if (end < 2) return {};
  const size_t start = DecimalStartBefore(s, end - 1);
  if (start == kNpos) return {};
  Size size = SizeAt(s, start);
  return start + size.length == end ? size : Size{};
}

// "(C)" at s[pos…]: the capacity in KB.
Size CapacityAt(std::string_view s, size_t pos) {
  if (pos >= s.size() || s[pos] != '(') return {};
  Size c = SizeAt(s, pos + 1);
  if (c.length == 0 || pos + 1 + c.length >= s.size() || s[pos + 1 + c.length] != ')') return {};
  c.length += 2;
  return c;
}

// "A->B(C)" around the arrow at s[arrow].
void HeapAroundArrow(std::string_view s, size_t arrow, Event& out) {
  const Size before = SizeBefore(s, arrow);
  const Size after = SizeAt(s, arrow + 2);
  if (before.length == 0 || after.length == 0) return;
  out.heap_before_kb = before.kb;
  out.heap_after_kb = after.kb;
  const Size capacity = CapacityAt(s, arrow + 2 + after.length);
  if (capacity.length > 0) out.heap_capacity_kb = capacity.kb;
}

// The parenthesised group at s[pos] == '(' (nested parentheses allowed:
// "(System.gc())"); returns its content and sets `end` past ')'.
std::string_view ParenGroupAt(std::string_view s, size_t pos, size_t& end) {
  if (pos >= s.size() || s[pos] != '(') return {};
  int depth = 0;
  for (size_t i = pos; i < s.size() && s[i] != '\n'; ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) {
      end = i + 1;
      return s.substr(pos + 1, i - pos - 1);
    }
  }
  return {};
}

bool Contains(std::string_view s, std::string_view needle) { return s.find(needle) != kNpos; }

// --- JDK 8 --------------------------------------------------------------------

// G1 markers after "[GC pause": (young) (mixed) (initial-mark) (to-space exhausted) …
bool IsG1PauseMarker(std::string_view group) {
  return group == "young" || group == "mixed" || group == "initial-mark" || group == "partial" ||
         group == "to-space exhausted" || group == "to-space overflow";
}

Status Jdk8Pause(const RecordView& record, Event& out) {
  const std::string_view s = record.text;
  size_t pos = text::MessageStart(s, record.header.message);
  // -XX:+PrintGCID: "#12: "
  if (pos < s.size() && s[pos] == '#') {
    const std::string_view id = text::DigitsAt(s, pos + 1);
    if (!id.empty() && StartsWith(s, pos + 1 + id.size(), ": ")) {
      text::ParseInt(id, out.gc_id);
      pos += 1 + id.size() + 2;
    }
  }
  if (pos >= s.size() || s[pos] != '[') return Status::Error("GC record without a bracketed body");
  const size_t open = pos;

  // Walk to the bracket that closes the outermost one, noting whole-heap
  // figures at depth 1 ("A->B(C)" or CMS's occupancy "A(C)").
  int depth = 0;
  size_t close = kNpos, last_arrow = kNpos, last_occupancy = kNpos;
  for (size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '[') {
      ++depth;
    } else if (c == ']') {
      if (--depth == 0) {
        close = i;
        break;
      }
    } else if (depth == 1) {
      if (c == '-' && i + 1 < s.size() && s[i + 1] == '>') {
        last_arrow = i;
      } else if (c == '(' && i >= 2 && IsDigit(s[i - 2]) &&
                 (s[i - 1] == 'K' || s[i - 1] == 'M' || s[i - 1] == 'G' || s[i - 1] == 'B')) {
        last_occupancy = i;
      }
    }
  }
  if (close == kNpos) return Status::Error("GC record ends before its pause figure");
  const std::string_view body = s.substr(open, close - open + 1);

  // The pause: ", T secs]" right before the closing bracket.
  size_t end = close;
  while (end > open && s[end - 1] == ' ') --end;
  if (end < open + 5 || s.substr(end - 4, 4) != "secs") return Status::Error("no pause figure in GC record");
  end -= 4;
  while (end > open && s[end - 1] == ' ') --end;
  const size_t figure = DecimalStartBefore(s, end);
  if (figure == kNpos) return Status::Error("no pause figure in GC record");
  out.pause_ms = Millis(DecimalAt(s, figure), 0);

  // What kind of collection, and its printed cause.
  size_t after_name = 0;
  bool g1_pause = false;
  if (StartsWith(body, 1, "Full GC")) {
    out.gc_kind = "full";
    after_name = 8;
  } else if (StartsWith(body, 1, "GC pause")) {
    g1_pause = true;
    out.gc_collector = "G1";
    out.gc_kind = "young";
    after_name = 9;
  } else if (StartsWith(body, 1, "GC remark")) {
    out.gc_collector = "G1";
    out.gc_kind = "remark";
  } else if (StartsWith(body, 1, "GC cleanup")) {
    out.gc_collector = "G1";
    out.gc_kind = "cleanup";
  } else if (StartsWith(body, 1, "GC") && !StartsWith(body, 1, "GC concurrent")) {
    out.gc_kind = "young";
    after_name = 3;
  } else {
    return Status::Error("not a stop-the-world GC record");
  }
  if (after_name > 0) {
    size_t p = after_name;
    while (p < body.size() && body[p] == ' ') ++p;
    size_t next = p;
    for (std::string_view group = ParenGroupAt(body, p, next); !group.empty();
         group = ParenGroupAt(body, p, next)) {
      if (g1_pause && IsG1PauseMarker(group)) {
        if (group == "mixed" || group == "partial") out.gc_kind = "mixed";
        if (group == "initial-mark") out.gc_kind = "initial_mark";
      } else if (out.reason.empty()) {
        out.reason = group;
      }
      p = next;
      while (p < body.size() && body[p] == ' ') ++p;
      if (!g1_pause) break;  // only G1 prints several groups
    }
  }

  // CMS phases and compound failures; the collector from the generation names.
  if (out.reason == "CMS Initial Mark" || Contains(body, "CMS-initial-mark")) {
    out.gc_kind = "initial_mark";
    out.gc_collector = "CMS";
  } else if (out.reason == "CMS Final Remark" || Contains(body, "CMS-remark")) {
    out.gc_kind = "remark";
    out.gc_collector = "CMS";
  }
  const bool concurrent_mode_failure = Contains(body, "(concurrent mode failure)");
  const bool promotion_failed = Contains(body, "(promotion failed)");
  if (!g1_pause && (concurrent_mode_failure || promotion_failed)) {
    // A young collection that could not promote becomes one full pause.
    out.gc_kind = "full";
    out.reason = concurrent_mode_failure ? std::string_view("concurrent mode failure")
                                         : std::string_view("promotion failed");
  }
  if (out.gc_collector.empty()) {
    // Concurrent CMS phases may be interleaved into a ParNew record: for young
    // collections the young generation's name decides.
    const bool full = out.gc_kind == "full";
    if (full && Contains(body, "[CMS")) {
      out.gc_collector = "CMS";
    } else if (Contains(body, "[ParNew")) {
      out.gc_collector = "ParNew";
    } else if (Contains(body, "[PSYoungGen") || Contains(body, "[ParOldGen") || Contains(body, "[PSOldGen")) {
      out.gc_collector = "Parallel";
    } else if (Contains(body, "[DefNew") || Contains(body, "[Tenured")) {
      out.gc_collector = "Serial";
    } else if (Contains(body, "[CMS")) {
      out.gc_collector = "CMS";
    }
  }

  // Whole-heap figures: depth 1 of the body, else G1's detail line
  // "[Eden: … Heap: A(cap)->B(cap)]" that follows the header.
  const size_t eden = s.find("[Eden: ", close);
  if (out.gc_collector.empty() && eden != kNpos) out.gc_collector = "G1";  // only G1 prints Eden details
  if (last_arrow != kNpos) {
    HeapAroundArrow(s, last_arrow, out);
  } else {
    const size_t heap = eden == kNpos ? kNpos : s.find(" Heap: ", eden);
    if (heap != kNpos && heap < text::LineEnd(s, eden)) {
      const size_t a = heap + 7;
      const Size before = SizeAt(s, a);
      const Size before_cap = CapacityAt(s, a + before.length);
      const size_t arrow = a + before.length + before_cap.length;
      if (before.length > 0 && before_cap.length > 0 && StartsWith(s, arrow, "->")) {
        const Size after = SizeAt(s, arrow + 2);
        const Size after_cap = CapacityAt(s, arrow + 2 + after.length);
        if (after.length > 0) {
          out.heap_before_kb = before.kb;
          out.heap_after_kb = after.kb;
          out.heap_capacity_kb = after_cap.length > 0 ? after_cap.kb : before_cap.kb;
        }
      }
    } else if (last_occupancy != kNpos) {
      const Size occupancy = SizeBefore(s, last_occupancy);
      const Size capacity = CapacityAt(s, last_occupancy);
      if (occupancy.length > 0 && capacity.length > 0) {
        out.heap_before_kb = occupancy.kb;
        out.heap_capacity_kb = capacity.kb;
      }
    }
  }
  return Status::Ok();
}

// --- JDK 9+ unified logging -----------------------------------------------------

struct UnifiedPhrase {
  std::string_view words;
  std::string_view kind;
  std::string_view collector;  // "" when the phrase does not tell
};

// Longest first where one is a prefix of another.
constexpr UnifiedPhrase kUnifiedPauses[] = {
    {"Young", "young", ""},
    {"Mixed", "mixed", "G1"},
    {"Full", "full", ""},
    {"Remark", "remark", ""},
    {"Cleanup", "cleanup", "G1"},
    {"Initial Mark", "initial_mark", ""},
    {"Init Mark", "initial_mark", "Shenandoah"},
    {"Final Mark", "remark", "Shenandoah"},
    {"Init Update Refs", "other", "Shenandoah"},
    {"Final Update Refs", "other", "Shenandoah"},
    {"Final Roots", "other", "Shenandoah"},
    {"Degenerated GC", "other", "Shenandoah"},
    {"Mark Start", "initial_mark", "ZGC"},
    {"Mark End", "remark", "ZGC"},
    {"Relocate Start", "other", "ZGC"},
};

Status UnifiedPause(const RecordView& record, Event& out) {
  std::string_view m = record.header.message;
  m = m.substr(0, text::LineEnd(m, 0));
  m = text::TrimRight(m);
  size_t pos = 0;
  if (!StartsWith(m, 0, "GC(")) return Status::Error("unified GC line without GC(n)");
  const std::string_view id = text::DigitsAt(m, 3);
  if (id.empty() || !StartsWith(m, 3 + id.size(), ") "))
    return Status::Error("unified GC line without GC(n)");
  text::ParseInt(id, out.gc_id);
  pos = 3 + id.size() + 2;
  // Generational ZGC: "Y: Pause Mark Start", "O: Pause Mark End".
  if (pos + 2 < m.size() && (m[pos] == 'Y' || m[pos] == 'y' || m[pos] == 'O') && m[pos + 1] == ':' &&
      m[pos + 2] == ' ') {
    pos += 3;
  }
  if (!StartsWith(m, pos, "Pause ")) return Status::Error("not a pause line");
  pos += 6;
  const UnifiedPhrase* phrase = nullptr;
  for (const UnifiedPhrase& p : kUnifiedPauses) {
    if (StartsWith(m, pos, p.words) && (pos + p.words.size() == m.size() || m[pos + p.words.size()] == ' ')) {
      phrase = &p;
      break;
    }
  }
  if (phrase == nullptr) return Status::Error("unknown pause kind");
  out.gc_kind = phrase->kind;
  out.gc_collector = phrase->collector;
  pos += phrase->words.size();

  // "(Normal) (G1 Evacuation Pause)": G1's JDK 12+ young subtype, then the cause.
  const bool collector_phases = !phrase->collector.empty() && phrase->collector != "G1";
  while (pos + 1 < m.size() && m[pos] == ' ' && m[pos + 1] == '(') {
    size_t next = pos + 1;
    const std::string_view group = ParenGroupAt(m, pos + 1, next);
    if (group.empty()) break;
    pos = next;
    if (phrase->kind == "young" &&
        (group == "Normal" || group == "Concurrent Start" || group == "Prepare Mixed" || group == "Mixed")) {
      out.gc_collector = "G1";
      if (group == "Concurrent Start") out.gc_kind = "initial_mark";
      if (group == "Mixed") out.gc_kind = "mixed";
      continue;
    }
    if (out.reason.empty() && !collector_phases) out.reason = group;
  }
  if (out.gc_collector.empty() && StartsWith(out.reason, 0, "G1 ")) out.gc_collector = "G1";

  // The pause figure ends the line: "9.772ms", "1,314ms", "0.5s".
  const size_t last_space = m.rfind(' ');
  if (last_space == kNpos || last_space < pos) return Status::Error("pause line without its time");
  const std::string_view figure = m.substr(last_space + 1);
  const Decimal d = DecimalAt(figure, 0);
  const std::string_view unit = figure.substr(d.length);
  if (d.length == 0) return Status::Error("pause line without its time");
  if (unit == "ms") {
    out.pause_ms = Millis(d, -3);
  } else if (unit == "s") {
    out.pause_ms = Millis(d, 0);
  } else if (unit == "us") {
    out.pause_ms = Millis(d, -6);
  } else {
    return Status::Error("pause line without its time");
  }
  const size_t arrow = m.find("->", pos);
  if (arrow != kNpos && arrow < last_space) HeapAroundArrow(m, arrow, out);
  return Status::Ok();
}

}  // namespace

Status GcPause(const RecordView& record, Event& out) {
  out.offset_minutes = record.header.offset_minutes;
  out.uptime_ms = record.header.uptime_ms.value_or(-1);
  switch (record.header.layout) {
    case Layout::kGcJdk8:
      return Jdk8Pause(record, out);
    case Layout::kGcUnified:
      return UnifiedPause(record, out);
    default:
      break;
  }
  return Status::Error("not a GC log record");
}

}  // namespace flinkscan::extract
