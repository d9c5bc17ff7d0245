#include "parsers/json_record.h"

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/exception_chain.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

bool Starts(std::string_view line) { return StartsJsonRecord(line.data(), line.data() + line.size()); }

std::vector<std::string> SampleLines() {
  std::ifstream in(std::string(FLINKSCAN_FIXTURES_DIR) +
                   "/samples-real/jm-json-log4j2-jsonlayout-k8s-flink1112.log");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    const size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

RecordHeader MustParseHeader(std::string_view line) {
  Result<RecordHeader> header = ParseJsonHeader(line);
  EXPECT_TRUE(header.ok()) << header.message() << " for: " << line;
  return header.ok() ? header.value() : RecordHeader{};
}

JsonTextRecord MustConvert(std::string_view line, std::string& out) {
  Result<JsonTextRecord> converted = JsonToText(line, out);
  EXPECT_TRUE(converted.ok()) << converted.message() << " for: " << line;
  return converted.ok() ? converted.value() : JsonTextRecord{};
}

// 2020-11-27T03:31:32.221Z
constexpr int64_t kSampleMillis = 1606447892221;
constexpr std::string_view kExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kThread = "flink-akka.actor.default-dispatcher-9923";
constexpr std::string_view kTaskMessage =
    "INDEX_MESSAGE_KEYED_PROCESSOR -> SECURITY_MAPPING_PROCESSOR -> Sink: SECURITY_MAPPING_SINK (2/10) "
    "(f682d65339f1ae8ed4d3cf8732b0300e) switched from RUNNING to FAILED on "
    "org.apache.flink.runtime.jobmaster.slotpool.SingleLogicalSlot@6929f626.";

TEST(JsonRecord, StartsOnlyOnOneLineObjectsWithALevel) {
  for (const std::string& line : SampleLines()) EXPECT_TRUE(Starts(line)) << line;
  EXPECT_TRUE(Starts(R"({"level":"INFO","message":"m"})"));
  EXPECT_TRUE(Starts("{\"level\":\"INFO\",\"message\":\"m\"}\r"));
  EXPECT_TRUE(Starts("{\"log.level\":\"INFO\",\"message\":\"m\"}  "));
  EXPECT_TRUE(Starts(R"({"severity":"ERROR","message":"m"})"));
  // `end` runs past the line: only this line is looked at.
  const std::string two = "{\"level\":\"INFO\"}\n{\"x\":1}";
  EXPECT_TRUE(StartsJsonRecord(two.data(), two.data() + two.size()));
  const std::string cut = "{\"level\":\"INFO\",\n\"x\":1}";
  EXPECT_FALSE(StartsJsonRecord(cut.data(), cut.data() + cut.size()));

  EXPECT_FALSE(Starts(R"({"nodes":[{"id":1,"type":"Source"}]})")) << "a JSON plan has no level";
  EXPECT_FALSE(Starts(R"({"level":"INFO","message":"cut mid-way)"));
  EXPECT_FALSE(Starts(R"({ "level": "INFO" })")) << "pretty-printed objects are not one-line records";
  EXPECT_FALSE(Starts("{}"));
  EXPECT_FALSE(Starts("{level}"));
  EXPECT_FALSE(Starts("2020-11-27 03:31:32,221 INFO  a.B [] - {\"level\":\"INFO\"}"));
  EXPECT_FALSE(Starts(""));
}

TEST(JsonRecord, RecordStartDispatchesBraceLines) {
  const std::vector<std::string> lines = SampleLines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(StartsRecord(lines[0].data(), lines[0].data() + lines[0].size()));
  Result<RecordHeader> header = ParseHeader(lines[1]);
  ASSERT_TRUE(header.ok()) << header.message();
  EXPECT_EQ(header.value().layout, Layout::kJson);
}

TEST(JsonRecord, Log4j2JsonLayoutHeader) {
  const std::vector<std::string> lines = SampleLines();
  ASSERT_EQ(lines.size(), 2u);
  const RecordHeader h = MustParseHeader(lines[0]);
  EXPECT_EQ(h.layout, Layout::kJson);
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, kExecutionGraph);
  EXPECT_EQ(h.thread, kThread);
  EXPECT_EQ(h.message, kTaskMessage);
  // instant wins over the deployment's non-ISO @timestamp; the time is the UTC wall clock.
  EXPECT_TRUE(h.time.has_date);
  EXPECT_EQ(h.time.ms, kSampleMillis);
  ASSERT_TRUE(h.offset_minutes.has_value());
  EXPECT_EQ(*h.offset_minutes, 0);
  // Views point into the line.
  EXPECT_GE(h.logger.data(), lines[0].data());
  EXPECT_LE(h.logger.data() + h.logger.size(), lines[0].data() + lines[0].size());

  const RecordHeader second = MustParseHeader(lines[1]);
  EXPECT_EQ(second.time.ms, kSampleMillis + 10);
  EXPECT_EQ(second.logger,
            "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy");
  EXPECT_EQ(second.message,
            "Calculating tasks to restart to recover the failed task feb3a6f0257a8f3304c151b98b06d3e1_1.");
}

TEST(JsonRecord, Log4j2JsonLayoutTextForm) {
  const std::vector<std::string> lines = SampleLines();
  ASSERT_EQ(lines.size(), 2u);
  std::string out;
  const JsonTextRecord r = MustConvert(lines[0], out);
  const std::vector<std::string_view> text = Lines(r.text);
  ASSERT_EQ(text.size(), 22u) << r.text;
  EXPECT_EQ(text[0], "2020-11-27 03:31:32,221 INFO  " + std::string(kExecutionGraph) + " [] - " +
                         std::string(kTaskMessage));
  EXPECT_EQ(
      text[1],
      "org.apache.flink.runtime.io.network.netty.exception.RemoteTransportException: Connection unexpectedly "
      "closed by remote task manager '10.57.3.239/10.57.3.239:41885'. This might indicate that the remote "
      "task manager was lost.");
  for (size_t i = 2; i < text.size(); ++i) {
    EXPECT_TRUE(text[i].starts_with("\tat ")) << text[i];
    EXPECT_TRUE(text[i].ends_with("~[a-a-apache-flink-1.11.2-patch.jar:?]") ||
                text[i].ends_with("~[?:1.8.0_241]"))
        << text[i];
  }
  EXPECT_EQ(text.back(), "\tat java.lang.Thread.run(Thread.java:748) ~[?:1.8.0_241]");

  EXPECT_EQ(r.header.layout, Layout::kJson);
  EXPECT_EQ(r.header.level, Level::kInfo);
  EXPECT_EQ(r.header.time.ms, kSampleMillis);
  EXPECT_EQ(r.header.offset_minutes, std::optional<int32_t>(0));
  EXPECT_EQ(r.header.logger, kExecutionGraph);
  EXPECT_EQ(r.header.thread, kThread);
  EXPECT_EQ(r.header.message, kTaskMessage);
  // The header's views lie in the text, where the text extractors expect them.
  EXPECT_EQ(r.header.message.data(), r.text.data() + text[0].size() - kTaskMessage.size());

  const ExceptionChain chain = ParseExceptionChain(r.text);
  ASSERT_TRUE(chain.present);
  EXPECT_EQ(chain.outer.class_name,
            "org.apache.flink.runtime.io.network.netty.exception.RemoteTransportException");
  EXPECT_EQ(chain.frames, 20u);
  EXPECT_EQ(chain.depth, 1u);
}

TEST(JsonRecord, EscapesAreUnescapedInTextAndKeptInHeaderViews) {
  const std::string line =
      R"({"instant":{"epochSecond":1709287200,"nanoOfSecond":5000000},"level":"WARN","loggerName":"a.B",)"
      R"j("thread":"t \"1\"","message":"a \"quoted\" caf\u00e9 \\n not a break\nsecond line\n\tat x.Y.z(Y.java:1)"})j";
  const RecordHeader h = MustParseHeader(line);
  EXPECT_EQ(h.time.ms, 1709287200005);
  EXPECT_EQ(h.thread, R"(t \"1\")");
  EXPECT_EQ(h.message, R"(a \"quoted\" caf\u00e9 \\n not a break)");

  std::string out;
  const JsonTextRecord r = MustConvert(line, out);
  const std::vector<std::string_view> text = Lines(r.text);
  ASSERT_EQ(text.size(), 3u) << r.text;
  EXPECT_EQ(text[0], "2024-03-01 10:00:00,005 WARN  a.B [] - a \"quoted\" caf\xC3\xA9 \\n not a break");
  EXPECT_EQ(text[1], "second line");
  EXPECT_EQ(text[2], "\tat x.Y.z(Y.java:1)");
  EXPECT_EQ(r.header.message, "a \"quoted\" caf\xC3\xA9 \\n not a break");
  EXPECT_EQ(r.header.thread, "t \"1\"");
}

TEST(JsonRecord, InvalidUtf8IsTolerated) {
  const std::string line = "{\"level\":\"ERROR\",\"loggerName\":\"a.B\",\"message\":\"caf\xE9 \xFF\xFE ok\"}";
  const RecordHeader h = MustParseHeader(line);
  EXPECT_EQ(h.level, Level::kError);
  EXPECT_EQ(h.message, "caf\xE9 \xFF\xFE ok") << "header views keep the bytes as written";
  std::string out;
  const JsonTextRecord r = MustConvert(line, out);
  EXPECT_EQ(r.text, "ERROR a.B [] - caf? ?? ok");
}

TEST(JsonRecord, MissingFieldsLeaveThemUnset) {
  const RecordHeader h = MustParseHeader(R"({"level":"info","message":"only a message"})");
  EXPECT_EQ(h.level, Level::kInfo) << "levels are read case-insensitively";
  EXPECT_FALSE(h.time.known());
  EXPECT_FALSE(h.offset_minutes.has_value());
  EXPECT_TRUE(h.logger.empty());
  EXPECT_TRUE(h.thread.empty());

  std::string out;
  EXPECT_EQ(MustConvert(R"({"level":"info","message":"only a message"})", out).text,
            "INFO  [] - only a message");
  EXPECT_EQ(MustConvert(R"({"level":"NOTICE"})", out).text, "NOTICE [] - ");
  const RecordHeader bare = MustParseHeader(R"({"level":"NOTICE"})");
  EXPECT_EQ(bare.level, Level::kUnknown);
  EXPECT_TRUE(bare.message.empty());
}

TEST(JsonRecord, NonIsoTimestampWithoutInstantIsANaiveWallClock) {
  const RecordHeader h =
      MustParseHeader(R"({"@timestamp":"2020-11-27_03:31:32.221","level":"INFO","message":"m"})");
  EXPECT_EQ(h.time.ms, kSampleMillis);
  EXPECT_FALSE(h.offset_minutes.has_value()) << "no zone stated";
  // A stamp that is not a time at all is ignored rather than failing the record.
  const RecordHeader junk = MustParseHeader(R"({"@timestamp":"yesterday","level":"INFO","message":"m"})");
  EXPECT_FALSE(junk.time.known());
  EXPECT_EQ(junk.level, Level::kInfo);
}

TEST(JsonRecord, EpochFieldsAndIsoZones) {
  EXPECT_EQ(MustParseHeader(R"({"timeMillis":1606447892221,"level":"INFO"})").time.ms, kSampleMillis);
  EXPECT_EQ(MustParseHeader(R"({"timestamp":1606447892221,"level":"INFO"})").time.ms, kSampleMillis);
  // instant beats timeMillis beats @timestamp, whatever the order.
  EXPECT_EQ(
      MustParseHeader(R"({"@timestamp":"2001-01-01T00:00:00Z","timeMillis":1606447892221,"level":"INFO"})")
          .time.ms,
      kSampleMillis);
  for (std::string_view stamp :
       {"2020-11-27T03:31:32.221Z", "2020-11-27T04:31:32.221+01:00", "2020-11-27T04:31:32.221+0100",
        "2020-11-27T01:01:32.221-02:30", "2020-11-27T03:31:32.221000000Z", "2020-11-27 03:31:32,221Z"}) {
    const RecordHeader h = MustParseHeader("{\"@timestamp\":\"" + std::string(stamp) +
                                           "\",\"level\":\"INFO\",\"message\":\"m\"}");
    EXPECT_EQ(h.time.ms, kSampleMillis) << stamp;
    EXPECT_EQ(h.offset_minutes, std::optional<int32_t>(0)) << stamp;
  }
  EXPECT_EQ(MustParseHeader(R"({"@timestamp":"2020-11-27T03:31:32Z","level":"INFO"})").time.ms,
            kSampleMillis - 221);
}

// JsonTemplateLayout's EcsLayout.json: dotted keys at the top level.
TEST(JsonRecord, EcsDottedKeys) {
  const std::string line =
      R"({"@timestamp":"2024-03-01T10:00:00.123Z","ecs.version":"1.2.0","log.level":"ERROR",)"
      R"("message":"Fatal error occurred in the cluster entrypoint.","process.thread.name":"flink-akka.actor.default-dispatcher-4",)"
      R"("log.logger":"org.apache.flink.runtime.entrypoint.ClusterEntrypoint",)"
      R"("error.type":"java.lang.IllegalStateException","error.message":"bad state",)"
      R"("error.stack_trace":"java.lang.IllegalStateException: bad state\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException: disk\n\tat d.E.f(E.java:2)\n"})";
  const RecordHeader h = MustParseHeader(line);
  EXPECT_EQ(h.level, Level::kError);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.entrypoint.ClusterEntrypoint");
  EXPECT_EQ(h.thread, "flink-akka.actor.default-dispatcher-4");
  EXPECT_EQ(h.time.ms, 1709287200123);
  std::string out;
  const JsonTextRecord r = MustConvert(line, out);
  EXPECT_EQ(
      r.text,
      "2024-03-01 10:00:00,123 ERROR org.apache.flink.runtime.entrypoint.ClusterEntrypoint [] - Fatal error "
      "occurred in the cluster entrypoint.\n"
      "java.lang.IllegalStateException: bad state\n\tat a.B.c(B.java:1)\n"
      "Caused by: java.io.IOException: disk\n\tat d.E.f(E.java:2)");
  const ExceptionChain chain = ParseExceptionChain(r.text);
  EXPECT_EQ(chain.root.class_name, "java.io.IOException");
}

// ECS 1.x with nested objects; a type and message but no trace.
TEST(JsonRecord, EcsNestedObjects) {
  const std::string line =
      R"({"@timestamp":"2024-03-01T10:00:00.123Z","log":{"level":"WARN","logger":"a.B"},)"
      R"("process":{"pid":1,"thread":{"name":"main"}},"message":"m",)"
      R"("error":{"type":"java.net.ConnectException","message":"Connection refused"}})";
  const RecordHeader h = MustParseHeader(line);
  EXPECT_EQ(h.level, Level::kWarn);
  EXPECT_EQ(h.logger, "a.B");
  EXPECT_EQ(h.thread, "main");
  std::string out;
  EXPECT_EQ(MustConvert(line, out).text,
            "2024-03-01 10:00:00,123 WARN  a.B [] - m\njava.net.ConnectException: Connection refused");
}

// logstash-logback-encoder / log4j2 logstash-style templates.
TEST(JsonRecord, LogstashStyle) {
  const std::string line =
      R"({"@timestamp":"2024-03-01T11:00:00.123+01:00","@version":"1","message":"Task failed.",)"
      R"("logger_name":"a.B","thread_name":"pool-1","level":"ERROR","level_value":40000,)"
      R"("stack_trace":"java.lang.RuntimeException: x\n\tat a.B.c(B.java:1)\n"})";
  const RecordHeader h = MustParseHeader(line);
  EXPECT_EQ(h.time.ms, 1709287200123);
  EXPECT_EQ(h.offset_minutes, std::optional<int32_t>(0));
  EXPECT_EQ(h.logger, "a.B");
  EXPECT_EQ(h.thread, "pool-1");
  EXPECT_EQ(h.level, Level::kError);
  std::string out;
  EXPECT_EQ(MustConvert(line, out).text,
            "2024-03-01 10:00:00,123 ERROR a.B [] - Task failed.\njava.lang.RuntimeException: x\n\tat "
            "a.B.c(B.java:1)");
}

// log4j2 JsonLayout without stacktraceAsString: frames are objects, causes nest.
TEST(JsonRecord, ThrownWithFrameObjectsAndCauses) {
  const std::string line =
      R"({"timeMillis":1606447892221,"thread":"main","level":"ERROR","loggerName":"a.B","message":"boom",)"
      R"("thrown":{"commonElementCount":0,"localizedMessage":"outer","message":"outer","name":"java.lang.RuntimeException",)"
      R"("cause":{"commonElementCount":1,"localizedMessage":"inner","message":"inner","name":"java.io.IOException",)"
      R"("extendedStackTrace":[{"class":"d.E","method":"f","file":"E.java","line":2,"exact":true,"location":"e.jar","version":"1.0"}]},)"
      R"("extendedStackTrace":[{"class":"a.B","method":"c","file":"B.java","line":1,"exact":false,"location":"b.jar","version":"?"},)"
      R"({"class":"java.lang.Thread","method":"sleep","file":null,"line":-2}]},"endOfBatch":false})";
  std::string out;
  const JsonTextRecord r = MustConvert(line, out);
  EXPECT_EQ(r.text,
            "2020-11-27 03:31:32,221 ERROR a.B [] - boom\n"
            "java.lang.RuntimeException: outer\n"
            "\tat a.B.c(B.java:1) ~[b.jar:?]\n"
            "\tat java.lang.Thread.sleep(Native Method)\n"
            "Caused by: java.io.IOException: inner\n"
            "\tat d.E.f(E.java:2) [e.jar:1.0]");
  const ExceptionChain chain = ParseExceptionChain(r.text);
  EXPECT_EQ(chain.outer.class_name, "java.lang.RuntimeException");
  EXPECT_EQ(chain.root.class_name, "java.io.IOException");
  EXPECT_EQ(chain.frames, 3u);
}

TEST(JsonRecord, ObjectMessageIsKeptAsJson) {
  const std::string line = R"({"level":"INFO","loggerName":"a.B","message":{"k":"v","n":1}})";
  EXPECT_EQ(MustParseHeader(line).message, R"({"k":"v","n":1})");
  std::string out;
  EXPECT_EQ(MustConvert(line, out).text, R"(INFO  a.B [] - {"k":"v","n":1})");
}

TEST(JsonRecord, PhysicalContinuationLinesFollowTheText) {
  std::string out;
  const JsonTextRecord r = MustConvert(
      "{\"level\":\"ERROR\",\"loggerName\":\"a.B\",\"message\":\"m\"}\r\njava.lang.Error: x\n\tat "
      "a.B.c(B.java:1)\n",
      out);
  EXPECT_EQ(r.text, "ERROR a.B [] - m\njava.lang.Error: x\n\tat a.B.c(B.java:1)");
  EXPECT_EQ(r.header.message, "m");
}

TEST(JsonRecord, NotJsonLinesStartingWithABraceAreErrors) {
  std::string out;
  for (std::string_view line : {
           R"({"level" broken})",
           R"({"level":"INFO"} trailing})",
           R"({"level":"INFO","a":[1,2})",
           R"({"level":"INFO",})",
           R"({"level":"INFO", "message": "unterminated})",
           R"({level:"INFO"})",
           "{",
       }) {
    EXPECT_FALSE(ParseJsonHeader(line).ok()) << line;
    EXPECT_FALSE(JsonToText(line, out).ok()) << line;
    EXPECT_FALSE(ParseHeader(line).ok()) << line;
  }
}

TEST(JsonRecord, HugeLineThenSmallOne) {
  const std::string big_message(20u << 20, 'x');
  const std::string big = R"({"level":"ERROR","loggerName":"a.B","message":")" + big_message + "\"}";
  std::string out;
  const JsonTextRecord r = MustConvert(big, out);
  EXPECT_EQ(r.header.message.size(), big_message.size());
  EXPECT_EQ(MustParseHeader(big).message.size(), big_message.size());
  // The per-thread buffers were let go; the next record still parses.
  EXPECT_EQ(MustConvert(R"({"level":"INFO","message":"small"})", out).text, "INFO  [] - small");
}

TEST(JsonRecord, ConversionReusesTheCallersStorage) {
  const std::vector<std::string> lines = SampleLines();
  std::string first, second;
  const JsonTextRecord a = MustConvert(lines[0], first);
  const JsonTextRecord b = MustConvert(lines[1], second);
  // Converting the second record does not disturb the first (views into `first`).
  EXPECT_TRUE(a.text.starts_with("2020-11-27 03:31:32,221 INFO  "));
  EXPECT_EQ(a.header.thread, kThread);
  EXPECT_EQ(
      b.text,
      "2020-11-27 03:31:32,231 INFO  "
      "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy [] - "
      "Calculating tasks to restart to recover the failed task feb3a6f0257a8f3304c151b98b06d3e1_1.");
}

}  // namespace
}  // namespace flinkscan
