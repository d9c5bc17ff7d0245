#pragma once
// Groups every throwable seen into one row per signature: outer class, root
// class and the root message with numbers and ids masked, so thousands of
// identical failures are one row with a count and first/last time.

#include <string>
#include <vector>

#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan {

std::vector<ExceptionSummary> BuildExceptionTable(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt);

// "Heartbeat of TaskManager with id 10.0.0.1:35016-a4d337 timed out" ->
// "Heartbeat of TaskManager with id <n>.<n>.<n>.<n>:<n>-<hex> timed out".
std::string NormalizeMessage(std::string_view message);

}  // namespace flinkscan
