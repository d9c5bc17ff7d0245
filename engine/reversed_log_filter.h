#pragma once
// Newest-first input (flink-log-formats.md quirk 7): some log UIs export
// the newest line first, so header times go down and an exception's frames
// come before its header, bottom-up. Grouping such lines into records would
// attach every trace to the wrong header, so the lines are served in reverse
// order, oldest first, before anything downstream sees them.
//
// The input is read whole (up to max_bytes) before its first byte is served:
// reversal needs the last line first. Bytes and lines are exactly the
// input's: every line keeps its own bytes ("\r" included), and a last line
// without a newline is served first with one, the then-last line without.
// Line numbers are positions in the served order: line 1 is the input's last
// line.
//
// An input longer than max_bytes is reversed in pieces of max_bytes (cut at
// a line end), each served oldest first; times then go back at each piece
// edge and a record across an edge is split. The stream's error says so.

#include <cstddef>
#include <memory>
#include <string_view>

#include "engine/byte_source.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

// True when the record headers in `head` (the input's first bytes, ~64 KiB)
// mostly go back in time: at least two decreases between consecutive
// readable header times and more than four times as many decreases as
// increases, over the first 64 such steps. `whole_input`: head is the whole input.
bool LooksReversed(std::string_view head, bool whole_input);

// Reverses the lines of data[0, size) in place (see above for the last line).
void ReverseLines(char* data, size_t size);

struct ReversedLogFilterOptions {
  size_t max_bytes = 256u << 20;  // read whole up to this; longer inputs are reversed in pieces
  size_t read_block = 1u << 20;
};

// One stream, the whole input; StreamInfo::reversed is set.
std::unique_ptr<StreamFramer> MakeReversedLogFilter(const InputFile& input,
                                                    std::unique_ptr<ByteSource> source,
                                                    const ReversedLogFilterOptions& options = {});

}  // namespace flinkscan
