#pragma once
// GC pauses of a scan: the `gc` section of the Analysis (design.md "GC":
// stop-the-world events with their own pause figure; safepoint lines are not
// pauses) and `gc_pressure` incidents, one per episode of long pauses, full GCs
// or a high GC time share, scoped to the JVM (TaskManager / container / host)
// whose stream the pauses came from.

#include <cstdint>
#include <vector>

#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan {

// design.md defaults for `gc_pressure`.
struct GcPressureRules {
  double long_pause_ms = 1000;   // a single pause longer than this
  double max_time_share = 0.20;  // GC pause time over any `window_ms` window, as a share of it
  int64_t window_ms = 60'000;
  int64_t episode_gap_ms = 5 * 60'000;  // triggers closer than this belong to one episode
};

// Counts, sums and a bounded list of pauses (full GCs first, then the longest;
// rendered in time order). `sorted`: the aggregator's time-ordered events.
GcSummary SummarizeGc(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                      size_t max_items = 1000);

// Appends one `gc_pressure` incident (warning) per episode and stream.
void AddGcIncidents(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                    const AggregatorOptions& options, std::vector<Incident>& out,
                    const GcPressureRules& rules = {});

}  // namespace flinkscan
