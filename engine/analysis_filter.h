#pragma once
// `--since`, `--until` and `--job`: narrow a finished Analysis to a time
// window and a job, so every sink shows the same subset. Applied to the
// Analysis rather than to events because the incident builders need the whole
// story (a failover that began before the window still has its first failure
// as root cause) and a bound relative to "the latest time in the input" is
// only known once the scan has ended.
//
// What is narrowed, and how:
//   - incidents and alerts: kept when their [start, end] meets the window and
//     their job is the one asked for (items with no job are kept: a lost
//     TaskManager concerns every job on it);
//   - checkpoints.items: kept by trigger (else end) time and job; the
//     counters (completed, failed, pending, savepoints, max_duration_ms) are
//     recounted from the kept items;
//   - exceptions: a row is kept when [first_time, last_time] meets the window
//     and it names the job or no job; its count stays the whole-input count;
//   - jobs: only the job asked for; transitions inside the window; a job
//     with no transition in or across the window is dropped;
//   - gc.items: kept by time (the GC figures stay whole-input figures);
//   - job_graph vertices: by job;
//   - metrics: charts keep the buckets inside the window (mean and max
//     recomputed); vertex and job charts by job name, since metric scopes
//     print names, not ids.
// Inputs, totals, time_span and flink_versions stay whole; Analysis::filter
// says what was applied.
//
// Times are compared as the wall clock is written (the report's own form);
// an offset in a bound or an item is ignored. Items whose time has no date
// (time-only layouts) are kept.

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "engine/analysis.h"

namespace flinkscan {

struct AnalysisFilterOptions {
  std::string since;  // as given: ISO-8601 local time, or relative ("24h", "90m", "7d", "30s")
  std::string until;
  std::string job;    // a job id, a prefix of one (>= 4 characters), or a job name
  bool active() const { return !since.empty() || !until.empty() || !job.empty(); }
};

// "2023-04-20T08:56:22.262", "2023-04-20T08:56:22+08:00", "2023-04-20 08:56",
// "2023-04-20" -> milliseconds since 1970-01-01T00:00 of that wall clock
// (offset ignored); nullopt for anything else, time-only values included.
std::optional<int64_t> ParseWallClock(std::string_view text);

// "24h" -> 86'400'000; units s, m, h, d; nullopt when `text` is not relative.
std::optional<int64_t> ParseRelativeMillis(std::string_view text);

// Resolves the bounds (a relative bound counts back from time_span_end) and
// narrows `analysis`. Errors: a bound that is neither form, a relative bound
// on an input with no dated time, or since after until.
Status FilterAnalysis(Analysis& analysis, const AnalysisFilterOptions& options);

}  // namespace flinkscan
