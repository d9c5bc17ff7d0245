#include "engine/stored_event.h"

#include <algorithm>
#include <cstring>

namespace flinkscan {
namespace {

constexpr size_t kMaxEvidenceText = 400;
constexpr size_t kMaxMessage = 500;

std::string_view ClipView(std::string_view s, size_t max) {
  if (s.size() > max) s = s.substr(0, max);
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

void AssignClipped(std::string& out, std::string_view s, size_t max) { out.assign(ClipView(s, max)); }

void AssignLink(std::string& out, const ThrowableLink& link) {
  out.assign(link.class_name);
  if (!link.message.empty()) {
    out += ": ";
    out += ClipView(link.message, kMaxMessage);
  }
}

// Resizes `v` to n strings, keeping the capacity of those that stay.
void ResizeStrings(std::vector<std::string>& v, size_t n) {
  if (v.size() > n) v.resize(n);
  while (v.size() < n) v.emplace_back();
}

}  // namespace

StoredEvent StoreEvent(const Event& e, uint64_t stream_line_base, uint64_t order) {
  StoredEvent s;
  StoreEventInto(e, stream_line_base, order, s);
  return s;
}

void StoreEventInto(const Event& e, uint64_t stream_line_base, uint64_t order, StoredEvent& s) {
  s.kind = e.kind;
  s.pattern = e.pattern;
  s.level = e.level;
  s.time = e.time;
  s.time_inherited = false;
  s.line = stream_line_base + e.line;
  s.stream = e.stream;
  s.order = order;
  s.sort_key = 0;
  s.job_id.assign(e.job_id);
  AssignClipped(s.job_name, e.job_name, kMaxMessage);
  AssignClipped(s.task_name, e.task_name, kMaxMessage);
  s.attempt_id.assign(e.attempt_id);
  AssignClipped(s.location, e.location, 200);
  s.taskmanager_id.assign(e.taskmanager_id);
  s.container_id.assign(e.container_id);
  s.host.assign(e.host);
  s.pod.assign(e.pod);
  s.from_state.assign(e.from_state);
  s.to_state.assign(e.to_state);
  AssignClipped(s.reason, e.reason, kMaxMessage);
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
  StoredThrowable& t = s.exception;
  t.present = e.exception.present;
  if (e.exception.present) {
    t.outer_class.assign(e.exception.outer.class_name);
    AssignClipped(t.outer_message, e.exception.outer.message, kMaxMessage);
    t.root_class.assign(e.exception.root.class_name);
    AssignClipped(t.root_message, e.exception.root.message, kMaxMessage);
    AssignClipped(t.root_frame, e.exception.root.first_frame, 300);
    ResizeStrings(t.root_frames, e.exception.root_frame_count);
    for (uint32_t i = 0; i < e.exception.root_frame_count; ++i) {
      AssignClipped(t.root_frames[i], e.exception.root_frames[i], 300);
    }
    t.depth = e.exception.depth;
    const size_t kept = std::min<size_t>(e.exception.depth, ExceptionChain::kMaxKeptLinks);
    ResizeStrings(t.chain, kept);
    for (size_t i = 0; i < kept; ++i) AssignLink(t.chain[i], e.exception.links[i]);
  } else {
    t.outer_class.clear();
    t.outer_message.clear();
    t.root_class.clear();
    t.root_message.clear();
    t.root_frame.clear();
    t.root_frames.clear();
    t.chain.clear();
    t.depth = 0;
  }
  const void* nl = std::memchr(e.record.data(), '\n', e.record.size());
  const size_t first = nl ? static_cast<size_t>(static_cast<const char*>(nl) - e.record.data()) : e.record.size();
  AssignClipped(s.header_text, e.record.substr(0, first), kMaxEvidenceText);
  s.pause_ms = e.pause_ms;
  s.gc_collector.assign(e.gc_collector);
  s.gc_kind.assign(e.gc_kind);
  s.heap_before_kb = e.heap_before_kb;
  s.heap_after_kb = e.heap_after_kb;
  s.heap_capacity_kb = e.heap_capacity_kb;
  s.gc_id = e.gc_id;
  s.offset_minutes = e.offset_minutes;
  s.uptime_ms = e.uptime_ms;
  s.folded_checkpoints = 0;
  s.folded_max_duration_ms = -1;
  s.folded_times.clear();
}

}  // namespace flinkscan
