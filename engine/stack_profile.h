#pragma once
// Stacks from the logs, aggregated into folded stacks ("root;…;leaf count",
// the collapsed format of flamegraph.pl, speedscope and Pyroscope), one
// profile per source kind:
//   dumps       HotSpot thread dumps; the first frame is the thread state (RUNNABLE, BLOCKED, WAITING, …)
//   stuck       Flink "did not react to cancelling signal … stuck in method" dumps; first frame: the task
//   exceptions  exception stack traces (the root cause's full stack); first frame: the root cause class
//   flink       samples from Flink's REST flame graph JSON (parsers/flink_flamegraph_json.h)
// The collector also remembers, bounded, what stuck_threads incidents need:
// monitors threads stay BLOCKED on across dumps (with the holder's stack)
// and Java-level deadlock reports (engine/stack_incidents.cpp).
//
// BOUNDED: at most max_distinct_stacks folded lines per profile (later new
// stacks are counted in overflow_samples), max_monitors contended monitors,
// max_deadlocks deadlocks, a few thread names per monitor.
//
// Thread-safety: not thread-safe; the aggregator feeds it from its serial stage.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/wall_time.h"
#include "engine/analysis.h"
#include "parsers/event.h"
#include "parsers/thread_dump.h"

namespace flinkscan {

struct FrameOptions {
  bool keep_lines = false;  // keep "(File.java:123)"; otherwise frames are "pkg.Class.method"
};

// One frame as it appears in a folded stack: module/class-loader prefixes
// dropped, lambda, proxy and generated-accessor class numbers removed
// (`Foo$$Lambda$123/0x…` -> `Foo$$Lambda`, `$Proxy12` -> `$Proxy`,
// `GeneratedMethodAccessor7` -> `GeneratedMethodAccessor`), ';' (the folded
// separator) replaced by ','. Location kept only with keep_lines.
std::string NormalizeFrame(std::string_view frame, const FrameOptions& options);

enum class StackKind : uint8_t { kDumps, kStuck, kExceptions, kFlink };
inline constexpr size_t kStackKindCount = 4;
std::string_view StackKindName(StackKind kind);  // "dumps", "stuck", "exceptions", "flink"

// Hash for maps keyed by std::string and looked up by std::string_view
// (no temporary string per lookup).
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Folded stacks with counts, bounded by distinct stacks.
class FoldedProfile {
 public:
  explicit FoldedProfile(size_t max_distinct) : max_distinct_(max_distinct) {}

  // `root_first`: the group label (state, task, class) and frames, outermost first.
  void Add(const std::vector<std::string>& root_first, uint64_t count);
  void AddFolded(std::string_view folded, uint64_t count);

  uint64_t samples() const { return samples_; }
  uint64_t overflow_samples() const { return overflow_samples_; }
  size_t distinct() const { return counts_.size(); }
  // Sorted by stack, so output does not depend on arrival order.
  std::vector<FoldedStack> Sorted() const;

 private:
  size_t max_distinct_;
  std::unordered_map<std::string, uint64_t, TextHash, std::equal_to<>> counts_;  // looked up by view
  uint64_t samples_ = 0;
  uint64_t overflow_samples_ = 0;
};

struct StackFilter {
  std::string job;          // a job id, or part of a job name
  std::string taskmanager;  // part of the input's path, host or container, or of the event's TaskManager id
  std::string task;         // part of the thread name (dumps) or task name (stuck, exceptions)
  WallTime since;           // naive wall clock, like the logs; unknown = open
  WallTime until;

  bool Empty() const { return job.empty() && taskmanager.empty() && task.empty() && !since.known() && !until.known(); }
};

struct StackCollectorOptions {
  FrameOptions frames;
  StackFilter filter;
  size_t max_distinct_stacks = 20'000;
  size_t max_monitors = 256;
  size_t max_deadlocks = 32;
  size_t max_names = 5;           // thread names kept per monitor / deadlock
  size_t max_holder_frames = 12;  // frames of a holder's stack kept as evidence
  bool exceptions = true;         // parse exception stacks (every record with a throwable)
};

// Where a record came from, as the aggregator knows it.
struct StackOrigin {
  uint32_t stream = 0;
  uint64_t line = 0;        // 1-based within the stream
  WallTime time;            // rollover-adjusted record time (unknown for header-less lines)
  std::string_view source;  // input path [+ member / container]
  std::string_view host;
  std::string_view container;
};

// A monitor that threads were BLOCKED on, keyed by stream, lock class and
// the frame the threads wait in (object addresses move with GC, so they are
// evidence, not identity).
struct MonitorContention {
  uint32_t stream = 0;
  std::string lock_class;
  std::string blocked_frame;          // normalised frame the blocked threads wait in
  std::string address;                // last seen "0x…"
  uint64_t dumps = 0;                 // dumps in which at least one thread was blocked here
  uint64_t blocked_samples = 0;       // blocked threads summed over dumps
  uint64_t max_blocked = 0;           // most threads blocked in one dump
  std::vector<std::string> threads;   // first max_names distinct blocked thread names
  std::string holder;                 // the thread holding it in the last dump that showed a holder
  std::string holder_state;
  std::string holder_locked_in;       // the holder's frame that took the lock
  std::vector<std::string> holder_frames;  // top first, normalised, bounded
  WallTime first_time, last_time;
  uint64_t first_line = 0, last_line = 0;
  uint64_t last_dump = 0;             // internal: dump serial
};

struct DeadlockReport {
  uint32_t stream = 0;
  std::string key;                              // sorted thread names and lock classes
  std::vector<std::string> waits;               // "\"T1\" waits for <0x…> (a C) held by \"T0\"" (bounded)
  std::vector<std::string> lock_classes;
  std::vector<std::string> stack_threads;       // threads whose stacks the report printed (bounded)
  std::vector<std::vector<std::string>> stacks; // their top frames, normalised, same order
  uint64_t occurrences = 0;
  WallTime first_time, last_time;
  uint64_t first_line = 0, last_line = 0;
};

class StackCollector {
 public:
  explicit StackCollector(StackCollectorOptions options = {});

  // Every event of a chunk, in input order, while the chunk is alive. Events
  // of one record arrive together; the record is read once.
  void Consume(const Event& event, const StackOrigin& origin);

  // Closes dumps still open at the end of the input.
  void Finish();

  StackSummary Summary() const;
  const std::vector<MonitorContention>& monitors() const { return monitors_; }
  const std::vector<DeadlockReport>& deadlocks() const { return deadlocks_; }
  const FoldedProfile& profile(StackKind kind) const { return profiles_[static_cast<size_t>(kind)]; }
  const StackCollectorOptions& options() const { return options_; }

 private:
  struct Blocked {
    std::string thread, lock_class, frame, address;
  };
  struct Holder {
    std::string address, thread, state, locked_in;
    std::vector<std::string> frames;
  };
  struct PendingDeadlock {
    std::vector<std::string> waits, lock_classes, names;
    std::vector<std::string> stack_threads;
    std::vector<std::vector<std::string>> stacks;
  };
  struct StreamState {
    bool in_dump = false;
    uint64_t dump = 0;       // serial of the open dump
    WallTime pending_time;   // timestamp line seen, dump header not yet
    WallTime time;           // the open dump's time
    uint64_t line = 0;
    std::vector<Blocked> blocked;
    std::vector<Holder> holders;
    bool in_deadlock = false;
    PendingDeadlock deadlock;
    uint64_t deadlock_line = 0;
  };

  void ConsumeDump(const Event& event, const StackOrigin& origin);
  void ConsumeStuck(const Event& event, const StackOrigin& origin);
  void ConsumeException(const Event& event, const StackOrigin& origin);
  void AddThread(StreamState& state, const ThreadStack& thread, const StackOrigin& origin);
  void OpenDump(StreamState& state, const StackOrigin& origin);
  void CloseDump(uint32_t stream, StreamState& state);
  void CloseDeadlock(uint32_t stream, StreamState& state);
  bool PassesPlace(const Event& event, const StackOrigin& origin) const;
  bool PassesTime(WallTime t) const;
  // Folds "group;outermost;…;top" into folded_ and counts it in the kind's profile.
  void AddStack(StackKind kind, std::string_view group, const std::vector<std::string_view>& top_first);
  // NormalizeFrame, once per distinct frame text (dumps repeat the same frames thread after thread).
  const std::string& Normalized(std::string_view frame);

  StackCollectorOptions options_;
  std::vector<FoldedProfile> profiles_;
  std::vector<StreamState> streams_;
  std::vector<MonitorContention> monitors_;
  std::vector<DeadlockReport> deadlocks_;
  std::vector<ThreadDumpItem> items_;  // reused
  std::string folded_;                 // reused
  // Raw frame text -> normalised frame. BOUNDED: cleared when it reaches kMaxCachedFrames.
  static constexpr size_t kMaxCachedFrames = 1 << 16;
  std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> frame_cache_;
  const char* last_record_ = nullptr;
  uint64_t dumps_ = 0;
  uint64_t threads_ = 0;
  uint64_t deadlock_reports_ = 0;
  uint64_t dump_serial_ = 0;
};

}  // namespace flinkscan
