#pragma once
// CheckpointCoordinator lines for the engine tests, in Flink 1.17's wording
// (docs from /work/shared/flink-log-formats.md): one job, times given as
// milliseconds after 10:00 of testing::Day()'s date, trigger epochs from
// 2024-03-01T10:00:00Z. Each test composes its own timing from these.

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "tests/engine/synthetic_log.h"

namespace flinkscan::testing {

inline constexpr std::string_view kCoordinator = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
inline constexpr std::string_view kCheckpointJob = "c506b6c290cc2d96a0e3f0eea10395c4";
inline constexpr int64_t kEpoch10h = 1709287200000;  // 2024-03-01T10:00:00Z

// "2024-03-01 HH:mm:ss,SSS" at `ms_after_10h`.
inline std::string At(int64_t ms_after_10h) {
  const int64_t minutes = ms_after_10h / 60'000, s = ms_after_10h / 1000 % 60, ms = ms_after_10h % 1000;
  return Day(fmt::format("{:02d}:{:02d}:{:02d},{:03d}", 10 + minutes / 60, minutes % 60, s, ms));
}

inline uint64_t AddTrigger(SyntheticLog& log, int64_t at, int64_t id) {
  return log.Add(At(at), "INFO", kCoordinator,
                 fmt::format("Triggering checkpoint {} (type=CheckpointType{{name='Checkpoint', "
                             "sharingFilesStrategy=FORWARD_BACKWARD}}) @ {} for job {}.",
                             id, kEpoch10h + at, kCheckpointJob));
}

inline uint64_t AddCompletion(SyntheticLog& log, int64_t logged_at, int64_t id, int64_t duration_ms,
                              int64_t bytes = 8338, int64_t finalization_ms = 25) {
  return log.Add(At(logged_at), "INFO", kCoordinator,
                 fmt::format("Completed checkpoint {} for job {} ({} bytes, checkpointDuration={} ms, "
                             "finalizationTime={} ms).",
                             id, kCheckpointJob, bytes, duration_ms, finalization_ms));
}

inline uint64_t AddExpiry(SyntheticLog& log, int64_t logged_at, int64_t id) {
  return log.Add(At(logged_at), "INFO", kCoordinator,
                 fmt::format("Checkpoint {} of job {} expired before completing.", id, kCheckpointJob));
}

}  // namespace flinkscan::testing
