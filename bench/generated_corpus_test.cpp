// End-to-end: generated corpora (bench/corpus_generator.h) scanned with
// RunScan must give exactly the ground truth the generator wrote — incidents
// per kind, failover root causes in order, checkpoint counts per status, and
// per-file bytes/lines/records — and 1 and 2 threads must render identically.
//
// Built only with FLINKSCAN_BUILD_BENCH=ON (it lives with the generator).

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bench/corpus_generator.h"
#include "engine/scan.h"
#include "report/json_report.h"

namespace flinkscan {
namespace {

TemporaryCorpus MakeCorpus(CorpusOptions options, const std::string& hint) {
  Result<TemporaryCorpus> corpus = TemporaryCorpus::Create(std::move(options), hint);
  EXPECT_TRUE(corpus.ok()) << corpus.message();
  if (!corpus.ok()) std::abort();
  return std::move(corpus).value();
}

Analysis Scan(const TemporaryCorpus& corpus, size_t threads) {
  ScanOptions options;
  options.paths = {corpus.log_dir()};
  options.pipeline.threads = threads;
  options.aggregator.max_checkpoint_items = 1u << 20;  // keep every item: statuses are compared one by one
  Result<ScanOutcome> outcome = RunScan(options);
  EXPECT_TRUE(outcome.ok()) << outcome.message();
  if (!outcome.ok()) return {};
  return std::move(outcome).value().analysis;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Every figure the ground truth states, compared with the analysis.
void ExpectMatchesTruth(const TemporaryCorpus& corpus, const Analysis& analysis) {
  const CorpusTruth& truth = corpus.truth();

  std::map<std::string, uint64_t> kinds;
  for (const Incident& incident : analysis.incidents) ++kinds[incident.kind];
  EXPECT_EQ(kinds, truth.IncidentCounts());

  std::vector<const Incident*> failovers;
  for (const Incident& incident : analysis.incidents) {
    if (incident.kind == "job_failover") failovers.push_back(&incident);
  }
  std::stable_sort(failovers.begin(), failovers.end(),
                   [](const Incident* a, const Incident* b) { return a->start < b->start; });
  ASSERT_EQ(failovers.size(), truth.failovers.size());
  for (size_t i = 0; i < failovers.size(); ++i) {
    SCOPED_TRACE("failover " + std::to_string(i) + " at " + truth.failovers[i].time);
    ASSERT_TRUE(failovers[i]->root_cause.has_value());
    EXPECT_EQ(failovers[i]->root_cause->class_name, truth.failovers[i].root_class);
    EXPECT_EQ(failovers[i]->diagnosis.cause, truth.failovers[i].cause);
    // "+00:00" follows when the zone was inferred; the wall clock must match.
    EXPECT_EQ(failovers[i]->start.substr(0, 23), truth.failovers[i].time);
  }
  if (truth.job_failure) {
    const auto failed = std::find_if(analysis.incidents.begin(), analysis.incidents.end(),
                                     [](const Incident& incident) { return incident.kind == "job_failed"; });
    ASSERT_NE(failed, analysis.incidents.end());
    ASSERT_TRUE(failed->root_cause.has_value());
    EXPECT_EQ(failed->root_cause->class_name, truth.job_failure->root_class);
    EXPECT_EQ(failed->diagnosis.cause, truth.job_failure->cause);
  }

  EXPECT_EQ(analysis.checkpoints.completed, truth.checkpoints.completed);
  EXPECT_EQ(analysis.checkpoints.failed, truth.checkpoints.failed());
  EXPECT_EQ(analysis.checkpoints.pending, truth.checkpoints.pending);
  EXPECT_EQ(analysis.checkpoints.max_duration_ms.value_or(-1), truth.checkpoints.max_duration_ms);
  EXPECT_EQ(analysis.checkpoints.items_dropped, 0u);
  std::map<std::string, uint64_t> statuses;
  for (const CheckpointItem& item : analysis.checkpoints.items) ++statuses[item.status];
  EXPECT_EQ(statuses["completed"], truth.checkpoints.completed);
  EXPECT_EQ(statuses["expired"], truth.checkpoints.expired);
  EXPECT_EQ(statuses["aborted"], truth.checkpoints.aborted);
  EXPECT_EQ(analysis.checkpoints.items.size(), truth.checkpoints.triggered);

  ASSERT_EQ(analysis.jobs.size(), 1u);
  EXPECT_EQ(analysis.jobs[0].job_id, truth.job_id);
  EXPECT_EQ(analysis.jobs[0].final_state, truth.final_state);
  // CREATED→RUNNING, then RUNNING→RESTARTING→RUNNING per failover, RUNNING→FAILING→FAILED at the end.
  EXPECT_EQ(analysis.jobs[0].transitions.size(),
            1 + 2 * truth.failovers.size() + (truth.job_failure ? 2 : 0));

  // Per file: the generator's counts, and what the bytes on disk say on their own.
  for (const CorpusFileTruth& file : truth.files) {
    SCOPED_TRACE(file.path);
    const std::string text = ReadFile(corpus.Path(file));
    ASSERT_EQ(text.size(), file.bytes);
    ASSERT_EQ(static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n')), file.lines);
    const auto input =
        std::find_if(analysis.inputs.begin(), analysis.inputs.end(),
                     [&](const InputSummary& in) { return BaseName(in.path) == BaseName(file.path); });
    if (file.bytes == 0 && input == analysis.inputs.end()) {
      // An empty file may be reported as skipped instead of as an empty input.
      const auto skipped =
          std::find_if(analysis.skipped.begin(), analysis.skipped.end(),
                       [&](const SkippedPath& s) { return BaseName(s.path) == BaseName(file.path); });
      EXPECT_NE(skipped, analysis.skipped.end());
      continue;
    }
    ASSERT_NE(input, analysis.inputs.end());
    EXPECT_EQ(input->bytes, file.bytes);
    EXPECT_EQ(input->lines, file.lines);
    EXPECT_EQ(input->records, file.records);
    EXPECT_EQ(input->kind, file.kind);
  }
  EXPECT_EQ(analysis.totals.bytes, truth.total_bytes);
  EXPECT_EQ(analysis.totals.lines, truth.total_lines);
  EXPECT_EQ(analysis.totals.records, truth.total_records);
}

CorpusOptions SmallCorpus(uint64_t seed) {
  CorpusOptions options;
  options.target_bytes = 2u << 20;
  options.seed = seed;
  return options;
}

class GeneratedCorpusSeed : public ::testing::TestWithParam<uint64_t> {};

TEST_P(GeneratedCorpusSeed, AnalysisEqualsGroundTruth) {
  const TemporaryCorpus corpus = MakeCorpus(SmallCorpus(GetParam()), "truth");
  // Each kind is planned once in a 2 MB corpus (4 incidents, one per kind).
  EXPECT_EQ(corpus.truth().failovers.size(), 1u);
  EXPECT_EQ(corpus.truth().checkpoint_failure_streaks.size(), 1u);
  EXPECT_EQ(corpus.truth().slow_checkpoint_runs.size(), 1u);
  EXPECT_EQ(corpus.truth().lost_taskmanagers.size(), 1u);
  ExpectMatchesTruth(corpus, Scan(corpus, 1));
}

TEST_P(GeneratedCorpusSeed, OneAndTwoThreadsRenderIdentically) {
  const TemporaryCorpus corpus = MakeCorpus(SmallCorpus(GetParam()), "threads");
  JsonOptions json;
  json.include_timing = false;
  const std::string one = RenderJson(Scan(corpus, 1), json);
  ASSERT_GT(one.size(), 1000u);
  EXPECT_EQ(RenderJson(Scan(corpus, 2), json), one);
}

INSTANTIATE_TEST_SUITE_P(Seeds, GeneratedCorpusSeed, ::testing::Values(1u, 2u, 3u));

TEST(GeneratedCorpus, ManyIncidentsOfEveryKindInOrder) {
  CorpusOptions options = SmallCorpus(21);
  options.target_bytes = 6u << 20;
  options.incidents = 16;
  options.taskmanagers = 4;
  const TemporaryCorpus corpus = MakeCorpus(options, "many");
  EXPECT_EQ(corpus.truth().failovers.size(), 4u);
  EXPECT_EQ(corpus.truth().lost_taskmanagers.size(), 4u);
  ExpectMatchesTruth(corpus, Scan(corpus, 2));
}

TEST(GeneratedCorpus, OneTaskManagerAndNoSpare) {
  CorpusOptions options = SmallCorpus(5);
  options.taskmanagers = 1;
  const TemporaryCorpus corpus = MakeCorpus(options, "single");
  EXPECT_TRUE(corpus.truth().lost_taskmanagers.empty());
  ExpectMatchesTruth(corpus, Scan(corpus, 1));
}

// Flink logs the "Recovery is suppressed by …" JobException with both the
// RUNNING→FAILING and the FAILING→FAILED transition (flink-log-formats.md
// §4.5): still one job_failed incident.
TEST(GeneratedCorpus, TerminalFailureIsOneJobFailedIncident) {
  CorpusOptions options = SmallCorpus(7);
  options.terminal_failure = true;
  const TemporaryCorpus corpus = MakeCorpus(options, "terminal");
  ASSERT_TRUE(corpus.truth().job_failure.has_value());
  EXPECT_EQ(corpus.truth().final_state, "FAILED");
  ExpectMatchesTruth(corpus, Scan(corpus, 1));
}

TEST(GeneratedCorpus, SameSeedSameBytesOtherSeedOtherBytes) {
  CorpusOptions options = SmallCorpus(9);
  options.target_bytes = 512u << 10;
  const TemporaryCorpus a = MakeCorpus(options, "same-a");
  const TemporaryCorpus b = MakeCorpus(options, "same-b");
  options.seed = 10;
  const TemporaryCorpus c = MakeCorpus(options, "same-c");
  ASSERT_EQ(a.truth().files.size(), b.truth().files.size());
  bool any_difference = false;
  for (size_t i = 0; i < a.truth().files.size(); ++i) {
    EXPECT_EQ(ReadFile(a.Path(a.truth().files[i])), ReadFile(b.Path(b.truth().files[i])))
        << a.truth().files[i].path;
    if (a.truth().files[i].bytes > 0 &&
        ReadFile(a.Path(a.truth().files[i])) != ReadFile(c.Path(c.truth().files[i]))) {
      any_difference = true;
    }
  }
  EXPECT_TRUE(any_difference);
  EXPECT_EQ(ReadFile(a.dir() + "/ground-truth.json"), ReadFile(b.dir() + "/ground-truth.json"));
}

TEST(GeneratedCorpus, SizeIsCloseToTheTarget) {
  CorpusOptions options = SmallCorpus(4);
  options.target_bytes = 8u << 20;
  const TemporaryCorpus corpus = MakeCorpus(options, "size");
  EXPECT_GE(corpus.truth().total_bytes, options.target_bytes);
  EXPECT_LT(corpus.truth().total_bytes, options.target_bytes + (options.target_bytes / 10));
}

}  // namespace
}  // namespace flinkscan
