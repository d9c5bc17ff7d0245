#include "parsers/record_header.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace flinkscan {
namespace {

bool Starts(std::string_view line) { return StartsRecord(line.data(), line.data() + line.size()); }

RecordHeader MustParse(std::string_view line) {
  Result<RecordHeader> header = ParseHeader(line);
  EXPECT_TRUE(header.ok()) << header.message() << " for: " << line;
  return header.ok() ? header.value() : RecordHeader{};
}

// samples-real/jm-job-lifecycle-finished-flink1144.log, line 3.
constexpr std::string_view kLog4j2Line =
    "2022-05-27 16:13:00,417 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - No "
    "checkpoint found during restore.";

TEST(RecordHeader, Log4j2) {
  const RecordHeader h = MustParse(kLog4j2Line);
  EXPECT_EQ(h.layout, Layout::kLog4j2);
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.checkpoint.CheckpointCoordinator");
  EXPECT_EQ(h.message, "No checkpoint found during restore.");
  EXPECT_TRUE(h.thread.empty());
  EXPECT_TRUE(h.time.has_date);
  EXPECT_EQ(h.time.ms, 1653667980417);  // 2022-05-27T16:13:00.417 as if UTC
  EXPECT_FALSE(h.damaged_time);
}

TEST(RecordHeader, Log4j2LongLoggerShiftsColumns) {
  // samples-real/jm-k8s-worker-pod-oomkilled-exit137.log, line 2 (shortened after the message start).
  const RecordHeader h = MustParse(
      "2022-05-19 17:46:40,261 WARN  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] "
      "- Worker flink-4760-1652949469041-taskmanager-1-3 is terminated.");
  EXPECT_EQ(h.layout, Layout::kLog4j2);
  EXPECT_EQ(h.level, Level::kWarn);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager");
  EXPECT_EQ(h.message, "Worker flink-4760-1652949469041-taskmanager-1-3 is terminated.");
}

TEST(RecordHeader, Log4j2ErrorLevelHasOneSpace) {
  // samples-real/tm-kafka-offset-out-of-range-source-failed-flink1172.log, line 2.
  const RecordHeader h = MustParse(
      "2025-07-14 12:00:32,165 ERROR org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager "
      "[] - Received uncaught exception.");
  EXPECT_EQ(h.level, Level::kError);
  EXPECT_EQ(h.logger, "org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager");
  EXPECT_EQ(h.message, "Received uncaught exception.");
  EXPECT_EQ(h.time.ms, 1752494432165);
}

TEST(RecordHeader, Log4j1) {
  // samples-real/jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log, line 1.
  const RecordHeader h = MustParse(
      "2019-05-17 15:43:08,068 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - "
      "Triggering checkpoint 66 @ 1558107788056 for job dd4f07c1f866b7afff42759d7a35de3f.");
  EXPECT_EQ(h.layout, Layout::kLog4j1);
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.checkpoint.CheckpointCoordinator");
  EXPECT_EQ(h.message, "Triggering checkpoint 66 @ 1558107788056 for job dd4f07c1f866b7afff42759d7a35de3f.");
  EXPECT_EQ(h.time.ms, 1558107788068);
}

TEST(RecordHeader, Log4j1LoggerLongerThanSixty) {
  // samples-real/jm-standalone-log4j1-multiline-sql-jobname-flink110.log, line 2.
  const RecordHeader h = MustParse(
      "2020-04-18 11:58:50,512 INFO  "
      "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionStrategy  - Start building "
      "failover regions.");
  EXPECT_EQ(h.layout, Layout::kLog4j1);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionStrategy");
  EXPECT_EQ(h.message, "Start building failover regions.");
}

TEST(RecordHeader, TimeOnlyLog4j2) {
  // samples-real/minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log, line 1.
  const RecordHeader h =
      MustParse("08:55:23,992 INFO  com.flink.example.stream.function.stateful.ListCheckpointedExample [] - word: a");
  EXPECT_EQ(h.layout, Layout::kTimeOnlyLog4j2);
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, "com.flink.example.stream.function.stateful.ListCheckpointedExample");
  EXPECT_EQ(h.message, "word: a");
  EXPECT_FALSE(h.time.has_date);
  EXPECT_EQ(h.time.ms, ((8 * 60 + 55) * 60 + 23) * 1000 + 992);
}

TEST(RecordHeader, TimeOnlyLog4j1) {
  const RecordHeader h = MustParse(
      "08:55:45,960 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator     - Triggering "
      "checkpoint 1 @ 1681952145946 for job 5a09018a62b24958656d354f31556d5d.");
  EXPECT_EQ(h.layout, Layout::kTimeOnlyLog4j1);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.checkpoint.CheckpointCoordinator");
  EXPECT_FALSE(h.time.has_date);
}

TEST(RecordHeader, DamagedYearKeepsLevelLoggerMessage) {
  // samples-real/tm-kafka-offset-out-of-range-source-failed-flink1172.log, line 1 (shortened).
  const std::string_view line =
      "025-07-14 12:00:32,165 INFO  org.apache.kafka.clients.consumer.internals.Fetcher          [] - "
      "[Consumer clientId=fink-user-tags-v2-user-init-first-exposure-2] Fetch position";
  EXPECT_TRUE(Starts(line));
  const RecordHeader h = MustParse(line);
  EXPECT_TRUE(h.damaged_time);
  EXPECT_FALSE(h.time.known());
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, "org.apache.kafka.clients.consumer.internals.Fetcher");
  EXPECT_EQ(h.message, "[Consumer clientId=fink-user-tags-v2-user-init-first-exposure-2] Fetch position");
  EXPECT_TRUE(MustParse("5-07-14 12:00:32,165 INFO  a.B [] - m").damaged_time);
  EXPECT_TRUE(MustParse("25-07-14 12:00:32,165 INFO  a.B [] - m").damaged_time);
}

TEST(RecordHeader, CrlfIsStripped) {
  const std::string line = std::string(kLog4j2Line) + "\r";
  const RecordHeader h = MustParse(line);
  EXPECT_EQ(h.message, "No checkpoint found during restore.");
}

TEST(RecordHeader, CollapsedSpaces) {
  const RecordHeader h = MustParse(
      "2022-05-27 16:13:00,463 INFO org.apache.flink.runtime.executiongraph.ExecutionGraph [] - Job Streaming "
      "WordCount (f69c1ca4892ecbc08d4247ded254f467) switched from state CREATED to RUNNING.");
  EXPECT_EQ(h.layout, Layout::kLog4j2);
  EXPECT_EQ(h.level, Level::kInfo);
  EXPECT_EQ(h.logger, "org.apache.flink.runtime.executiongraph.ExecutionGraph");
  EXPECT_EQ(h.message,
            "Job Streaming WordCount (f69c1ca4892ecbc08d4247ded254f467) switched from state CREATED to RUNNING.");
  const RecordHeader log4j1 = MustParse("2019-05-17 15:43:08,068 INFO a.b.C - msg");
  EXPECT_EQ(log4j1.layout, Layout::kLog4j1);
  EXPECT_EQ(log4j1.message, "msg");
}

TEST(RecordHeader, AllLevels) {
  struct Case {
    std::string_view token;
    Level level;
  };
  for (const Case& c : {Case{"TRACE", Level::kTrace}, Case{"DEBUG", Level::kDebug}, Case{"INFO", Level::kInfo},
                        Case{"WARN", Level::kWarn}, Case{"WARNING", Level::kWarn}, Case{"ERROR", Level::kError},
                        Case{"FATAL", Level::kFatal}}) {
    const std::string line = "2022-05-27 16:13:00,463 " + std::string(c.token) + " a.b.C [] - m";
    EXPECT_EQ(MustParse(line).level, c.level) << c.token;
  }
}

TEST(RecordHeader, MessageKeepsLeadingSpaceOfBanner) {
  // The startup banner is logged with a leading space: "-  Starting …".
  const RecordHeader h = MustParse(
      "2020-02-28 00:03:44,009 INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint         -  Starting "
      "StandaloneSessionClusterEntrypoint (Version: 1.10.0, Rev:aa4eb8f, Date:07.02.2020 @ 19:18:19 CET)");
  EXPECT_EQ(h.layout, Layout::kLog4j1);
  EXPECT_EQ(h.message.substr(0, 10), " Starting ");
}

TEST(RecordHeader, EmptyMessageAfterSeparator) {
  // Slf4jReporter: the report starts on the next line.
  const RecordHeader h = MustParse("2022-05-27 16:13:00,463 INFO  org.apache.flink.metrics.slf4j.Slf4jReporter [] - ");
  EXPECT_EQ(h.layout, Layout::kLog4j2);
  EXPECT_TRUE(h.message.empty());
}

TEST(RecordHeader, RestWithoutLevelLoggerShape) {
  const RecordHeader h = MustParse("2022-05-27 16:13:00,463 something else entirely");
  EXPECT_EQ(h.level, Level::kUnknown);
  EXPECT_EQ(h.layout, Layout::kUnknown);
  EXPECT_EQ(h.message, "something else entirely");
  EXPECT_EQ(h.time.ms, 1653667980463);
  EXPECT_EQ(MustParse("2022-05-27 16:13:00,463 INFO  no-separator-here").level, Level::kUnknown);
}

TEST(RecordHeader, InvalidDatesAreErrors) {
  for (std::string_view line : {
           "2022-13-01 10:00:00,000 INFO  a.B [] - m",  // month 13
           "2022-00-01 10:00:00,000 INFO  a.B [] - m",  // month 0
           "2022-02-30 10:00:00,000 INFO  a.B [] - m",  // Feb 30
           "2023-02-29 10:00:00,000 INFO  a.B [] - m",  // not a leap year
           "2022-04-31 10:00:00,000 INFO  a.B [] - m",  // April has 30 days
           "2022-01-00 10:00:00,000 INFO  a.B [] - m",  // day 0
           "2022-01-01 24:00:00,000 INFO  a.B [] - m",  // hour 24
           "2022-01-01 12:60:00,000 INFO  a.B [] - m",  // minute 60
           "2022-01-01 12:00:60,000 INFO  a.B [] - m",  // second 60
           "25:00:00,000 INFO  a.B [] - m",             // time-only hour 25
       }) {
    EXPECT_FALSE(ParseHeader(line).ok()) << line;
  }
  const RecordHeader leap = MustParse("2024-02-29 23:59:59,999 INFO  a.B [] - m");
  EXPECT_EQ(leap.time.ms, 1709251199999);
}

TEST(RecordHeader, NotAHeaderIsAnError) {
  EXPECT_FALSE(ParseHeader("\tat java.lang.Thread.run(Thread.java:748)").ok());
  EXPECT_FALSE(ParseHeader("").ok());
  EXPECT_FALSE(ParseHeader("2022-05-27T16:13:00.463 INFO a.B - m").ok());
}

TEST(StartsRecord, Matrix) {
  struct Case {
    std::string_view line;
    bool starts;
  };
  const Case cases[] = {
      {kLog4j2Line, true},
      {"08:55:23,992 INFO  x [] - y", true},
      {"025-07-14 12:00:32,165 INFO  x [] - y", true},
      {"2022-05-27 16:13:00,417\tINFO x", true},
      {"\tat java.lang.Thread.run(Thread.java:748)", false},
      {"    at java.lang.Thread.run(Thread.java:748)", false},
      {"at java.lang.Thread.run(Thread.java:748)", false},
      {"Caused by: java.io.IOException: boom", false},
      {"java.lang.RuntimeException: error dirty data", false},
      {"", false},
      {"...", false},
      {"\t... 6 more", false},
      {"\t|- PID PPID PGRPID SESSID CMD_NAME", false},
      {"2022 was a year", false},
      {"2022-05-27 was a day", false},
      {"2022-05-27 16:13:00,417", false},  // nothing after the stamp
      {"2022-05-27 16:13:00.417 INFO x", false},
      {"12:00 is noon", false},
      {"[2023-08-01 18:17:56.141]Container killed on request. Exit code is 143", false},
      {"2022-08-01T17:16:33.170+0000: 0.163: [GC", true},  // a JDK 8 GC record (parsers/gc_record.h)
      {"{\"thread\":\"main\"}", false},
      {"12345-05-27 16:13:00,417 INFO x", false},
  };
  for (const Case& c : cases) EXPECT_EQ(Starts(c.line), c.starts) << "'" << c.line << "'";
}

TEST(StartsRecord, LooksOnlyAtTheFirstLine) {
  // `end` may run past the line; a stamp on the next line does not count.
  const std::string_view text = "hello\n2022-05-27 16:13:00,417 INFO  a.B [] - m";
  EXPECT_FALSE(StartsRecord(text.data(), text.data() + text.size()));
  const std::string_view cut = "2022-05-27 16:1";
  EXPECT_FALSE(StartsRecord(cut.data(), cut.data() + cut.size()));
  EXPECT_FALSE(StartsRecord(cut.data(), cut.data()));
}

// StartsRecord's inline fast paths (first byte, whole date-time stamp in one
// word-wise test) must give the byte-wise test's answer for every line.
TEST(StartsRecord, FastPathsAgreeWithTheByteWiseTest) {
  const std::string_view bases[] = {
      kLog4j2Line,
      "2022-05-27 16:13:00,417\tINFO x",
      "08:55:23,992 INFO  x [] - y",
      "025-07-14 12:00:32,165 INFO  x [] - y",
      "2022-08-01T17:16:33.170+0000: 0.163: [GC (Allocation Failure)",
      "0.169: [GC (Allocation Failure) [PSYoungGen: 33280K->5104K(38400K)]",
      "[0.005s][info][gc] Using G1",
      "{\"level\":\"INFO\",\"message\":\"m\"}",
      "\tat java.lang.Thread.run(Thread.java:748)",
  };
  for (const std::string_view base : bases) {
    std::string line(base);
    for (size_t length = 0; length <= line.size(); ++length) {
      const char* begin = line.data();
      EXPECT_EQ(StartsRecord(begin, begin + length), StartsRecordAnyShape(begin, begin + length))
          << "'" << line.substr(0, length) << "'";
    }
    for (size_t at = 0; at < 26 && at < line.size(); ++at) {
      const char kept = line[at];
      for (int byte = 0; byte < 256; ++byte) {
        line[at] = static_cast<char>(byte);
        const char* begin = line.data();
        for (const size_t length : {line.size(), size_t{23}, size_t{24}, size_t{25}}) {
          if (length > line.size()) continue;
          ASSERT_EQ(StartsRecord(begin, begin + length), StartsRecordAnyShape(begin, begin + length))
              << "byte " << byte << " at " << at << " of '" << base << "', length " << length;
        }
      }
      line[at] = kept;
    }
  }
}

TEST(StartsRecord, DigitLikeBytesBreakTheStamp) {
  // ':' and '/' sit right after and before the digits: the word-wise digit test must reject them.
  for (const char bad : {':', '/', ';', '?'}) {
    for (size_t at : {size_t{0}, size_t{3}, size_t{5}, size_t{9}, size_t{12}, size_t{18}, size_t{22}}) {
      std::string line(kLog4j2Line);
      line[at] = bad;
      EXPECT_FALSE(Starts(line)) << line;
    }
  }
}

}  // namespace
}  // namespace flinkscan
