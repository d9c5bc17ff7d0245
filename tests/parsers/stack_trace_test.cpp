#include "parsers/stack_trace.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace flinkscan {
namespace {

std::string ReadSample(const std::string& name) {
  std::ifstream in(std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(StackTrace, MoreFramesResolveAgainstTheEnclosingTrace) {
  const std::string record =
      "2024-01-01 00:00:00,000 ERROR a.B [] - failed\n"
      "java.lang.RuntimeException: outer\n"
      "\tat a.Outer.call(Outer.java:1)\n"
      "\tat a.Common.run(Common.java:2)\n"
      "\tat java.lang.Thread.run(Thread.java:3)\n"
      "\tSuppressed: java.lang.IllegalStateException: ignored\n"
      "\t\tat a.Close.close(Close.java:9)\n"
      "\t\t... 2 more\n"
      "Caused by: java.io.IOException: inner\n"
      "\tat a.Inner.read(Inner.java:4)\n"
      "\t... 2 more\n";
  const StackTrace trace = ParseStackTrace(record);
  ASSERT_EQ(trace.segments.size(), 2u);
  EXPECT_EQ(trace.segments[1].throwable.class_name, "java.io.IOException");
  EXPECT_EQ(trace.segments[1].shared_with_enclosing, 2u);
  const std::vector<std::string_view> frames = ResolvedFrames(trace, 1);
  const std::vector<std::string_view> expected = {"a.Inner.read(Inner.java:4)", "a.Common.run(Common.java:2)",
                                                  "java.lang.Thread.run(Thread.java:3)"};
  EXPECT_EQ(frames, expected);
}

// samples-real/tm-kafka-offset-out-of-range-source-failed-flink1172.log, the first failed record:
// three segments, the root cause OffsetOutOfRangeException with "... N more" against its enclosing cause.
TEST(StackTrace, RealKafkaFailure) {
  const std::string log = ReadSample("tm-kafka-offset-out-of-range-source-failed-flink1172.log");
  ASSERT_FALSE(log.empty());
  const size_t start = log.find("switched from RUNNING to FAILED with failure cause:");
  ASSERT_NE(start, std::string::npos);
  const size_t begin = log.rfind('\n', start) + 1;
  const size_t end = log.find("\n2025-", start);
  const StackTrace trace = ParseStackTrace(std::string_view(log).substr(begin, end - begin));
  ASSERT_GE(trace.segments.size(), 3u);
  EXPECT_EQ(trace.segments[0].throwable.class_name, "java.lang.RuntimeException");
  const StackSegment& root = trace.segments.back();
  EXPECT_EQ(root.throwable.class_name, "org.apache.kafka.clients.consumer.OffsetOutOfRangeException");
  const std::vector<std::string_view> frames = ResolvedFrames(trace, trace.segments.size() - 1);
  ASSERT_EQ(frames.size(), root.frames.size() + root.shared_with_enclosing);
  EXPECT_EQ(frames.back(), "java.lang.Thread.run(Thread.java:829)");
  EXPECT_EQ(frames.front(), root.frames.front());
}

}  // namespace
}  // namespace flinkscan
