#pragma once
// HotSpot thread dumps (jstack, `kill -3`, jcmd Thread.print) and Flink's
// stuck-task dumps, read from log text. A dump arrives in pieces: in a
// `.out` file each thread block is its own header-less record, inside a log
// record it is one block of continuation lines. So the parser turns any piece
// of text into a sequence of items (dump start, timestamp, thread, deadlock
// lines, dump end), and the engine (engine/stack_profile.h) stitches the items
// of one stream together. Views point into the text.
//
// Shapes covered (docs/stacks.md):
//   JDK 8   "name" #12 daemon prio=5 os_prio=0 tid=0x00007f… nid=0x1a03 waiting on condition [0x…]
//   JDK 11+ "name" #12 daemon prio=5 os_prio=0 cpu=12.34ms elapsed=56.78s tid=0x… nid=0x1a03 runnable
//   JDK 19+ "name" #12 [6659] daemon prio=5 os_prio=0 cpu=… elapsed=… tid=0x… nid=6659 runnable
//   VM threads have no "#N" and no State line; frames are "\tat …", lock lines "\t- locked <0x…> (a …)".

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/wall_time.h"

namespace flinkscan {

struct ThreadHeader {
  std::string_view name;
  int64_t number = -1;        // "#12"; -1 for VM-internal threads
  int64_t os_thread_id = -1;  // JDK 19+: "[6659]" after the number
  bool daemon = false;
  int32_t priority = -1;
  double cpu_ms = -1;         // JDK 11+
  double elapsed_s = -1;      // JDK 11+
  std::string_view tid;       // "0x00007f3b1c0e4000"
  std::string_view nid;       // "0x1a03" (JDK <= 17) or "6659" (JDK 19+)
  std::string_view status;    // "runnable", "waiting for monitor entry", "in Object.wait()", …
};

// Parses a thread header line (no leading blank, no line end). False when the
// line does not have the shape.
bool ParseThreadHeader(std::string_view line, ThreadHeader& out);

enum class LockAction : uint8_t {
  kLocked,           // - locked <0x…> (a …)
  kWaitingToLock,    // - waiting to lock <0x…> (a …)            BLOCKED on a monitor
  kWaitingOn,        // - waiting on <0x…> (a …)                 Object.wait()
  kWaitingToRelock,  // - waiting to re-lock in wait() <0x…> (a …)
  kParkingToWaitFor, // - parking to wait for  <0x…> (a …)        LockSupport.park
  kEliminated,       // - eliminated <owner is scalar replaced> (a …)
  kOwnsSynchronizer, // "Locked ownable synchronizers:" then "- <0x…> (a …)"
};

struct LockLine {
  LockAction action = LockAction::kLocked;
  std::string_view address;     // "0x000000076ab62208"; empty when not printed
  std::string_view class_name;  // "java.lang.Object"
  uint32_t frame = 0;           // index of the frame the line follows (0 = top)
};

// Parses a lock line (trimmed, starting with "- "). `ownable` reads the bare
// "- <0x…> (a …)" form of the "Locked ownable synchronizers:" section.
bool ParseLockLine(std::string_view trimmed, bool ownable, LockLine& out);

struct ThreadStack {
  static constexpr size_t kMaxFrames = 1024;  // the JVM's default MaxJavaStackTraceDepth
  static constexpr size_t kMaxLocks = 64;

  ThreadHeader header;
  std::string_view state;         // "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", … ; "" when not printed
  std::string_view state_detail;  // "on object monitor", "parking", "sleeping"
  std::vector<std::string_view> frames;  // top first, without "at "
  std::vector<LockLine> locks;           // bounded by kMaxLocks

  // The monitor a BLOCKED thread waits for ("- waiting to lock"), or nullptr.
  const LockLine* BlockedOn() const;
};

// One line of a deadlock report's first part:
//   "Thread-1":
//     waiting to lock monitor 0x00007f…(object 0x000000076ab63e80, a java.lang.Object),
//     which is held by "Thread-0"
struct DeadlockWait {
  std::string_view thread;
  std::string_view object;      // "0x000000076ab63e80" (the ownable synchronizer's address for j.u.c locks)
  std::string_view class_name;  // "java.lang.Object"
  std::string_view holder;      // "Thread-0"
};

enum class ThreadDumpItemKind : uint8_t {
  kTimestamp,      // "2024-03-05 10:15:30": jstack and SIGQUIT print it right before the dump
  kDumpStart,      // "Full thread dump OpenJDK 64-Bit Server VM (17.0.2+8 mixed mode, sharing):"
  kThread,         // a thread block
  kDeadlockStart,  // "Found one Java-level deadlock:"
  kDeadlockWait,   // see DeadlockWait
  kDeadlockStack,  // "Java stack information for the threads listed above:" blocks ("name": + frames)
  kDeadlockEnd,    // "Found 2 deadlocks."
  kDumpEnd,        // "JNI global refs: …" / "JNI global references: …"
};

struct ThreadDumpItem {
  ThreadDumpItemKind kind = ThreadDumpItemKind::kThread;
  WallTime time;                // kTimestamp
  std::string_view text;        // kDumpStart: the VM description
  int64_t count = -1;           // kDeadlockEnd: deadlocks found
  ThreadStack thread;           // kThread, kDeadlockStack (name, frames and locks only)
  DeadlockWait wait;            // kDeadlockWait
};

// Appends the thread dump items found in `text` (a record or any piece of log
// text; a log4j header line at its start is skipped) to `out`, in text order.
void ParseThreadDumpText(std::string_view text, std::vector<ThreadDumpItem>& out);

// Flink's "Task '…' did not react to cancelling signal …, but is stuck in
// method:" warning: the frames that follow, one per line, without "at " and
// without a tab. Top first; empty when the record has none.
std::vector<std::string_view> StuckTaskFrames(std::string_view record_text);

}  // namespace flinkscan
