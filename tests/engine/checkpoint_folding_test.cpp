// Bounded memory (issue 4): routine checkpoint pairs of a long healthy run are
// folded into counts, and every output stays what it is without folding —
// counts, the listed items, failure streaks, slow runs and both alerts.

#include "engine/checkpoint_folder.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/engine/checkpoint_log.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::ScanInProcess;
using testing::SyntheticLog;
using testing::TempDir;

using testing::AddCompletion;
using testing::AddExpiry;
using testing::AddTrigger;

constexpr std::string_view kJob = testing::kCheckpointJob;
constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

void Completed(SyntheticLog& log, int64_t at, int64_t id, int64_t duration_ms) {
  AddTrigger(log, at, id);
  AddCompletion(log, at + duration_ms + 10, id, duration_ms);
}

void Expired(SyntheticLog& log, int64_t at, int64_t id) {
  AddTrigger(log, at, id);
  AddExpiry(log, at + 9 * kSecond, id);
}

// Six hours of checkpoints every 10 s: a streak of expiries at 2 h, a slow run
// at 3.5 h, a lone expiry at 5 h; everything else routine (800–1,700 ms).
std::string LongHealthyRun() {
  SyntheticLog jm;
  int64_t id = 1;
  for (int64_t at = 0; at < 6 * kHour; at += 10 * kSecond, ++id) {
    const bool streak = at >= 2 * kHour && at < 2 * kHour + 40 * kSecond;
    const bool slow = at >= 3 * kHour + 30 * kMinute && at < 3 * kHour + 30 * kMinute + 20 * kSecond;
    const bool lone = at == 5 * kHour;
    if (streak || lone) {
      Expired(jm, at, id);
    } else {
      Completed(jm, at, id, slow ? 45'000 + at % 7 : 800 + (id * 37) % 900);
    }
  }
  return jm.text();
}

Analysis ScanWith(const std::string& path, size_t max_items, bool failure_rate_rule) {
  AggregatorOptions options;
  options.max_checkpoint_items = max_items;
  options.alert_rules.failure_window_ms = 10 * kMinute;
  for (AlertRule& rule : options.alert_rules.rules) {
    if (rule.name != "checkpoint_failure_rate") continue;
    rule.threshold = 0.04;  // the 2 h streak's window fires
    rule.enabled = failure_rate_rule;
  }
  return ScanInProcess({path}, options);
}

std::vector<uint64_t> Lines(const std::vector<Evidence>& evidence) {
  std::vector<uint64_t> lines;
  for (const Evidence& e : evidence) lines.push_back(e.line);
  return lines;
}

// Folding past the first 100 checkpoints against no folding at all.
void ExpectFoldingChangesNothing(bool failure_rate_rule) {
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log", LongHealthyRun());
  const Analysis folded = ScanWith(path, 100, failure_rate_rule);
  const Analysis whole = ScanWith(path, 1'000'000, failure_rate_rule);  // never past the first N

  EXPECT_EQ(folded.totals.events, whole.totals.events);
  EXPECT_EQ(folded.checkpoints.completed, whole.checkpoints.completed);
  EXPECT_EQ(folded.checkpoints.failed, whole.checkpoints.failed);
  EXPECT_EQ(folded.checkpoints.pending, whole.checkpoints.pending);
  EXPECT_EQ(folded.checkpoints.max_duration_ms, whole.checkpoints.max_duration_ms);
  EXPECT_EQ(folded.checkpoints.completed + folded.checkpoints.failed, 2160u);
  ASSERT_EQ(folded.checkpoints.items.size(), 100u);
  EXPECT_EQ(folded.checkpoints.items_dropped, 2060u);
  for (size_t i = 0; i < folded.checkpoints.items.size(); ++i) {
    EXPECT_EQ(folded.checkpoints.items[i].id, whole.checkpoints.items[i].id);
    EXPECT_EQ(folded.checkpoints.items[i].line, whole.checkpoints.items[i].line);
    EXPECT_EQ(folded.checkpoints.items[i].end_time, whole.checkpoints.items[i].end_time);
  }

  ASSERT_EQ(folded.incidents.size(), whole.incidents.size());
  size_t streaks = 0, slow_runs = 0;
  for (size_t i = 0; i < folded.incidents.size(); ++i) {
    const Incident& f = folded.incidents[i];
    const Incident& w = whole.incidents[i];
    EXPECT_EQ(f.kind, w.kind);
    EXPECT_EQ(f.start, w.start);
    EXPECT_EQ(f.end, w.end);
    EXPECT_EQ(f.title, w.title);
    EXPECT_EQ(f.facts, w.facts);
    EXPECT_EQ(Lines(f.evidence), Lines(w.evidence));
    streaks += f.kind == "checkpoint_failures";
    slow_runs += f.kind == "slow_checkpoint";
  }
  EXPECT_EQ(streaks, 2u);  // the 2 h streak and the 5 h lone expiry
  EXPECT_EQ(slow_runs, 1u);

  ASSERT_EQ(folded.alerts.size(), whole.alerts.size());
  bool rate_fired = false;
  for (size_t i = 0; i < folded.alerts.size(); ++i) {
    const Alert& f = folded.alerts[i];
    const Alert& w = whole.alerts[i];
    EXPECT_EQ(f.rule, w.rule);
    EXPECT_DOUBLE_EQ(f.value, w.value);
    EXPECT_EQ(f.start, w.start);
    EXPECT_EQ(f.end, w.end);
    EXPECT_EQ(f.text, w.text);
    EXPECT_EQ(Lines(f.evidence), Lines(w.evidence));
    rate_fired = rate_fired || f.rule == "checkpoint_failure_rate";
  }
  EXPECT_EQ(rate_fired, failure_rate_rule);
}

TEST(CheckpointFolding, LongRunFoldsWithoutChangingAnyOutput) { ExpectFoldingChangesNothing(true); }

// Without the failure-rate rule nothing is kept for its windows: folding goes right up to each failure.
TEST(CheckpointFolding, WithoutTheFailureRateRuleFoldsUpToEachFailureAndStillChangesNothing) {
  ExpectFoldingChangesNothing(false);
}

StoredEvent Checkpoint(EventKind kind, int64_t id, int64_t ms, uint64_t order) {
  StoredEvent e;
  e.kind = kind;
  e.job_id = std::string(kJob);
  e.checkpoint_id = id;
  e.checkpoint_kind = CheckpointKind::kCheckpoint;
  e.time = WallTime{ms, true};
  e.order = order;
  if (kind == EventKind::kCheckpointCompleted) e.duration_ms = 1000 + id;
  return e;
}

// A JobManager log rotated in two, the newer half named first: the listed first
// N checkpoints are still the job's earliest, and nothing else changes either.
TEST(CheckpointFolding, RotatedHalvesInAnyOrderListTheJobsFirstCheckpoints) {
  const std::string all = LongHealthyRun();
  const size_t half = all.find("\n", all.size() / 2) + 1;
  TempDir dir;
  const std::string older = dir.Write("jobmanager.log.1", all.substr(0, half));
  const std::string newer = dir.Write("jobmanager.log", all.substr(half));
  for (const std::vector<std::string>& order : {std::vector<std::string>{newer, older},
                                                std::vector<std::string>{older, newer}}) {
    AggregatorOptions options;
    options.alert_rules.failure_window_ms = 10 * kMinute;
    options.max_checkpoint_items = 100;
    const Analysis folded = ScanInProcess(order, options);
    options.max_checkpoint_items = 1'000'000;
    const Analysis whole = ScanInProcess(order, options);
    EXPECT_EQ(folded.checkpoints.completed, whole.checkpoints.completed);
    EXPECT_EQ(folded.checkpoints.failed, whole.checkpoints.failed);
    ASSERT_EQ(folded.checkpoints.items.size(), 100u);
    for (size_t i = 0; i < folded.checkpoints.items.size(); ++i) {
      EXPECT_EQ(folded.checkpoints.items[i].id, whole.checkpoints.items[i].id) << i;
    }
    ASSERT_EQ(folded.alerts.size(), whole.alerts.size());
    for (size_t i = 0; i < folded.alerts.size(); ++i) EXPECT_EQ(folded.alerts[i].text, whole.alerts[i].text);
    ASSERT_EQ(folded.incidents.size(), whole.incidents.size());
    for (size_t i = 0; i < folded.incidents.size(); ++i) EXPECT_EQ(folded.incidents[i].title, whole.incidents[i].title);
  }
}

int64_t Seconds(const FoldedCheckpointTime& t) { return t.trigger_ms / kSecond; }

TEST(CheckpointFolding, FoldsPastTheFirstNKeepingTheLookbackAndTheTimesAWindowCanReach) {
  CheckpointFoldingRules rules;
  rules.keep_first_per_job = 3;
  rules.failure_window_ms = kMinute;
  CheckpointFolder folder(rules);  // lookback: 5 pairs
  std::vector<StoredEvent> kept;
  uint64_t order = 0;
  int64_t id = 1;
  for (int64_t at = 0; at < 10 * kMinute; at += 10 * kSecond, ++id) {
    if (at == 5 * kMinute) {
      folder.Add(Checkpoint(EventKind::kCheckpointTriggered, id, at, order++), kept);
      folder.Add(Checkpoint(EventKind::kCheckpointExpired, id, at + 5 * kSecond, order++), kept);
      continue;
    }
    folder.Add(Checkpoint(EventKind::kCheckpointTriggered, id, at, order++), kept);
    folder.Add(Checkpoint(EventKind::kCheckpointCompleted, id, at + 2 * kSecond, order++), kept);
  }
  folder.Flush(kept);
  EXPECT_EQ(kept.size() + folder.folded_events(), 120u);

  // Folded: 0:30–4:00 (past the first 3; the 5 pairs before the 5:00 expiry stay whole) and
  // 5:20–9:00 (the 5:10 pair breaks the streak; the last 5 pairs stay whole).
  EXPECT_EQ(folder.folded_events(), 2u * (22 + 23));
  std::vector<int64_t> kept_completions;
  for (const StoredEvent& e : kept) {
    if (e.kind != EventKind::kCheckpointCompleted) continue;
    const int64_t at = (e.time.ms - 2 * kSecond) / kSecond;
    kept_completions.push_back(at);
    // The folds count on the routine completion kept just before them, and the ones a
    // 1-minute window around the stream's start, the expiry or the stream's end can hold
    // leave their times there.
    std::vector<int64_t> times;
    for (const FoldedCheckpointTime& t : e.folded_times) times.push_back(Seconds(t));
    if (at == 20) {
      EXPECT_EQ(e.folded_checkpoints, 22u);
      EXPECT_EQ(times, (std::vector<int64_t>{30, 40, 50}));  // 4:00 ends 63 s before the expiry
      EXPECT_EQ(e.folded_max_duration_ms, 1000 + 3 + 22);  // durations are 1000 + id
    } else if (at == 310) {
      EXPECT_EQ(e.folded_checkpoints, 23u);
      EXPECT_EQ(times, (std::vector<int64_t>{320, 330, 340, 350, 360, 530, 540}));
      for (const FoldedCheckpointTime& t : e.folded_times) EXPECT_EQ(t.end_ms - t.trigger_ms, 2 * kSecond);
    } else {
      EXPECT_EQ(e.folded_checkpoints, 0u) << at;
      EXPECT_TRUE(e.folded_times.empty()) << at;
    }
  }
  std::sort(kept_completions.begin(), kept_completions.end());
  EXPECT_EQ(kept_completions,
            (std::vector<int64_t>{0, 10, 20, 250, 260, 270, 280, 290, 310, 550, 560, 570, 580, 590}));
}

TEST(CheckpointFolding, SlotsHandedBackNeverMixTwoEvents) {
  // The aggregator fills the folder's next slot in place; held and released slots
  // circulate, so a kept event must carry exactly what was written for it.
  CheckpointFoldingRules rules;
  rules.keep_first_per_job = 1;
  CheckpointFolder folder(rules);
  std::vector<StoredEvent> kept;
  uint64_t order = 0;
  for (int64_t id = 1; id <= 20; ++id) {
    for (EventKind kind : {EventKind::kCheckpointTriggered, EventKind::kCheckpointCompleted}) {
      StoredEvent& slot = folder.NextSlot();
      slot = Checkpoint(kind, id, id * 10 * kSecond + (kind == EventKind::kCheckpointCompleted), order++);
      slot.header_text = fmt::format("line of checkpoint {}", id);
      folder.AddNext(kept);
    }
  }
  folder.Flush(kept);
  EXPECT_EQ(kept.size() + folder.folded_events(), 40u);
  for (const StoredEvent& e : kept) {
    EXPECT_EQ(e.header_text, fmt::format("line of checkpoint {}", e.checkpoint_id));
    EXPECT_EQ(e.job_id, kJob);
  }
}

}  // namespace
}  // namespace flinkscan
