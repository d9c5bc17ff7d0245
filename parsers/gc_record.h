#pragma once
// JVM GC log records (JDK 8 -XX:+PrintGCDetails and JDK 9+ -Xlog:gc*), in
// their own files and inside .out files: record starts, headers and pauses.

#include <string_view>

#include "base/status.h"
#include "parsers/record.h"

namespace flinkscan {

// True when the line opens a GC log record: a JDK 8 date stamp
// ("2022-08-01T17:16:33.170+0000: "), a JDK 8 uptime stamp followed by a record
// ("0.169: [", "0.169: #3: ", "0.169: Total time for which …"), a JDK 8 record
// without stamps ("[GC (…", "[GC pause", "[Full GC"), or unified-logging
// decorations whose first one is a time, uptime, level or gc/safepoint tag set
// ("[2022-01-29T16:34:51.642+0000][233ms]…", "[0.202s][info][gc]", "[gc,start]").
// False for log4j stamps and ordinary text ("[main] …", "1.5: done").
// Indented lines (G1 details, " [Times: …]") are continuations.
// Hot path: a few byte tests; may read up to `end` but stops at the line end.
bool StartsGcRecord(const char* line, const char* end);

// Header of a GC record (layout kGcJdk8 / kGcUnified); error when not a GC line.
// - time: the wall clock the line prints (JDK 8 date stamp, unified `time`/`utctime`,
//   or `timemillis`), with offset_minutes set from its zone. A line that prints only
//   the JVM uptime gets time = {uptime ms, has_date = false}: the aggregator turns it
//   into a wall time when the stream dates the JVM start, and otherwise reports it as
//   time since JVM start (inputs[].tz_source "uptime"). A JDK 8 line with no stamp at
//   all ("[GC (Allocation Failure) …") has an unknown time.
// - uptime_ms: the JVM uptime when printed ("0.169: ", "[0.202s]", "[233ms]", "[…ns]").
// - level / logger: the unified `level` and `tags` decorators ("gc,phases").
// - message: the rest of the line after the stamps: "#0: [GC (…" / "GC(6) Pause Young …".
// Decimal commas ("0,169", "[2,048s]") are accepted wherever a decimal point is.
Result<RecordHeader> ParseGcHeader(std::string_view first_line);

}  // namespace flinkscan
