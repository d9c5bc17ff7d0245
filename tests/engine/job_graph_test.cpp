// The job graph rebuilt from task names and deploy lines (engine/job_graph.h),
// checked against the story of samples/standalone (samples/README.md).

#include "engine/job_graph.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/engine/scan_in_process.h"
#include "tests/engine/synthetic_log.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::ScanInProcess;

const VertexSummary* FindVertex(const Analysis& a, const std::string& name) {
  for (const VertexSummary& v : a.job_graph.vertices) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

TEST(JobGraph, StandaloneSampleHasTwoVerticesOfParallelismTwo) {
  const Analysis a = ScanInProcess({std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone"});
  ASSERT_EQ(a.job_graph.vertices.size(), 2u);
  const VertexSummary* source = FindVertex(a, "Source: Kafka Source -> Map");
  const VertexSummary* sink = FindVertex(a, "KeyedProcess -> Sink: Alerts");
  ASSERT_NE(source, nullptr);
  ASSERT_NE(sink, nullptr);
  for (const VertexSummary* v : {source, sink}) {
    EXPECT_EQ(v->job_id, "3f8e2b6c9d1a4e57b0c2f6a18d9e4c73");
    EXPECT_EQ(v->parallelism, 2);
    EXPECT_EQ(v->subtasks_seen, 2u);
    ASSERT_EQ(v->subtasks.size(), 2u);
    EXPECT_EQ(v->subtasks[0].index, 1);
    EXPECT_EQ(v->subtasks[1].index, 2);
  }
  EXPECT_EQ(source->vertex_id, "cbc357ccb763df2852fee8c4fc7d55f2");
  EXPECT_EQ(sink->vertex_id, "90bea66de1c231edf33913ecd54406c1");
  // Source first: it is deployed first.
  EXPECT_EQ(a.job_graph.vertices[0].name, "Source: Kafka Source -> Map");
}

TEST(JobGraph, OomFailureCountsOnceAndNamesItsRootCause) {
  const Analysis a = ScanInProcess({std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone"});
  const VertexSummary* sink = FindVertex(a, "KeyedProcess -> Sink: Alerts");
  ASSERT_NE(sink, nullptr);
  // The JobManager and tm-host-2 both log attempt …_1_0 failing: one failure.
  ASSERT_GE(sink->failures, 1u);
  EXPECT_EQ(sink->first_failure_time.substr(0, 19), "2026-11-28T10:02:47");
  EXPECT_NE(sink->first_failure_cause.find("java.lang.OutOfMemoryError"), std::string::npos)
      << sink->first_failure_cause;
  EXPECT_EQ(sink->subtasks[1].failures >= 1u, true);
  EXPECT_FALSE(sink->first_failure_source.empty());
  EXPECT_GT(sink->first_failure_line, 0u);
}

TEST(JobGraph, VertexIdOnlyFromNewAttemptIds) {
  EXPECT_EQ(VertexIdOfAttempt("9a7c1e3b5d2f4a6c8e0b1d3f5a7c9e2b_90bea66de1c231edf33913ecd54406c1_1_0"),
            "90bea66de1c231edf33913ecd54406c1");
  EXPECT_EQ(VertexIdOfAttempt("5f7a8e1a3f0e4b7e9c1d2a3b4c5d6e7f"), "");
  EXPECT_EQ(VertexIdOfAttempt(""), "");
}

TEST(JobGraph, OldAttemptIdsGroupByTaskName) {
  testing::TempDir dir;
  std::string log;
  const std::string job = "aaaabbbbccccddddeeeeffff00001111";
  log += testing::Log4j2Line(testing::Day("10:00:00,000"), "INFO", "org.apache.flink.runtime.executiongraph.ExecutionGraph",
                             testing::JobTransitionMessage("Many", job, "CREATED", "RUNNING"));
  for (int i = 0; i < 5; ++i) {
    log += testing::Log4j2Line(testing::Day("10:00:01,000"), "INFO",
                               "org.apache.flink.runtime.executiongraph.ExecutionGraph",
                               "Vertex" + std::to_string(i) + " (1/3) (0123456789abcdef0123456789abcde" +
                                   std::to_string(i) + ") switched from CREATED to SCHEDULED.");
  }
  const Analysis full = ScanInProcess({dir.Write("flink-u-standalonesession-0-h.log", log)});
  EXPECT_EQ(full.job_graph.vertices.size(), 5u);
  EXPECT_EQ(full.job_graph.vertices_dropped, 0u);
  for (const VertexSummary& v : full.job_graph.vertices) {
    EXPECT_EQ(v.parallelism, 3);
    EXPECT_EQ(v.vertex_id, "");
    EXPECT_EQ(v.job_id, job);
    EXPECT_EQ(v.subtasks_seen, 1u);
  }
}

StoredEvent TaskFailed(const std::string& name, int32_t subtask, const std::string& attempt) {
  StoredEvent e;
  e.kind = EventKind::kTaskTransition;
  e.job_id = "j";
  e.task_name = name;
  e.subtask = subtask;
  e.parallelism = 8;
  e.attempt_id = attempt;
  e.from_state = "RUNNING";
  e.to_state = "FAILED";
  return e;
}

TEST(JobGraph, BoundedVerticesAndSubtasksAreCountedNotKept) {
  std::vector<StreamAccount> streams(1);
  const EventFormatter fmt(streams);
  std::vector<StoredEvent> events;
  for (int v = 0; v < 4; ++v) {
    for (int s = 1; s <= 5; ++s) {
      events.push_back(TaskFailed("V" + std::to_string(v), s, std::to_string(v) + "-" + std::to_string(s)));
      // The same attempt told twice (JobManager and TaskManager) is one failure.
      events.push_back(TaskFailed("V" + std::to_string(v), s, std::to_string(v) + "-" + std::to_string(s)));
    }
  }
  const JobGraph graph = BuildJobGraph(events, fmt, JobGraphLimits{.max_vertices = 2, .max_subtasks = 3});
  ASSERT_EQ(graph.vertices.size(), 2u);
  EXPECT_EQ(graph.vertices_dropped, 2u);
  for (const VertexSummary& v : graph.vertices) {
    EXPECT_EQ(v.failures, 5u);
    EXPECT_EQ(v.subtasks.size(), 3u);
    EXPECT_EQ(v.subtasks_dropped, 2u);
    EXPECT_EQ(v.subtasks_seen, 5u);
    EXPECT_EQ(v.subtasks[0].failures, 1u);
  }
}

}  // namespace
}  // namespace flinkscan
