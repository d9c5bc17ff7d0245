#pragma once
// Per-family extractor entry points, called by the switch in
// parsers/extractor.cpp. Internal to parsers/.
//
// Contract for every function: `out` already has kind, pattern, level, time,
// line, stream and record set; fill the kind's fields (parsers/event.h) from
// `record`; return Status::Error("…why…") when the record lacks the shape the
// kind needs. No allocation: store views into record.text.

#include "base/status.h"
#include "parsers/event.h"
#include "parsers/record.h"

namespace flinkscan::extract {

// parsers/extract_checkpoint.cpp
Status CheckpointTriggered(const RecordView& record, Event& out);
Status CheckpointCompleted(const RecordView& record, Event& out);
Status CheckpointDeclined(const RecordView& record, Event& out);
Status CheckpointExpired(const RecordView& record, Event& out);
Status CheckpointFailed(const RecordView& record, Event& out);
Status CheckpointAborted(const RecordView& record, Event& out);
Status CheckpointRestored(const RecordView& record, Event& out);
Status CheckpointLateMessage(const RecordView& record, Event& out);

// parsers/extract_state.cpp
Status JobTransition(const RecordView& record, Event& out);
Status JobTerminal(const RecordView& record, Event& out);
Status TaskTransition(const RecordView& record, Event& out);
Status TaskDeployed(const RecordView& record, Event& out);
Status TaskStuck(const RecordView& record, Event& out);
Status RegionFailover(const RecordView& record, Event& out);
Status GlobalFailover(const RecordView& record, Event& out);
Status RestartExhausted(const RecordView& record, Event& out);
Status Rescale(const RecordView& record, Event& out);

// parsers/extract_cluster.cpp
Status HeartbeatTimeout(const RecordView& record, Event& out);
Status TaskManagerUnreachable(const RecordView& record, Event& out);
Status WorkerTerminated(const RecordView& record, Event& out);
Status TaskManagerRegistered(const RecordView& record, Event& out);
Status ContainerExit(const RecordView& record, Event& out);
Status ContainerLaunchFailed(const RecordView& record, Event& out);
Status ResourceShortage(const RecordView& record, Event& out);
Status OutOfMemory(const RecordView& record, Event& out);
Status JobManagerStopped(const RecordView& record, Event& out);
Status StartupFact(const RecordView& record, Event& out);
Status Exception(const RecordView& record, Event& out);

// parsers/extract_gc.cpp
Status GcPause(const RecordView& record, Event& out);

// parsers/extract_metrics.cpp
Status MetricReport(const RecordView& record, Event& out);

// parsers/extract_stacks.cpp
Status ThreadDump(const RecordView& record, Event& out);

}  // namespace flinkscan::extract
