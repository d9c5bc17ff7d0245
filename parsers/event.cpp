#include "parsers/event.h"

#include <array>
#include <charconv>
#include <string>

namespace flinkscan {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(EventKind::kCount)> kEventKindNames = {
    "none",
    "checkpoint_triggered",
    "checkpoint_completed",
    "checkpoint_declined",
    "checkpoint_expired",
    "checkpoint_failed",
    "checkpoint_aborted",
    "checkpoint_restored",
    "checkpoint_late_message",
    "job_transition",
    "job_terminal",
    "task_transition",
    "task_deployed",
    "task_stuck",
    "region_failover",
    "global_failover",
    "restart_exhausted",
    "rescale",
    "heartbeat_timeout",
    "taskmanager_unreachable",
    "worker_terminated",
    "taskmanager_registered",
    "container_exit",
    "container_launch_failed",
    "resource_shortage",
    "out_of_memory",
    "jobmanager_stopped",
    "startup_fact",
    "exception",
    "gc_pause",
    "metric_report",
    "thread_dump",
};

std::optional<std::string> View(std::string_view v) {
  if (v.empty()) return std::nullopt;
  return std::string(v);
}
std::optional<std::string> Number(int64_t v) {
  if (v < 0) return std::nullopt;
  return std::to_string(v);
}
// Shortest round-trip form ("8.757", "1500").
std::optional<std::string> Decimal(double v) {
  if (v < 0) return std::nullopt;
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return std::nullopt;
  return std::string(buf, end);
}

}  // namespace

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kTrace: return "TRACE";
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
    case Level::kFatal: return "FATAL";
    case Level::kUnknown: break;
  }
  return "";
}

std::string_view EventKindName(EventKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kEventKindNames.size() ? kEventKindNames[i] : "none";
}

std::optional<EventKind> EventKindFromName(std::string_view name) {
  for (size_t i = 1; i < kEventKindNames.size(); ++i) {
    if (kEventKindNames[i] == name) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::string_view CheckpointKindName(CheckpointKind kind) {
  switch (kind) {
    case CheckpointKind::kCheckpoint: return "checkpoint";
    case CheckpointKind::kSavepoint: return "savepoint";
    case CheckpointKind::kUnknown: break;
  }
  return "";
}

std::string_view OomKindName(OomKind kind) {
  switch (kind) {
    case OomKind::kHeap: return "heap";
    case OomKind::kGcOverhead: return "gc_overhead";
    case OomKind::kMetaspace: return "metaspace";
    case OomKind::kDirect: return "direct";
    case OomKind::kNativeThread: return "native_thread";
    case OomKind::kContainerPmem: return "container_pmem";
    case OomKind::kContainerVmem: return "container_vmem";
    case OomKind::kPodOomKilled: return "pod_oomkilled";
    case OomKind::kOther: return "other";
    case OomKind::kNone: break;
  }
  return "";
}

std::optional<std::string> EventField(const Event& e, std::string_view name) {
  if (name == "job_id") return View(e.job_id);
  if (name == "job_name") return View(e.job_name);
  if (name == "task_name") return View(e.task_name);
  if (name == "attempt_id") return View(e.attempt_id);
  if (name == "subtask") return Number(e.subtask);
  if (name == "parallelism") return Number(e.parallelism);
  if (name == "attempt_number") return Number(e.attempt_number);
  if (name == "location") return View(e.location);
  if (name == "taskmanager_id") return View(e.taskmanager_id);
  if (name == "container_id") return View(e.container_id);
  if (name == "host") return View(e.host);
  if (name == "pod") return View(e.pod);
  if (name == "from_state") return View(e.from_state);
  if (name == "to_state") return View(e.to_state);
  if (name == "checkpoint_id") return Number(e.checkpoint_id);
  if (name == "checkpoint_kind") return View(CheckpointKindName(e.checkpoint_kind));
  if (name == "epoch_ms") return Number(e.epoch_ms);
  if (name == "size_bytes") return Number(e.size_bytes);
  if (name == "duration_ms") return Number(e.duration_ms);
  if (name == "finalization_ms") return Number(e.finalization_ms);
  if (name == "consecutive_failures") return Number(e.consecutive_failures);
  if (name == "exit_code") {
    if (e.exit_code == INT32_MIN) return std::nullopt;
    return std::to_string(e.exit_code);
  }
  if (name == "oom_kind") return View(OomKindName(e.oom_kind));
  if (name == "count") return Number(e.count);
  if (name == "reason") return View(e.reason);
  if (name == "exception_class") return e.exception.present ? View(e.exception.outer.class_name) : std::nullopt;
  if (name == "exception_message") return e.exception.present ? View(e.exception.outer.message) : std::nullopt;
  if (name == "root_class") return e.exception.present ? View(e.exception.root.class_name) : std::nullopt;
  if (name == "root_message") return e.exception.present ? View(e.exception.root.message) : std::nullopt;
  if (name == "pause_ms") return Decimal(e.pause_ms);
  if (name == "gc_collector") return View(e.gc_collector);
  if (name == "gc_kind") return View(e.gc_kind);
  if (name == "heap_before_kb") return Number(e.heap_before_kb);
  if (name == "heap_after_kb") return Number(e.heap_after_kb);
  if (name == "heap_capacity_kb") return Number(e.heap_capacity_kb);
  if (name == "gc_id") return Number(e.gc_id);
  if (name == "uptime_ms") return Number(e.uptime_ms);
  return std::nullopt;
}

}  // namespace flinkscan
