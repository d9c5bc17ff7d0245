// --baseline: incident keys, reading and validating an earlier report, and
// the new / recurring / gone verdicts.

#include "engine/baseline.h"

#include <gtest/gtest.h>

#include <string>

#include <fmt/format.h>

#include "engine/exception_signature.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::TempDir;

Incident Failover(const std::string& job_id, const std::string& root_class, const std::string& message) {
  Incident incident;
  incident.kind = "job_failover";
  incident.severity = "critical";
  incident.job_id = job_id;
  incident.start = "2024-03-01T10:00:00.000";
  incident.end = "2024-03-01T10:01:00.000";
  incident.title = "Fraud Detection restarted";
  incident.root_cause = RootCause{root_class, message, {}, ""};
  return incident;
}

std::vector<JobSummary> FraudJob(const std::string& job_id) {
  JobSummary job;
  job.job_id = job_id;
  job.name = "Fraud Detection";
  return {job};
}

ExceptionSummary Row(const std::string& signature, const std::string& root_class) {
  ExceptionSummary row;
  row.class_name = root_class;
  row.root_class = root_class;
  row.root_message = "boom";
  row.signature = signature;
  row.count = 3;
  return row;
}

TEST(IncidentKey, NamesTheJobByNameAndTheRootCauseByClassAndMaskedMessage) {
  const Incident a = Failover("61562e23c07a8a4fcc7b4a1d7ee8d3f0", "java.io.IOException", "node 10.0.0.1:9092 down");
  const Incident b = Failover("0a448493b4782967b150582570326227", "java.io.IOException", "node 10.0.0.7:9093 down");
  const std::string key = IncidentKey(a, FraudJob(a.job_id));
  EXPECT_EQ(key, "job_failover|Fraud Detection|java.io.IOException#" + HexId(Fnv1a64("node <ip> down")));
  // Another submission of the same job (new id) failing the same way has the same key.
  EXPECT_EQ(key, IncidentKey(b, FraudJob(b.job_id)));
  // An unnamed job is named by id; another root cause is another key.
  EXPECT_EQ(IncidentKey(a, {}).rfind("job_failover|61562e23c07a8a4fcc7b4a1d7ee8d3f0|java.io.IOException#", 0), 0u);
  EXPECT_NE(key, IncidentKey(Failover(a.job_id, "java.lang.OutOfMemoryError", "Java heap space"), FraudJob(a.job_id)));
  Incident lost;
  lost.kind = "taskmanager_lost";
  EXPECT_EQ(IncidentKey(lost, {}), "taskmanager_lost||");
}

TEST(IncidentKey, AssignedToEveryIncident) {
  Analysis analysis;
  analysis.jobs = FraudJob("j1");
  analysis.incidents = {Failover("j1", "java.io.IOException", "x"), Failover("j1", "java.lang.Error", "y")};
  AssignIncidentKeys(analysis);
  for (const Incident& incident : analysis.incidents) {
    EXPECT_EQ(incident.key, IncidentKey(incident, analysis.jobs));
  }
}

constexpr char kBaseline[] = R"json({
  "schema": "flinkscan/1",
  "version": "0.1.0",
  "time_span": {"start": "2024-02-29T00:00:00.000", "end": "2024-02-29T23:59:00.000"},
  "exceptions": [
    {"class": "java.io.IOException", "root_class": "java.io.IOException", "root_message": "boom", "count": 7,
     "last_time": "2024-02-29T10:00:00.000", "signature": "aaaaaaaaaaaaaaaa"},
    {"class": "java.lang.OutOfMemoryError", "root_class": "java.lang.OutOfMemoryError",
     "root_message": "Java heap space", "count": 2, "last_time": "2024-02-29T11:00:00.000",
     "signature": "bbbbbbbbbbbbbbbb"},
    {"class": "(other signatures)", "count": 40, "signature": null, "overflow": true}
  ],
  "incidents": [
    {"kind": "job_failover", "key": "job_failover|Fraud Detection|java.io.IOException#1", "title": "t1",
     "start": "2024-02-29T09:00:00.000", "end": "2024-02-29T09:01:00.000"},
    {"kind": "oom", "key": "oom|Fraud Detection|java.lang.OutOfMemoryError#2", "title": "t2",
     "start": "2024-02-29T11:00:00.000", "end": null},
    {"kind": "oom", "key": "oom|Fraud Detection|java.lang.OutOfMemoryError#2", "title": "t3",
     "start": "2024-02-29T12:00:00.000", "end": null}
  ]
})json";

TEST(Baseline, ReadsKeysSignaturesAndSpan) {
  const Result<BaselineReport> report = ParseBaseline(kBaseline, "yesterday.json", "2024-03-01T06:00:00.000+00:00");
  ASSERT_TRUE(report.ok()) << report.message();
  const BaselineReport& b = report.value();
  EXPECT_EQ(b.path, "yesterday.json");
  EXPECT_EQ(b.generated_at, "2024-03-01T06:00:00.000+00:00");
  EXPECT_EQ(b.span_end, "2024-02-29T23:59:00.000");
  ASSERT_EQ(b.exceptions.size(), 2u);  // the overflow row has no signature to compare
  EXPECT_EQ(b.exceptions[1].signature, "bbbbbbbbbbbbbbbb");
  EXPECT_EQ(b.exceptions[1].count, 2u);
  ASSERT_EQ(b.incidents.size(), 3u);
  EXPECT_EQ(b.incidents[0].job, "Fraud Detection");
  EXPECT_EQ(b.incidents[0].last_seen, "2024-02-29T09:01:00.000");
  EXPECT_EQ(b.incidents[1].last_seen, "2024-02-29T11:00:00.000");
}

TEST(Baseline, MarksNewAndRecurringAndListsWhatIsGone) {
  const Result<BaselineReport> report = ParseBaseline(kBaseline, "yesterday.json");
  ASSERT_TRUE(report.ok()) << report.message();
  Analysis today;
  today.jobs = FraudJob("j2");
  today.exceptions = {Row("aaaaaaaaaaaaaaaa", "java.io.IOException"), Row("cccccccccccccccc", "java.lang.Error")};
  ExceptionSummary overflow;
  overflow.overflow = true;
  overflow.count = 5;
  today.exceptions.push_back(overflow);
  Incident recurring = Failover("j2", "java.io.IOException", "x");
  recurring.key = "job_failover|Fraud Detection|java.io.IOException#1";
  Incident fresh = Failover("j2", "java.lang.IllegalStateException", "y");
  fresh.key = "job_failover|Fraud Detection|java.lang.IllegalStateException#3";
  today.incidents = {recurring, fresh};

  CompareWithBaseline(today, report.value());

  EXPECT_EQ(today.exceptions[0].baseline_status, "recurring");
  EXPECT_EQ(today.exceptions[1].baseline_status, "new");
  EXPECT_EQ(today.exceptions[2].baseline_status, "");
  EXPECT_EQ(today.incidents[0].baseline_status, "recurring");
  EXPECT_EQ(today.incidents[1].baseline_status, "new");
  ASSERT_TRUE(today.baseline.has_value());
  const BaselineComparison& c = *today.baseline;
  EXPECT_EQ(c.new_incidents, 1u);
  EXPECT_EQ(c.recurring_incidents, 1u);
  EXPECT_EQ(c.new_exceptions, 1u);
  EXPECT_EQ(c.recurring_exceptions, 1u);
  ASSERT_EQ(c.gone_exceptions.size(), 1u);
  EXPECT_EQ(c.gone_exceptions[0].signature, "bbbbbbbbbbbbbbbb");
  EXPECT_EQ(c.gone_exceptions[0].root_message, "Java heap space");
  ASSERT_EQ(c.gone_incidents.size(), 1u);  // one row per key
  EXPECT_EQ(c.gone_incidents[0].key, "oom|Fraud Detection|java.lang.OutOfMemoryError#2");
  EXPECT_EQ(c.gone_incidents[0].count, 2u);
  EXPECT_EQ(c.gone_incidents[0].last_seen, "2024-02-29T12:00:00.000");
  EXPECT_EQ(c.gone_dropped, 0u);
}

TEST(Baseline, GoneListsAreBounded) {
  std::string exceptions;
  for (int i = 0; i < 10; ++i) {
    exceptions += fmt::format(R"({}{{"class": "E", "root_class": "E", "root_message": "", "count": 1,
                               "signature": "{:016x}"}})",
                              i == 0 ? "" : ",", i);
  }
  const std::string json =
      fmt::format(R"({{"schema": "flinkscan/1", "incidents": [], "exceptions": [{}]}})", exceptions);
  const Result<BaselineReport> report = ParseBaseline(json, "b.json");
  ASSERT_TRUE(report.ok()) << report.message();
  Analysis today;
  CompareWithBaseline(today, report.value(), 4);
  EXPECT_EQ(today.baseline->gone_exceptions.size(), 4u);
  EXPECT_EQ(today.baseline->gone_dropped, 6u);
}

TEST(Baseline, InvalidJsonNamesTheFileAndByte) {
  const std::string json = R"({"schema": "flinkscan/1", "incidents": [}, "exceptions": []})";
  const Result<BaselineReport> report = ParseBaseline(json, "bad.json");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.message().rfind(fmt::format("bad.json: byte {}: not valid JSON", json.find('}')), 0), 0u)
      << report.message();
}

TEST(Baseline, InvalidUtf8NamesItsByte) {
  const std::string json = "{\"schema\": \"flinkscan/1\", \"x\": \"ab\xff\"}";
  const Result<BaselineReport> report = ParseBaseline(json, "bad.json");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.message().rfind(fmt::format("bad.json: byte {}: not valid JSON", json.find('\xff')), 0), 0u)
      << report.message();
}

TEST(Baseline, RejectsOtherDocumentsAndVersions) {
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {"[1, 2]", "b.json: not a flinkscan JSON report (the document is not an object)"},
      {R"({"rules": {}})", "b.json: not a flinkscan JSON report (no \"schema\" string)"},
      {R"({"schema": "prometheus/1"})", "b.json: not a flinkscan JSON report (schema \"prometheus/1\")"},
      {R"({"schema": "flinkscan/2", "incidents": [], "exceptions": []})",
       "b.json: unsupported report schema \"flinkscan/2\" (this flinkscan reads flinkscan/1)"},
      {R"({"schema": "flinkscan/1", "exceptions": []})", "b.json: not a flinkscan JSON report (no \"incidents\" array)"},
  };
  for (const Case& c : cases) {
    const Result<BaselineReport> report = ParseBaseline(c.json, "b.json");
    ASSERT_FALSE(report.ok()) << c.json;
    EXPECT_EQ(report.message(), c.message);
  }
}

// A report written before signatures existed cannot be compared; it says so rather than calling everything new.
TEST(Baseline, RejectsAReportWithoutSignatures) {
  const Result<BaselineReport> report = ParseBaseline(
      R"({"schema": "flinkscan/1", "version": "0.0.9", "incidents": [],
          "exceptions": [{"class": "E", "root_class": "E", "count": 1}]})",
      "old.json");
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.message().find("old.json: exceptions[0] has no \"signature\""), std::string::npos);
  EXPECT_NE(report.message().find("flinkscan 0.0.9"), std::string::npos) << report.message();
}

TEST(Baseline, LoadsAFileAndDatesItByItsModificationTime) {
  TempDir dir;
  const std::string path = dir.Write("yesterday.json", kBaseline);
  const Result<BaselineReport> report = LoadBaseline(path);
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report.value().path, path);
  // "YYYY-MM-DDTHH:MM:SS.000+HH:MM"
  const std::string& when = report.value().generated_at;
  ASSERT_EQ(when.size(), 29u) << when;
  EXPECT_EQ(when[10], 'T');
  EXPECT_TRUE(when[23] == '+' || when[23] == '-') << when;

  const Result<BaselineReport> missing = LoadBaseline(dir.path() + "/nope.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.message(), "--baseline " + dir.path() + "/nope.json: cannot read (no such file)");
}

}  // namespace
}  // namespace flinkscan
