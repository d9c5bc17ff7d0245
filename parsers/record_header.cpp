#include "parsers/record_header.h"

#include <cstdint>

#include "parsers/gc_record.h"
#include "parsers/internal/ascii.h"
#include "parsers/json_record.h"

namespace flinkscan {
namespace {

using ascii::Digit;
using ascii::IsBlank;
using ascii::IsDigit;

constexpr int TwoDigits(const char* p) { return Digit(p[0]) * 10 + Digit(p[1]); }

// Length of "HH:mm:ss,SSS".
constexpr size_t kClockLength = 12;
// Length of "-MM-dd " that sits between the year and the clock.
constexpr size_t kMonthDayLength = 7;

// "HH:mm:ss,SSS" shape only; ranges are checked by ParseHeader.
inline bool ClockShapeAt(const char* p) {
  return IsDigit(p[0]) && IsDigit(p[1]) && p[2] == ':' && IsDigit(p[3]) && IsDigit(p[4]) && p[5] == ':' &&
         IsDigit(p[6]) && IsDigit(p[7]) && p[8] == ',' && IsDigit(p[9]) && IsDigit(p[10]) && IsDigit(p[11]);
}

// "-MM-dd " shape.
inline bool MonthDayShapeAt(const char* p) {
  return p[0] == '-' && IsDigit(p[1]) && IsDigit(p[2]) && p[3] == '-' && IsDigit(p[4]) && IsDigit(p[5]) &&
         p[6] == ' ';
}

struct Stamp {
  size_t length = 0;     // bytes of the stamp, without the blank after it
  int year_digits = 0;   // 0 for a time-only stamp
};

// Recognises the stamp at the start of [p, p+n). Shape only.
inline Stamp StampShape(const char* p, size_t n) {
  if (n >= kClockLength + 1 && p[2] == ':') {
    if (ClockShapeAt(p) && IsBlank(p[kClockLength])) return {kClockLength, 0};
    return {};
  }
  int digits = 0;
  while (digits < 4 && static_cast<size_t>(digits) < n && IsDigit(p[digits])) ++digits;
  if (digits == 0) return {};
  const size_t length = static_cast<size_t>(digits) + kMonthDayLength + kClockLength;
  if (n < length + 1) return {};
  if (!MonthDayShapeAt(p + digits) || !ClockShapeAt(p + digits + kMonthDayLength) || !IsBlank(p[length])) {
    return {};
  }
  return {length, digits};
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned DaysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

// Milliseconds since midnight, or -1 when a field is out of range.
int64_t ClockMillis(const char* p) {
  const int hour = TwoDigits(p);
  const int minute = TwoDigits(p + 3);
  const int second = TwoDigits(p + 6);
  const int millis = Digit(p[9]) * 100 + Digit(p[10]) * 10 + Digit(p[11]);
  if (hour > 23 || minute > 59 || second > 59) return -1;
  return ((static_cast<int64_t>(hour) * 60 + minute) * 60 + second) * 1000 + millis;
}

Level LevelFromToken(std::string_view token) {
  switch (token.size()) {
    case 4:
      if (token == "INFO") return Level::kInfo;
      if (token == "WARN") return Level::kWarn;
      break;
    case 5:
      if (token == "ERROR") return Level::kError;
      if (token == "DEBUG") return Level::kDebug;
      if (token == "TRACE") return Level::kTrace;
      if (token == "FATAL") return Level::kFatal;
      break;
    case 7:
      if (token == "WARNING") return Level::kWarn;
      break;
    default:
      break;
  }
  return Level::kUnknown;
}

size_t SkipBlanks(std::string_view s, size_t i) {
  while (i < s.size() && IsBlank(s[i])) ++i;
  return i;
}

size_t TokenEnd(std::string_view s, size_t i) {
  while (i < s.size() && !IsBlank(s[i])) ++i;
  return i;
}

// Splits "LEVEL logger [] - msg" / "LEVEL logger  - msg" (spaces may be
// collapsed to one). Returns false when `rest` does not have that shape.
bool ParseLevelLoggerMessage(std::string_view rest, RecordHeader& header, bool& has_context) {
  size_t i = SkipBlanks(rest, 0);
  size_t end = TokenEnd(rest, i);
  const Level level = LevelFromToken(rest.substr(i, end - i));
  if (level == Level::kUnknown) return false;

  i = SkipBlanks(rest, end);
  end = TokenEnd(rest, i);
  if (end == i) return false;
  const std::string_view logger = rest.substr(i, end - i);
  if (logger == "-" || logger.front() == '[') return false;

  i = SkipBlanks(rest, end);
  has_context = false;
  if (i < rest.size() && rest[i] == '[') {
    // %x prints the (empty) ThreadContext stack as "[]"; tolerate content.
    const size_t close = rest.find(']', i);
    if (close == std::string_view::npos) return false;
    has_context = true;
    i = SkipBlanks(rest, close + 1);
  }
  if (i >= rest.size() || rest[i] != '-') return false;
  ++i;
  if (i < rest.size()) {
    if (!IsBlank(rest[i])) return false;
    ++i;  // exactly one separator blank; the message keeps any further ones
  }
  header.level = level;
  header.logger = logger;
  header.message = rest.substr(i);
  return true;
}

}  // namespace

bool StartsRecordAnyShape(const char* line, const char* end) {
  if (end <= line) return false;
  const size_t n = static_cast<size_t>(end - line);
  // Dispatch on the first byte: log4j stamps and JDK 8 GC stamps start with a
  // digit, unified JVM logging with '[', JSON layouts with '{'.
  const char first = line[0];
  if (IsDigit(first)) return StampShape(line, n).length != 0 || StartsGcRecord(line, end);
  if (first == '[') return StartsGcRecord(line, end);
  if (first == '{') return StartsJsonRecord(line, end);
  return false;
}

Result<RecordHeader> ParseHeader(std::string_view first_line) {
  while (!first_line.empty() && (first_line.back() == '\r' || first_line.back() == '\n')) {
    first_line.remove_suffix(1);
  }
  if (!first_line.empty() && first_line.front() == '{') return ParseJsonHeader(first_line);
  const Stamp stamp = StampShape(first_line.data(), first_line.size());
  if (stamp.length == 0) {
    if (StartsGcRecord(first_line.data(), first_line.data() + first_line.size())) return ParseGcHeader(first_line);
    return Status::Error("line does not start with a timestamp");
  }

  RecordHeader header;
  const char* clock = first_line.data() + stamp.length - kClockLength;
  const int64_t in_day = ClockMillis(clock);
  if (in_day < 0) return Status::Error("time of day out of range");

  bool has_date = false;
  if (stamp.year_digits > 0) {
    has_date = true;
    const char* p = first_line.data();
    int year = 0;
    for (int k = 0; k < stamp.year_digits; ++k) year = year * 10 + Digit(p[k]);
    const unsigned month = static_cast<unsigned>(TwoDigits(p + stamp.year_digits + 1));
    const unsigned day = static_cast<unsigned>(TwoDigits(p + stamp.year_digits + 4));
    if (month < 1 || month > 12) return Status::Error("month out of range");
    // A damaged year cannot tell leap years apart; check against the largest month.
    const int year_for_days = stamp.year_digits == 4 ? year : 2000;
    if (day < 1 || day > DaysInMonth(year_for_days, month)) return Status::Error("day out of range");
    if (stamp.year_digits < 4) {
      header.damaged_time = true;
    } else {
      header.time.ms = DaysFromCivil(year, month, day) * kMillisPerDay + in_day;
      header.time.has_date = true;
    }
  } else {
    header.time.ms = in_day;
    header.time.has_date = false;
  }

  const std::string_view rest = first_line.substr(stamp.length + 1);
  bool has_context = false;
  if (ParseLevelLoggerMessage(rest, header, has_context)) {
    if (has_date) {
      header.layout = has_context ? Layout::kLog4j2 : Layout::kLog4j1;
    } else {
      header.layout = has_context ? Layout::kTimeOnlyLog4j2 : Layout::kTimeOnlyLog4j1;
    }
  } else {
    header.level = Level::kUnknown;
    header.layout = Layout::kUnknown;
    header.logger = {};
    header.message = rest;
  }
  return header;
}

}  // namespace flinkscan
