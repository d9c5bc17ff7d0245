#include "report/markdown_report.h"

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "engine/analysis.h"
#include "report/markdown_text.h"
#include "tests/report/analysis_builder.h"

namespace flinkscan {
namespace {

using testing::HeapOomExceptionRow;
using testing::HeapOomFailover;
using testing::kJobId;
using testing::MakeEvidence;
using testing::JobManagerInput;
using testing::MakeIncident;
using testing::SlowCheckpointAlert;

constexpr char kScript[] = "<script>alert(1)</script>";
constexpr char kLink[] = "[x](http://evil)";
constexpr char kImage[] = "![img](http://evil/p.png)";

Analysis MakeAnalysis() {
  Analysis analysis;
  analysis.flinkscan_version = "0.1.0";
  InputSummary input = JobManagerInput();
  input.rejected_lines = 1;
  input.rejected_examples = {{7, std::string("garbage ") + kScript}};
  input.errors = {"byte 2000: truncated gzip stream"};
  analysis.inputs.push_back(input);
  analysis.skipped.push_back({"logs/core.bin", "not a log file"});
  analysis.totals = {.bytes = 2048, .lines = 40, .records = 30, .matched_records = 6,
                     .rejected_lines = 1, .events = 9, .seconds = 0.125};
  analysis.flink_versions = {"1.17.1"};
  analysis.time_span_start = "2023-04-20T08:56:00.000+08:00";
  analysis.time_span_end = "2023-04-20T09:10:00.000+08:00";

  Incident slow = MakeIncident("slow_checkpoint", "warning", "Checkpoint 7 took 45.2 s");
  slow.start = "2023-04-20T08:50:00.000+08:00";
  slow.job_id = kJobId;
  Incident failover = HeapOomFailover();
  failover.scope.taskmanager = "container_01";
  failover.evidence.push_back(MakeEvidence("logs/jobmanager.log", 33, "2023-04-20T08:56:22.262+08:00",
                                           std::string("switched to FAILED ") + kScript));
  failover.evidence.push_back(
      MakeEvidence("logs/jobmanager.log", 34, "2023-04-20T08:56:22.300+08:00", "a | b\nc ``` d"));
  // Worst first on purpose out of order here: the renderer must still list the critical one first.
  analysis.incidents = {slow, failover};

  JobSummary job;
  job.job_id = kJobId;
  job.name = "Orders | ETL";
  job.final_state = "RUNNING";
  job.restarts = 1;
  analysis.jobs.push_back(job);

  CheckpointItem completed;
  completed.job_id = kJobId;
  completed.id = 6;
  completed.status = "completed";
  completed.duration_ms = 1200;
  CheckpointItem expired;
  expired.job_id = kJobId;
  expired.id = 7;
  expired.status = "expired";
  expired.reason = "Checkpoint expired before completing | [x](http://evil)";
  expired.source = "logs/jobmanager.log";
  expired.line = 50;
  analysis.checkpoints.items = {completed, expired};
  analysis.checkpoints.completed = 1;
  analysis.checkpoints.failed = 1;

  analysis.gc.pauses = 3;
  analysis.gc.full_gcs = 1;
  analysis.gc.total_pause_ms = 120;
  analysis.gc.max_pause_ms = 80;

  ExceptionSummary exception = HeapOomExceptionRow();
  exception.count = 3;
  exception.root_message = std::string("Java heap space `a` | ") + kLink + "\nsecond line";
  analysis.exceptions.push_back(exception);
  analysis.alerts.push_back(SlowCheckpointAlert());
  return analysis;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// Pipes that separate cells: those not escaped by a backslash.
size_t CellSeparators(std::string_view row) {
  size_t count = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      ++count;
    }
  }
  return count;
}

TEST(MarkdownReportTest, SectionsComeInOrder) {
  const std::string md = RenderMarkdown(MakeAnalysis());
  const std::vector<std::string_view> sections = {"# flinkscan report",
                                                  "## Incidents (2)",
                                                  "## Checkpoints",
                                                  "## Jobs",
                                                  "## GC",
                                                  "## Exceptions (1 distinct)",
                                                  "## Alerts (1)",
                                                  "## Totals",
                                                  "## What could not be read"};
  size_t at = 0;
  for (std::string_view section : sections) {
    const size_t found = md.find(section, at);
    ASSERT_NE(found, std::string::npos) << section << "\n" << md;
    at = found + section.size();
  }
  EXPECT_EQ(md.rfind("# flinkscan report: 2023\\-04\\-20T08:56:00.000\\+08:00", 0), 0u) << md;
  EXPECT_NE(md.find("Flink 1.17.1"), std::string::npos);
  EXPECT_NE(md.find("**1 critical**, **1 warning**"), std::string::npos) << md;
  EXPECT_NE(md.find("Orders \\| ETL RUNNING"), std::string::npos) << md;
}

TEST(MarkdownReportTest, IncidentsWorstFirstWithDetails) {
  const std::string md = RenderMarkdown(MakeAnalysis());
  const size_t critical = md.find("### 1. CRITICAL job\\_failover");
  const size_t warning = md.find("### 2. WARNING slow\\_checkpoint");
  ASSERT_NE(critical, std::string::npos) << md;
  ASSERT_NE(warning, std::string::npos) << md;
  EXPECT_LT(critical, warning);
  EXPECT_NE(md.find("- **Root cause:** `java.lang.OutOfMemoryError: Java heap space`"), std::string::npos)
      << md;
  EXPECT_NE(md.find("- **Diagnosis:** The task heap ran out."), std::string::npos);
  EXPECT_NE(md.find("- **Next step:** raise taskmanager.memory.task.heap.size"), std::string::npos);
  EXPECT_NE(md.find("| source:line | time | text |"), std::string::npos);
  EXPECT_NE(md.find("| logs/jobmanager.log:33 |"), std::string::npos) << md;
}

TEST(MarkdownReportTest, TablesAreWellFormed) {
  const std::vector<std::string> lines = Lines(RenderMarkdown(MakeAnalysis()));
  size_t tables = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] != '|') continue;
    ++tables;
    const size_t columns = CellSeparators(lines[i]);
    ASSERT_TRUE(i + 1 < lines.size() && lines[i + 1].rfind("| --- |", 0) == 0) << lines[i];
    for (; i < lines.size() && !lines[i].empty() && lines[i][0] == '|'; ++i) {
      EXPECT_EQ(CellSeparators(lines[i]), columns) << lines[i];
      EXPECT_EQ(lines[i].back(), '|') << lines[i];
    }
  }
  EXPECT_GE(tables, 6u);  // 2 evidence, checkpoints per job, failed checkpoints, jobs, exceptions, inputs
}

TEST(MarkdownReportTest, LogTextCannotInjectHtmlLinksOrStructure) {
  Analysis analysis = MakeAnalysis();
  analysis.incidents[1].title = std::string("boom ") + kImage + " \x1b]0;pwned\x07\x1b[2J";
  analysis.incidents[1].diagnosis.text = std::string("see ") + kLink + " or www.evil.com or <http://evil>";
  analysis.incidents[1].root_cause->message = "bad ``tick`` and <b>bold</b>";
  const std::string md = RenderMarkdown(analysis);

  EXPECT_EQ(md.find('<'), std::string::npos) << md;
  EXPECT_EQ(md.find("](http"), std::string::npos) << md;
  EXPECT_EQ(md.find("http://"), std::string::npos) << md;  // the autolink opening is broken
  EXPECT_EQ(md.find("www.evil"), std::string::npos) << md;
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
  EXPECT_EQ(md.find('\x07'), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"), std::string::npos) << md;
  EXPECT_NE(md.find("\\[x\\]\\(http\\://evil\\)"), std::string::npos) << md;
  EXPECT_NE(md.find("\\!\\[img\\]"), std::string::npos) << md;
  // A newline in a cell is collapsed; a backtick run is escaped.
  EXPECT_NE(md.find("| a \\| b c \\`\\`\\` d |"), std::string::npos) << md;
  EXPECT_NE(md.find("\\[x\\]\\(http\\://evil\\) second line"), std::string::npos) << md;
}

TEST(MarkdownReportTest, AlertsNotEvaluatedAreListed) {
  Analysis analysis = MakeAnalysis();
  analysis.alerts_not_evaluated.push_back({"backpressure", "no Slf4jReporter metrics"});
  const std::string md = RenderMarkdown(analysis);
  const size_t listed = md.find("- backpressure: no Slf4jReporter metrics");
  ASSERT_NE(listed, std::string::npos) << md;
  EXPECT_LT(md.find("## Alerts"), listed);
  EXPECT_LT(listed, md.find("## Totals"));
}

TEST(MarkdownReportTest, EmptyAnalysisSaysSo) {
  const std::string md = RenderMarkdown(Analysis{});
  EXPECT_NE(md.find("No incidents."), std::string::npos);
  EXPECT_NE(md.find("Nothing: every input was read in full."), std::string::npos);
  EXPECT_EQ(md.find('<'), std::string::npos);
}

TEST(MarkdownReportTest, TimingCanBeLeftOut) {
  MarkdownOptions options;
  options.include_timing = false;
  EXPECT_EQ(RenderMarkdown(MakeAnalysis(), options).find("0.12 s"), std::string::npos);
  EXPECT_NE(RenderMarkdown(MakeAnalysis()).find("0.12 s"), std::string::npos);
}

TEST(MarkdownTextTest, CodeSpanFenceIsLongerThanAnyBacktickRun) {
  EXPECT_EQ(MarkdownCode("plain"), "`plain`");
  EXPECT_EQ(MarkdownCode("a ``b`` c"), "```a ``b`` c```");
  EXPECT_EQ(MarkdownCode("`x`"), "`` `x` ``");
  EXPECT_EQ(MarkdownCode("one\ntwo"), "`one two`");
}

TEST(MarkdownTextTest, CodeSpanFallsBackToTextForHtmlAndPipes) {
  EXPECT_EQ(MarkdownCode("<init>"), "&lt;init&gt;");
  EXPECT_EQ(MarkdownCode("a|b"), "a\\|b");
}

TEST(MarkdownTextTest, ControlsAreVisibleAndNotPassedThrough) {
  const std::string safe = MarkdownText("a\x1b[31mb\x7f");
  EXPECT_EQ(safe.find('\x1b'), std::string::npos);
  EXPECT_EQ(safe.find('\x7f'), std::string::npos);
  EXPECT_NE(safe.find("\\\\x1b"), std::string::npos) << safe;
}

TEST(MarkdownTextTest, AutolinkOpeningsAreBroken) {
  EXPECT_EQ(MarkdownText("https://x"), "https\\://x");
  EXPECT_EQ(MarkdownText("www.x.org"), "www\\.x.org");
  EXPECT_EQ(MarkdownText("ops@example.com"), "ops\\@example.com");
  EXPECT_EQ(MarkdownText("10:02:47"), "10:02:47");
}

}  // namespace
}  // namespace flinkscan
