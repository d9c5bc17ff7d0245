// The nightly report end to end: two generated corpora, "yesterday" and
// "today", whose failures differ by known root causes; `--baseline` must
// report exactly those as new and gone. Also: invalid baseline files, and
// --since / --until / --job through the binary.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "bench/corpus_generator.h"
#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"

namespace flinkscan {
namespace {

using testing::Array;
using testing::ParsedJson;
using testing::Quote;
using testing::RunFlinkscan;
using testing::RunShell;
using testing::ScanReport;
using testing::Str;

constexpr char kOom[] = "java.lang.OutOfMemoryError";
constexpr char kKafkaOffset[] = "org.apache.kafka.clients.consumer.OffsetOutOfRangeException";

// Both days share the plan (seed, incident kinds, which failover hits a
// checkpoint); only the root causes the failures draw from differ:
// yesterday OOM + user code, today user code + Kafka offset out of range.
CorpusOptions Day(std::vector<std::string> causes) {
  CorpusOptions options;
  options.target_bytes = 2u << 20;
  options.seed = 7;
  options.taskmanagers = 3;
  options.incidents = 8;
  options.failure_causes = std::move(causes);
  return options;
}

class BaselineCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<TemporaryCorpus> yesterday =
        TemporaryCorpus::Create(Day({"oom_heap", "user_code_exception"}), "baseline-yesterday");
    Result<TemporaryCorpus> today =
        TemporaryCorpus::Create(Day({"user_code_exception", "kafka_offset_out_of_range"}), "baseline-today");
    ASSERT_TRUE(yesterday.ok()) << yesterday.message();
    ASSERT_TRUE(today.ok()) << today.message();
    yesterday_ = new TemporaryCorpus(std::move(yesterday).value());
    today_ = new TemporaryCorpus(std::move(today).value());
    baseline_path_ = new std::string(yesterday_->dir() + "/yesterday.json");
    const testing::RunResult run = RunFlinkscan("scan --format json -o " + Quote(*baseline_path_) + " " +
                                                Quote(yesterday_->log_dir()));
    ASSERT_EQ(run.exit_code, 0);
  }
  static void TearDownTestSuite() {
    delete yesterday_;
    delete today_;
    delete baseline_path_;
  }

  static std::string ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // stderr of a run whose stdout is dropped.
  static testing::RunResult RunForErrors(const std::string& args) {
    return RunShell(std::string(FLINKSCAN_BINARY) + " " + args + " 2>&1 >/dev/null");
  }

  static TemporaryCorpus* yesterday_;
  static TemporaryCorpus* today_;
  static std::string* baseline_path_;
};

TemporaryCorpus* BaselineCli::yesterday_ = nullptr;
TemporaryCorpus* BaselineCli::today_ = nullptr;
std::string* BaselineCli::baseline_path_ = nullptr;

// Signatures of the report's exception rows whose root cause is `root_class` (all when empty).
std::set<std::string> Signatures(const ParsedJson& report, const std::string& root_class,
                                 const std::string& status = "") {
  std::set<std::string> out;
  for (simdjson::dom::element row : Array(report["exceptions"])) {
    if (!root_class.empty() && Str(row["root_class"]) != root_class) continue;
    if (!status.empty() && Str(row["baseline_status"]) != status) continue;
    out.insert(Str(row["signature"]));
  }
  return out;
}

std::set<std::string> IncidentKeys(const ParsedJson& report, const std::string& needle,
                                   const std::string& status = "") {
  std::set<std::string> out;
  for (simdjson::dom::element incident : Array(report["incidents"])) {
    const std::string key = Str(incident["key"]);
    if (key.find(needle) == std::string::npos) continue;
    if (!status.empty() && Str(incident["baseline_status"]) != status) continue;
    out.insert(key);
  }
  return out;
}

TEST_F(BaselineCli, ReportsExactlyTheInjectedNewAndGoneSignatures) {
  const ParsedJson yesterday(ReadText(*baseline_path_));
  ASSERT_TRUE(yesterday.parsed());
  const ScanReport today("--baseline " + Quote(*baseline_path_) + " " + Quote(today_->log_dir()));
  ASSERT_TRUE(today.ok());

  // The injected differences exist on their own day only.
  const std::set<std::string> oom = Signatures(yesterday, kOom);
  const std::set<std::string> kafka = Signatures(today, kKafkaOffset);
  ASSERT_FALSE(oom.empty());
  ASSERT_FALSE(kafka.empty());
  EXPECT_TRUE(Signatures(today, kOom).empty());
  EXPECT_TRUE(Signatures(yesterday, kKafkaOffset).empty());

  // New: exactly today's Kafka signatures; gone: exactly yesterday's OOM ones; the rest recur.
  EXPECT_EQ(Signatures(today, "", "new"), kafka);
  std::set<std::string> recurring = Signatures(today, "");
  for (const std::string& s : kafka) recurring.erase(s);
  EXPECT_EQ(Signatures(today, "", "recurring"), recurring);
  EXPECT_FALSE(recurring.empty());
  std::set<std::string> gone;
  for (simdjson::dom::element row : Array(today["baseline"]["gone"]["exceptions"])) {
    gone.insert(Str(row["signature"]));
    EXPECT_EQ(Str(row["root_class"]), kOom);
  }
  EXPECT_EQ(gone, oom);

  const simdjson::dom::element baseline = today["baseline"];
  EXPECT_EQ(Str(baseline["path"]), *baseline_path_);
  EXPECT_NE(Str(baseline["generated_at"]), "<null>");
  EXPECT_EQ(Str(baseline["time_span"]["end"]), Str(yesterday["time_span"]["end"]));
  EXPECT_EQ(baseline["new"]["exceptions"].get_uint64().value(), kafka.size());
  EXPECT_EQ(baseline["recurring"]["exceptions"].get_uint64().value(), recurring.size());
}

TEST_F(BaselineCli, IncidentsAreMatchedByKey) {
  const ParsedJson yesterday(ReadText(*baseline_path_));
  const ScanReport today("--baseline " + Quote(*baseline_path_) + " " + Quote(today_->log_dir()));
  ASSERT_TRUE(today.ok());
  // The failover (and OOM) incidents of the injected causes are the new and gone ones.
  const std::set<std::string> kafka_keys = IncidentKeys(today, kKafkaOffset);
  const std::set<std::string> oom_keys = IncidentKeys(yesterday, kOom);
  ASSERT_FALSE(kafka_keys.empty());
  ASSERT_FALSE(oom_keys.empty());
  EXPECT_EQ(IncidentKeys(today, "", "new"), kafka_keys);
  std::set<std::string> gone;
  for (simdjson::dom::element row : Array(today["baseline"]["gone"]["incidents"])) gone.insert(Str(row["key"]));
  EXPECT_EQ(gone, oom_keys);
  // Every other incident of today recurs: same kinds, same job, same causes.
  for (simdjson::dom::element incident : Array(today["incidents"])) {
    if (kafka_keys.count(Str(incident["key"]))) continue;
    EXPECT_EQ(Str(incident["baseline_status"]), "recurring") << Str(incident["key"]);
  }
  // The same logs against themselves: nothing new, nothing gone.
  const ScanReport again("--baseline " + Quote(*baseline_path_) + " " + Quote(yesterday_->log_dir()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again["baseline"]["new"]["incidents"].get_uint64().value(), 0u);
  EXPECT_EQ(again["baseline"]["new"]["exceptions"].get_uint64().value(), 0u);
  EXPECT_EQ(Array(again["baseline"]["gone"]["incidents"]).size(), 0u);
  EXPECT_EQ(Array(again["baseline"]["gone"]["exceptions"]).size(), 0u);
}

TEST_F(BaselineCli, TextAndMarkdownShowNewAndGone) {
  const std::string args = "--baseline " + Quote(*baseline_path_) + " " + Quote(today_->log_dir());
  const testing::RunResult text = RunFlinkscan("scan --color never " + args);
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("] NEW since baseline job_failover"), std::string::npos);
  EXPECT_NE(text.out.find("NEW since baseline  org.apache.kafka.clients.consumer.OffsetOutOfRangeException"),
            std::string::npos);
  EXPECT_NE(text.out.find("\nSINCE BASELINE\n"), std::string::npos);
  EXPECT_NE(text.out.find("gone since baseline:"), std::string::npos);
  EXPECT_NE(text.out.find("java.lang.OutOfMemoryError: Java heap space"), std::string::npos);

  const testing::RunResult markdown = RunFlinkscan("scan --format markdown " + args);
  ASSERT_EQ(markdown.exit_code, 0);
  EXPECT_NE(markdown.out.find(". NEW since baseline: CRITICAL job\\_failover"), std::string::npos);
  EXPECT_NE(markdown.out.find("## Since baseline"), std::string::npos);
  EXPECT_NE(markdown.out.find("**Gone since baseline**"), std::string::npos);
}

TEST_F(BaselineCli, InvalidBaselinesAreUsageErrorsNamingTheFile) {
  const std::string dir = today_->dir();
  struct Case {
    std::string name;
    std::string content;
    std::string message;
  };
  const std::string truncated = ReadText(*baseline_path_).substr(0, 300);
  const Case cases[] = {
      {"truncated.json", truncated, "truncated.json: byte "},
      {"other.json", R"({"schema": "something/1"})", "other.json: not a flinkscan JSON report"},
      {"future.json", R"({"schema": "flinkscan/2", "incidents": [], "exceptions": []})",
       "future.json: unsupported report schema \"flinkscan/2\""},
  };
  for (const Case& c : cases) {
    const std::string path = dir + "/" + c.name;
    std::ofstream(path, std::ios::binary) << c.content;
    const testing::RunResult run = RunForErrors("scan --baseline " + Quote(path) + " " + Quote(today_->log_dir()));
    EXPECT_EQ(run.exit_code, 2) << c.name;
    EXPECT_NE(run.out.find("flinkscan: " + dir + "/" + c.message), std::string::npos) << run.out;
  }
  const testing::RunResult missing =
      RunForErrors("scan --baseline " + Quote(dir + "/absent.json") + " " + Quote(today_->log_dir()));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("absent.json: cannot read"), std::string::npos) << missing.out;
}

TEST_F(BaselineCli, SinceUntilAndJobFilterEveryOutput) {
  const ScanReport whole(Quote(today_->log_dir()));
  ASSERT_TRUE(whole.ok());
  const std::vector<simdjson::dom::element> incidents = Array(whole["incidents"]);
  ASSERT_GE(incidents.size(), 4u);
  std::vector<std::string> starts;
  for (simdjson::dom::element incident : incidents) starts.push_back(Str(incident["start"]));
  std::sort(starts.begin(), starts.end());
  const std::string middle = starts[starts.size() / 2].substr(0, 23);  // without an offset

  const ScanReport since("--since " + middle + " " + Quote(today_->log_dir()));
  ASSERT_TRUE(since.ok());
  const ScanReport until("--until " + middle + " " + Quote(today_->log_dir()));
  ASSERT_TRUE(until.ok());
  EXPECT_GT(since.Count("incidents"), 0u);
  EXPECT_LT(since.Count("incidents"), incidents.size());
  EXPECT_GT(until.Count("incidents"), 0u);
  for (simdjson::dom::element incident : Array(since["incidents"])) {
    const std::string end = Str(incident["end"]) == "<null>" ? Str(incident["start"]) : Str(incident["end"]);
    EXPECT_GE(end.substr(0, 23), middle);
  }
  for (simdjson::dom::element incident : Array(until["incidents"])) {
    EXPECT_LE(Str(incident["start"]).substr(0, 23), middle);
  }
  for (simdjson::dom::element item : Array(since["checkpoints"]["items"])) {
    EXPECT_GE(Str(item["trigger_time"]).substr(0, 23), middle);
  }
  EXPECT_EQ(Str(since["filter"]["since"]), middle);
  // Totals stay whole.
  EXPECT_EQ(since["totals"]["lines"].get_uint64().value(), whole["totals"]["lines"].get_uint64().value());

  // Relative: a window of one second at the end holds none of the incidents.
  const ScanReport last_second("--since 1s " + Quote(today_->log_dir()));
  ASSERT_TRUE(last_second.ok());
  EXPECT_EQ(last_second.Count("incidents"), 0u);

  // By name, the only job: everything stays; an unknown job leaves no job.
  const std::string name = Str(Array(whole["jobs"])[0]["name"]);
  const ScanReport by_name("--job " + Quote(name) + " " + Quote(today_->log_dir()));
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name.Count("incidents"), incidents.size());
  EXPECT_EQ(Str(Array(by_name["filter"]["job_ids"])[0]), Str(Array(whole["jobs"])[0]["job_id"]));
  const ScanReport unknown("--job no-such-job " + Quote(today_->log_dir()));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown.Count("jobs"), 0u);
  for (simdjson::dom::element incident : Array(unknown["incidents"])) EXPECT_EQ(Str(incident["job_id"]), "<null>");

  const testing::RunResult bad = RunForErrors("scan --since yesterday " + Quote(today_->log_dir()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("--since yesterday: expected a local time"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace flinkscan
