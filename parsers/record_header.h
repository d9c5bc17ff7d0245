#pragma once
// Record header recognition. `StartsRecord` is on the hot path (called for
// every line start while counting records): no allocation, a few byte tests.
// `ParseHeader` runs only for records that a pattern nominated.

#include <string_view>

#include "base/status.h"
#include "parsers/record.h"

namespace flinkscan {

// True when the line beginning at `line` (up to `end`, exclusive; it may run
// past the line end) opens a new record: it starts with a date-time
// `yyyy-MM-dd HH:mm:ss,SSS ` or a time-only `HH:mm:ss,SSS ` stamp. A year cut
// to 1–3 digits at the very start of a stream (a damaged first line) is also
// accepted so the record is counted; ParseHeader flags it.
bool StartsRecord(const char* line, const char* end);

// Parses the first line of a record (without its line end). Tokens, not
// columns: loggers longer than 60 characters shift everything after them.
Result<RecordHeader> ParseHeader(std::string_view first_line);

}  // namespace flinkscan
