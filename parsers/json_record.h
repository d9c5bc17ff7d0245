#pragma once
// JSON log lines (log4j2 JsonLayout, JsonTemplateLayout/ECS, logstash-style):
// one record per physical line.

#include <string_view>

#include "base/status.h"
#include "parsers/record.h"

namespace flinkscan {

// True when the line is a JSON log record: starts with `{"` and ends with `}`
// (before an optional "\r").
bool StartsJsonRecord(const char* line, const char* end);

// Header fields of a JSON record (time, level, logger, thread, message).
Result<RecordHeader> ParseJsonHeader(std::string_view line);

}  // namespace flinkscan
