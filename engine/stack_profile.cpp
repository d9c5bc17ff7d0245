#include "engine/stack_profile.h"

#include <algorithm>

#include "parsers/stack_trace.h"

namespace flinkscan {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool Contains(std::string_view haystack, std::string_view needle) {
  return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

// Skips what follows a marker in a generated class name, from `i`; returns the new index.
size_t SkipDigits(std::string_view s, size_t i) {
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i;
}

// "$$Lambda" is followed by "$123/0x0000000800c0b448" (JDK 9-17), "$5/1234567" (JDK 8) or "/0x…" (JDK 21).
size_t SkipLambdaSuffix(std::string_view s, size_t i) {
  if (i < s.size() && s[i] == '$' && i + 1 < s.size() && IsDigit(s[i + 1])) i = SkipDigits(s, i + 1);
  if (i < s.size() && s[i] == '/') {
    size_t j = i + 1;
    if (j + 1 < s.size() && s[j] == '0' && s[j + 1] == 'x') {
      j += 2;
      while (j < s.size() && IsHex(s[j])) ++j;
    } else {
      j = SkipDigits(s, j);
    }
    if (j > i + 1) i = j;
  }
  return i;
}

// "$$EnhancerByCGLIB$$a1b2c3" / "$ByteBuddy$AbC123": a generated hash after the marker.
size_t SkipHashSuffix(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == '$') ++i;
  size_t j = i;
  while (j < s.size() && (IsHex(s[j]) || (s[j] >= 'g' && s[j] <= 'z') || (s[j] >= 'G' && s[j] <= 'Z'))) ++j;
  return j;
}

struct Marker {
  std::string_view text;
  enum { kDigits, kLambda, kHash } rule;
};
constexpr Marker kMarkers[] = {
    {"$$Lambda", Marker::kLambda},
    {"$Proxy", Marker::kDigits},
    {"jdk.proxy", Marker::kDigits},
    {"GeneratedMethodAccessor", Marker::kDigits},
    {"GeneratedConstructorAccessor", Marker::kDigits},
    {"GeneratedSerializationConstructorAccessor", Marker::kDigits},
    {"$$EnhancerByCGLIB", Marker::kHash},
    {"$$EnhancerBySpringCGLIB", Marker::kHash},
    {"$$FastClassByCGLIB", Marker::kHash},
    {"$ByteBuddy", Marker::kHash},
};

// Every marker starts with one of these: other characters are copied in runs.
bool MayStartMarker(char c) { return c == '$' || c == 'j' || c == 'G'; }

std::string NormalizeMethod(std::string_view method) {
  std::string out;
  out.reserve(method.size());
  size_t i = 0;
  while (i < method.size()) {
    if (!MayStartMarker(method[i])) {
      size_t run = i + 1;
      while (run < method.size() && !MayStartMarker(method[run])) ++run;
      out.append(method.substr(i, run - i));
      i = run;
      continue;
    }
    bool replaced = false;
    for (const Marker& marker : kMarkers) {
      if (marker.text.front() != method[i]) continue;
      if (method.compare(i, marker.text.size(), marker.text) != 0) continue;
      out.append(marker.text);
      const size_t after = i + marker.text.size();
      switch (marker.rule) {
        case Marker::kDigits: i = SkipDigits(method, after); break;
        case Marker::kLambda: i = SkipLambdaSuffix(method, after); break;
        case Marker::kHash: i = SkipHashSuffix(method, after); break;
      }
      replaced = true;
      break;
    }
    if (!replaced) out.push_back(method[i++]);
  }
  // "java.base/java.lang.Thread.run", "app//com.foo.Bar.baz": drop module and class-loader prefixes.
  const size_t slash = out.rfind('/');
  if (slash != std::string::npos) out.erase(0, slash + 1);
  return out;
}

// Folded stacks are printed to terminals and read by other tools: a frame
// keeps no ';' (the separator), no control character (C0, DEL, UTF-8 C1).
void Sanitize(std::string& s) {
  const bool clean = std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c != ';' && c >= 0x20 && c != 0x7f && c != 0xC2;
  });
  if (clean) return;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ';') {
      out += ',';
    } else if (c < 0x20 || c == 0x7f) {
      out += '?';
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += '?';
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  s = std::move(out);
}

}  // namespace

std::string NormalizeFrame(std::string_view frame, const FrameOptions& options) {
  std::string_view method = frame;
  std::string_view location;
  const size_t paren = frame.find('(');
  if (paren != std::string_view::npos) {
    method = frame.substr(0, paren);
    location = frame.substr(paren);
  } else {
    // Flink's flame graph names frames "pkg.Class.method:123".
    const size_t colon = frame.rfind(':');
    // Native frames carry line -2.
    const size_t digits = colon != std::string_view::npos && colon + 1 < frame.size() && frame[colon + 1] == '-'
                              ? colon + 2
                              : colon + 1;
    if (colon != std::string_view::npos && digits < frame.size() &&
        std::all_of(frame.begin() + static_cast<std::ptrdiff_t>(digits), frame.end(), IsDigit)) {
      method = frame.substr(0, colon);
      location = frame.substr(colon);
    }
  }
  std::string out = NormalizeMethod(method);
  if (options.keep_lines && !location.empty()) {
    if (location.front() == '(') {
      // "(java.base@17.0.2/Thread.java:833)" -> "(Thread.java:833)"
      const size_t slash = location.rfind('/');
      out += '(';
      out.append(slash == std::string_view::npos ? location.substr(1) : location.substr(slash + 1));
      if (out.back() != ')') out += ')';
    } else {
      out.append(location);
    }
  }
  Sanitize(out);
  return out;
}

std::string_view StackKindName(StackKind kind) {
  switch (kind) {
    case StackKind::kDumps: return "dumps";
    case StackKind::kStuck: return "stuck";
    case StackKind::kExceptions: return "exceptions";
    case StackKind::kFlink: return "flink";
  }
  return "";
}

void FoldedProfile::Add(const std::vector<std::string>& root_first, uint64_t count) {
  std::string folded;
  for (const std::string& frame : root_first) {
    if (!folded.empty()) folded += ';';
    folded += frame;
  }
  AddFolded(std::move(folded), count);
}

void FoldedProfile::AddFolded(std::string_view folded, uint64_t count) {
  if (folded.empty() || count == 0) return;
  samples_ += count;
  auto it = counts_.find(folded);
  if (it != counts_.end()) {
    it->second += count;
    return;
  }
  if (counts_.size() >= max_distinct_) {
    overflow_samples_ += count;
    return;
  }
  counts_.emplace(std::string(folded), count);
}

std::vector<FoldedStack> FoldedProfile::Sorted() const {
  std::vector<FoldedStack> out;
  out.reserve(counts_.size());
  for (const auto& [stack, count] : counts_) out.push_back({stack, count});
  std::sort(out.begin(), out.end(), [](const FoldedStack& a, const FoldedStack& b) { return a.stack < b.stack; });
  return out;
}

StackCollector::StackCollector(StackCollectorOptions options) : options_(std::move(options)) {
  for (size_t i = 0; i < kStackKindCount; ++i) profiles_.emplace_back(options_.max_distinct_stacks);
}

bool StackCollector::PassesTime(WallTime t) const {
  const StackFilter& f = options_.filter;
  if (!f.since.known() && !f.until.known()) return true;
  if (!t.known() || !t.has_date) return false;
  if (f.since.known() && t.ms < f.since.ms) return false;
  if (f.until.known() && t.ms > f.until.ms) return false;
  return true;
}

bool StackCollector::PassesPlace(const Event& event, const StackOrigin& origin) const {
  const StackFilter& f = options_.filter;
  if (!f.job.empty() && event.job_id != f.job && !Contains(event.job_name, f.job)) return false;
  if (!f.taskmanager.empty() && !Contains(origin.source, f.taskmanager) && !Contains(origin.host, f.taskmanager) &&
      !Contains(origin.container, f.taskmanager) && !Contains(event.taskmanager_id, f.taskmanager) &&
      !Contains(event.host, f.taskmanager) && !Contains(event.container_id, f.taskmanager)) {
    return false;
  }
  return true;
}

const std::string& StackCollector::Normalized(std::string_view frame) {
  auto it = frame_cache_.find(frame);
  if (it != frame_cache_.end()) return it->second;
  if (frame_cache_.size() >= kMaxCachedFrames) {
    // Bounded: a new epoch starts; the frames of busy stacks come back at once.
    frame_cache_.clear();
  }
  return frame_cache_.emplace(std::string(frame), NormalizeFrame(frame, options_.frames)).first->second;
}

void StackCollector::AddStack(StackKind kind, std::string_view group, const std::vector<std::string_view>& top_first) {
  // The group label is not a frame: only the folded separators are replaced.
  folded_.assign(group);
  Sanitize(folded_);
  for (auto it = top_first.rbegin(); it != top_first.rend(); ++it) {
    folded_ += ';';
    folded_ += Normalized(*it);
  }
  profiles_[static_cast<size_t>(kind)].AddFolded(folded_, 1);
}

void StackCollector::Consume(const Event& event, const StackOrigin& origin) {
  const bool same_record = event.record.data() == last_record_;
  last_record_ = event.record.data();
  if (event.kind == EventKind::kThreadDump) {
    if (!same_record) ConsumeDump(event, origin);
    return;
  }
  if (event.kind == EventKind::kTaskStuck) ConsumeStuck(event, origin);
  if (options_.exceptions && event.exception.present && !same_record) ConsumeException(event, origin);
}

void StackCollector::ConsumeStuck(const Event& event, const StackOrigin& origin) {
  if (!PassesPlace(event, origin) || !PassesTime(origin.time)) return;
  if (!options_.filter.task.empty() && !Contains(event.task_name, options_.filter.task)) return;
  const std::vector<std::string_view> frames = StuckTaskFrames(event.record);
  if (frames.empty()) return;
  AddStack(StackKind::kStuck, event.task_name, frames);
}

void StackCollector::ConsumeException(const Event& event, const StackOrigin& origin) {
  if (!PassesPlace(event, origin) || !PassesTime(origin.time)) return;
  if (!options_.filter.task.empty() && !Contains(event.task_name, options_.filter.task)) return;
  const StackTrace trace = ParseStackTrace(event.record);
  if (trace.segments.empty()) return;
  const size_t root = trace.segments.size() - 1;
  const std::vector<std::string_view> frames = ResolvedFrames(trace, root);
  AddStack(StackKind::kExceptions, trace.segments[root].throwable.class_name, frames);
}

void StackCollector::OpenDump(StreamState& state, const StackOrigin& origin) {
  state.in_dump = true;
  state.dump = ++dump_serial_;
  state.time = state.pending_time.known() ? state.pending_time : origin.time;
  state.pending_time = WallTime{};
  state.line = origin.line;
  state.blocked.clear();
  state.holders.clear();
}

void StackCollector::ConsumeDump(const Event& event, const StackOrigin& origin) {
  if (streams_.size() <= origin.stream) streams_.resize(origin.stream + 1);
  StreamState& state = streams_[origin.stream];
  items_.clear();
  ParseThreadDumpText(event.record, items_);
  const bool place_ok = PassesPlace(event, origin);
  for (const ThreadDumpItem& item : items_) {
    switch (item.kind) {
      case ThreadDumpItemKind::kTimestamp:
        state.pending_time = item.time;
        break;
      case ThreadDumpItemKind::kDumpStart:
        if (state.in_dump) CloseDump(origin.stream, state);
        OpenDump(state, origin);
        ++dumps_;
        break;
      case ThreadDumpItemKind::kThread:
        if (!state.in_dump) OpenDump(state, origin);
        ++threads_;
        if (place_ok) AddThread(state, item.thread, origin);
        break;
      case ThreadDumpItemKind::kDeadlockStart:
        if (state.in_deadlock) CloseDeadlock(origin.stream, state);
        state.in_deadlock = true;
        state.deadlock = PendingDeadlock{};
        state.deadlock_line = origin.line;
        ++deadlock_reports_;
        break;
      case ThreadDumpItemKind::kDeadlockWait:
        if (state.in_deadlock && state.deadlock.waits.size() < options_.max_names * 2) {
          const DeadlockWait& w = item.wait;
          state.deadlock.waits.push_back("\"" + std::string(w.thread) + "\" waits for <" + std::string(w.object) +
                                         "> (a " + std::string(w.class_name) + ") held by \"" +
                                         std::string(w.holder) + "\"");
          state.deadlock.names.emplace_back(w.thread);
          state.deadlock.lock_classes.emplace_back(w.class_name);
        }
        break;
      case ThreadDumpItemKind::kDeadlockStack:
        if (state.in_deadlock && state.deadlock.stacks.size() < options_.max_names * 2) {
          std::vector<std::string> frames;
          for (std::string_view f : item.thread.frames) {
            if (frames.size() >= options_.max_holder_frames) break;
            frames.push_back(NormalizeFrame(f, options_.frames));
          }
          state.deadlock.stack_threads.emplace_back(item.thread.header.name);
          state.deadlock.stacks.push_back(std::move(frames));
        }
        break;
      case ThreadDumpItemKind::kDeadlockEnd:
        if (state.in_deadlock) CloseDeadlock(origin.stream, state);
        break;
      case ThreadDumpItemKind::kDumpEnd:
        if (state.in_deadlock) CloseDeadlock(origin.stream, state);
        if (state.in_dump) CloseDump(origin.stream, state);
        break;
    }
  }
}

void StackCollector::AddThread(StreamState& state, const ThreadStack& thread, const StackOrigin& origin) {
  if (thread.frames.empty() || thread.state.empty()) return;  // VM-internal threads
  const WallTime time = state.time.known() ? state.time : origin.time;
  const bool sampled =
      PassesTime(time) && (options_.filter.task.empty() || Contains(thread.header.name, options_.filter.task));
  if (sampled) AddStack(StackKind::kDumps, thread.state, thread.frames);
  // Monitors and their holders are tracked whatever the filters keep: a
  // holder outside the task filter still explains a blocked thread inside it.

  constexpr size_t kMaxPerDump = 4096;
  if (const LockLine* lock = thread.BlockedOn(); lock != nullptr && state.blocked.size() < kMaxPerDump) {
    state.blocked.push_back({std::string(thread.header.name), std::string(lock->class_name),
                             NormalizeFrame(thread.frames[std::min<size_t>(lock->frame, thread.frames.size() - 1)],
                                            options_.frames),
                             std::string(lock->address)});
  }
  for (const LockLine& lock : thread.locks) {
    if (lock.action != LockAction::kLocked || lock.address.empty() || state.holders.size() >= kMaxPerDump) continue;
    Holder holder{std::string(lock.address), std::string(thread.header.name), std::string(thread.state),
                  NormalizeFrame(thread.frames[std::min<size_t>(lock.frame, thread.frames.size() - 1)], options_.frames),
                  {}};
    for (std::string_view f : thread.frames) {
      if (holder.frames.size() >= options_.max_holder_frames) break;
      holder.frames.push_back(NormalizeFrame(f, FrameOptions{true}));
    }
    state.holders.push_back(std::move(holder));
  }
}

void StackCollector::CloseDump(uint32_t stream, StreamState& state) {
  state.in_dump = false;
  for (const Blocked& b : state.blocked) {
    auto it = std::find_if(monitors_.begin(), monitors_.end(), [&](const MonitorContention& m) {
      return m.stream == stream && m.lock_class == b.lock_class && m.blocked_frame == b.frame;
    });
    if (it == monitors_.end()) {
      if (monitors_.size() >= options_.max_monitors) continue;
      MonitorContention fresh;
      fresh.stream = stream;
      fresh.lock_class = b.lock_class;
      fresh.blocked_frame = b.frame;
      fresh.first_time = state.time;
      fresh.first_line = state.line;
      monitors_.push_back(std::move(fresh));
      it = monitors_.end() - 1;
    }
    MonitorContention& m = *it;
    if (m.last_dump != state.dump) {
      m.last_dump = state.dump;
      ++m.dumps;
      m.last_time = state.time;
      m.last_line = state.line;
      const uint64_t here = static_cast<uint64_t>(std::count_if(
          state.blocked.begin(), state.blocked.end(),
          [&](const Blocked& other) { return other.lock_class == b.lock_class && other.frame == b.frame; }));
      m.max_blocked = std::max(m.max_blocked, here);
    }
    ++m.blocked_samples;
    m.address = b.address;
    if (m.threads.size() < options_.max_names && std::find(m.threads.begin(), m.threads.end(), b.thread) == m.threads.end()) {
      m.threads.push_back(b.thread);
    }
    for (const Holder& h : state.holders) {
      if (h.address != b.address) continue;
      m.holder = h.thread;
      m.holder_state = h.state;
      m.holder_locked_in = h.locked_in;
      m.holder_frames = h.frames;
      break;
    }
  }
  state.blocked.clear();
  state.holders.clear();
}

void StackCollector::CloseDeadlock(uint32_t stream, StreamState& state) {
  state.in_deadlock = false;
  PendingDeadlock& d = state.deadlock;
  if (d.waits.empty()) return;
  std::vector<std::string> names = d.names;
  std::vector<std::string> classes = d.lock_classes;
  std::sort(names.begin(), names.end());
  std::sort(classes.begin(), classes.end());
  std::string key;
  for (const std::string& n : names) key += n + '\n';
  for (const std::string& c : classes) key += c + '\n';
  const WallTime time = state.time.known() ? state.time : state.pending_time;
  auto it = std::find_if(deadlocks_.begin(), deadlocks_.end(),
                         [&](const DeadlockReport& r) { return r.stream == stream && r.key == key; });
  if (it == deadlocks_.end()) {
    if (deadlocks_.size() >= options_.max_deadlocks) return;
    DeadlockReport report;
    report.stream = stream;
    report.key = key;
    report.waits = d.waits;
    report.lock_classes = d.lock_classes;
    report.stack_threads = d.stack_threads;
    report.stacks = d.stacks;
    report.first_time = time;
    report.first_line = state.deadlock_line;
    deadlocks_.push_back(std::move(report));
    it = deadlocks_.end() - 1;
  }
  ++it->occurrences;
  it->last_time = time;
  it->last_line = state.deadlock_line;
  state.deadlock = PendingDeadlock{};
}

void StackCollector::Finish() {
  for (uint32_t i = 0; i < streams_.size(); ++i) {
    StreamState& state = streams_[i];
    if (state.in_deadlock) CloseDeadlock(i, state);
    if (state.in_dump) CloseDump(i, state);
  }
}

StackSummary StackCollector::Summary() const {
  StackSummary summary;
  summary.thread_dumps = dumps_;
  summary.threads = threads_;
  summary.deadlocks = deadlock_reports_;
  for (size_t i = 0; i < kStackKindCount; ++i) {
    const FoldedProfile& profile = profiles_[i];
    if (profile.samples() == 0) continue;
    StackProfileSummary out;
    out.kind = std::string(StackKindName(static_cast<StackKind>(i)));
    out.samples = profile.samples();
    out.overflow_samples = profile.overflow_samples();
    out.stacks = profile.Sorted();
    summary.profiles.push_back(std::move(out));
  }
  return summary;
}

}  // namespace flinkscan
