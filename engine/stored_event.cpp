#include "engine/stored_event.h"

#include <cstring>

namespace flinkscan {
namespace {

constexpr size_t kMaxEvidenceText = 400;
constexpr size_t kMaxMessage = 500;

std::string Clip(std::string_view s, size_t max) {
  if (s.size() > max) s = s.substr(0, max);
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return std::string(s);
}

std::string Link(const ThrowableLink& link) {
  std::string out(link.class_name);
  if (!link.message.empty()) {
    out += ": ";
    out += Clip(link.message, kMaxMessage);
  }
  return out;
}

}  // namespace

StoredEvent StoreEvent(const Event& e, uint64_t stream_line_base, uint64_t order) {
  StoredEvent s;
  s.kind = e.kind;
  s.pattern = e.pattern;
  s.level = e.level;
  s.time = e.time;
  s.line = stream_line_base + e.line;
  s.stream = e.stream;
  s.order = order;
  s.job_id = e.job_id;
  s.job_name = Clip(e.job_name, kMaxMessage);
  s.task_name = Clip(e.task_name, kMaxMessage);
  s.attempt_id = e.attempt_id;
  s.location = Clip(e.location, 200);
  s.taskmanager_id = e.taskmanager_id;
  s.container_id = e.container_id;
  s.host = e.host;
  s.pod = e.pod;
  s.from_state = e.from_state;
  s.to_state = e.to_state;
  s.reason = Clip(e.reason, kMaxMessage);
  s.subtask = e.subtask;
  s.parallelism = e.parallelism;
  s.attempt_number = e.attempt_number;
  s.checkpoint_id = e.checkpoint_id;
  s.epoch_ms = e.epoch_ms;
  s.size_bytes = e.size_bytes;
  s.duration_ms = e.duration_ms;
  s.finalization_ms = e.finalization_ms;
  s.consecutive_failures = e.consecutive_failures;
  s.count = e.count;
  s.checkpoint_kind = e.checkpoint_kind;
  s.exit_code = e.exit_code;
  s.oom_kind = e.oom_kind;
  if (e.exception.present) {
    StoredThrowable& t = s.exception;
    t.present = true;
    t.outer_class = e.exception.outer.class_name;
    t.outer_message = Clip(e.exception.outer.message, kMaxMessage);
    t.root_class = e.exception.root.class_name;
    t.root_message = Clip(e.exception.root.message, kMaxMessage);
    t.root_frame = Clip(e.exception.root.first_frame, 300);
    for (uint32_t i = 0; i < e.exception.root_frame_count; ++i) {
      t.root_frames.push_back(Clip(e.exception.root_frames[i], 300));
    }
    t.depth = e.exception.depth;
    const size_t kept = std::min<size_t>(e.exception.depth, ExceptionChain::kMaxKeptLinks);
    for (size_t i = 0; i < kept; ++i) t.chain.push_back(Link(e.exception.links[i]));
  }
  const void* nl = std::memchr(e.record.data(), '\n', e.record.size());
  const size_t first = nl ? static_cast<size_t>(static_cast<const char*>(nl) - e.record.data()) : e.record.size();
  s.header_text = Clip(e.record.substr(0, first), kMaxEvidenceText);
  s.pause_ms = e.pause_ms;
  s.gc_collector = e.gc_collector;
  s.gc_kind = e.gc_kind;
  s.heap_before_kb = e.heap_before_kb;
  s.heap_after_kb = e.heap_after_kb;
  s.heap_capacity_kb = e.heap_capacity_kb;
  s.gc_id = e.gc_id;
  s.offset_minutes = e.offset_minutes;
  s.uptime_ms = e.uptime_ms;
  return s;
}

}  // namespace flinkscan
