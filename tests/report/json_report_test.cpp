#include "report/json_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/analysis.h"
#include "tests/report/analysis_builder.h"

namespace flinkscan {
namespace {

using testing::kJobId;
using testing::MakeEvidence;
using testing::MakeIncident;

// A small but complete Analysis: every collection has one item, and the
// unknowns the contract turns into null are present.
Analysis MakeAnalysis() {
  Analysis analysis;
  analysis.flinkscan_version = "0.1.0";

  InputSummary jm;
  jm.path = "logs/jobmanager.log";
  jm.kind = "jobmanager";
  jm.bytes = 1000;
  jm.lines = 20;
  jm.records = 18;
  jm.matched_records = 5;
  jm.rejected_lines = 1;
  jm.tz_source = "epoch";
  jm.layout = "log4j2";
  jm.first_time = "2023-04-20T08:56:00.000+08:00";
  jm.last_time = "2023-04-20T08:57:00.000+08:00";
  jm.rejected_examples.push_back({1, "garbage line"});
  jm.errors.push_back("logs/jobmanager.log: byte 990: truncated");
  analysis.inputs.push_back(jm);

  InputSummary yarn;
  yarn.path = "app.txt";
  yarn.stream = "container_01/taskmanager.log";
  yarn.kind = "taskmanager";
  yarn.layout = "log4j2";
  analysis.inputs.push_back(yarn);  // no times: null

  analysis.skipped.push_back({"logs/core.bin", "not a log file"});
  analysis.totals = {.bytes = 1000, .lines = 20, .records = 18, .matched_records = 5,
                     .rejected_lines = 1, .events = 7, .seconds = 0.25};
  analysis.flink_versions = {"1.17.1"};
  analysis.time_span_start = "2023-04-20T08:56:00.000+08:00";
  analysis.time_span_end = "";

  JobSummary job;
  job.job_id = kJobId;
  job.name = "Fraud \"detector\"";
  job.transitions.push_back(
      {"2023-04-20T08:56:10.000+08:00", "CREATED", "RUNNING", "logs/jobmanager.log", 4});
  job.transitions.push_back(
      {"2023-04-20T08:56:22.262+08:00", "RUNNING", "RESTARTING", "logs/jobmanager.log", 9});
  job.final_state = "RUNNING";
  job.restarts = 1;
  job.task_failures = 1;
  job.tasks = 4;
  analysis.jobs.push_back(job);

  CheckpointItem completed;
  completed.job_id = kJobId;
  completed.id = 7;
  completed.status = "completed";
  completed.trigger_time = "2023-04-20T08:56:11.000+08:00";
  completed.end_time = "2023-04-20T08:56:12.500+08:00";
  completed.duration_ms = 1500;
  completed.size_bytes = 4096;
  completed.finalization_ms = 3;
  completed.source = "logs/jobmanager.log";
  completed.line = 6;
  CheckpointItem aborted;
  aborted.job_id = kJobId;
  aborted.status = "aborted";
  aborted.trigger_time = "2023-04-20T08:56:20.000+08:00";
  aborted.reason = "Checkpoint Coordinator is suspending.";
  aborted.source = "logs/jobmanager.log";
  aborted.line = 8;
  analysis.checkpoints.completed = 1;
  analysis.checkpoints.failed = 1;
  analysis.checkpoints.max_duration_ms = 1500;
  analysis.checkpoints.items = {completed, aborted};
  analysis.checkpoints.items_dropped = 2;

  analysis.gc = {3, 1, 12.5, 10.25, {}, 0};

  ExceptionSummary exception = testing::HeapOomExceptionRow();
  exception.count = 2;
  exception.last_time = "2023-04-20T08:56:30.000+08:00";
  exception.first_line = 9;
  analysis.exceptions.push_back(exception);

  Incident failover = testing::HeapOomFailover();
  failover.scope.job_id = kJobId;
  failover.scope.taskmanager = "tm-1";
  failover.evidence.push_back(MakeEvidence("logs/jobmanager.log", 9, "2023-04-20T08:56:22.262+08:00",
                                           "switched from RUNNING to RESTARTING \x1b[31m\xff"));
  failover.evidence_dropped = 3;
  failover.facts = {{"restarts", "1"}, {"downtime_ms", "10013"}, {"first_task", "Source: Kafka (1/4)"},
                    {"ratio", "0.5"},  {"code", "007"},          {"restarts", "99"}};
  analysis.incidents.push_back(failover);

  // No times, no job, no root cause.
  analysis.incidents.push_back(MakeIncident("taskmanager_lost", "warning", "TaskManager lost"));

  Alert alert = testing::SlowCheckpointAlert();
  alert.start = "2023-04-20T08:56:11.000+08:00";
  alert.end = "2023-04-20T08:56:12.500+08:00";
  alert.job_id = kJobId;
  alert.evidence.push_back(MakeEvidence("logs/jobmanager.log", 6, "", "Completed checkpoint 7"));
  analysis.alerts.push_back(alert);
  return analysis;
}

class JsonReportTest : public ::testing::Test {
 protected:
  simdjson::dom::element Parse(const std::string& json) {
    simdjson::dom::element root;
    const auto error = parser_.parse(json).get(root);
    EXPECT_EQ(error, simdjson::SUCCESS) << simdjson::error_message(error) << "\n" << json;
    return root;
  }

  static std::vector<std::string> KeysOf(simdjson::dom::element element) {
    std::vector<std::string> keys;
    simdjson::dom::object object;
    EXPECT_EQ(element.get(object), simdjson::SUCCESS);
    for (auto field : object) keys.emplace_back(field.key);
    return keys;
  }

  static simdjson::dom::element At(simdjson::dom::element element, std::string_view pointer) {
    simdjson::dom::element result;
    EXPECT_EQ(element.at_pointer(pointer).get(result), simdjson::SUCCESS) << pointer;
    return result;
  }

  static std::string StringAt(simdjson::dom::element element, std::string_view pointer) {
    std::string_view value;
    EXPECT_EQ(At(element, pointer).get(value), simdjson::SUCCESS) << pointer;
    return std::string(value);
  }

  static bool IsNullAt(simdjson::dom::element element, std::string_view pointer) {
    return At(element, pointer).is_null();
  }

  simdjson::dom::parser parser_;
};

TEST_F(JsonReportTest, TopLevelKeysInContractOrder) {
  const std::string json = RenderJson(MakeAnalysis());
  const auto root = Parse(json);
  EXPECT_EQ(KeysOf(root), (std::vector<std::string>{"schema", "version", "inputs", "skipped", "totals",
                                                    "flink_versions", "time_span", "jobs", "checkpoints",
                                                    "gc", "exceptions", "incidents", "alerts",
                                                    "alerts_not_evaluated", "filter", "baseline", "job_graph",
                                                    "taskmanagers", "metrics", "stacks"}));
  EXPECT_EQ(StringAt(root, "/schema"), "flinkscan/1");
  EXPECT_EQ(StringAt(root, "/version"), "0.1.0");
  EXPECT_EQ(json.substr(0, 28), "{\n  \"schema\": \"flinkscan/1\",");
  EXPECT_EQ(json.back(), '\n');
}

TEST_F(JsonReportTest, NestedKeysMatchTheContract) {
  const auto root = Parse(RenderJson(MakeAnalysis()));
  EXPECT_EQ(KeysOf(At(root, "/inputs/0")),
            (std::vector<std::string>{"path", "stream", "kind", "bytes", "lines", "records",
                                      "matched_records", "rejected_lines", "continuation_lines",
                                      "free_text_lines", "tz_source", "layout",
                                      "first_time", "last_time", "prefix", "reversed", "rejected_examples",
                                      "errors"}));
  EXPECT_EQ(KeysOf(At(root, "/inputs/0/rejected_examples/0")), (std::vector<std::string>{"line", "text"}));
  EXPECT_EQ(KeysOf(At(root, "/skipped/0")), (std::vector<std::string>{"path", "reason"}));
  EXPECT_EQ(KeysOf(At(root, "/totals")),
            (std::vector<std::string>{"bytes", "lines", "records", "matched_records", "rejected_lines",
                                      "continuation_lines", "free_text_lines", "events", "seconds"}));
  EXPECT_EQ(KeysOf(At(root, "/time_span")), (std::vector<std::string>{"start", "end"}));
  EXPECT_EQ(KeysOf(At(root, "/jobs/0")),
            (std::vector<std::string>{"job_id", "name", "transitions", "final_state", "restarts",
                                      "task_failures", "tasks"}));
  EXPECT_EQ(KeysOf(At(root, "/jobs/0/transitions/0")),
            (std::vector<std::string>{"time", "from", "to", "source", "line"}));
  EXPECT_EQ(KeysOf(At(root, "/checkpoints")),
            (std::vector<std::string>{"completed", "failed", "pending", "savepoints", "max_duration_ms",
                                      "items", "items_dropped"}));
  EXPECT_EQ(
      KeysOf(At(root, "/checkpoints/items/0")),
      (std::vector<std::string>{"job_id", "id", "kind", "status", "trigger_time", "end_time", "duration_ms",
                                "size_bytes", "finalization_ms", "reason", "source", "line"}));
  EXPECT_EQ(KeysOf(At(root, "/gc")),
            (std::vector<std::string>{"pauses", "full_gcs", "total_pause_ms", "max_pause_ms", "items", "items_dropped"}));
  EXPECT_EQ(KeysOf(At(root, "/exceptions/0")),
            (std::vector<std::string>{"class", "message", "root_class", "root_message", "count", "first_time",
                                      "last_time", "first_source", "first_line", "signature",
                                      "normalized_message", "frames", "chain", "sources", "hosts", "job_ids",
                                      "places_truncated", "overflow", "baseline_status"}));
  EXPECT_EQ(KeysOf(At(root, "/incidents/0")),
            (std::vector<std::string>{"kind", "severity", "start", "end", "job_id", "scope", "title",
                                      "root_cause", "diagnosis", "facts", "evidence", "evidence_dropped", "key",
                                      "baseline_status"}));
  EXPECT_EQ(KeysOf(At(root, "/incidents/0/scope")),
            (std::vector<std::string>{"job_id", "taskmanager", "container", "host", "pod"}));
  EXPECT_EQ(KeysOf(At(root, "/incidents/0/root_cause")),
            (std::vector<std::string>{"class", "message", "chain", "frame"}));
  EXPECT_EQ(KeysOf(At(root, "/incidents/0/diagnosis")),
            (std::vector<std::string>{"cause", "text", "next_step"}));
  EXPECT_EQ(KeysOf(At(root, "/incidents/0/evidence/0")),
            (std::vector<std::string>{"source", "line", "time", "text"}));
  EXPECT_EQ(KeysOf(At(root, "/alerts/0")),
            (std::vector<std::string>{"rule", "severity", "value", "threshold", "start", "end", "job_id",
                                      "text", "evidence"}));
}

TEST_F(JsonReportTest, Values) {
  const auto root = Parse(RenderJson(MakeAnalysis()));
  EXPECT_EQ(uint64_t(At(root, "/inputs/0/bytes")), 1000u);
  EXPECT_EQ(StringAt(root, "/inputs/0/tz_source"), "epoch");
  EXPECT_EQ(StringAt(root, "/inputs/0/errors/0"), "logs/jobmanager.log: byte 990: truncated");
  EXPECT_EQ(StringAt(root, "/inputs/1/stream"), "container_01/taskmanager.log");
  EXPECT_EQ(double(At(root, "/totals/seconds")), 0.25);
  EXPECT_EQ(uint64_t(At(root, "/totals/events")), 7u);
  EXPECT_EQ(StringAt(root, "/flink_versions/0"), "1.17.1");
  EXPECT_EQ(StringAt(root, "/jobs/0/name"), "Fraud \"detector\"");
  EXPECT_EQ(StringAt(root, "/jobs/0/transitions/1/to"), "RESTARTING");
  EXPECT_EQ(int64_t(At(root, "/checkpoints/items/0/id")), 7);
  EXPECT_EQ(int64_t(At(root, "/checkpoints/items/0/duration_ms")), 1500);
  EXPECT_EQ(int64_t(At(root, "/checkpoints/max_duration_ms")), 1500);
  EXPECT_EQ(uint64_t(At(root, "/checkpoints/items_dropped")), 2u);
  EXPECT_EQ(double(At(root, "/gc/total_pause_ms")), 12.5);
  EXPECT_EQ(StringAt(root, "/exceptions/0/root_class"), "java.lang.OutOfMemoryError");
  EXPECT_EQ(StringAt(root, "/incidents/0/root_cause/chain/1"), "java.lang.OutOfMemoryError: Java heap space");
  EXPECT_EQ(StringAt(root, "/incidents/0/diagnosis/next_step"), "raise taskmanager.memory.task.heap.size");
  EXPECT_EQ(StringAt(root, "/incidents/0/scope/taskmanager"), "tm-1");
  EXPECT_EQ(uint64_t(At(root, "/incidents/0/evidence_dropped")), 3u);
  EXPECT_EQ(double(At(root, "/alerts/0/value")), 45213.0);
  EXPECT_EQ(double(At(root, "/alerts/0/threshold")), 30000.0);
}

TEST_F(JsonReportTest, UnknownsAreNull) {
  const auto root = Parse(RenderJson(MakeAnalysis()));
  EXPECT_TRUE(IsNullAt(root, "/inputs/0/stream"));
  EXPECT_TRUE(IsNullAt(root, "/inputs/1/first_time"));
  EXPECT_TRUE(IsNullAt(root, "/inputs/1/last_time"));
  EXPECT_FALSE(IsNullAt(root, "/time_span/start"));
  EXPECT_TRUE(IsNullAt(root, "/time_span/end"));
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/items/0/reason"));
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/items/1/id"));
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/items/1/end_time"));
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/items/1/duration_ms"));
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/items/1/size_bytes"));
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/items/1/finalization_ms"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/0/scope/container"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/0/scope/host"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/0/scope/pod"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/1/start"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/1/end"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/1/job_id"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/1/scope/job_id"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/1/root_cause"));
  EXPECT_TRUE(IsNullAt(root, "/incidents/1/diagnosis/cause"));
  EXPECT_TRUE(IsNullAt(root, "/alerts/0/evidence/0/time"));
}

TEST_F(JsonReportTest, EmptyAnalysisIsAValidDocument) {
  const auto root = Parse(RenderJson(Analysis{}));
  EXPECT_EQ(StringAt(root, "/schema"), "flinkscan/1");
  for (std::string_view array : {"/inputs", "/skipped", "/flink_versions", "/jobs", "/checkpoints/items",
                                 "/gc/items", "/exceptions", "/incidents", "/alerts"}) {
    simdjson::dom::array items;
    ASSERT_EQ(At(root, array).get(items), simdjson::SUCCESS) << array;
    EXPECT_EQ(items.size(), 0u) << array;
  }
  EXPECT_TRUE(IsNullAt(root, "/checkpoints/max_duration_ms"));
  EXPECT_TRUE(IsNullAt(root, "/time_span/start"));
}

TEST_F(JsonReportTest, FactsAreNumbersWhenNumericAndKeysAreUnique) {
  const auto root = Parse(RenderJson(MakeAnalysis()));
  const auto facts = At(root, "/incidents/0/facts");
  EXPECT_EQ(KeysOf(facts),
            (std::vector<std::string>{"restarts", "downtime_ms", "first_task", "ratio", "code"}));
  EXPECT_EQ(int64_t(At(facts, "/restarts")), 1);  // the first of the duplicates
  EXPECT_EQ(int64_t(At(facts, "/downtime_ms")), 10013);
  EXPECT_EQ(double(At(facts, "/ratio")), 0.5);
  EXPECT_EQ(StringAt(facts, "/first_task"), "Source: Kafka (1/4)");
  EXPECT_EQ(StringAt(facts, "/code"), "007");  // not a JSON number: stays text
}

TEST_F(JsonReportTest, LogTextIsEscapedAndValidUtf8) {
  const std::string json = RenderJson(MakeAnalysis());
  EXPECT_EQ(json.find('\x1b'), std::string::npos);
  EXPECT_NE(json.find("\\u001b[31m"), std::string::npos);
  EXPECT_TRUE(simdjson::validate_utf8(json.data(), json.size()));
  const auto root = Parse(json);
  EXPECT_EQ(StringAt(root, "/incidents/0/evidence/0/text"),
            "switched from RUNNING to RESTARTING \x1b[31m\xEF\xBF\xBD");
}

TEST_F(JsonReportTest, DeterministicWithoutTiming) {
  Analysis a = MakeAnalysis();
  Analysis b = MakeAnalysis();
  b.totals.seconds = 9.75;
  JsonOptions no_timing;
  no_timing.include_timing = false;
  const std::string json_a = RenderJson(a, no_timing);
  EXPECT_EQ(json_a, RenderJson(b, no_timing));
  EXPECT_EQ(json_a, RenderJson(a, no_timing));
  EXPECT_NE(RenderJson(a), RenderJson(b));
  const auto root = Parse(json_a);
  EXPECT_TRUE(IsNullAt(root, "/totals/seconds"));
}

}  // namespace
}  // namespace flinkscan
