#pragma once
// The engine, incrementally: `serve` polls the followed files and pushes
// their new complete lines through the same chunk scanner, aggregator and
// metrics registry that `scan` uses, one chunk at a time on one thread.
//
// Records are never split: the bytes after a file's last record start are
// held back until a later record start arrives or the file has been quiet
// for `quiet_polls` polls (a stack trace is written in several writes).
//
// Memory is bounded: the metrics are counters, and the report state (the
// aggregator) is started afresh once it holds `max_report_events` events, so
// the live report covers the most recent window while /metrics stays exact.
//
// Thread-safety: not thread-safe; `serve` serialises calls with a mutex.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/chunk_scanner.h"
#include "engine/file_follower.h"
#include "engine/metrics_registry.h"
#include "patterns/matcher.h"

namespace flinkscan {

struct LiveScanOptions {
  std::vector<std::string> paths;
  AggregatorOptions aggregator;
  FollowerOptions follower;
  MetricCaps caps;
  size_t max_record_bytes = 16u << 20;  // a longer record is cut at a line
  int quiet_polls = 2;                  // held-back record flushed after this many polls without growth
  size_t max_report_events = 50'000;    // report window: events kept for /report.json and /
};

class LiveScan {
 public:
  static Result<std::unique_ptr<LiveScan>> Create(std::shared_ptr<const Matcher> matcher, LiveScanOptions options);

  // Reads what the followed files gained and scans it.
  void Poll();

  // The report over the current window; computed again only after new input.
  const Analysis& Snapshot();
  std::vector<MetricFamily> Metrics();

  // Follow notices since the last call (truncations, rotations, new and deleted files).
  std::vector<FollowNotice> TakeNotices() { return follower_.TakeNotices(); }
  const FollowerStats& follow_stats() const { return follower_.stats(); }
  uint64_t report_windows_started() const { return windows_; }

 private:
  struct FileState {
    uint32_t stream = 0;
    std::string path;
    StreamKind kind = StreamKind::kUnknown;
    std::vector<char> held;       // complete lines after the last record start, not scanned yet
    uint64_t offset = 0;          // stream offset of held[0]
    bool registered = false;      // the aggregator has seen the stream's first chunk
    bool seen_record = false;
    int quiet = 0;
    bool active = true;
    bool grew = false;            // lines arrived in this poll
    std::string note;             // goes into the report with the next chunk (a truncation)
    int notes = 0;                // notes given so far (capped: the report's errors stay bounded)
  };

  LiveScan(std::shared_ptr<const Matcher> matcher, LiveScanOptions options);
  FileState& StateFor(const FollowedBytes& batch);
  void Feed(FileState& file, std::string_view lines, bool flush);
  void ScanChunk(FileState& file, size_t size, std::string read_error);

  std::shared_ptr<const Matcher> matcher_;
  LiveScanOptions options_;
  ChunkScanner scanner_;
  MatchScratch scratch_;
  FileFollower follower_;
  std::unique_ptr<Aggregator> aggregator_;
  MetricsRegistry metrics_;
  std::vector<FileState> files_;     // by stream id
  std::vector<uint64_t> file_stream_;  // follower file id -> stream id
  Chunk chunk_;
  uint64_t sequence_ = 0;
  uint64_t window_events_ = 0;
  uint64_t windows_ = 1;
  bool dirty_ = true;
  Analysis snapshot_;
  std::chrono::steady_clock::time_point started_;
  double last_poll_unix_ = 0;
};

}  // namespace flinkscan
