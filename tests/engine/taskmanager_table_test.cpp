// The TaskManager table (engine/taskmanager_table.h), checked against the story
// of samples/standalone (samples/README.md) and against its bounds.

#include "engine/taskmanager_table.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/engine/scan_in_process.h"

namespace flinkscan {
namespace {

using testing::ScanInProcess;

const TaskManagerSummary* FindTaskManager(const Analysis& a, const std::string& id) {
  for (const TaskManagerSummary& tm : a.taskmanagers.items) {
    if (tm.id == id) return &tm;
  }
  return nullptr;
}

TEST(TaskManagerTable, StandaloneSampleHasItsTaskManagersWithHostsAndStreams) {
  const Analysis a = ScanInProcess({std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone"});
  // tm-host-1 and tm-host-2, then the replacement that registers at the very end (no log of its own).
  ASSERT_EQ(a.taskmanagers.items.size(), 3u);
  EXPECT_EQ(a.taskmanagers.items[2].id, "10.0.1.13:39107-b27d94");
  EXPECT_TRUE(a.taskmanagers.items[2].sources.empty());
  const TaskManagerSummary* tm1 = FindTaskManager(a, "10.0.1.11:40213-5c2f1a");
  const TaskManagerSummary* tm2 = FindTaskManager(a, "10.0.1.12:36211-8e1f0c");
  ASSERT_NE(tm1, nullptr);
  ASSERT_NE(tm2, nullptr);
  EXPECT_EQ(tm1->host, "tm-host-1");
  EXPECT_EQ(tm2->host, "tm-host-2");
  // Each TaskManager's own log is matched to it by the host in its file name.
  ASSERT_FALSE(tm2->sources.empty());
  EXPECT_NE(tm2->sources[0].find("taskexecutor-1-tm-host-2.log"), std::string::npos);
  // Registered at 09:55:09/10.
  EXPECT_EQ(tm1->first_seen.substr(0, 16), "2026-11-28T09:55");
  EXPECT_EQ(tm2->first_seen.substr(0, 16), "2026-11-28T09:55");
}

TEST(TaskManagerTable, HostThatDiedIsLostAndTheOomFailureIsOnTmHost2) {
  const Analysis a = ScanInProcess({std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone"});
  const TaskManagerSummary* tm1 = FindTaskManager(a, "10.0.1.11:40213-5c2f1a");
  const TaskManagerSummary* tm2 = FindTaskManager(a, "10.0.1.12:36211-8e1f0c");
  ASSERT_NE(tm1, nullptr);
  ASSERT_NE(tm2, nullptr);
  EXPECT_TRUE(tm1->lost);
  EXPECT_EQ(tm1->lost_time.substr(0, 19), "2026-11-28T10:12:02");
  EXPECT_NE(tm1->lost_reason.find("10.0.1.11:40213-5c2f1a"), std::string::npos);
  EXPECT_FALSE(tm2->lost);
  // The OOM of KeyedProcess (2/2)#0 counts once although both logs print it.
  EXPECT_GE(tm2->task_failures, 1u);
  EXPECT_GT(tm2->tasks, tm2->task_failures);
}

StoredEvent Pause(uint32_t stream, double ms, const char* kind) {
  StoredEvent e;
  e.kind = EventKind::kGcPause;
  e.stream = stream;
  e.pause_ms = ms;
  e.gc_kind = kind;
  return e;
}

TEST(TaskManagerTable, GcPausesOfItsStreamKeepTheLongestInTimeOrder) {
  std::vector<StreamAccount> streams(2);
  streams[0].kind = StreamKind::kJobManager;
  streams[1].kind = StreamKind::kGc;
  streams[1].container = "container_e01_0001_01_000002";
  streams[1].path = "gc.log";
  StoredEvent registered;
  registered.kind = EventKind::kTaskManagerRegistered;
  registered.taskmanager_id = "container_e01_0001_01_000002";
  registered.host = "worker-7";
  std::vector<StoredEvent> events = {registered, Pause(1, 10, "young"), Pause(1, 900, "full"), Pause(1, 30, "young"),
                                     Pause(1, 500, "young")};
  const EventFormatter fmt(streams);
  const TaskManagerTable table =
      BuildTaskManagerTable(events, fmt, {}, TaskManagerTableLimits{.max_rows = 10, .max_gc_points = 2});
  ASSERT_EQ(table.items.size(), 1u);
  const TaskManagerSummary& tm = table.items[0];
  EXPECT_EQ(tm.id, "container_e01_0001_01_000002");
  EXPECT_EQ(tm.host, "worker-7");
  EXPECT_EQ(tm.gc_pauses, 4u);
  EXPECT_EQ(tm.full_gcs, 1u);
  EXPECT_DOUBLE_EQ(tm.gc_total_pause_ms, 1440);
  EXPECT_DOUBLE_EQ(tm.gc_max_pause_ms, 900);
  ASSERT_EQ(tm.gc_points.size(), 2u);
  EXPECT_EQ(tm.gc_points_dropped, 2u);
  EXPECT_DOUBLE_EQ(tm.gc_points[0].pause_ms, 900);  // time order: the full GC came first
  EXPECT_DOUBLE_EQ(tm.gc_points[1].pause_ms, 500);
  EXPECT_FALSE(tm.lost);
}

TEST(TaskManagerTable, RowsAreBoundedAndLossComesFromTheIncident) {
  std::vector<StreamAccount> streams(1);
  streams[0].kind = StreamKind::kJobManager;
  std::vector<StoredEvent> events;
  for (int i = 0; i < 5; ++i) {
    StoredEvent e;
    e.kind = EventKind::kTaskManagerRegistered;
    e.taskmanager_id = "tm-" + std::to_string(i);
    events.push_back(e);
  }
  Incident lost;
  lost.kind = "taskmanager_lost";
  lost.start = "2024-03-01T10:00:00.000";
  lost.title = "TaskManager tm-1 lost (heartbeat timeout)";
  lost.scope.taskmanager = "tm-1";
  const EventFormatter fmt(streams);
  const TaskManagerTable table = BuildTaskManagerTable(events, fmt, {lost}, TaskManagerTableLimits{.max_rows = 3});
  ASSERT_EQ(table.items.size(), 3u);
  EXPECT_EQ(table.items_dropped, 2u);
  EXPECT_FALSE(table.items[0].lost);
  EXPECT_TRUE(table.items[1].lost);
  EXPECT_EQ(table.items[1].lost_reason, lost.title);
}

}  // namespace
}  // namespace flinkscan
