#pragma once
// JVM GC log records (JDK 8 -XX:+PrintGCDetails and JDK 9+ -Xlog:gc*), in
// their own files and inside .out files: record starts, headers and pauses.

#include <string_view>

#include "base/status.h"
#include "parsers/record.h"

namespace flinkscan {

// True when the line opens a GC log record: a JDK 8 date stamp
// ("2022-08-01T17:16:33.170+0000: "), a JDK 8 uptime stamp ("0.169: ["), or
// unified-logging decorations ("[2022-01-29T16:34:51.642+0000][233ms]…",
// "[0.202s][info][gc]"). Hot path: a few byte tests.
bool StartsGcRecord(const char* line, const char* end);

// Header of a GC record (time, layout kGc…); error when not a GC line.
Result<RecordHeader> ParseGcHeader(std::string_view first_line);

}  // namespace flinkscan
