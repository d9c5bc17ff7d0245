// Exception signatures: the masking that keeps one failure one row whatever
// values it carries, the frames that take part, and the table's bounds.

#include "engine/exception_signature.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include <fmt/format.h>

#include "engine/exception_table.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Day;
using testing::ScanInProcess;
using testing::SyntheticLog;
using testing::TempDir;

constexpr char kTask[] = "org.apache.flink.runtime.taskmanager.Task";

struct MaskCase {
  const char* message;
  const char* normalized;
};

class NormalizeMessageCases : public ::testing::TestWithParam<MaskCase> {};

TEST_P(NormalizeMessageCases, MasksValues) {
  EXPECT_EQ(NormalizeMessage(GetParam().message), GetParam().normalized);
}

INSTANTIATE_TEST_SUITE_P(
    ExceptionSignature, NormalizeMessageCases,
    ::testing::Values(
        MaskCase{"Checkpoint 1234 expired before completing.", "Checkpoint <n> expired before completing."},
        MaskCase{"Job 61562e23c07a8a4fcc7b4a1d7ee8d3f0 not found", "Job <hex> not found"},
        MaskCase{"Task 0a448493b4782967b150582570326227_c27dcf7b54ef6bfd6cff02ca8870b681_1_3 failed",
                 "Task <hex>_<hex>_<n>_<n> failed"},
        MaskCase{"Pod 123e4567-e89b-12d3-a456-426614174000 deleted", "Pod <uuid> deleted"},
        MaskCase{"Container container_e05_1681961234567_0001_01_000002 exited",
                 "Container <container> exited"},
        MaskCase{"Heartbeat of TaskManager with id 10.0.0.1:35016-a4d337 timed out.",
                 "Heartbeat of TaskManager with id <ip> timed out."},
        MaskCase{"Connection refused: 192.168.7.12:6123", "Connection refused: <ip>"},
        MaskCase{"Could not open /data/flink/checkpoints/chk-17/_metadata.", "Could not open <path>."},
        MaskCase{"Failed to write s3a://bucket/flink/chk-9/x (status 503)", "Failed to write <path> (status <n>)"},
        MaskCase{"No field 'merchant_id' in \"tx-9c2f41\"", "No field '<v>' in \"<v>\""},
        MaskCase{"Host worker12 is gone", "Host worker<n> is gone"},
        MaskCase{"A job that doesn't exist", "A job that doesn't exist"},
        MaskCase{"Request 9001 for group orders-5f3a9c2e00001eef timed out after 30000 ms",
                 "Request <n> for group orders-<hex> timed out after <n> ms"}));

// Two failures that differ only in their values normalise to one text.
TEST(ExceptionSignature, SameFailureWithOtherValuesNormalisesEqually) {
  EXPECT_EQ(NormalizeMessage("Heartbeat of TaskManager with id 10.0.0.1:35016-a4d337 timed out."),
            NormalizeMessage("Heartbeat of TaskManager with id 10.20.3.44:40213-5c2f1a timed out."));
  EXPECT_EQ(NormalizeMessage("Pod 123e4567-e89b-12d3-a456-426614174000 deleted"),
            NormalizeMessage("Pod 00000000-8400-1234-0000-000000000001 deleted"));
  EXPECT_NE(NormalizeMessage("Java heap space"), NormalizeMessage("Metaspace"));
}

TEST(ExceptionSignature, FramesLoseLineNumbersAndGeneratedCounters) {
  EXPECT_EQ(NormalizeFrame("org.example.Scorer.score(Scorer.java:53)"), "org.example.Scorer.score(Scorer.java)");
  EXPECT_EQ(NormalizeFrame("java.lang.Thread.run(Thread.java:829)"), "java.lang.Thread.run(Thread.java)");
  EXPECT_EQ(NormalizeFrame("sun.misc.Unsafe.park(Native Method)"), "sun.misc.Unsafe.park(Native Method)");
  EXPECT_EQ(NormalizeFrame("jdk.internal.reflect.GeneratedMethodAccessor12.invoke(Unknown Source)"),
            "jdk.internal.reflect.GeneratedMethodAccessor<n>.invoke(Unknown Source)");
  EXPECT_EQ(NormalizeFrame("org.example.Job$$Lambda$77/0x0000000800c0b440.apply(Unknown Source)"),
            "org.example.Job$$Lambda$<n>/<hex>.apply(Unknown Source)");
}

// Published FNV-1a test vectors: the ids are part of the JSON contract.
TEST(ExceptionSignature, Fnv1aMatchesTheReferenceVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
  EXPECT_EQ(HexId(0xaf63dc4c8601ec8cull), "af63dc4c8601ec8c");
}

TEST(ExceptionSignature, IdDependsOnEveryPart) {
  const std::vector<std::string> frames = {"a.B.c(B.java)"};
  const std::string id = ExceptionSignatureId("x.Outer", "x.Root", "msg <n>", frames);
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id, ExceptionSignatureId("x.Outer", "x.Root", "msg <n>", frames));
  EXPECT_NE(id, ExceptionSignatureId("x.Other", "x.Root", "msg <n>", frames));
  EXPECT_NE(id, ExceptionSignatureId("x.Outer", "x.Other", "msg <n>", frames));
  EXPECT_NE(id, ExceptionSignatureId("x.Outer", "x.Root", "msg", frames));
  EXPECT_NE(id, ExceptionSignatureId("x.Outer", "x.Root", "msg <n>", {"a.B.d(B.java)"}));
}

// A task failure as TaskManagers print it; `at` lines vary with the build.
void AddFailure(SyntheticLog& log, int i, std::string_view message, std::string_view root_frame) {
  log.Add(Day(fmt::format("{:02d}:{:02d}:{:02d},{:03d}", 10 + i / 3600, (i / 60) % 60, i % 60, i % 1000)), "WARN",
          kTask,
          fmt::format("Map (1/2)#0 ({:032x}) switched from RUNNING to FAILED with failure cause:", 0xabc000 + i));
  log.More("java.lang.RuntimeException: Could not score record");
  log.More(fmt::format("\tat org.example.Pipeline.run(Pipeline.java:{}) ~[?:?]", 40 + i % 7));
  log.More(fmt::format("Caused by: java.io.IOException: {}", message));
  log.More(fmt::format("\tat {} ~[?:?]", root_frame));
  log.More(fmt::format("\tat org.example.Store.get(Store.java:{}) ~[?:?]", 100 + i % 3));
  log.More("\tat org.example.Scorer.score(Scorer.java:88) ~[?:?]");
  log.More("\tat org.example.Pipeline.run(Pipeline.java:12) ~[?:?]");
  log.More("\t... 3 more");
}

TEST(ExceptionTable, TenThousandIdenticalFailuresAreOneRow) {
  TempDir dir;
  SyntheticLog log;
  constexpr int kFailures = 10'000;
  for (int i = 0; i < kFailures; ++i) {
    AddFailure(log, i,
               fmt::format("Lookup of key k-{} on 10.0.{}.{}:6379 failed after {} ms", i, i % 7, i % 200, 100 + i),
               fmt::format("org.example.Store.fetch(Store.java:{})", 10 + i % 5));
  }
  const std::string tm = dir.Write("flink-flink-taskexecutor-0-tm-host-1.log", log.text());
  const Analysis a = ScanInProcess({tm});
  ASSERT_EQ(a.exceptions.size(), 1u);
  const ExceptionSummary& row = a.exceptions[0];
  EXPECT_EQ(row.count, static_cast<uint64_t>(kFailures));
  EXPECT_EQ(row.root_class, "java.io.IOException");
  EXPECT_EQ(row.normalized_message, "Lookup of key k-<n> on <ip> failed after <n> ms");
  EXPECT_EQ(row.frames, (std::vector<std::string>{"org.example.Store.fetch(Store.java)",
                                                  "org.example.Store.get(Store.java)",
                                                  "org.example.Scorer.score(Scorer.java)"}));
  EXPECT_EQ(row.signature, ExceptionSignatureId(row.class_name, row.root_class, row.normalized_message, row.frames));
  EXPECT_EQ(row.chain, (std::vector<std::string>{"java.lang.RuntimeException: Could not score record",
                                                 "java.io.IOException: Lookup of key k-0 on 10.0.0.0:6379 failed "
                                                 "after 100 ms"}));
  EXPECT_EQ(row.first_time, "2024-03-01T10:00:00.000");
  EXPECT_EQ(row.sources, std::vector<std::string>{tm});
  EXPECT_EQ(row.hosts, std::vector<std::string>{"tm-host-1"});
  EXPECT_FALSE(row.places_truncated);
  EXPECT_FALSE(row.overflow);
}

// Another top frame is another failure: the same message thrown elsewhere.
TEST(ExceptionTable, TopFramesSplitSignaturesAndDeeperFramesDoNot) {
  TempDir dir;
  SyntheticLog log;
  for (int i = 0; i < 4; ++i) AddFailure(log, i, "Lookup failed", "org.example.Store.fetch(Store.java:10)");
  for (int i = 4; i < 6; ++i) AddFailure(log, i, "Lookup failed", "org.example.Cache.fetch(Cache.java:10)");
  const Analysis a = ScanInProcess({dir.Write("taskmanager.log", log.text())});
  ASSERT_EQ(a.exceptions.size(), 2u);
  EXPECT_EQ(a.exceptions[0].count, 4u);
  EXPECT_EQ(a.exceptions[0].frames.front(), "org.example.Store.fetch(Store.java)");
  EXPECT_EQ(a.exceptions[1].count, 2u);
  EXPECT_EQ(a.exceptions[1].frames.front(), "org.example.Cache.fetch(Cache.java)");
  EXPECT_NE(a.exceptions[0].signature, a.exceptions[1].signature);
}

TEST(ExceptionTable, BoundedByTheSignatureCapWithAnOverflowRow) {
  TempDir dir;
  SyntheticLog log;
  constexpr int kDistinct = 30;
  for (int i = 0; i < kDistinct; ++i) {
    // Class names differ: each record is its own signature.
    log.Add(Day(fmt::format("10:00:{:02d},000", i)), "ERROR", kTask, "Task failed.");
    log.More(fmt::format("org.example.Failure{}Exception: broken", static_cast<char>('A' + i % 26)) +
             std::string(i / 26 + 1, 'X'));
  }
  const std::string path = dir.Write("taskmanager.log", log.text());
  const Analysis whole = ScanInProcess({path});
  ASSERT_EQ(whole.exceptions.size(), static_cast<size_t>(kDistinct));

  // The table itself, with a small cap, over the same events.
  ExceptionTableOptions options;
  options.max_signatures = 10;
  options.max_places = 1;
  std::vector<StreamAccount> streams(1);
  streams[0].path = path;
  const EventFormatter fmt(streams);
  std::vector<StoredEvent> events;
  for (int i = 0; i < kDistinct; ++i) {
    StoredEvent e;
    e.line = static_cast<uint64_t>(i) + 1;
    e.exception.present = true;
    e.exception.outer_class = fmt::format("org.example.E{}", i);
    e.exception.root_class = e.exception.outer_class;
    e.host = i % 2 == 0 ? "a" : "b";
    events.push_back(e);
  }
  const std::vector<ExceptionSummary> rows = BuildExceptionTable(events, fmt, options);
  ASSERT_EQ(rows.size(), 11u);
  EXPECT_TRUE(rows.back().overflow);
  EXPECT_TRUE(rows.back().signature.empty());
  EXPECT_EQ(rows.back().count, 20u);
  EXPECT_EQ(rows.back().hosts.size(), 1u);
  EXPECT_TRUE(rows.back().places_truncated);
  std::set<std::string> signatures;
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    EXPECT_FALSE(rows[i].overflow);
    EXPECT_EQ(rows[i].count, 1u);
    signatures.insert(rows[i].signature);
  }
  EXPECT_EQ(signatures.size(), 10u);
}

}  // namespace
}  // namespace flinkscan
