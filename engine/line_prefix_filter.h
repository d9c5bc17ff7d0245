#pragma once
// Line prefixes that tools put in front of every log line, stripped before
// anything downstream sees the lines (flink-log-formats.md quirk 6, §1.3):
//
//   docker compose    "jobmanager-1     | "   (v1: "flink_jobmanager_1  | "; ANSI colours tolerated)
//   kubectl --prefix  "[pod/<pod>/<container>] "
//   --timestamps      "2024-03-01T10:00:00.123456789Z "   (RFC 3339, any fraction, Z or ±HH:MM)
//   CRI log files     "2024-03-01T10:00:00.123456789Z stdout F "   (F full line, P partial)
//
// and a name prefix followed by a stamp ("jobmanager-1  | 2024-…Z …",
// "[pod/…] 2024-…Z …"). The shape is detected once per input from its first
// lines; then each line that carries it loses it, continuation lines
// included, and a line without it passes unchanged (a terminal-wrapped
// line, compose's own "Attaching to …"). A CRI partial line ("P") keeps its
// line break: the rest arrives as the next line, a continuation line of the
// same record, so line counts stay those of the input.
//
// Named prefixes (docker compose, kubectl --prefix) interleave several
// programs; each name becomes its own logical stream, keyed and sectioned by
// the name (source "path#jobmanager-1", "path#<pod>/<container>"), its kind
// taken from the name (jobmanager / taskmanager, else the input's). To keep
// chunks large, each name's lines are buffered and handed on as one segment
// when the buffer passes LinePrefixFilterOptions::flush_bytes, always cut
// before a record header so no record is split between segments (a record
// longer than max_record_bytes is the exception). Lines before the first
// named line form the stream keyed "" (the input itself). Line numbers are
// per stream.
//
// Accounting: StreamFramer::TakeFilteredBytes() returns the stripped bytes
// of the segment's lines, so a stream's bytes are its input bytes. A last
// line without a newline that is nothing but a prefix keeps it (a segment
// always delivers at least one byte for the bytes it accounts for).
//
// Memory: bounded by max_buffered_bytes plus one read block, whatever the
// line lengths; no allocation per line (buffers are pooled).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/byte_source.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

enum class NamePrefix : uint8_t { kNone, kDockerCompose, kKubectl };
enum class StampPrefix : uint8_t { kNone, kTimestamp, kCri };

struct LinePrefixShape {
  NamePrefix name = NamePrefix::kNone;
  StampPrefix stamp = StampPrefix::kNone;

  bool any() const { return name != NamePrefix::kNone || stamp != StampPrefix::kNone; }
  // StreamInfo::prefix: "docker-compose", "kubectl", "timestamps", "cri", or "<name>+<stamp>".
  std::string Name() const;
  friend bool operator==(const LinePrefixShape&, const LinePrefixShape&) = default;
};

// The prefix of `shape` at the start of `line` (which may run past the line
// end). Returns the bytes to strip, 0 when the line does not carry it;
// `name` receives the compose service or kubectl "<pod>/<container>".
size_t MatchLinePrefix(std::string_view line, LinePrefixShape shape, std::string_view* name = nullptr);

// The prefix shape most of the header lines in `head` (the input's first
// bytes, ~64 KiB) carry: a shape wins when, stripped, more than half of the
// lines that start a record (log4j, JSON, GC) had it. `whole_input`: head
// is the whole input, so its last line is complete even without a newline;
// otherwise a cut last line counts only when it is long (a giant first line).
LinePrefixShape DetectLinePrefix(std::string_view head, bool whole_input);

struct LinePrefixFilterOptions {
  size_t flush_bytes = 1u << 20;          // a name's buffer is handed on past this (at a record start)
  size_t max_record_bytes = 32u << 20;    // a buffer with no record start in it is handed on whole here
  size_t max_buffered_bytes = 64u << 20;  // over all names: the largest buffer is handed on
  size_t read_block = 1u << 20;           // bytes asked of the source per read
};

// REQUIRES: shape.any().
std::unique_ptr<StreamFramer> MakeLinePrefixFilter(const InputFile& input, std::unique_ptr<ByteSource> source,
                                                   LinePrefixShape shape,
                                                   const LinePrefixFilterOptions& options = {});

}  // namespace flinkscan
