#include "report/text_report.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/analysis.h"
#include "report/terminal_text.h"
#include "tests/report/analysis_builder.h"

namespace flinkscan {
namespace {

using testing::kJobId;
using testing::JobManagerInput;
using testing::MakeIncident;

constexpr char kHostileText[] = "boom \x1b]0;pwned\x07\x1b[2J";

Analysis MakeAnalysis() {
  Analysis analysis;
  analysis.flinkscan_version = "0.1.0";
  InputSummary input = JobManagerInput();
  input.rejected_lines = 2;
  input.rejected_examples = {{1, "garbage \x1b[1m"}, {2, "more garbage"}};
  input.errors = {"logs/jobmanager.log: byte 2000: truncated gzip stream"};
  analysis.inputs.push_back(input);
  analysis.skipped.push_back({"logs/core.bin", "not a log file"});
  analysis.totals = {.bytes = 2048, .lines = 40, .records = 30, .matched_records = 6,
                     .rejected_lines = 2, .events = 9, .seconds = 0.125};
  analysis.flink_versions = {"1.17.1"};
  analysis.time_span_start = "2023-04-20T08:56:00.000+08:00";
  analysis.time_span_end = "2023-04-20T09:10:00.000+08:00";

  Incident failover = testing::HeapOomFailover();
  for (uint64_t line = 1; line <= 7; ++line) {
    failover.evidence.push_back({"logs/jobmanager.log", 100 + line, "2023-04-20T08:56:22.262+08:00",
                                 "evidence line " + std::to_string(line)});
  }
  failover.evidence_dropped = 4;
  failover.evidence[0].text = kHostileText;
  analysis.incidents.push_back(failover);

  Incident slow = MakeIncident("slow_checkpoint", "warning", "Checkpoint 7 took 45 s");
  slow.start = "2023-04-20T09:00:00.000+08:00";
  slow.job_id = kJobId;
  slow.scope.host = "worker-3";
  analysis.incidents.push_back(slow);

  analysis.incidents.push_back(MakeIncident("rescale", "info", "Job rescaled"));

  JobSummary job;
  job.job_id = kJobId;
  job.name = "Fraud detector";
  job.final_state = "RUNNING";
  job.restarts = 1;
  job.transitions = {{"", "CREATED", "RUNNING", "logs/jobmanager.log", 3}};
  analysis.jobs.push_back(job);

  for (int64_t id = 1; id <= 8; ++id) {
    CheckpointItem item;
    item.job_id = kJobId;
    item.id = id;
    item.status = id == 3 ? "expired" : "completed";
    item.trigger_time = "2023-04-20T08:5" + std::to_string(id) + ":00.000+08:00";
    if (item.status == "completed") item.duration_ms = 1000 * id;
    if (id == 3) item.reason = "Checkpoint expired before completing.";
    analysis.checkpoints.items.push_back(item);
  }
  analysis.checkpoints.completed = 7;
  analysis.checkpoints.failed = 1;
  analysis.checkpoints.max_duration_ms = 8000;

  ExceptionSummary exception = testing::HeapOomExceptionRow();
  exception.count = 12;
  exception.last_time = "2023-04-20T08:58:00.000+08:00";
  exception.first_line = 101;
  analysis.exceptions.push_back(exception);

  analysis.alerts.push_back(testing::SlowCheckpointAlert());
  return analysis;
}

size_t PositionOf(const std::string& text, std::string_view needle) {
  const size_t position = text.find(needle);
  EXPECT_NE(position, std::string::npos) << "missing: " << needle << "\n" << text;
  return position;
}

TEST(TextReport, HeaderNamesVersionInputsSpanAndFlink) {
  const std::string text = RenderText(MakeAnalysis());
  const std::string first_line = text.substr(0, text.find('\n'));
  EXPECT_NE(first_line.find("flinkscan 0.1.0"), std::string::npos) << first_line;
  EXPECT_NE(first_line.find("1 input,"), std::string::npos) << first_line;
  EXPECT_NE(first_line.find("2.0 KiB"), std::string::npos) << first_line;
  EXPECT_NE(first_line.find("2023-04-20T08:56:00.000+08:00"), std::string::npos) << first_line;
  EXPECT_NE(first_line.find("Flink 1.17.1"), std::string::npos) << first_line;
}

TEST(TextReport, SectionsInOrder) {
  Analysis analysis = MakeAnalysis();
  analysis.gc.pauses = 1;
  const std::string text = RenderText(analysis);
  const std::vector<std::string_view> sections = {
      "INCIDENTS", "CHECKPOINTS", "JOBS", "GC", "EXCEPTIONS", "ALERTS", "TOTALS", "WHAT COULD NOT BE READ"};
  size_t previous = 0;
  for (std::string_view section : sections) {
    const size_t position = PositionOf(text, "\n" + std::string(section));
    EXPECT_GT(position, previous) << section;
    previous = position;
  }
}

TEST(TextReport, IncidentsInGivenOrderWithDetails) {
  const std::string text = RenderText(MakeAnalysis());
  const size_t critical = PositionOf(text, "[CRITICAL] job_failover  2023-04-20T08:56:22.262+08:00");
  const size_t warning = PositionOf(text, "[WARNING] slow_checkpoint");
  const size_t info = PositionOf(text, "[INFO] rescale");
  EXPECT_LT(critical, warning);
  EXPECT_LT(warning, info);
  // Same date and offset: the end shows only the clock. A title too long for
  // the line goes on the next.
  PositionOf(text,
             "2023-04-20T08:56:22.262+08:00 \xE2\x86\x92 08:56:32.275  job 5a09e7c1\xE2\x80\xA6\n"
             "  Job restarted after a task failed\n");
  PositionOf(text,
             "[WARNING] slow_checkpoint  2023-04-20T09:00:00.000+08:00  job 5a09e7c1\xE2\x80\xA6  "
             "Checkpoint 7 took 45 s\n");
  PositionOf(text, "  root cause: java.lang.OutOfMemoryError: Java heap space\n");
  PositionOf(text, "  at: at java.util.Arrays.copyOf(Arrays.java:3332)\n");
  PositionOf(text, "  diagnosis: The task heap ran out.\n");
  PositionOf(text, "  next step: raise taskmanager.memory.task.heap.size\n");
  PositionOf(text, "  facts: restarts=1  downtime_ms=10013\n");
  PositionOf(text, "  where: host worker-3\n");
  PositionOf(text, "INCIDENTS (3: 1 critical, 1 warning, 1 info)");
}

TEST(TextReport, EvidenceIsBoundedAndCountsTheRest) {
  TextOptions options;
  options.max_evidence = 5;
  const std::string text = RenderText(MakeAnalysis(), options);
  PositionOf(text, "    logs/jobmanager.log:105  2023-04-20T08:56:22.262+08:00  evidence line 5\n");
  EXPECT_EQ(text.find("evidence line 6"), std::string::npos);
  PositionOf(text, "    \xE2\x80\xA6 6 more\n");  // 2 not shown + 4 dropped by the engine
}

TEST(TextReport, EvidenceTextMovesToItsOwnLineWhenTheLocationIsLong) {
  Analysis analysis = MakeAnalysis();
  analysis.incidents[0].evidence[1].source =
      "application_1680000000000_0042.txt#container_e01_1680000000000_0042_01_000002/"
      "taskmanager.log";
  const std::string text = RenderText(analysis);
  PositionOf(text, "taskmanager.log:102  2023-04-20T08:56:22.262+08:00\n      evidence line 2\n");
}

TEST(TextReport, NoIncidents) {
  Analysis analysis = MakeAnalysis();
  analysis.incidents.clear();
  const std::string text = RenderText(analysis);
  PositionOf(text, "INCIDENTS\nNo incidents.\n");
}

TEST(TextReport, NoColourUnlessAsked) {
  const std::string text = RenderText(MakeAnalysis());
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

TEST(TextReport, ColourWhenAsked) {
  TextOptions options;
  options.color = true;
  const std::string text = RenderText(MakeAnalysis(), options);
  PositionOf(text, "\x1b[31m[CRITICAL]\x1b[0m job_failover");
  PositionOf(text, "\x1b[33m[WARNING]\x1b[0m slow_checkpoint");
  // The log's own escape sequences stay neutralised.
  EXPECT_EQ(text.find("\x1b]0;pwned"), std::string::npos);
  EXPECT_EQ(text.find("\x1b[2J"), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

TEST(TextReport, LogTextIsNeutralised) {
  const std::string text = RenderText(MakeAnalysis());
  PositionOf(text, "boom \\x1b]0;pwned\\x07\\x1b[2J");
  PositionOf(text, "line 1: garbage \\x1b[1m");
}

TEST(TextReport, LongTextIsCut) {
  Analysis analysis = MakeAnalysis();
  analysis.incidents[0].title = std::string(1000, 'x');
  analysis.incidents[0].root_cause->message = std::string(1000, 'y');
  TextOptions options;
  options.width = 110;
  const std::string text = RenderText(analysis, options);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(CountColumns(line), options.width) << line;
  }
  PositionOf(text, "job 5a09e7c1\xE2\x80\xA6\n  xxx");  // a title too long for the line gets its own
  PositionOf(text, "xxx\xE2\x80\xA6\n");
  PositionOf(text, "yyy\xE2\x80\xA6\n");
}

TEST(TextReport, CheckpointsShowFailedAndLatest) {
  TextOptions options;
  options.recent_checkpoints = 3;
  const std::string text = RenderText(MakeAnalysis(), options);
  PositionOf(text, "  completed 7, failed 1, pending 0, savepoints 0, max duration 8.000 s\n");
  PositionOf(text, "  job 5a09e7c1d3a4e5f6a7b8c9d0e1f2a3b4: 8 kept, 7 completed, 1 failed\n");
  PositionOf(text, "\n             Checkpoint expired before completing.\n");
  const size_t expired = PositionOf(text, "      3  checkpoint  expired");
  const size_t latest = PositionOf(text, "      8  checkpoint  completed");
  EXPECT_LT(expired, latest);
  PositionOf(text, "      6  checkpoint  completed");
  EXPECT_EQ(text.find("      2  checkpoint"), std::string::npos);
}

TEST(TextReport, JobsExceptionsAlertsAndTotals) {
  TextOptions options;
  const std::string text = RenderText(MakeAnalysis(), options);
  PositionOf(
      text,
      "  5a09e7c1d3a4e5f6a7b8c9d0e1f2a3b4  RUNNING     restarts 1  task failures 0  tasks 0  transitions 1"
      "\n    name: Fraud detector\n");
  PositionOf(text, "EXCEPTIONS (1 distinct)\n       12  java.lang.OutOfMemoryError: Java heap space\n");
  PositionOf(text,
             "           2023-04-20T08:56:22.262+08:00 \xE2\x86\x92 08:58:00.000  at logs/jobmanager.log:101"
             "\n           via org.apache.flink.runtime.JobException\n");
  PositionOf(text, "  [WARNING] checkpoint_duration  45213 > 30000");
  PositionOf(text, "    checkpoint 7 took 45.2 s\n");
  PositionOf(text,
             "  2.0 KiB (2048 bytes), 40 lines, 30 records, 6 matched, 2 rejected lines, 9 events, 0.12 s\n");
}

TEST(TextReport, WithoutTimingOutputIsStable) {
  TextOptions options;
  options.include_timing = false;
  Analysis a = MakeAnalysis();
  Analysis b = MakeAnalysis();
  b.totals.seconds = 3;
  EXPECT_EQ(RenderText(a, options), RenderText(b, options));
}

TEST(TextReport, GcOnlyWhenPausesWereSeen) {
  Analysis analysis = MakeAnalysis();
  EXPECT_EQ(RenderText(analysis).find("\nGC\n"), std::string::npos);
  analysis.gc = {9, 1, 1500.5, 13.221, {}, 0};
  const std::string text = RenderText(analysis);
  PositionOf(text, "\nGC\n  pauses 9, full GCs 1, total pause 1.500 s, max pause 13.221 ms\n");
}

TEST(TextReport, WhatCouldNotBeRead) {
  const std::string text = RenderText(MakeAnalysis());
  const size_t section = PositionOf(text, "WHAT COULD NOT BE READ\n");
  EXPECT_GT(
      PositionOf(text, "  logs/jobmanager.log: logs/jobmanager.log: byte 2000: truncated gzip stream\n"),
      section);
  PositionOf(text, "  logs/jobmanager.log: 2 rejected lines\n    line 1: garbage");
  PositionOf(text, "  skipped logs/core.bin: not a log file\n");

  Analysis clean;
  PositionOf(RenderText(clean), "WHAT COULD NOT BE READ\n  nothing: every input was read in full\n");
}

TEST(SeverityRank, OrdersLevelsAndRejectsUnknown) {
  EXPECT_EQ(SeverityRank("info"), 0);
  EXPECT_EQ(SeverityRank("warning"), 1);
  EXPECT_EQ(SeverityRank("critical"), 2);
  EXPECT_EQ(SeverityRank("CRITICAL"), 2);
  EXPECT_EQ(SeverityRank("Warning"), 1);
  EXPECT_EQ(SeverityRank(""), -1);
  EXPECT_EQ(SeverityRank("fatal"), -1);
}

}  // namespace
}  // namespace flinkscan
