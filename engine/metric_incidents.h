#pragma once
// Incidents only Slf4jReporter metrics can show (engine/metric_series.h):
//   data_skew       one subtask of a parallel vertex busy while its siblings idle
//   throughput_drop a vertex's numRecordsInPerSecond falls to under half of what
//                   it was, for at least 5 minutes; diagnosed as backpressure from
//                   a slow downstream vertex, a resource mismatch (the vertex
//                   itself is the busy bottleneck) or less input upstream.
// Both are warnings, one per vertex (skew) or per job (throughput drop).

#include <vector>

#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/metric_series.h"

namespace flinkscan {

void AddMetricIncidents(const ResolvedMetrics& metrics, const std::vector<JobSummary>& jobs,
                        const EventFormatter& fmt, const AggregatorOptions& options, std::vector<Incident>& out);

}  // namespace flinkscan
