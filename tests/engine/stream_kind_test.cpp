#include "engine/stream_kind.h"

#include <gtest/gtest.h>

namespace flinkscan {
namespace {

StreamKind Kind(std::string_view name) { return ClassifyFileName(name).kind; }

TEST(StreamKind, StandaloneNames) {
  EXPECT_EQ(Kind("flink-root-standalonesession-0-vm01.log"), StreamKind::kJobManager);
  EXPECT_EQ(Kind("flink-root-taskexecutor-0-vm01.log"), StreamKind::kTaskManager);
  EXPECT_EQ(Kind("flink-user-jobmanager-0-host.log"), StreamKind::kJobManager);
  EXPECT_EQ(Kind("flink-user-taskmanager-1-host.log"), StreamKind::kTaskManager);
  EXPECT_EQ(Kind("flink-root-client-vm01.log"), StreamKind::kClient);
  EXPECT_EQ(Kind("flink-root-taskexecutor-0-vm01.out"), StreamKind::kStdout);
  EXPECT_EQ(Kind("flink-my-user-standalonesession-2-host-with-dashes.log"), StreamKind::kJobManager);
}

TEST(StreamKind, RotatedFilesKeepTheirKindAndRotation) {
  const FileNameClass c = ClassifyFileName("flink-root-taskexecutor-0-vm01.log.3");
  EXPECT_EQ(c.kind, StreamKind::kTaskManager);
  EXPECT_EQ(c.rotation, 3);
  EXPECT_EQ(c.base, "flink-root-taskexecutor-0-vm01.log");
  EXPECT_TRUE(c.looks_like_log);
  EXPECT_EQ(ClassifyFileName("jobmanager.log.1").kind, StreamKind::kJobManager);
  EXPECT_EQ(ClassifyFileName("data.1").rotation, 0);
}

TEST(StreamKind, YarnAndKubernetesNames) {
  EXPECT_EQ(Kind("jobmanager.log"), StreamKind::kJobManager);
  EXPECT_EQ(Kind("jobmanager-main.log"), StreamKind::kJobManager);
  EXPECT_EQ(Kind("taskmanager.log"), StreamKind::kTaskManager);
  EXPECT_EQ(Kind("taskmanager.out"), StreamKind::kStdout);
  EXPECT_EQ(Kind("jobmanager.err"), StreamKind::kStdout);
  EXPECT_EQ(Kind("gc.log"), StreamKind::kGc);
  EXPECT_EQ(Kind("taskmanager-gc.log.0"), StreamKind::kGc);
}

TEST(StreamKind, EverythingElseIsUnknown) {
  EXPECT_EQ(Kind("application.log"), StreamKind::kUnknown);
  EXPECT_TRUE(ClassifyFileName("application.log").looks_like_log);
  EXPECT_FALSE(ClassifyFileName("flink-dist-1.17.2.jar").looks_like_log);
  EXPECT_FALSE(ClassifyFileName("flink-root-standalonesession.pid").looks_like_log);
  EXPECT_EQ(StreamKindName(StreamKind::kTaskManager), "taskmanager");
}

}  // namespace
}  // namespace flinkscan
