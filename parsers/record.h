#pragma once
// A record: one header line plus its continuation lines (stack frames,
// `Caused by:`, multi-line messages). The engine finds record boundaries; the
// parsers only ever see whole records.

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/wall_time.h"

namespace flinkscan {

enum class Level : uint8_t { kUnknown, kTrace, kDebug, kInfo, kWarn, kError, kFatal };
std::string_view LevelName(Level level);  // "INFO", … ; "" for kUnknown

// Which header layout a line was recognised as (see parsers/record_header.h).
enum class Layout : uint8_t {
  kUnknown,
  kLog4j2,          // 2022-05-27 16:13:00,463 INFO  logger [] - msg   (Flink >= 1.11)
  kLog4j1,          // 2020-04-18 11:58:50,512 INFO  logger  - msg     (Flink <= 1.10)
  kTimeOnlyLog4j2,  // 08:55:45,960 INFO  logger [] - msg              (IDE / MiniCluster)
  kTimeOnlyLog4j1,  // 08:55:45,960 INFO  logger  - msg
  kGcJdk8,          // 2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) …   (JVM -Xloggc)
  kGcUnified,       // [2022-01-29T16:34:51.642+0000][233ms][info][gc] GC(6) Pause Young …  (JVM -Xlog)
  kJson,            // {"instant":{…},"level":"INFO","loggerName":…,"message":…}  (one JSON object per line)
};

// Parsed first line of a record. Views point into the record's bytes.
struct RecordHeader {
  WallTime time;
  Level level = Level::kUnknown;
  Layout layout = Layout::kUnknown;
  std::string_view logger;
  std::string_view thread;   // empty when the layout prints none
  std::string_view message;  // rest of the first line after " - " (no line end)
  bool damaged_time = false; // e.g. a first line cut mid-timestamp: "025-07-14 12:00:32,165 INFO …"
  // JVM GC lines state their own zone ("…+0000") and the JVM uptime ("0.169: ", "[233ms]"):
  std::optional<int32_t> offset_minutes;  // wall clock minus UTC, when the line states it
  std::optional<int64_t> uptime_ms;       // JVM uptime, when the line states it
};

// A whole record as handed to extractors. `text` spans the header line and all
// continuation lines, without the final line end; lines may end in "\r\n".
// Lifetime: views are valid only while the chunk that holds them is alive.
struct RecordView {
  std::string_view text;
  RecordHeader header;
  uint64_t line = 0;     // 1-based line number of the header line within its stream
  uint32_t stream = 0;   // index of the stream (input) the record came from
};

}  // namespace flinkscan
