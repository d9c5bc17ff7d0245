#include "parsers/extractor.h"

#include "parsers/internal/extractors.h"

namespace flinkscan {

Status Extract(EventKind kind, const RecordView& record, Event& out) {
  switch (kind) {
    case EventKind::kCheckpointTriggered: return extract::CheckpointTriggered(record, out);
    case EventKind::kCheckpointCompleted: return extract::CheckpointCompleted(record, out);
    case EventKind::kCheckpointDeclined: return extract::CheckpointDeclined(record, out);
    case EventKind::kCheckpointExpired: return extract::CheckpointExpired(record, out);
    case EventKind::kCheckpointFailed: return extract::CheckpointFailed(record, out);
    case EventKind::kCheckpointAborted: return extract::CheckpointAborted(record, out);
    case EventKind::kCheckpointRestored: return extract::CheckpointRestored(record, out);
    case EventKind::kCheckpointLateMessage: return extract::CheckpointLateMessage(record, out);
    case EventKind::kJobTransition: return extract::JobTransition(record, out);
    case EventKind::kJobTerminal: return extract::JobTerminal(record, out);
    case EventKind::kTaskTransition: return extract::TaskTransition(record, out);
    case EventKind::kTaskDeployed: return extract::TaskDeployed(record, out);
    case EventKind::kTaskStuck: return extract::TaskStuck(record, out);
    case EventKind::kRegionFailover: return extract::RegionFailover(record, out);
    case EventKind::kGlobalFailover: return extract::GlobalFailover(record, out);
    case EventKind::kRestartExhausted: return extract::RestartExhausted(record, out);
    case EventKind::kRescale: return extract::Rescale(record, out);
    case EventKind::kHeartbeatTimeout: return extract::HeartbeatTimeout(record, out);
    case EventKind::kTaskManagerUnreachable: return extract::TaskManagerUnreachable(record, out);
    case EventKind::kWorkerTerminated: return extract::WorkerTerminated(record, out);
    case EventKind::kTaskManagerRegistered: return extract::TaskManagerRegistered(record, out);
    case EventKind::kContainerExit: return extract::ContainerExit(record, out);
    case EventKind::kContainerLaunchFailed: return extract::ContainerLaunchFailed(record, out);
    case EventKind::kResourceShortage: return extract::ResourceShortage(record, out);
    case EventKind::kOutOfMemory: return extract::OutOfMemory(record, out);
    case EventKind::kJobManagerStopped: return extract::JobManagerStopped(record, out);
    case EventKind::kStartupFact: return extract::StartupFact(record, out);
    case EventKind::kException: return extract::Exception(record, out);
    case EventKind::kGcPause: return extract::GcPause(record, out);
    case EventKind::kThreadDump: return extract::ThreadDump(record, out);
    case EventKind::kMetricReport: return extract::MetricReport(record, out);
    case EventKind::kNone:
    case EventKind::kCount: break;
  }
  return Status::Error("no extractor for this event kind");
}

Status ExtractEvent(EventKind kind, const RecordView& record, Event& out) {
  out = Event{};
  out.kind = kind;
  out.level = record.header.level;
  out.time = record.header.time;
  out.line = record.line;
  out.stream = record.stream;
  out.record = record.text;
  return Extract(kind, record, out);
}

}  // namespace flinkscan
