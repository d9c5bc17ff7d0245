#include "parsers/flink_flamegraph_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace flinkscan {
namespace {

TEST(FlinkFlameGraph, SavedVertexSample) {
  std::ifstream in(std::string(FLINKSCAN_FIXTURES_DIR) + "/stacks/vertex-flamegraph.json", std::ios::binary);
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(LooksLikeFlinkFlameGraph(json));
  Result<FlinkFlameGraph> graph = ParseFlinkFlameGraph(json);
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(graph.value().end_timestamp, 1718092937812);
  EXPECT_EQ(graph.value().total, 10u);
  std::string folded;
  for (const FlameGraphPath& p : graph.value().paths) {
    for (size_t i = 0; i < p.frames.size(); ++i) folded += (i ? ";" : "") + p.frames[i];
    folded += " " + std::to_string(p.count) + "\n";
  }
  EXPECT_EQ(folded,
            "java.lang.Thread.run:829;org.apache.flink.runtime.taskmanager.Task.run:568;"
            "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke:788;com.example.sink.HttpSink.invoke:77;"
            "java.net.SocketInputStream.socketRead0:-2 7\n"
            "java.lang.Thread.run:829;org.apache.flink.runtime.taskmanager.Task.run:568;"
            "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke:788;com.example.Map.map:12 2\n"
            "java.lang.Thread.run:829;org.apache.flink.runtime.taskmanager.Task.run:568;"
            "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke:788 1\n");
}

TEST(FlinkFlameGraph, Errors) {
  EXPECT_FALSE(ParseFlinkFlameGraph("{\"data\": 3}").ok());
  EXPECT_FALSE(ParseFlinkFlameGraph("{\"data\": {\"name\": \"root\"}}").ok());
  EXPECT_FALSE(ParseFlinkFlameGraph("not json").ok());
  EXPECT_FALSE(LooksLikeFlinkFlameGraph("2024-01-01 00:00:00,000 INFO a [] - {\"data\"}"));
}

}  // namespace
}  // namespace flinkscan
