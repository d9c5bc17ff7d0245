#pragma once
// JSON log lines (log4j2 JsonLayout, JsonTemplateLayout/ECS, logstash-style):
// one record per physical line. Stack traces are JSON strings with escaped
// "\n\tat" (or arrays of frame objects), so an escaped line break is never a
// physical line.
//
// Fields read (first match wins where several name the same thing):
//   time    instant{epochSecond,nanoOfSecond} > timeMillis > @timestamp > timestamp
//   level   level | log.level | log{level} | severity
//   logger  loggerName | logger_name | log.logger | log{logger} | logger
//   thread  thread | thread_name | threadName | process.thread.name | process{thread{name}}
//   message message (a non-string message is kept as its raw JSON)
//   throwable thrown{name,message|localizedMessage,extendedStackTrace|stackTrace,cause}
//             | error.type/error.message/error.stack_trace | error{type,message,stack_trace}
//             | stack_trace
// Epochs and ISO stamps with a zone are absolute: the header's time is then the
// UTC wall clock and offset_minutes is 0. An ISO stamp without a zone (or a
// deployment's own "2020-11-27_03:31:32.221") is a naive wall clock with an
// unknown offset. Invalid UTF-8 bytes are read as '?'.

#include <string>
#include <string_view>

#include "base/status.h"
#include "parsers/record.h"

namespace flinkscan {

// True when the line is a JSON log record: starts with `{"` and ends with `}`
// (before an optional "\r" and blanks). `end` may run past the line end. Hot
// path: two byte tests, and a memchr for the line end only on '{' lines.
bool StartsJsonRecord(const char* line, const char* end);

// Header fields of a JSON record (time, level, logger, thread, message),
// layout kJson. Views point into `line`; a field that contains JSON escapes is
// returned still escaped, and the message only up to its first escaped line
// break. Error when the line is not a JSON object.
Result<RecordHeader> ParseJsonHeader(std::string_view line);

// The text form of a JSON record, which the text extractors understand.
struct JsonTextRecord {
  // "yyyy-MM-dd HH:mm:ss,SSS LEVEL logger [] - <message line 1>", the rest of
  // the message's lines, then the throwable ("name: message", "\tat" frames,
  // "Caused by: …"), then the record's physical continuation lines if any.
  // The stamp is left out when the record has no time. No final line end.
  std::string_view text;
  // Views into the same storage as `text` (the thread is kept after it);
  // message is the first line of the message, as the text layouts have it.
  RecordHeader header;
};

// Converts `record_text` (a JSON line, optionally followed by physical
// continuation lines) into its text form, written to `out` (cleared first; the
// views stay valid while `out` is neither modified nor destroyed). The JSON is
// unescaped; the caller owns `out`, so a chunk can keep many of them alive.
Result<JsonTextRecord> JsonToText(std::string_view record_text, std::string& out);

}  // namespace flinkscan
