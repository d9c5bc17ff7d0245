#pragma once
// Groups every throwable seen into one row per signature (outer class, root
// class, root message with values masked, top frames of the root cause with
// line numbers stripped; engine/exception_signature.h), so thousands of
// identical failures are one row with a count, first/last time and where.
//
// Bounded whatever the input: at most `max_signatures` rows (first seen
// first); records of further signatures are counted in one overflow row. Each
// row keeps at most `max_places` distinct sources, hosts and jobs.

#include <cstddef>
#include <vector>

#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/exception_signature.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct ExceptionTableOptions {
  size_t frames = 3;             // root-cause frames that take part in the signature
  size_t max_signatures = 1000;  // distinct rows; the rest go to the overflow row
  size_t max_places = 8;         // distinct sources / hosts / jobs listed per row
};

// `sorted`: the aggregator's events in time order. Rows most frequent first,
// ties in order of first sight; the overflow row, if any, last.
std::vector<ExceptionSummary> BuildExceptionTable(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                                                  const ExceptionTableOptions& options = {});

}  // namespace flinkscan
