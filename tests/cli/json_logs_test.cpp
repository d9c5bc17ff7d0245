// JSON log lines (log4j2 JsonLayout, ECS, logstash-style) end to end: the real
// JsonLayout excerpt reproduces its EXPECTED.md facts, JSON twins of a text log
// yield the same analysis, mixed files work, and threads/chunks change nothing.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/chunk.h"
#include "engine/chunk_scanner.h"
#include "engine/scan.h"
#include "report/json_report.h"
#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::FixturePath;
using testing::ParsedJson;
using testing::Quote;
using testing::RunFlinkscan;
using testing::ScanInProcess;
using testing::Str;
using testing::TempDir;

constexpr std::string_view kSample = "jm-json-log4j2-jsonlayout-k8s-flink1112.log";
constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kRemoteTransport =
    "org.apache.flink.runtime.io.network.netty.exception.RemoteTransportException";
constexpr std::string_view kRemoteLost =
    "Connection unexpectedly closed by remote task manager '10.57.3.239/10.57.3.239:41885'. This might "
    "indicate "
    "that the remote task manager was lost.";
constexpr std::string_view kTask =
    "INDEX_MESSAGE_KEYED_PROCESSOR -> SECURITY_MAPPING_PROCESSOR -> Sink: SECURITY_MAPPING_SINK";

// --- the real excerpt --------------------------------------------------------

// Scans one chunk in-process to see the events themselves (the report only
// shows what incidents made of them).
std::vector<Event> ScanEvents(const std::string& content, Chunk& chunk) {
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher({});
  EXPECT_TRUE(matcher.ok()) << matcher.message();
  if (!matcher.ok()) return {};
  ChunkScanner scanner(matcher.value());
  MatchScratch scratch;
  EXPECT_TRUE(matcher.value()->AllocateScratch(scratch).ok());
  chunk.buffer.assign(content.begin(), content.end());
  chunk.size = content.size();
  chunk.ResetResults();
  scanner.Scan(chunk, scratch);
  return chunk.events;
}

TEST(JsonLogs, RealJsonLayoutExcerptEvents) {
  Chunk chunk;
  const std::vector<Event> events = ScanEvents(testing::ReadFile(FixturePath(std::string(kSample))), chunk);
  EXPECT_EQ(chunk.stats.lines, 2u);
  EXPECT_EQ(chunk.stats.records, 2u);
  EXPECT_EQ(chunk.stats.matched_records, 2u);
  EXPECT_EQ(chunk.stats.rejected_lines, 0u);
  EXPECT_EQ(chunk.stats.layout, Layout::kJson);
  EXPECT_TRUE(chunk.stats.zone_checked);
  EXPECT_EQ(chunk.stats.offset_minutes, std::optional<int32_t>(0));

  const Event* task = nullptr;
  const Event* failover = nullptr;
  for (const Event& e : events) {
    if (e.kind == EventKind::kTaskTransition) task = &e;
    if (e.kind == EventKind::kRegionFailover) failover = &e;
  }
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->line, 1u);
  EXPECT_EQ(task->level, Level::kInfo);
  EXPECT_EQ(task->time.ms, 1606447892221);  // 2020-11-27T03:31:32.221Z
  EXPECT_EQ(task->task_name, kTask);
  EXPECT_EQ(task->subtask, 2);
  EXPECT_EQ(task->parallelism, 10);
  EXPECT_EQ(task->attempt_id, "f682d65339f1ae8ed4d3cf8732b0300e");
  EXPECT_EQ(task->from_state, "RUNNING");
  EXPECT_EQ(task->to_state, "FAILED");
  EXPECT_EQ(task->location, "org.apache.flink.runtime.jobmaster.slotpool.SingleLogicalSlot@6929f626");
  ASSERT_TRUE(task->exception.present);
  EXPECT_EQ(task->exception.outer.class_name, kRemoteTransport);
  EXPECT_EQ(task->exception.outer.message, kRemoteLost);
  EXPECT_EQ(task->exception.frames, 20u);
  EXPECT_EQ(task->exception.depth, 1u);
  // The event's record is the readable text form, not raw JSON.
  EXPECT_TRUE(
      task->record.starts_with("2020-11-27 03:31:32,221 INFO  " + std::string(kExecutionGraph) + " [] - "))
      << task->record;

  ASSERT_NE(failover, nullptr);
  EXPECT_EQ(failover->line, 2u);
  EXPECT_EQ(failover->level, Level::kInfo);
  EXPECT_EQ(failover->time.ms, 1606447892231);
  EXPECT_EQ(failover->task_name, "feb3a6f0257a8f3304c151b98b06d3e1_1");
  EXPECT_EQ(failover->count, -1);
}

TEST(JsonLogs, RealJsonLayoutExcerptReport) {
  const testing::RunResult run =
      RunFlinkscan("scan --format json " + Quote(FixturePath(std::string(kSample))));
  ASSERT_EQ(run.exit_code, 0);
  const ParsedJson root(run.out);
  ASSERT_TRUE(root.parsed()) << run.out;

  simdjson::dom::element in = root["inputs"].at(0).value();
  EXPECT_EQ(in["lines"].get_int64().value(), 2);
  EXPECT_EQ(in["records"].get_int64().value(), 2);
  EXPECT_EQ(in["matched_records"].get_int64().value(), 2);
  EXPECT_EQ(in["rejected_lines"].get_int64().value(), 0);
  EXPECT_EQ(Str(in["tz_source"].value()), "epoch");
  EXPECT_EQ(Str(in["layout"].value()), "json");
  EXPECT_EQ(Str(in["first_time"].value()), "2020-11-27T03:31:32.221+00:00");
  EXPECT_EQ(Str(in["last_time"].value()), "2020-11-27T03:31:32.231+00:00");
  EXPECT_EQ(root["jobs"].get_array().value().size(), 0u) << "the job id does not appear in the excerpt";

  // One failure of one task, handled by region failover: the failover is
  // visible but the job is not named and nothing shows it running again.
  simdjson::dom::array incidents = root["incidents"].get_array().value();
  ASSERT_EQ(incidents.size(), 1u) << run.out;
  simdjson::dom::element inc = incidents.at(0).value();
  EXPECT_EQ(Str(inc["kind"].value()), "job_failover");
  EXPECT_TRUE(inc["job_id"].is_null());
  EXPECT_EQ(Str(inc["start"].value()), "2020-11-27T03:31:32.221+00:00");
  EXPECT_EQ(Str(inc["end"].value()), "2020-11-27T03:31:32.231+00:00");
  EXPECT_EQ(Str(inc["root_cause"]["class"].value()), kRemoteTransport);
  EXPECT_EQ(Str(inc["root_cause"]["message"].value()), kRemoteLost);
  EXPECT_EQ(
      Str(inc["root_cause"]["frame"].value()),
      "org.apache.flink.runtime.io.network.netty.CreditBasedPartitionRequestClientHandler.channelInactive("
      "CreditBasedPartitionRequestClientHandler.java:144)");
  EXPECT_EQ(Str(inc["diagnosis"]["cause"].value()), "taskmanager_lost");
  EXPECT_EQ(Str(inc["facts"]["failed_task"].value()), std::string(kTask) + " (2/10)");
  EXPECT_EQ(Str(inc["facts"]["failed_attempts"].value()), "1");

  simdjson::dom::array evidence = inc["evidence"].get_array().value();
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(evidence.at(0)["line"].get_int64().value(), 1);
  EXPECT_EQ(Str(evidence.at(0)["time"].value()), "2020-11-27T03:31:32.221+00:00");
  EXPECT_EQ(Str(evidence.at(0)["text"].value()),
            "2020-11-27 03:31:32,221 INFO  " + std::string(kExecutionGraph) + " [] - " + std::string(kTask) +
                " (2/10) (f682d65339f1ae8ed4d3cf8732b0300e) switched from RUNNING to FAILED on "
                "org.apache.flink.runtime.jobmaster.slotpool.SingleLogicalSlot@6929f626.");
  EXPECT_EQ(evidence.at(1)["line"].get_int64().value(), 2);
  EXPECT_EQ(
      Str(evidence.at(1)["text"].value()),
      "2020-11-27 03:31:32,231 INFO  "
      "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy [] - "
      "Calculating tasks to restart to recover the failed task feb3a6f0257a8f3304c151b98b06d3e1_1.");

  simdjson::dom::array exceptions = root["exceptions"].get_array().value();
  ASSERT_EQ(exceptions.size(), 1u);
  EXPECT_EQ(Str(exceptions.at(0)["class"].value()), kRemoteTransport);
  EXPECT_EQ(exceptions.at(0)["count"].get_int64().value(), 1);
}

// JSON instants are absolute: --tz (a guess at a zone the log does not print)
// does not move them.
TEST(JsonLogs, TzOptionDoesNotOverrideInstants) {
  const testing::RunResult run =
      RunFlinkscan("scan --format json --tz +08:00 " + Quote(FixturePath(std::string(kSample))));
  ASSERT_EQ(run.exit_code, 0);
  const ParsedJson root(run.out);
  ASSERT_TRUE(root.parsed()) << run.out;
  simdjson::dom::element in = root["inputs"].at(0).value();
  EXPECT_EQ(Str(in["tz_source"].value()), "epoch");
  EXPECT_EQ(Str(in["first_time"].value()), "2020-11-27T03:31:32.221+00:00");
}

// --- JSON twins of a text log ------------------------------------------------

constexpr std::string_view kJob = "5a09018a62b24958656d354f31556d5d";

struct LogRecord {
  int64_t epoch_ms;
  std::string_view level;
  std::string_view logger;
  std::string message;
  std::string trace;  // "Class: msg\n\tat …", or empty
};

std::string Stamp(int64_t epoch_ms, char sep, bool iso_millis_dot) {
  const int64_t days = epoch_ms / kMillisPerDay;
  const int64_t in_day = epoch_ms % kMillisPerDay;
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}{}{:03}", d.year, d.month, d.day, sep,
                     in_day / 3'600'000, in_day / 60'000 % 60, in_day / 1000 % 60, iso_millis_dot ? '.' : ',',
                     in_day % 1000);
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view TraceName(std::string_view trace) { return trace.substr(0, trace.find(':')); }
std::string_view TraceMessage(std::string_view trace) {
  const size_t colon = trace.find(": ");
  if (colon == std::string_view::npos) return {};
  const std::string_view rest = trace.substr(colon + 2);
  return rest.substr(0, rest.find('\n'));
}

std::string TextLine(const LogRecord& r) {
  std::string line =
      fmt::format("{} {:<5} {} [] - {}", Stamp(r.epoch_ms, ' ', false), r.level, r.logger, r.message);
  if (!r.trace.empty()) line += "\n" + r.trace;
  return line + "\n";
}

std::string JsonLayoutLine(const LogRecord& r) {
  std::string thrown;
  if (!r.trace.empty()) {
    thrown = fmt::format(
        R"(,"thrown":{{"commonElementCount":0,"localizedMessage":"{1}","message":"{1}","name":"{0}",)"
        R"("extendedStackTrace":"{2}\n"}})",
        Escape(TraceName(r.trace)), Escape(TraceMessage(r.trace)), Escape(r.trace));
  }
  return fmt::format(
      R"({{"thread":"flink-akka.actor.default-dispatcher-4","level":"{}","loggerName":"{}",)"
      R"("message":"{}"{},"endOfBatch":false,"loggerFqcn":"org.apache.logging.slf4j.Log4jLogger",)"
      R"("instant":{{"epochSecond":{},"nanoOfSecond":{}}},"threadId":52,"threadPriority":5}})"
      "\n",
      r.level, r.logger, Escape(r.message), thrown, r.epoch_ms / 1000, r.epoch_ms % 1000 * 1'000'000);
}

std::string EcsLine(const LogRecord& r) {
  std::string error;
  if (!r.trace.empty()) {
    error = fmt::format(R"(,"error.type":"{}","error.message":"{}","error.stack_trace":"{}")",
                        Escape(TraceName(r.trace)), Escape(TraceMessage(r.trace)), Escape(r.trace));
  }
  return fmt::format(R"({{"@timestamp":"{}Z","ecs.version":"1.2.0","log.level":"{}","message":"{}",)"
                     R"("process.thread.name":"flink-akka.actor.default-dispatcher-4","log.logger":"{}"{}}})"
                     "\n",
                     Stamp(r.epoch_ms, 'T', true), r.level, Escape(r.message), r.logger, error);
}

std::string LogstashLine(const LogRecord& r) {
  std::string trace;
  if (!r.trace.empty()) trace = fmt::format(R"(,"stack_trace":"{}\n")", Escape(r.trace));
  // logstash-logback-encoder writes the local time with its offset.
  return fmt::format(
      R"({{"@timestamp":"{}+08:00","@version":"1","message":"{}","logger_name":"{}",)"
      R"("thread_name":"flink-akka.actor.default-dispatcher-4","level":"{}","level_value":20000{}}})"
      "\n",
      Stamp(r.epoch_ms + 8 * 3'600'000, 'T', true), Escape(r.message), r.logger, r.level, trace);
}

// 2024-03-01T10:00:00Z: a job that runs, checkpoints, loses a task, restarts
// and runs again, then logs an ERROR with a trace.
std::vector<LogRecord> TwinRecords() {
  constexpr int64_t t0 = 1709287200000;
  const std::string graph(kExecutionGraph);
  const std::string job(kJob);
  return {
      {t0, "INFO", kExecutionGraph,
       fmt::format("Job ListCheckpointedExample ({}) switched from state CREATED to RUNNING.", job), ""},
      {t0 + 5000, "INFO", "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
       fmt::format("Triggering checkpoint 1 (type=CHECKPOINT) @ {} for job {}.", t0 + 4990, job), ""},
      {t0 + 5100, "INFO", "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
       fmt::format(
           "Completed checkpoint 1 for job {} (374 bytes, checkpointDuration=53 ms, finalizationTime=0 ms).",
           job),
       ""},
      {t0 + 60000, "INFO", kExecutionGraph,
       "Source: Custom Source (1/1) (c92d839a41f6cc8a2427cd537b5c1a0e) switched from RUNNING to FAILED on "
       "container_1612345678901_0001_01_000002 @ worker-2 (dataPort=40123).",
       "java.lang.IllegalStateException: \"bad\" state caf\xC3\xA9\n\tat a.B.c(B.java:1)\n"
       "Caused by: java.io.IOException: No space left on device\n\tat d.E.f(E.java:2)\n\t... 1 more"},
      {t0 + 60010, "INFO",
       "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy",
       "Calculating tasks to restart to recover the failed task bc764cd8ddf7a0cff126f51c16239658_0.", ""},
      {t0 + 60011, "INFO",
       "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy",
       "2 tasks should be restarted to recover the failed task bc764cd8ddf7a0cff126f51c16239658_0.", ""},
      {t0 + 60020, "INFO", kExecutionGraph,
       fmt::format("Job ListCheckpointedExample ({}) switched from state RUNNING to RESTARTING.", job), ""},
      {t0 + 61020, "INFO", kExecutionGraph,
       fmt::format("Job ListCheckpointedExample ({}) switched from state RESTARTING to RUNNING.", job), ""},
      {t0 + 120000, "ERROR", "org.apache.flink.runtime.taskexecutor.TaskExecutor",
       "Something went wrong\nwith a second message line",
       "java.lang.RuntimeException: x\n\tat a.B.c(B.java:1)"},
      {t0 + 130000, "WARN", "org.apache.flink.runtime.taskexecutor.TaskExecutor", "Warned with a trace.",
       "java.net.ConnectException: Connection refused\n\tat a.B.c(B.java:1)"},
  };
}

// Physical line of each record's first line when the records are written as `lines`.
std::vector<uint64_t> FirstLines(const std::vector<std::string>& lines) {
  std::vector<uint64_t> first;
  uint64_t line = 1;
  for (const std::string& piece : lines) {
    first.push_back(line);
    line += static_cast<uint64_t>(std::count(piece.begin(), piece.end(), '\n'));
  }
  return first;
}

// The analysis without what must differ between twins: the inputs (path,
// bytes, layout), the path in every source, and physical line numbers, which
// become record numbers (`first_lines`: the physical line of each record).
std::string Comparable(Analysis a, const std::string& path, const std::vector<uint64_t>& first_lines = {}) {
  a.inputs.clear();
  a.totals.bytes = 0;
  a.totals.lines = 0;
  // A JSON record keeps its stack trace inside one physical line: line counts differ by design.
  a.totals.continuation_lines = 0;
  a.totals.free_text_lines = 0;
  JsonOptions options;
  options.include_timing = false;
  std::string json = RenderJson(a, options);
  for (size_t at = json.find(path); at != std::string::npos; at = json.find(path, at))
    json.replace(at, path.size(), "X");
  if (first_lines.empty()) return json;
  for (std::string_view key : {"\"line\": ", "\"first_line\": "}) {
    for (size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + 1)) {
      const size_t digits = at + key.size();
      size_t end = digits;
      while (end < json.size() && json[end] >= '0' && json[end] <= '9') ++end;
      const uint64_t line = std::stoull(json.substr(digits, end - digits));
      const auto record = std::find(first_lines.begin(), first_lines.end(), line);
      const std::string replacement = record == first_lines.end()
                                          ? "?" + std::to_string(line)
                                          : "#" + std::to_string(record - first_lines.begin() + 1);
      json.replace(digits, end - digits, replacement);
    }
  }
  return json;
}

TEST(JsonLogs, JsonTwinsYieldTheSameAnalysisAsTheirTextLog) {
  TempDir dir;
  std::string text, jsonlayout, ecs, logstash;
  std::vector<std::string> text_records, json_records;
  for (const LogRecord& r : TwinRecords()) {
    text_records.push_back(TextLine(r));
    json_records.push_back(JsonLayoutLine(r));
    text += TextLine(r);
    jsonlayout += JsonLayoutLine(r);
    ecs += EcsLine(r);
    logstash += LogstashLine(r);
  }
  const std::string text_path = dir.Write("text/jobmanager.log", text);
  const Analysis text_analysis = ScanInProcess({text_path});
  ASSERT_EQ(text_analysis.inputs.size(), 1u);
  EXPECT_EQ(text_analysis.inputs[0].tz_source, "epoch") << "the trigger epoch proves UTC for the text twin";
  const std::string reference = Comparable(text_analysis, text_path, FirstLines(text_records));
  const std::vector<uint64_t> json_lines = FirstLines(json_records);
  // The scenario really produces something to compare.
  ASSERT_GE(text_analysis.incidents.size(), 1u) << reference;
  ASSERT_EQ(text_analysis.checkpoints.completed, 1u) << reference;
  ASSERT_GE(text_analysis.exceptions.size(), 2u) << reference;

  for (const auto& [name, content] : {std::pair<std::string, std::string>{"jsonlayout", jsonlayout},
                                      {"ecs", ecs},
                                      {"logstash", logstash}}) {
    const std::string path = dir.Write(name + "/jobmanager.log", content);
    const Analysis a = ScanInProcess({path});
    ASSERT_EQ(a.inputs.size(), 1u);
    EXPECT_EQ(a.inputs[0].layout, "json") << name;
    EXPECT_EQ(a.inputs[0].tz_source, "epoch") << name;
    EXPECT_EQ(a.inputs[0].records, text_analysis.inputs[0].records) << name;
    EXPECT_EQ(a.inputs[0].matched_records, text_analysis.inputs[0].matched_records) << name;
    EXPECT_EQ(a.inputs[0].lines, TwinRecords().size()) << name << ": escaped line breaks are not lines";
    EXPECT_EQ(a.inputs[0].rejected_lines, 0u) << name;
    EXPECT_EQ(Comparable(a, path, json_lines), reference) << name;
  }
}

TEST(JsonLogs, MixedTextAndJsonLinesInOneFile) {
  TempDir dir;
  const std::vector<LogRecord> records = TwinRecords();
  std::string mixed;
  std::vector<std::string> pieces;
  for (size_t i = 0; i < records.size(); ++i) {
    pieces.push_back(i % 2 == 0 ? TextLine(records[i]) : JsonLayoutLine(records[i]));
    mixed += pieces.back();
  }
  const std::vector<uint64_t> first_lines = FirstLines(pieces);  // physical line of each record
  uint64_t line = first_lines.back() +
                  static_cast<uint64_t>(std::count(pieces.back().begin(), pieces.back().end(), '\n'));
  // A JSON document on a line of its own is not a record: it stays a
  // continuation line of the text record before it.
  mixed +=
      TextLine({1709287200000 + 200000, "INFO", "org.apache.flink.runtime.jobmaster.JobMaster", "Plan:", ""});
  mixed += R"({"nodes":[{"id":1,"type":"Source: Custom Source","parallelism":1}]})"
           "\n";
  line += 2;
  const std::string path = dir.Write("mixed.log", mixed);

  const std::string all_text_path = dir.Write("text.log", [&] {
    std::string text;
    for (const LogRecord& r : records) text += TextLine(r);
    return text;
  }());
  const Analysis mixed_analysis = ScanInProcess({path});
  const Analysis text_analysis = ScanInProcess({all_text_path});
  ASSERT_EQ(mixed_analysis.inputs.size(), 1u);
  const InputSummary& in = mixed_analysis.inputs[0];
  EXPECT_EQ(in.layout, "mixed");
  EXPECT_EQ(in.lines, line - 1);
  EXPECT_EQ(in.records, records.size() + 1);
  EXPECT_EQ(in.rejected_lines, 0u);
  EXPECT_EQ(in.tz_source, "epoch");

  // Same story as the all-text file; evidence points at physical lines.
  ASSERT_EQ(mixed_analysis.incidents.size(), text_analysis.incidents.size());
  for (size_t i = 0; i < mixed_analysis.incidents.size(); ++i) {
    const Incident& m = mixed_analysis.incidents[i];
    const Incident& t = text_analysis.incidents[i];
    EXPECT_EQ(m.kind, t.kind);
    EXPECT_EQ(m.start, t.start);
    EXPECT_EQ(m.end, t.end);
    EXPECT_EQ(m.title, t.title);
    ASSERT_EQ(m.evidence.size(), t.evidence.size());
    for (size_t k = 0; k < m.evidence.size(); ++k) {
      EXPECT_EQ(m.evidence[k].text, t.evidence[k].text) << "JSON evidence reads like its text twin";
      EXPECT_EQ(m.evidence[k].time, t.evidence[k].time);
    }
  }
  // The task failure (record 3, a JSON line) is evidence at its physical line.
  bool found = false;
  for (const Incident& inc : mixed_analysis.incidents) {
    for (const auto& ev : inc.evidence) {
      if (ev.text.find("switched from RUNNING to FAILED") != std::string::npos) {
        EXPECT_EQ(ev.line, first_lines[3]);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(Comparable(mixed_analysis, path).find("\"thrown\""), std::string::npos)
      << "no raw JSON in the report";
}

TEST(JsonLogs, ThreadsAndChunksChangeNothing) {
  TempDir dir;
  std::string content;
  const std::vector<LogRecord> records = TwinRecords();
  for (int copy = 0; copy < 400; ++copy) {
    for (const LogRecord& r : records) {
      LogRecord shifted = r;
      shifted.epoch_ms += int64_t{copy} * 3'600'000;
      content += copy % 3 == 0   ? JsonLayoutLine(shifted)
                 : copy % 3 == 1 ? EcsLine(shifted)
                                 : TextLine(shifted);
    }
  }
  const std::string path = dir.Write("big.log", content);
  JsonOptions options;
  options.include_timing = false;
  const std::string reference = RenderJson(ScanInProcess({path}, {}, {.threads = 1}), options);
  ASSERT_GT(reference.size(), 10000u);
  EXPECT_EQ(RenderJson(ScanInProcess({path}, {}, {.threads = 4}), options), reference);
  EXPECT_EQ(RenderJson(ScanInProcess({path}, {}, {.threads = 2, .chunk_bytes = 4096}), options), reference);
  EXPECT_EQ(RenderJson(ScanInProcess({path}, {}, {.threads = 3, .chunk_bytes = 64}), options), reference);

  // The binary, 1 thread vs N, on the real excerpt.
  const std::string sample = Quote(FixturePath(std::string(kSample)));
  EXPECT_EQ(testing::WithoutTiming(RunFlinkscan("scan --format json -j 1 " + sample).out),
            testing::WithoutTiming(RunFlinkscan("scan --format json -j 4 --chunk-bytes 100 " + sample).out));
}

}  // namespace
}  // namespace flinkscan
