#pragma once
// Splits one input's decoded bytes into logical streams. A plain log is one
// stream; `yarn logs` output is one stream per (container, log type) plus the
// envelope's own lines (issue 3). A stream may come in several segments
// (the envelope between sections); segments with the same key continue it.

#include <cstdint>
#include <memory>
#include <string>

#include "engine/byte_source.h"
#include "engine/source.h"
#include "engine/stream_info.h"

namespace flinkscan {

class StreamFramer {
 public:
  virtual ~StreamFramer() = default;
  // Moves to the next segment. `key` names the logical stream within this
  // input. Returns false when the input is exhausted.
  virtual bool NextSegment(StreamInfo& info, std::string& key) = 0;
  // Bytes of the current segment; 0 at its end (or on failure: TakeError()).
  virtual size_t Read(char* buf, size_t n) = 0;
  // A read/decode failure that ended the current segment early, once.
  virtual std::string TakeError() = 0;
  // Bytes of the current segment's input that a filter dropped (line
  // prefixes, engine/line_prefix_filter.h) since the last call, so each
  // stream still accounts for every input byte.
  virtual uint64_t TakeFilteredBytes() { return 0; }
};

struct PlainFramerOptions {
  bool count_only = false;  // count the lines, scan nothing (inputs that are not text logs)
  std::string first_error;  // a verdict about the whole input, reported with its first chunk
};

// The whole input as one stream.
std::unique_ptr<StreamFramer> MakePlainFramer(const InputFile& input, std::unique_ptr<ByteSource> source,
                                              PlainFramerOptions options = {});

}  // namespace flinkscan
