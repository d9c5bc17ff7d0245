#pragma once
// The serial, in-order stage: per-stream accounting (lines are rebased from
// chunk-relative to stream-relative here), time-only rollover, and a copy of
// every event but the routine checkpoint pairs CheckpointFolder folds into
// counts. Finalize() resolves time zones, orders events across streams and
// builds jobs, checkpoints, exceptions and incidents.
//
// Thread-safety: not thread-safe; the pipeline calls Consume() from its
// serial_in_order stage only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/alert_rules.h"
#include "engine/analysis.h"
#include "engine/checkpoint_folder.h"
#include "engine/chunk.h"
#include "engine/metric_series.h"
#include "engine/stack_profile.h"
#include "engine/source.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct AggregatorOptions {
  std::optional<int32_t> tz_offset_minutes;  // --tz: applies to every stream
  int64_t slow_checkpoint_ms = 30'000;       // design.md alert default
  size_t max_checkpoint_items = 2000;
  size_t max_evidence = 20;
  AlertRules alert_rules;                    // defaults, or --rules FILE
  StackCollectorOptions stacks;              // folded stacks and stuck_threads (engine/stack_profile.h)
  MetricSeriesOptions metric_series;         // bounds of the Slf4jReporter series
};

struct StreamAccount {
  StreamInfo info;
  std::string path;
  std::string stream;                 // container/logtype or archive member
  StreamKind kind = StreamKind::kUnknown;
  std::string host;                   // from the file name (flink-<user>-<daemon>-<id>-<host>.log) or YARN node
  std::string container;              // YARN container of a framed section
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t matched_records = 0;
  uint64_t unparsed_records = 0;
  uint64_t rejected_lines = 0;
  uint64_t continuation_lines = 0;
  uint64_t free_text_lines = 0;
  std::vector<InputSummary::RejectedExample> rejected_examples;
  std::vector<std::string> errors;
  Layout layout = Layout::kUnknown;
  bool mixed_layout = false;
  bool json_headers = false;  // seen JSON / text record headers (mixed_layout when both)
  bool text_headers = false;
  WallTime first_time;
  WallTime last_time;
  // Time-only layouts: days added for midnight rollovers so far.
  int64_t rollover_days = 0;
  int64_t last_time_of_day = -1;
  TimeResolution resolution;
  std::string tz_source = "unknown";
  // The zone the stream's first JSON header proves (instants: UTC), from ChunkStats.
  bool zone_checked = false;
  std::optional<int32_t> stated_offset_minutes;
  std::string stated_tz_source;
};

class Aggregator {
 public:
  explicit Aggregator(AggregatorOptions options);

  void Consume(const Chunk& chunk);

  // Builds the Analysis; `skipped` comes from discovery.
  Analysis Finalize(const std::vector<SkippedInput>& skipped, double seconds);

  // True when at least one input could be opened (exit code 2 otherwise).
  bool any_input_read() const { return any_opened_; }

  // Exposed for tests.
  const std::vector<StreamAccount>& streams() const { return streams_; }

 private:
  WallTime AdjustRollover(StreamAccount& stream, WallTime t);
  void ResolveTimes();
  void OrderEvents();

  AggregatorOptions options_;
  std::vector<StreamAccount> streams_;
  std::vector<StoredEvent> events_;
  CheckpointFolder checkpoint_folder_;
  // Slf4jReporter reports go here, not into events_: a report is many lines and
  // the series are bounded whatever the input size.
  MetricSeriesStore metric_store_;
  // Thread dumps, stuck-task dumps and exception stacks, read while the chunk is alive.
  StackCollector stack_collector_;
  uint64_t order_ = 0;
  bool any_opened_ = false;
};

}  // namespace flinkscan
