#pragma once
// A record's exception stack trace, frame by frame: the outer throwable and
// each `Caused by:` segment with the frames it printed, and the `... N more`
// frames it shares with the enclosing trace. Suppressed blocks are skipped
// (they are not on the path that failed). Line shapes come from
// parsers/exception_chain.h; views point into the record text.

#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/exception_chain.h"

namespace flinkscan {

struct StackSegment {
  ThrowableLink throwable;               // class and first message line
  std::vector<std::string_view> frames;  // printed frames, innermost (top) first, "at " and jar suffix removed
  uint32_t shared_with_enclosing = 0;    // the "... N more" count
};

struct StackTrace {
  // Bounds: a throwable chain deeper than this keeps its first segments, and a
  // segment longer than kMaxFrames keeps its top frames (the JVM's default depth).
  static constexpr size_t kMaxSegments = 32;
  static constexpr size_t kMaxFrames = 1024;

  std::vector<StackSegment> segments;    // outer first; the last one is the root cause
};

// Parses the trace in `record_text` (a whole record, header line included,
// the same input as ParseExceptionChain). No trace: no segments.
StackTrace ParseStackTrace(std::string_view record_text);

// The full stack of segment `index`, top first: its printed frames followed by
// the last `shared_with_enclosing` frames of the enclosing segment's full stack
// (that is what the JVM elided as "... N more").
std::vector<std::string_view> ResolvedFrames(const StackTrace& trace, size_t index);

}  // namespace flinkscan
