#include "parsers/gc_record.h"

#include <cstdint>

#include "parsers/internal/ascii.h"
#include "parsers/internal/jvm_decimal.h"

namespace flinkscan {
namespace {

using ascii::Digit;
using ascii::IsDigit;
using jvm::Decimal;
using jvm::DecimalAt;
using jvm::IsDecimalMark;

// Length of "yyyy-MM-ddTHH:mm:ss".
constexpr size_t kIsoSecondsLength = 19;

// "yyyy-MM-ddTHH:mm:ss" shape at p (n bytes available). Shape only.
bool IsoSecondsShapeAt(const char* p, size_t n) {
  if (n < kIsoSecondsLength) return false;
  return IsDigit(p[0]) && IsDigit(p[1]) && IsDigit(p[2]) && IsDigit(p[3]) && p[4] == '-' && IsDigit(p[5]) &&
         IsDigit(p[6]) && p[7] == '-' && IsDigit(p[8]) && IsDigit(p[9]) && p[10] == 'T' && IsDigit(p[11]) &&
         IsDigit(p[12]) && p[13] == ':' && IsDigit(p[14]) && IsDigit(p[15]) && p[16] == ':' &&
         IsDigit(p[17]) && IsDigit(p[18]);
}

struct IsoTime {
  size_t length = 0;  // 0: no ISO time here
  WallTime time;
  std::optional<int32_t> offset_minutes;
};

// "yyyy-MM-ddTHH:mm:ss[.SSS…][±hhmm|±hh:mm|Z]" at s[pos…]: JDK 8 -XX:+PrintGCDateStamps and
// the unified `time`/`utctime` decorators. Fields are range-checked.
IsoTime ParseIsoTime(std::string_view s, size_t pos) {
  IsoTime out;
  if (pos > s.size() || !IsoSecondsShapeAt(s.data() + pos, s.size() - pos)) return out;
  const char* p = s.data() + pos;
  const int year = Digit(p[0]) * 1000 + Digit(p[1]) * 100 + Digit(p[2]) * 10 + Digit(p[3]);
  const unsigned month = static_cast<unsigned>(Digit(p[5]) * 10 + Digit(p[6]));
  const unsigned day = static_cast<unsigned>(Digit(p[8]) * 10 + Digit(p[9]));
  const int hour = Digit(p[11]) * 10 + Digit(p[12]);
  const int minute = Digit(p[14]) * 10 + Digit(p[15]);
  const int second = Digit(p[17]) * 10 + Digit(p[18]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return out;
  size_t i = pos + kIsoSecondsLength;
  int64_t millis = 0;
  if (i + 1 < s.size() && IsDecimalMark(s[i]) && IsDigit(s[i + 1])) {
    ++i;
    int digits = 0;
    while (i < s.size() && IsDigit(s[i])) {
      if (digits < 3) millis = millis * 10 + Digit(s[i]);
      ++digits;
      ++i;
    }
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (i < s.size() && s[i] == 'Z') {
    out.offset_minutes = 0;
    ++i;
  } else if (i + 4 < s.size() && (s[i] == '+' || s[i] == '-') && IsDigit(s[i + 1]) && IsDigit(s[i + 2])) {
    const int sign = s[i] == '-' ? -1 : 1;
    const int hh = Digit(s[i + 1]) * 10 + Digit(s[i + 2]);
    size_t m = i + 3;
    if (s[m] == ':') ++m;
    if (m + 1 < s.size() && IsDigit(s[m]) && IsDigit(s[m + 1])) {
      const int mm = Digit(s[m]) * 10 + Digit(s[m + 1]);
      if (hh <= 14 && mm <= 59) {
        out.offset_minutes = sign * (hh * 60 + mm);
        i = m + 2;
      }
    }
  }
  out.length = i - pos;
  out.time.ms =
      (DaysFromCivil(year, month, day) * 86'400 + (hour * 60 + minute) * 60 + second) * 1000 + millis;
  out.time.has_date = true;
  return out;
}

// The decimal in units of 10^unit_exponent, as whole units of 10^target_exponent
// (e.g. seconds -> milliseconds: unit 0, target -3).
int64_t Rescale(const Decimal& d, int unit_exponent, int target_exponent) {
  // Saturates far above any real stamp (10^15 ms is 31,000 years), so an
  // 18-digit uptime in seconds cannot overflow, here or where it is added to a date.
  constexpr int64_t kMaxRescaled = 1'000'000'000'000'000;
  int shift = unit_exponent - d.scale - target_exponent;
  int64_t v = d.mantissa;
  for (; shift > 0; --shift) {
    if (v > kMaxRescaled / 10) return kMaxRescaled;
    v *= 10;
  }
  for (; shift < 0; ++shift) v /= 10;
  return v;
}

bool StartsWith(std::string_view s, size_t pos, std::string_view prefix) {
  return pos <= s.size() && s.substr(pos, prefix.size()) == prefix;
}

// What may follow a JDK 8 uptime stamp "0.169: " for the line to be a GC
// record: a record body, a GC id, or the safepoint statistics lines.
bool Jdk8BodyFollows(std::string_view s, size_t pos) {
  if (pos >= s.size()) return false;
  const char c = s[pos];
  if (c == '[') return true;
  if (c == '#') return pos + 1 < s.size() && IsDigit(s[pos + 1]);
  return StartsWith(s, pos, "Total time for which") || StartsWith(s, pos, "Application time:");
}

// A JDK 8 record without any stamp (-XX:+PrintGCDetails alone): "[GC (…", "[GC pause …",
// "[GC--", "[GC[…", "[GC 12.3: […", "[Full GC …".
bool BareJdk8BodyAt(std::string_view s) {
  if (StartsWith(s, 0, "[Full GC")) return true;
  if (!StartsWith(s, 0, "[GC") || s.size() < 4) return false;
  const char c = s[3];
  return c == ' ' || c == '(' || c == '-' || c == '[' || IsDigit(c);
}

// Unified-logging level decorator.
Level UnifiedLevel(std::string_view token) {
  if (token == "info") return Level::kInfo;
  if (token == "warning") return Level::kWarn;
  if (token == "error") return Level::kError;
  if (token == "debug") return Level::kDebug;
  if (token == "trace") return Level::kTrace;
  return Level::kUnknown;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Tags decorator of the GC and safepoint loggers: "gc", "gc,phases   ", "safepoint".
bool IsGcTags(std::string_view token) {
  token = TrimBlanks(token);
  const bool gc = StartsWith(token, 0, "gc") && (token.size() == 2 || token[2] == ',' || token[2] == '+');
  return gc || StartsWith(token, 0, "safepoint");
}

// Lower-case words, digits and the separators unified logging puts in a tag set.
bool IsTagLike(std::string_view token) {
  if (TrimBlanks(token).empty()) return false;
  for (const char c : token) {
    const bool ok = (c >= 'a' && c <= 'z') || IsDigit(c) || c == ',' || c == '+' || c == '_' || c == ' ' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// A JVM uptime decorator "0.202s" / "2,048s", "233ms", "1234ns", or the epoch
// forms "timemillis"/"timenanos" with the same suffixes.
struct Clock {
  bool ok = false;
  bool epoch = false;  // timemillis / timenanos
  int64_t ms = 0;
};

Clock ParseClockToken(std::string_view token) {
  Clock out;
  const Decimal d = DecimalAt(token, 0);
  if (d.length == 0) return out;
  const std::string_view unit = token.substr(d.length);
  int exponent = 0;
  if (unit == "s") {
    exponent = 0;
  } else if (unit == "ms" && d.scale == 0) {
    exponent = -3;
  } else if (unit == "ns" && d.scale == 0) {
    exponent = -9;
  } else {
    return out;
  }
  out.ok = true;
  out.ms = Rescale(d, exponent, -3);
  // Nobody's JVM has been up for ten years: larger values are epoch decorators.
  out.epoch = out.ms > 315'360'000'000;
  return out;
}

// First decorator of a unified-logging line, at line+1 (after '['): shape only.
bool UnifiedDecoratorAt(const char* p, const char* end) {
  const size_t n = static_cast<size_t>(end - p);
  if (n == 0) return false;
  if (IsDigit(p[0])) {
    if (IsoSecondsShapeAt(p, n)) return true;
    // Uptime / millis / nanos: digits, optional decimal part, unit, ']'.
    size_t i = 0;
    while (i < n && IsDigit(p[i])) ++i;
    if (i + 1 < n && IsDecimalMark(p[i]) && IsDigit(p[i + 1])) {
      ++i;
      while (i < n && IsDigit(p[i])) ++i;
    }
    if (i < n && p[i] == 's') return i + 1 < n && p[i + 1] == ']';
    return i + 2 < n && (p[i] == 'm' || p[i] == 'n') && p[i + 1] == 's' && p[i + 2] == ']';
  }
  size_t close = 0;
  while (close < n && close < 24 && p[close] != ']' && p[close] != '\n') ++close;
  if (close >= n || p[close] != ']') return false;
  const std::string_view token(p, close);
  return UnifiedLevel(TrimBlanks(token)) != Level::kUnknown || IsGcTags(token);
}

// [time][uptime][level][tags] … in any combination; at least one decorator.
Result<RecordHeader> ParseUnifiedHeader(std::string_view line) {
  RecordHeader header;
  header.layout = Layout::kGcUnified;
  size_t pos = 0;
  bool any = false;
  while (pos < line.size() && line[pos] == '[') {
    const size_t close = line.find(']', pos + 1);
    if (close == std::string_view::npos) break;
    const std::string_view token = line.substr(pos + 1, close - pos - 1);
    bool known = false;
    if (const IsoTime iso = ParseIsoTime(token, 0); iso.length == token.size()) {
      header.time = iso.time;
      header.offset_minutes = iso.offset_minutes;
      known = true;
    } else if (const Clock clock = ParseClockToken(token); clock.ok) {
      if (clock.epoch) {
        if (!header.time.known()) {
          header.time = WallTime{clock.ms, true};
          header.offset_minutes = 0;
        }
      } else {
        header.uptime_ms = clock.ms;
      }
      known = true;
    } else if (const Level level = UnifiedLevel(TrimBlanks(token)); level != Level::kUnknown) {
      header.level = level;
      known = true;
    } else if (IsGcTags(token)) {
      header.logger = TrimBlanks(token);
      known = true;
    } else if (any && IsTagLike(token)) {
      // Other tag sets ("os,cpu"), pid/tid or hostname decorators after a recognised one.
      // Tags are always the last decorator, so the last word-like one wins.
      if (!IsDigit(token.front())) header.logger = TrimBlanks(token);
      known = true;
    }
    if (!known) break;
    any = true;
    pos = close + 1;
  }
  if (!any) return Status::Error("not a unified JVM log line");
  if (!header.time.known() && header.uptime_ms) header.time = WallTime{*header.uptime_ms, false};
  if (pos < line.size() && line[pos] == ' ') ++pos;
  header.message = line.substr(pos);
  return header;
}

// "<ISO>: <uptime>: #<id>: body", each stamp optional.
Result<RecordHeader> ParseJdk8Header(std::string_view line) {
  RecordHeader header;
  header.layout = Layout::kGcJdk8;
  size_t pos = 0;
  bool stamped = false;
  if (const IsoTime iso = ParseIsoTime(line, 0); iso.length > 0 && StartsWith(line, iso.length, ": ")) {
    header.time = iso.time;
    header.offset_minutes = iso.offset_minutes;
    pos = iso.length + 2;
    stamped = true;
  }
  if (const Decimal up = DecimalAt(line, pos);
      up.length > 0 && up.scale > 0 && StartsWith(line, pos + up.length, ": ")) {
    header.uptime_ms = Rescale(up, 0, -3);
    if (!header.time.known()) header.time = WallTime{*header.uptime_ms, false};
    pos += up.length + 2;
    stamped = true;
  }
  if (stamped && !Jdk8BodyFollows(line, pos)) {
    // A date-stamped line is a GC line whatever follows (rotation notices, …).
    if (header.time.has_date) {
      header.message = line.substr(pos);
      return header;
    }
    return Status::Error("uptime stamp without a GC record body");
  }
  if (!stamped && !BareJdk8BodyAt(line)) return Status::Error("not a GC log line");
  header.message = line.substr(pos);
  return header;
}

}  // namespace

bool StartsGcRecord(const char* line, const char* end) {
  if (end <= line) return false;
  const size_t n = static_cast<size_t>(end - line);
  const char first = line[0];
  if (IsDigit(first)) {
    // JDK 8 date stamp "2022-08-01T17:16:33.170+0000: ".
    if (n > kIsoSecondsLength && line[4] == '-' && line[10] == 'T') {
      if (!IsoSecondsShapeAt(line, n)) return false;
      size_t i = kIsoSecondsLength;
      while (i < n && i < 40 && line[i] != ':' && line[i] != ' ' && line[i] != '\n') ++i;
      return i + 1 < n && line[i] == ':' && line[i + 1] == ' ';
    }
    // JDK 8 uptime stamp "0.169: [" (or "#id: ", or the stopped-time lines).
    size_t i = 0;
    while (i < n && i < 12 && IsDigit(line[i])) ++i;
    if (i + 1 >= n || !IsDecimalMark(line[i]) || !IsDigit(line[i + 1])) return false;
    ++i;
    while (i < n && IsDigit(line[i])) ++i;
    if (i + 2 >= n || line[i] != ':' || line[i + 1] != ' ') return false;
    return Jdk8BodyFollows(std::string_view(line, n), i + 2);
  }
  if (first != '[' || n < 3) return false;
  if (line[1] == 'G' || line[1] == 'F') {
    const size_t probe = n < 9 ? n : 9;
    return BareJdk8BodyAt(std::string_view(line, probe));
  }
  return UnifiedDecoratorAt(line + 1, end);
}

Result<RecordHeader> ParseGcHeader(std::string_view first_line) {
  while (!first_line.empty() && (first_line.back() == '\r' || first_line.back() == '\n')) {
    first_line.remove_suffix(1);
  }
  if (first_line.empty()) return Status::Error("empty line");
  if (first_line.front() == '[' && !BareJdk8BodyAt(first_line)) return ParseUnifiedHeader(first_line);
  return ParseJdk8Header(first_line);
}

}  // namespace flinkscan
