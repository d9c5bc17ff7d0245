#pragma once
// A seeded, reproducible corpus of Flink 1.17.2 standalone-cluster logs with
// its ground truth, for benchmarks and end-to-end tests.
//
// The corpus is a `$FLINK_HOME`-like directory: `<out>/log/` holds one
// JobManager log, K TaskManager logs and their `.out` files (Flink's file
// names, log4j2 default layout, 1.16+ attempt ids, `~[flink-dist-1.17.2.jar:
// 1.17.2]` frame suffixes); `<out>/ground-truth.json` says what a correct
// analysis finds. It is kept outside `log/` so that scanning the log
// directory sees only logs.
//
// What is in it: ~97 % ordinary chatter (user-code and Kafka client INFO, a
// checkpoint trigger/complete pair every interval, a few WARN lines without
// traces) and planned incidents, spread evenly over the byte budget:
//   - job failovers: one task fails on its TaskManager (root cause: heap OOM,
//     a user-code RuntimeException, a JSON deserialization error or a Kafka
//     OffsetOutOfRange), the JobManager logs the same attempt as FAILED, the
//     region failover restarts every task, RUNNING→RESTARTING→RUNNING;
//   - checkpoint failure streaks: 2–5 checkpoints expire in a row, each with
//     a CheckpointFailureManager WARN and its trace;
//   - slow checkpoints: 1–3 checkpoints in a row take 31–58 s (threshold 30 s);
//   - lost TaskManagers: the spare TaskManager (the last one, which runs no
//     task) misses heartbeats, the ResourceManager closes its connection, and
//     it registers again a few seconds later;
//   - optionally, at the very end, a terminal failure (restarts exhausted).
// Incidents never overlap and are separated by at least two normally
// completed checkpoints, so each is exactly one incident of its kind.
//
// Deterministic: the same options give byte-identical files on every
// platform (splitmix64, integer arithmetic only, no std distributions).
// Memory stays bounded whatever the size: lines are streamed to the files.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace flinkscan {

struct CorpusOptions {
  std::string out_dir;               // created if missing; existing corpus files are overwritten
  uint64_t target_bytes = 8u << 20;  // log bytes in total; the run ends at the first quiet point after it
  uint64_t seed = 1;
  // TaskManagers. With K >= 2 the last one is a spare that runs no task (it is
  // the one that gets lost); the job runs with parallelism max(1, K - 1).
  int taskmanagers = 3;
  // Planned incidents; < 0 picks clamp(target_bytes / 4 MiB, 4, 256). Kinds
  // rotate through shuffled rounds, so any 4 consecutive incidents (3 without
  // a spare TaskManager) contain each kind once.
  int incidents = -1;
  bool terminal_failure = false;  // the job ends FAILED, restarts exhausted
  int64_t checkpoint_interval_ms = 10'000;
  int64_t chatter_interval_ms = 250;  // mean gap between two chatter records of one busy TaskManager
  // Root causes the failures draw from, by diagnosis cause code (oom_heap, user_code_exception,
  // deserialization_exception, kafka_offset_out_of_range); empty: all four. Two corpora with
  // different lists are a "yesterday" and a "today" whose exception signatures differ by exactly
  // the causes only one of them lists (the --baseline end-to-end test).
  std::vector<std::string> failure_causes;
};

struct CorpusFileTruth {
  std::string path;  // relative to out_dir, e.g. "log/flink-flink-taskexecutor-0-tm-host-1.log"
  std::string kind;  // jobmanager | taskmanager | stdout
  uint64_t bytes = 0;
  uint64_t lines = 0;    // number of '\n' (every file ends with one, or is empty)
  uint64_t records = 0;  // lines that start with a timestamp
};

struct CorpusFailureTruth {
  std::string time;         // the first failure line (TaskManager side), "YYYY-MM-DDTHH:MM:SS.sss"
  std::string failed_task;  // "KeyedProcess -> Sink: Alerts (2/2)"
  std::string root_class;   // innermost cause, e.g. "java.lang.OutOfMemoryError"
  std::string cause;        // the diagnosis cause code: oom_heap | user_code_exception |
                            // deserialization_exception | kafka_offset_out_of_range
};

struct CorpusCheckpointTruth {
  uint64_t triggered = 0;
  uint64_t completed = 0;
  uint64_t expired = 0;
  uint64_t aborted = 0;  // pending when the job failed over ("Checkpoint Coordinator is suspending.")
  uint64_t pending = 0;  // always 0: the corpus ends at a quiet point
  int64_t max_duration_ms = 0;
  uint64_t failed() const { return expired + aborted; }
};

struct CorpusStreakTruth {
  int64_t first_id = 0;
  int64_t last_id = 0;
  std::string start;  // trigger of the first failed checkpoint
};

struct CorpusLostTaskManagerTruth {
  std::string resource_id;
  std::string host;
  std::string detected;  // the ResourceManager's heartbeat timeout line
};

struct CorpusTruth {
  uint64_t seed = 0;
  std::string flink_version = "1.17.2";
  std::string job_id;
  std::string job_name;
  std::string final_state;  // RUNNING, or FAILED with terminal_failure
  std::string first_time;
  std::string last_time;
  CorpusCheckpointTruth checkpoints;
  std::vector<CorpusFailureTruth> failovers;      // job_failover incidents, in time order
  std::optional<CorpusFailureTruth> job_failure;  // the job_failed incident, if any
  std::vector<CorpusStreakTruth> checkpoint_failure_streaks;
  std::vector<CorpusStreakTruth> slow_checkpoint_runs;
  std::vector<CorpusLostTaskManagerTruth> lost_taskmanagers;
  std::vector<CorpusFileTruth> files;  // in the order the generator opened them
  uint64_t total_bytes = 0;
  uint64_t total_lines = 0;
  uint64_t total_records = 0;

  // Incidents a correct analysis reports, by kind (kinds with a count > 0):
  // job_failover, job_failed, oom (one beside every failure whose root cause
  // is an OutOfMemoryError), checkpoint_failures, slow_checkpoint,
  // taskmanager_lost.
  std::map<std::string, uint64_t> IncidentCounts() const;
};

// Writes the corpus and `<out_dir>/ground-truth.json`. Errors: unusable
// options, or a directory/file that cannot be created or written.
Result<CorpusTruth> GenerateCorpus(const CorpusOptions& options);

// The ground-truth document (pretty JSON, newline-terminated).
std::string RenderCorpusTruthJson(const CorpusTruth& truth, const CorpusOptions& options);

// "123", "64K", "16M", "1G" (binary multiples; "KiB"/"MiB"/"GiB" too).
bool ParseByteCount(std::string_view text, uint64_t& out);

// A corpus in a fresh directory under the system temp dir, removed again by
// the destructor. For benchmarks and tests.
class TemporaryCorpus {
 public:
  // `options.out_dir` is ignored; `name_hint` becomes part of the directory name.
  static Result<TemporaryCorpus> Create(CorpusOptions options, const std::string& name_hint);
  TemporaryCorpus(TemporaryCorpus&& other) noexcept;
  TemporaryCorpus& operator=(TemporaryCorpus&& other) noexcept;
  TemporaryCorpus(const TemporaryCorpus&) = delete;
  TemporaryCorpus& operator=(const TemporaryCorpus&) = delete;
  ~TemporaryCorpus();

  const std::string& dir() const { return dir_; }        // the $FLINK_HOME-like root
  std::string log_dir() const { return dir_ + "/log"; }  // what to scan
  std::string Path(const CorpusFileTruth& file) const { return dir_ + "/" + file.path; }
  const CorpusTruth& truth() const { return truth_; }

 private:
  TemporaryCorpus() = default;
  std::string dir_;
  CorpusTruth truth_;
};

}  // namespace flinkscan
