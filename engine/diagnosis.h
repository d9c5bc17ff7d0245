#pragma once
// Maps what an incident's evidence shows to a cause from the diagnosis table
// (DEVELOPERS.md: subtask crashes — OOM / deserialization / data skew / user
// code; checkpoint failures — timeout / state size / external storage / tasks
// not running; lost TaskManagers) and a concrete next step. Keys on
// exception class names, not on (possibly translated) message text.

#include "engine/analysis.h"
#include "engine/stored_event.h"

namespace flinkscan {

// For a failure whose root cause is `t` (may be absent).
Diagnosis DiagnoseFailure(const StoredThrowable& t);

// For memory kinds reported without a throwable (container/pod kills).
Diagnosis DiagnoseOom(OomKind kind);

// For a checkpoint failure streak, by its dominant reason class
// (timeout | declined | tasks_not_running | external_storage | state_size | failover | other).
Diagnosis DiagnoseCheckpointFailures(const std::string& reason_class);

// OOM kind named by a throwable chain, kNone when it is not an OOM.
OomKind OomKindOf(const StoredThrowable& t);

// How completed checkpoints before a failure streak grew (oldest → newest of
// the last few): state growing until checkpoints time out.
struct CheckpointGrowth {
  int64_t first_bytes = -1, last_bytes = -1;
  int64_t first_ms = -1, last_ms = -1;
  size_t checkpoints = 0;
  bool Growing() const;  // size at least 1.5× over >= 3 checkpoints, duration not falling
};

// A streak's diagnosis with what its evidence adds: the storage system an
// external-storage failure names (S3, HDFS, OSS, GCS, Azure, local disk), and
// state growth that turns timeouts into "state too large".
Diagnosis DiagnoseCheckpointFailures(const std::string& reason_class, const StoredThrowable* cause,
                                     const CheckpointGrowth& growth);

// The checkpoint storage a throwable chain names ("S3", "HDFS", …), "" when none.
std::string StorageSystemOf(const StoredThrowable& t);

// Refines incidents with what Slf4jReporter metrics show (engine/metric_series.h):
// checkpoint timeouts and job stalls become backpressure stalls when a vertex
// was back-pressured at the time (else the checkpoint itself is stuck); a
// subtask crash becomes data skew when the same subtask failed again and again
// while its siblings did not, or when metrics show it busy while siblings idle.
struct ResolvedMetrics;
class EventFormatter;
void RefineDiagnoses(const ResolvedMetrics& metrics, const EventFormatter& fmt, std::vector<Incident>& incidents);

}  // namespace flinkscan
