#include "parsers/json_record.h"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

#include "base/wall_time.h"
#include "parsers/internal/ascii.h"

namespace flinkscan {
namespace {

namespace od = simdjson::ondemand;

// Bounds a maliciously or accidentally deep `cause` chain.
constexpr int kMaxThrowableDepth = 16;

// Per-thread parse state: the On-Demand parser, a padded copy of the line, and
// the buffers the text form is assembled in. Reused across records, so a
// record allocates nothing once the buffers have grown.
struct Scratch {
  od::parser parser;
  std::string buffer;                                  // the line + SIMDJSON_PADDING
  std::array<std::string, kMaxThrowableDepth> frames;  // "\n\tat …" lines per cause depth
  std::array<std::string, kMaxThrowableDepth> causes;  // "\nCaused by: …" text per depth
  std::string throwable;                               // the record's throwable in text form
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// A pathological line (tens of MB) should not pin that much memory in every
// worker thread for the rest of the scan.
constexpr size_t kRetainedBufferLimit = 16u << 20;
void ReleaseIfHuge(Scratch& scratch) {
  if (scratch.buffer.capacity() <= kRetainedBufferLimit) return;
  scratch.buffer = std::string();
  scratch.parser = od::parser();
  scratch.throwable = std::string();
  for (std::string& s : scratch.frames) s = std::string();
  for (std::string& s : scratch.causes) s = std::string();
}

// A JSON string value: `raw` is what lies between the quotes (escapes as
// written, in the parse buffer); `text` is the unescaped value, filled only
// when the caller asked for text.
struct JsonString {
  std::string_view raw;
  std::string_view text;
  bool present = false;
  bool escaped = false;
};

// What a record line says, gathered in one forward pass.
struct JsonFields {
  std::optional<int64_t> epoch_ms;  // instant / timeMillis / numeric timestamp
  int epoch_rank = 0;               // instant 3 > timeMillis 2 > numeric timestamp 1
  JsonString stamp;                 // @timestamp or timestamp as a string
  int stamp_rank = 0;               // @timestamp 2 > timestamp 1
  JsonString level, logger, thread, message;
  bool message_is_json = false;                       // a non-string message, kept as raw JSON
  JsonString error_type, error_message, stack_trace;  // ECS / logstash throwable fields
  bool has_thrown = false;  // log4j2 thrown{} was seen (text form in Scratch::throwable)
};

bool IsJsonBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads a string value (or, for other scalars, their raw token) into `out`.
// Only the first occurrence of a field counts.
simdjson::error_code ReadString(od::value value, bool unescape, JsonString& out) {
  if (out.present) return simdjson::SUCCESS;
  od::json_type type;
  if (auto error = value.type().get(type)) return error;
  std::string_view token = value.raw_json_token();
  while (!token.empty() && IsJsonBlank(token.back())) token.remove_suffix(1);
  if (type != od::json_type::string) {
    if (type == od::json_type::object || type == od::json_type::array) return simdjson::SUCCESS;
    out.raw = token;  // a number or boolean where a string was expected: keep it as written
    out.text = token;
    out.present = true;
    return simdjson::SUCCESS;
  }
  if (token.size() < 2) return simdjson::TAPE_ERROR;
  out.raw = token.substr(1, token.size() - 2);
  out.escaped = out.raw.find('\\') != std::string_view::npos;
  out.present = true;
  if (!unescape) return simdjson::SUCCESS;
  if (!out.escaped) {
    out.text = out.raw;
    return simdjson::SUCCESS;
  }
  std::string_view text;
  // A broken escape (a lone surrogate) keeps the raw text rather than losing the field.
  out.text = value.get_string().get(text) == simdjson::SUCCESS ? text : out.raw;
  return simdjson::SUCCESS;
}

// The raw JSON of an object or array value (an object message, say).
simdjson::error_code ReadRaw(od::value value, od::json_type type, JsonString& out) {
  if (out.present) return simdjson::SUCCESS;
  std::string_view raw;
  if (type == od::json_type::object) {
    od::object obj;
    if (auto error = value.get_object().get(obj)) return error;
    if (auto error = obj.raw_json().get(raw)) return error;
  } else {
    od::array arr;
    if (auto error = value.get_array().get(arr)) return error;
    if (auto error = arr.raw_json().get(raw)) return error;
  }
  while (!raw.empty() && IsJsonBlank(raw.back())) raw.remove_suffix(1);
  out.raw = raw;
  out.text = raw;
  out.present = true;
  return simdjson::SUCCESS;
}

void SetEpoch(JsonFields& f, int64_t ms, int rank) {
  if (rank > f.epoch_rank) {
    f.epoch_ms = ms;
    f.epoch_rank = rank;
  }
}

simdjson::error_code ReadInstant(od::value value, JsonFields& f) {
  od::object obj;
  if (auto error = value.get_object().get(obj)) return error;
  int64_t seconds = 0, nanos = 0;
  bool has_seconds = false;
  for (auto field : obj) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    if (key == "epochSecond") {
      if (field.value().get_int64().get(seconds) == simdjson::SUCCESS) has_seconds = true;
    } else if (key == "nanoOfSecond") {
      if (field.value().get_int64().get(nanos) != simdjson::SUCCESS) nanos = 0;
    }
  }
  // Beyond ±10^12 s (31,000 years) the stamp is garbage, and seconds * 1000 could overflow.
  constexpr int64_t kMaxEpochSeconds = 1'000'000'000'000;
  if (has_seconds && seconds > -kMaxEpochSeconds && seconds < kMaxEpochSeconds && nanos >= 0 &&
      nanos < 1'000'000'000) {
    SetEpoch(f, seconds * 1000 + nanos / 1'000'000, 3);
  }
  return simdjson::SUCCESS;
}

// "\tat class.method(file:line) ~[location:version]" for a frame object of
// log4j2's ExtendedStackTraceElement or JsonTemplateLayout's stackTrace; a
// frame given as a string is taken as written.
simdjson::error_code AppendFrame(od::value value, std::string& frames) {
  od::json_type type;
  if (auto error = value.type().get(type)) return error;
  if (type == od::json_type::string) {
    std::string_view text;
    if (auto error = value.get_string().get(text)) return error;
    frames += "\n\tat ";
    frames += text;
    return simdjson::SUCCESS;
  }
  if (type != od::json_type::object) return simdjson::SUCCESS;
  od::object obj;
  if (auto error = value.get_object().get(obj)) return error;
  JsonString cls, method, file, location, version;
  int64_t line = -1;
  bool exact = true;
  for (auto field : obj) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    od::value v;
    if (auto error = field.value().get(v)) return error;
    if (key == "class") {
      if (auto error = ReadString(v, true, cls)) return error;
    } else if (key == "method") {
      if (auto error = ReadString(v, true, method)) return error;
    } else if (key == "file") {
      if (auto error = ReadString(v, true, file)) return error;
    } else if (key == "line") {
      if (v.get_int64().get(line) != simdjson::SUCCESS) line = -1;
    } else if (key == "exact") {
      if (v.get_bool().get(exact) != simdjson::SUCCESS) exact = true;
    } else if (key == "location") {
      if (auto error = ReadString(v, true, location)) return error;
    } else if (key == "version") {
      if (auto error = ReadString(v, true, version)) return error;
    }
  }
  frames += "\n\tat ";
  frames += cls.text;
  frames += '.';
  frames += method.text;
  frames += '(';
  if (line == -2) {
    frames += "Native Method";
  } else if (file.text.empty()) {
    frames += "Unknown Source";
  } else {
    frames += file.text;
    if (line >= 0) {
      frames += ':';
      frames += std::to_string(line);
    }
  }
  frames += ')';
  if (location.present) {
    frames += exact ? " [" : " ~[";
    frames += location.text;
    frames += ':';
    frames += version.present ? version.text : std::string_view("?");
    frames += ']';
  }
  return simdjson::SUCCESS;
}

std::string_view TrimLineBreaks(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Appends log4j2's thrown{} (and its `cause` chain) in text form to `out`:
// the stack trace string when there is one (it holds the causes already),
// else "name: message", the frames and "Caused by: …" for each cause.
simdjson::error_code AppendThrown(od::object obj, int depth, Scratch& scratch, std::string& out) {
  JsonString name, message, localized, trace;
  std::string& frames = scratch.frames[depth];
  std::string& cause = scratch.causes[depth];
  frames.clear();
  cause.clear();
  for (auto field : obj) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    od::value v;
    if (auto error = field.value().get(v)) return error;
    if (key == "name") {
      if (auto error = ReadString(v, true, name)) return error;
    } else if (key == "message") {
      if (auto error = ReadString(v, true, message)) return error;
    } else if (key == "localizedMessage") {
      if (auto error = ReadString(v, true, localized)) return error;
    } else if (key == "extendedStackTrace" || key == "stackTrace") {
      od::json_type type;
      if (auto error = v.type().get(type)) return error;
      if (type == od::json_type::string) {
        if (auto error = ReadString(v, true, trace)) return error;
      } else if (type == od::json_type::array && frames.empty()) {
        od::array frame_array;
        if (auto error = v.get_array().get(frame_array)) return error;
        for (auto frame : frame_array) {
          od::value frame_value;
          if (auto error = frame.get(frame_value)) return error;
          if (auto error = AppendFrame(frame_value, frames)) return error;
        }
      }
    } else if (key == "cause" && depth + 1 < kMaxThrowableDepth) {
      od::object cause_obj;
      if (v.get_object().get(cause_obj) != simdjson::SUCCESS) continue;
      // The deeper call uses only deeper scratch slots, so appending to `cause` is safe.
      cause.clear();
      cause += "\nCaused by: ";
      const size_t before = cause.size();
      if (auto error = AppendThrown(cause_obj, depth + 1, scratch, cause)) return error;
      if (cause.size() == before) cause.clear();
    }
  }
  if (trace.present && !TrimLineBreaks(trace.text).empty()) {
    out += TrimLineBreaks(trace.text);
    return simdjson::SUCCESS;
  }
  const std::string_view text = message.present ? message.text : localized.text;
  if (!name.text.empty()) {
    out += name.text;
    if (!text.empty()) {
      out += ": ";
      out += text;
    }
  } else if (!text.empty()) {
    out += text;
  }
  out += frames;
  out += cause;
  return simdjson::SUCCESS;
}

// Reads the named string members of a nested object (ECS's error{…} and
// log{…}); other members are skipped, a non-object is ignored.
simdjson::error_code ReadNestedStrings(od::value value, bool unescape,
                                       std::initializer_list<std::pair<std::string_view, JsonString*>> wanted) {
  od::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return simdjson::SUCCESS;
  for (auto field : obj) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    for (const auto& [name, target] : wanted) {
      if (key != name) continue;
      od::value v;
      if (auto error = field.value().get(v)) return error;
      if (auto error = ReadString(v, unescape, *target)) return error;
      break;
    }
  }
  return simdjson::SUCCESS;
}

// ECS's nested error{type,message,stack_trace}.
simdjson::error_code ReadErrorObject(od::value value, bool unescape, JsonFields& f) {
  return ReadNestedStrings(value, unescape,
                           {{"type", &f.error_type}, {"message", &f.error_message}, {"stack_trace", &f.stack_trace}});
}

// ECS's nested log{level,logger}.
simdjson::error_code ReadLogObject(od::value value, bool unescape, JsonFields& f) {
  return ReadNestedStrings(value, unescape, {{"level", &f.level}, {"logger", &f.logger}});
}

// ECS's nested process{thread{name}}.
simdjson::error_code ReadProcessObject(od::value value, bool unescape, JsonFields& f) {
  od::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return simdjson::SUCCESS;
  for (auto field : obj) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    if (key != "thread") continue;
    od::object thread;
    if (field.value().get_object().get(thread) != simdjson::SUCCESS) continue;
    for (auto thread_field : thread) {
      std::string_view thread_key;
      if (auto error = thread_field.unescaped_key().get(thread_key)) return error;
      if (thread_key != "name") continue;
      od::value v;
      if (auto error = thread_field.value().get(v)) return error;
      if (auto error = ReadString(v, unescape, f.thread)) return error;
    }
  }
  return simdjson::SUCCESS;
}

// One pass over the top-level object. With `text`, strings are unescaped and
// the throwable is assembled in scratch.throwable.
simdjson::error_code ReadFields(od::document& doc, bool text, Scratch& scratch, JsonFields& f) {
  od::object obj;
  if (auto error = doc.get_object().get(obj)) return error;
  for (auto field : obj) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    od::value v;
    if (auto error = field.value().get(v)) return error;
    simdjson::error_code error = simdjson::SUCCESS;
    if (key == "instant") {
      error = ReadInstant(v, f);
    } else if (key == "timeMillis") {
      int64_t ms = 0;
      if (v.get_int64().get(ms) == simdjson::SUCCESS) SetEpoch(f, ms, 2);
    } else if (key == "@timestamp" || key == "timestamp") {
      const int rank = key == "@timestamp" ? 2 : 1;
      od::json_type type;
      if ((error = v.type().get(type))) return error;
      int64_t ms = 0;
      if (type == od::json_type::number) {
        if (v.get_int64().get(ms) == simdjson::SUCCESS) SetEpoch(f, ms, 1);
      } else if (type == od::json_type::string && rank > f.stamp_rank) {
        f.stamp = {};
        error = ReadString(v, false, f.stamp);
        f.stamp_rank = rank;
      }
    } else if (key == "level" || key == "log.level" || key == "severity") {
      error = ReadString(v, text, f.level);
    } else if (key == "loggerName" || key == "logger_name" || key == "log.logger" || key == "logger") {
      error = ReadString(v, text, f.logger);
    } else if (key == "thread" || key == "thread_name" || key == "threadName" ||
               key == "process.thread.name") {
      error = ReadString(v, text, f.thread);
    } else if (key == "message") {
      od::json_type type;
      if ((error = v.type().get(type))) return error;
      if (type == od::json_type::object || type == od::json_type::array) {
        f.message_is_json = !f.message.present;
        error = ReadRaw(v, type, f.message);
      } else {
        error = ReadString(v, text, f.message);
      }
    } else if (key == "thrown") {
      od::object thrown;
      if (v.get_object().get(thrown) != simdjson::SUCCESS || f.has_thrown) continue;
      f.has_thrown = true;
      if (text) error = AppendThrown(thrown, 0, scratch, scratch.throwable);
    } else if (key == "stack_trace" || key == "error.stack_trace") {
      error = ReadString(v, text, f.stack_trace);
    } else if (key == "error.type") {
      error = ReadString(v, text, f.error_type);
    } else if (key == "error.message") {
      error = ReadString(v, text, f.error_message);
    } else if (key == "error") {
      error = ReadErrorObject(v, text, f);
    } else if (key == "log") {
      error = ReadLogObject(v, text, f);
    } else if (key == "process") {
      error = ReadProcessObject(v, text, f);
    }
    if (error) return error;
  }
  // Anything after the closing brace ("{…} junk}") means this is not one JSON object.
  const char* after = nullptr;
  if (doc.current_location().get(after) == simdjson::SUCCESS) return simdjson::TRAILING_CONTENT;
  return simdjson::SUCCESS;
}

// Length of the valid UTF-8 sequence at p[0, n), or 0 when it is invalid.
size_t ValidUtf8Length(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // overlong
    if (c == 0xED) high = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;   // overlong
    if (c == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (n < length || p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Real logs carry stray Latin-1 bytes; simdjson refuses them. Each byte that
// starts no valid sequence becomes '?', so lengths (and views) are kept.
void ReplaceInvalidUtf8(std::string& s) {
  unsigned char* p = reinterpret_cast<unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const size_t length = ValidUtf8Length(p + i, n - i);
    if (length == 0) {
      p[i] = '?';
      ++i;
    } else {
      i += length;
    }
  }
}

// Parses `line` into `f` (strings point into scratch.buffer and the parser).
Status ParseLine(std::string_view line, bool text, Scratch& scratch, JsonFields& f) {
  scratch.buffer.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  scratch.buffer.assign(line.data(), line.size());
  scratch.throwable.clear();
  for (int attempt = 0; attempt < 2; ++attempt) {
    od::document doc;
    simdjson::error_code error =
        scratch.parser.iterate(scratch.buffer.data(), scratch.buffer.size(), scratch.buffer.capacity())
            .get(doc);
    if (!error) error = ReadFields(doc, text, scratch, f);
    if (!error) return Status::Ok();
    if (error != simdjson::UTF8_ERROR || attempt > 0) {
      return Status::Error(std::string("not a JSON record: ") + simdjson::error_message(error));
    }
    ReplaceInvalidUtf8(scratch.buffer);
    f = JsonFields{};
    scratch.throwable.clear();
  }
  return Status::Error("not a JSON record");
}

using ascii::IsDigit;

// Reads `count` digits at s[pos…] into `out`.
bool Digits(std::string_view s, size_t pos, size_t count, int& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    out = out * 10 + (s[pos + i] - '0');
  }
  return true;
}

// "yyyy-MM-dd(T| |_)HH:mm:ss[(.|,)fraction][Z|±HH[:mm]|±HHmm]": the written
// wall clock and, when stated, its offset. The '_' form is a deployment's own
// (`2020-11-27_03:31:32.221`, quirk 5).
bool ParseStamp(std::string_view s, WallTime& wall, std::optional<int32_t>& offset) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, month) || s[7] != '-' ||
      !Digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ' && s[10] != '_') || !Digits(s, 11, 2, hour) ||
      s[13] != ':' || !Digits(s, 14, 2, minute) || s[16] != ':' || !Digits(s, 17, 2, second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  size_t i = 19;
  int millis = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    int digits = 0;
    while (i < s.size() && IsDigit(s[i])) {
      if (digits < 3) millis = millis * 10 + (s[i] - '0');
      ++digits;
      ++i;
    }
    if (digits == 0) return false;
    for (int d = digits; d < 3; ++d) millis *= 10;
  }
  offset.reset();
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      offset = 0;
    } else if (s[i] == '+' || s[i] == '-') {
      const int sign = s[i] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!Digits(s, i + 1, 2, oh)) return false;
      size_t j = i + 3;
      if (j < s.size() && s[j] == ':') ++j;
      if (j < s.size() && !Digits(s, j, 2, om)) return false;
      if (j < s.size()) j += 2;
      if (j != s.size() || oh > 14 || om > 59) return false;
      offset = sign * (oh * 60 + om);
    } else {
      return false;
    }
  }
  const int64_t in_day = ((int64_t{hour} * 60 + minute) * 60 + std::min(second, 59)) * 1000 + millis;
  wall.ms =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kMillisPerDay + in_day;
  wall.has_date = true;
  return true;
}

Level LevelFromText(std::string_view s) {
  char upper[8];
  if (s.empty() || s.size() > sizeof upper) return Level::kUnknown;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    upper[i] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  const std::string_view u(upper, s.size());
  if (u == "INFO") return Level::kInfo;
  if (u == "WARN" || u == "WARNING") return Level::kWarn;
  if (u == "ERROR") return Level::kError;
  if (u == "DEBUG") return Level::kDebug;
  if (u == "TRACE") return Level::kTrace;
  if (u == "FATAL" || u == "CRITICAL") return Level::kFatal;
  return Level::kUnknown;
}

// Time, level and layout of the header (the views are the caller's business).
RecordHeader HeaderBasics(const JsonFields& f) {
  RecordHeader header;
  header.layout = Layout::kJson;
  header.level = LevelFromText(f.level.raw);
  if (f.epoch_ms) {
    header.time = WallTime{*f.epoch_ms, true};
    header.offset_minutes = 0;
  } else if (f.stamp.present) {
    WallTime wall;
    std::optional<int32_t> offset;
    if (ParseStamp(f.stamp.raw, wall, offset)) {
      if (offset) {
        // An absolute time: kept, like epochs, as the UTC wall clock.
        header.time = WallTime{wall.ms - int64_t{*offset} * 60'000, true};
        header.offset_minutes = 0;
      } else {
        header.time = wall;
      }
    }
  }
  return header;
}

// The raw message up to its first escaped line break ("\n" or "\r").
std::string_view RawFirstLine(std::string_view raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') continue;
    if (i + 1 < raw.size() && (raw[i + 1] == 'n' || raw[i + 1] == 'r')) return raw.substr(0, i);
    ++i;
  }
  return raw;
}

// "yyyy-MM-dd HH:mm:ss,SSS"
void AppendStamp(WallTime t, std::string& out) {
  const int64_t days = t.ms >= 0 ? t.ms / kMillisPerDay : (t.ms - kMillisPerDay + 1) / kMillisPerDay;
  const int64_t in_day = t.ms - days * kMillisPerDay;
  const CivilDate date = CivilFromDays(days);
  char buf[32];
  const int hour = static_cast<int>(in_day / 3'600'000);
  const int minute = static_cast<int>(in_day / 60'000 % 60);
  const int second = static_cast<int>(in_day / 1000 % 60);
  const int millis = static_cast<int>(in_day % 1000);
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d,%03d", date.year, date.month,
                              date.day, hour, minute, second, millis);
  if (n > 0) out.append(buf, static_cast<size_t>(std::min(n, static_cast<int>(sizeof buf) - 1)));
}

}  // namespace

bool StartsJsonRecord(const char* line, const char* end) {
  if (end - line < 3 || line[0] != '{' || line[1] != '"') return false;
  const void* nl = std::memchr(line, '\n', static_cast<size_t>(end - line));
  const char* last = nl ? static_cast<const char*>(nl) : end;
  while (last > line && (last[-1] == '\r' || last[-1] == ' ' || last[-1] == '\t')) --last;
  if (last - line < 3 || last[-1] != '}') return false;
  // A log record has a level; a JSON document on a line of its own (an
  // execution plan, a REST body inside a message) does not, and stays a
  // continuation line of the record around it.
  const std::string_view text(line, static_cast<size_t>(last - line));
  return text.find("level\"") != std::string_view::npos ||
         text.find("\"severity\"") != std::string_view::npos;
}

Result<RecordHeader> ParseJsonHeader(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  Scratch& scratch = ThreadScratch();
  JsonFields f;
  if (Status status = ParseLine(line, false, scratch, f); !status.ok()) {
    ReleaseIfHuge(scratch);
    return status;
  }
  RecordHeader header = HeaderBasics(f);
  // Views into the caller's line, at the same offsets as in the parse buffer.
  const char* base = scratch.buffer.data();
  const auto in_line = [&](std::string_view raw) {
    if (raw.empty()) return std::string_view();
    return line.substr(static_cast<size_t>(raw.data() - base), raw.size());
  };
  header.logger = in_line(f.logger.raw);
  header.thread = in_line(f.thread.raw);
  header.message = in_line(f.message_is_json ? f.message.raw : RawFirstLine(f.message.raw));
  ReleaseIfHuge(scratch);
  return header;
}

Result<JsonTextRecord> JsonToText(std::string_view record_text, std::string& out) {
  out.clear();
  const size_t nl = record_text.find('\n');
  std::string_view line = record_text.substr(0, nl);
  const std::string_view continuation =
      nl == std::string_view::npos ? std::string_view() : record_text.substr(nl);
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);

  Scratch& scratch = ThreadScratch();
  JsonFields f;
  if (Status status = ParseLine(line, true, scratch, f); !status.ok()) {
    ReleaseIfHuge(scratch);
    return status;
  }
  RecordHeader header = HeaderBasics(f);

  // Throwable from the ECS / logstash fields when there was no thrown{}.
  std::string& throwable = scratch.throwable;
  if (throwable.empty()) {
    if (f.stack_trace.present && !TrimLineBreaks(f.stack_trace.text).empty()) {
      throwable += TrimLineBreaks(f.stack_trace.text);
    } else if (!f.error_type.text.empty()) {
      throwable += f.error_type.text;
      if (!f.error_message.text.empty()) {
        throwable += ": ";
        throwable += f.error_message.text;
      }
    }
  }

  const std::string_view message = TrimLineBreaks(f.message.text);
  const std::string_view level_text =
      header.level != Level::kUnknown ? LevelName(header.level) : f.level.text;
  out.reserve(64 + level_text.size() + f.logger.text.size() + message.size() + throwable.size() +
              continuation.size() + f.thread.text.size());
  if (header.time.known()) {
    AppendStamp(header.time, out);
    out += ' ';
  }
  const size_t level_at = out.size();
  out += level_text;
  while (out.size() < level_at + 5) out += ' ';  // %-5p
  out += ' ';
  const size_t logger_at = out.size();
  out += f.logger.text;
  const size_t logger_end = out.size();
  out += f.logger.text.empty() ? "[] - " : " [] - ";
  const size_t message_at = out.size();
  out += message;
  const size_t first_line_end = message_at + std::min(message.find('\n'), message.size());
  if (!throwable.empty()) {
    out += '\n';
    out += throwable;
  }
  out += TrimLineBreaks(continuation);
  const size_t text_end = out.size();
  // The thread is not part of the text layout; it is kept after the text.
  out += '\n';
  const size_t thread_at = out.size();
  out += f.thread.text;

  // Views are taken only now: `out` does not move any more.
  const std::string_view all(out);
  header.logger = all.substr(logger_at, logger_end - logger_at);
  std::string_view first_line = all.substr(message_at, first_line_end - message_at);
  while (!first_line.empty() && first_line.back() == '\r') first_line.remove_suffix(1);
  header.message = first_line;
  header.thread = all.substr(thread_at);
  ReleaseIfHuge(scratch);
  return JsonTextRecord{all.substr(0, text_end), header};
}

}  // namespace flinkscan
