// The aggregator refills one slot per event (StoreEventInto): a refilled slot
// must equal a freshly stored event, whatever the slot held before.

#include "engine/stored_event.h"

#include <gtest/gtest.h>

namespace flinkscan {
namespace {

Event WithEverything() {
  Event e;
  e.kind = EventKind::kTaskTransition;
  e.record = "2024-03-01 10:00:00,000 INFO  x - Source: Kafka (1/2) switched from RUNNING to FAILED\nmore";
  e.job_id = "c506b6c290cc2d96a0e3f0eea10395c4";
  e.job_name = "Fraud Detection";
  e.task_name = "Source: Kafka";
  e.attempt_id = "attempt";
  e.location = "container_01 @ host-1 (dataPort=4242)";
  e.taskmanager_id = "tm-1";
  e.container_id = "container_01";
  e.host = "host-1";
  e.pod = "pod-1";
  e.from_state = "RUNNING";
  e.to_state = "FAILED";
  e.reason = "boom";
  e.gc_collector = "G1";
  e.gc_kind = "young";
  e.exception.present = true;
  e.exception.outer = {"java.lang.RuntimeException", "outer message", "com.a.B.c(B.java:1)"};
  e.exception.root = {"java.io.IOException", "root message", "com.a.D.e(D.java:2)"};
  e.exception.depth = 2;
  e.exception.links[0] = e.exception.outer;
  e.exception.links[1] = e.exception.root;
  e.exception.root_frame_count = 2;
  e.exception.root_frames[0] = "com.a.D.e(D.java:2)";
  e.exception.root_frames[1] = "com.a.F.g(F.java:3)";
  return e;
}

Event Bare() {
  Event e;
  e.kind = EventKind::kCheckpointCompleted;
  e.record = "2024-03-01 10:00:01,000 INFO  x - Completed checkpoint 7";
  e.checkpoint_id = 7;
  return e;
}

void ExpectSame(const StoredEvent& a, const StoredEvent& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.order, b.order);
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.job_name, b.job_name);
  EXPECT_EQ(a.task_name, b.task_name);
  EXPECT_EQ(a.location, b.location);
  EXPECT_EQ(a.to_state, b.to_state);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.header_text, b.header_text);
  EXPECT_EQ(a.gc_collector, b.gc_collector);
  EXPECT_EQ(a.checkpoint_id, b.checkpoint_id);
  EXPECT_EQ(a.exception.present, b.exception.present);
  EXPECT_EQ(a.exception.outer_class, b.exception.outer_class);
  EXPECT_EQ(a.exception.root_message, b.exception.root_message);
  EXPECT_EQ(a.exception.root_frames, b.exception.root_frames);
  EXPECT_EQ(a.exception.chain, b.exception.chain);
  EXPECT_EQ(a.exception.depth, b.exception.depth);
  EXPECT_EQ(a.folded_checkpoints, b.folded_checkpoints);
  EXPECT_EQ(a.folded_times.size(), b.folded_times.size());
}

TEST(StoredEvent, ARefilledSlotEqualsAFreshEventBothWays) {
  StoredEvent slot;
  StoreEventInto(WithEverything(), 10, 1, slot);
  ExpectSame(slot, StoreEvent(WithEverything(), 10, 1));
  EXPECT_EQ(slot.exception.chain.size(), 2u);
  EXPECT_EQ(slot.header_text.find('\n'), std::string::npos);

  slot.folded_checkpoints = 3;
  slot.folded_times.push_back({1, 2});
  StoreEventInto(Bare(), 20, 2, slot);
  ExpectSame(slot, StoreEvent(Bare(), 20, 2));
  EXPECT_TRUE(slot.job_id.empty());
  EXPECT_TRUE(slot.exception.chain.empty());
  EXPECT_TRUE(slot.gc_collector.empty());

  StoreEventInto(WithEverything(), 30, 3, slot);
  ExpectSame(slot, StoreEvent(WithEverything(), 30, 3));
}

}  // namespace
}  // namespace flinkscan
