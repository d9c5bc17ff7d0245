#include "parsers/thread_dump.h"

#include <charconv>
#include <cstring>

#include "parsers/exception_chain.h"
#include "parsers/internal/ascii.h"
#include "parsers/internal/record_text.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

using extract::text::EndsWith;
using extract::text::ForEachLine;
using extract::text::StartsWith;
using extract::text::TrimLeft;
using extract::text::TrimRight;

template <typename Number>
bool ReadNumber(std::string_view s, Number& out) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// "cpu=12.34ms" -> 12.34 (std::from_chars for double is in GCC 12).
bool ReadDecimalWithUnit(std::string_view s, std::string_view unit, double& out) {
  if (!EndsWith(s, unit)) return false;
  return ReadNumber(s.substr(0, s.size() - unit.size()), out);
}

// "2024-03-05 10:15:30" exactly.
bool ParseDumpTimestamp(std::string_view s, WallTime& out) {
  if (s.size() != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
  int values[6];
  const size_t starts[6] = {0, 5, 8, 11, 14, 17};
  const size_t lengths[6] = {4, 2, 2, 2, 2, 2};
  for (int i = 0; i < 6; ++i) {
    if (!ReadNumber(s.substr(starts[i], lengths[i]), values[i])) return false;
  }
  if (values[1] < 1 || values[1] > 12 || values[2] < 1 || values[2] > 31 || values[3] > 23 || values[4] > 59 ||
      values[5] > 60) {
    return false;
  }
  const int64_t days = DaysFromCivil(values[0], static_cast<unsigned>(values[1]), static_cast<unsigned>(values[2]));
  out.ms = days * kMillisPerDay + ((values[3] * 60 + values[4]) * 60 + values[5]) * int64_t{1000};
  out.has_date = true;
  return true;
}

// "…(object 0x000000076ab63e80, a java.lang.Object)," -> object and class.
void ReadDeadlockObject(std::string_view line, DeadlockWait& wait) {
  size_t object = line.find("(object ");
  size_t skip = 8;
  if (object == std::string_view::npos) {
    // "waiting for ownable synchronizer 0x…, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),"
    object = line.find("synchronizer ");
    skip = 13;
  }
  if (object == std::string_view::npos) return;
  std::string_view rest = line.substr(object + skip);
  const size_t comma = rest.find(',');
  if (comma == std::string_view::npos) return;
  wait.object = rest.substr(0, comma);
  const size_t a = rest.find("a ", comma);
  if (a == std::string_view::npos) return;
  std::string_view cls = rest.substr(a + 2);
  const size_t close = cls.find(')');
  wait.class_name = close == std::string_view::npos ? cls : cls.substr(0, close);
}

class DumpReader {
 public:
  explicit DumpReader(std::vector<ThreadDumpItem>& out) : out_(out) {}

  void Line(std::string_view raw) {
    const std::string_view line = TrimRight(raw);
    const std::string_view trimmed = TrimLeft(line);
    if (trimmed.empty()) {
      Close();
      return;
    }
    const bool indented = trimmed.size() != line.size();
    if (!indented) {
      if (line.front() == '"') {
        Close();
        if (EndsWith(line, "\":")) {
          open_ = true;
          named_block_ = true;
          current_ = ThreadDumpItem{};
          current_.thread.header.name = line.substr(1, line.size() - 3);
          return;
        }
        ThreadHeader header;
        if (ParseThreadHeader(line, header)) {
          open_ = true;
          named_block_ = false;
          current_ = ThreadDumpItem{};
          current_.thread.header = header;
        }
        return;
      }
      Close();
      WallTime time;
      if (ParseDumpTimestamp(line, time)) {
        Emit(ThreadDumpItemKind::kTimestamp).time = time;
      } else if (StartsWith(line, "Full thread dump ")) {
        std::string_view vm = line.substr(17);
        if (EndsWith(vm, ":")) vm.remove_suffix(1);
        Emit(ThreadDumpItemKind::kDumpStart).text = vm;
      } else if (StartsWith(line, "Found one Java-level deadlock:")) {
        Emit(ThreadDumpItemKind::kDeadlockStart);
      } else if (StartsWith(line, "Found ") && (EndsWith(line, " deadlock.") || EndsWith(line, " deadlocks."))) {
        int64_t n = -1;
        const std::string_view digits = line.substr(6, line.find(' ', 6) - 6);
        ThreadDumpItem& item = Emit(ThreadDumpItemKind::kDeadlockEnd);
        if (ReadNumber(digits, n)) item.count = n;
      } else if (StartsWith(line, "JNI global ref")) {
        Emit(ThreadDumpItemKind::kDumpEnd);
      }
      return;
    }
    if (!open_) return;
    ThreadStack& thread = current_.thread;
    if (StartsWith(trimmed, "java.lang.Thread.State: ")) {
      std::string_view state = trimmed.substr(24);
      const size_t space = state.find(' ');
      if (space != std::string_view::npos) {
        std::string_view detail = state.substr(space + 1);
        if (detail.size() >= 2 && detail.front() == '(' && detail.back() == ')') {
          detail = detail.substr(1, detail.size() - 2);
        }
        thread.state_detail = detail;
        state = state.substr(0, space);
      }
      thread.state = state;
      return;
    }
    const std::string_view frame = StackFrameText(trimmed);
    if (!frame.empty()) {
      ownable_section_ = false;
      if (thread.frames.size() < ThreadStack::kMaxFrames) thread.frames.push_back(frame);
      return;
    }
    if (StartsWith(trimmed, "Locked ownable synchronizers:")) {
      ownable_section_ = true;
      return;
    }
    if (StartsWith(trimmed, "- ")) {
      LockLine lock;
      if (thread.locks.size() < ThreadStack::kMaxLocks && ParseLockLine(trimmed, ownable_section_, lock)) {
        lock.frame = thread.frames.empty() ? 0 : static_cast<uint32_t>(thread.frames.size() - 1);
        thread.locks.push_back(lock);
      }
      return;
    }
    if (named_block_) {
      if (StartsWith(trimmed, "waiting to lock monitor ") || StartsWith(trimmed, "waiting for ownable synchronizer ")) {
        ReadDeadlockObject(trimmed, current_.wait);
        has_wait_ = true;
      } else if (StartsWith(trimmed, "which is held by \"")) {
        std::string_view holder = trimmed.substr(18);
        const size_t close = holder.rfind('"');
        current_.wait.holder = close == std::string_view::npos ? holder : holder.substr(0, close);
        has_wait_ = true;
      }
    }
  }

  void Close() {
    if (!open_) return;
    open_ = false;
    ownable_section_ = false;
    if (named_block_) {
      if (has_wait_) {
        current_.kind = ThreadDumpItemKind::kDeadlockWait;
        current_.wait.thread = current_.thread.header.name;
      } else {
        current_.kind = ThreadDumpItemKind::kDeadlockStack;
      }
    } else {
      current_.kind = ThreadDumpItemKind::kThread;
    }
    has_wait_ = false;
    out_.push_back(std::move(current_));
    current_ = ThreadDumpItem{};
  }

 private:
  ThreadDumpItem& Emit(ThreadDumpItemKind kind) {
    out_.emplace_back();
    out_.back().kind = kind;
    return out_.back();
  }

  std::vector<ThreadDumpItem>& out_;
  ThreadDumpItem current_;
  bool open_ = false;
  bool named_block_ = false;
  bool has_wait_ = false;
  bool ownable_section_ = false;
};

template <typename Fn>
void ForEachBodyLine(std::string_view text, Fn&& fn) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* p = begin;
  if (StartsRecord(begin, end)) {
    const void* nl = std::memchr(begin, '\n', text.size());
    p = nl ? static_cast<const char*>(nl) + 1 : end;
  }
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* line_end = nl ? static_cast<const char*>(nl) : end;
    fn(std::string_view(p, static_cast<size_t>(line_end - p)));
    p = line_end + 1;
  }
}

}  // namespace

bool ParseThreadHeader(std::string_view line, ThreadHeader& out) {
  line = TrimRight(line);
  if (line.size() < 3 || line.front() != '"') return false;
  const size_t tid = line.find(" tid=");
  if (tid == std::string_view::npos) return false;
  // The name ends at the last quote before the attributes (names may hold quotes).
  const size_t close = line.rfind("\" ", tid);
  if (close == std::string_view::npos || close == 0) return false;
  ThreadHeader header;
  header.name = line.substr(1, close - 1);
  std::string_view attributes = line.substr(close + 2, tid - close - 2);
  while (!attributes.empty()) {
    const size_t space = attributes.find(' ');
    const std::string_view token = attributes.substr(0, space);
    attributes = space == std::string_view::npos ? std::string_view{} : attributes.substr(space + 1);
    if (token.empty()) continue;
    if (token.front() == '#') {
      ReadNumber(token.substr(1), header.number);
    } else if (token.front() == '[' && token.back() == ']') {
      ReadNumber(token.substr(1, token.size() - 2), header.os_thread_id);
    } else if (token == "daemon") {
      header.daemon = true;
    } else if (StartsWith(token, "prio=")) {
      ReadNumber(token.substr(5), header.priority);
    } else if (StartsWith(token, "cpu=")) {
      ReadDecimalWithUnit(token.substr(4), "ms", header.cpu_ms);
    } else if (StartsWith(token, "elapsed=")) {
      ReadDecimalWithUnit(token.substr(8), "s", header.elapsed_s);
    }
  }
  std::string_view rest = line.substr(tid + 5);
  const size_t tid_end = rest.find(' ');
  header.tid = rest.substr(0, tid_end);
  rest = tid_end == std::string_view::npos ? std::string_view{} : rest.substr(tid_end + 1);
  if (StartsWith(rest, "nid=")) {
    const size_t nid_end = rest.find(' ');
    header.nid = rest.substr(4, nid_end == std::string_view::npos ? std::string_view::npos : nid_end - 4);
    rest = nid_end == std::string_view::npos ? std::string_view{} : rest.substr(nid_end + 1);
  }
  // "waiting on condition  [0x00007f…]": the stack address is not part of the status.
  if (!rest.empty() && rest.back() == ']') {
    const size_t open = rest.rfind(" [0x");
    if (open != std::string_view::npos) rest = TrimRight(rest.substr(0, open));
  }
  header.status = rest;
  out = header;
  return true;
}

bool ParseLockLine(std::string_view trimmed, bool ownable, LockLine& out) {
  trimmed = TrimRight(trimmed);
  if (!StartsWith(trimmed, "- ")) return false;
  std::string_view rest = trimmed.substr(2);
  struct Prefix {
    std::string_view text;
    LockAction action;
  };
  static constexpr Prefix kPrefixes[] = {
      {"locked ", LockAction::kLocked},
      {"waiting to lock ", LockAction::kWaitingToLock},
      {"waiting on ", LockAction::kWaitingOn},
      {"waiting to re-lock in wait() ", LockAction::kWaitingToRelock},
      {"parking to wait for ", LockAction::kParkingToWaitFor},
      {"eliminated ", LockAction::kEliminated},
  };
  LockLine lock;
  bool matched = false;
  if (ownable && StartsWith(rest, "<")) {
    lock.action = LockAction::kOwnsSynchronizer;
    matched = true;
  } else {
    for (const Prefix& prefix : kPrefixes) {
      if (StartsWith(rest, prefix.text)) {
        lock.action = prefix.action;
        rest = TrimLeft(rest.substr(prefix.text.size()));
        matched = true;
        break;
      }
    }
  }
  if (!matched || rest.empty() || rest.front() != '<') return false;
  const size_t close = rest.find('>');
  if (close == std::string_view::npos) return false;
  const std::string_view address = rest.substr(1, close - 1);
  if (StartsWith(address, "0x")) lock.address = address;
  const size_t a = rest.find("(a ", close);
  if (a != std::string_view::npos) {
    std::string_view cls = rest.substr(a + 3);
    const size_t end = cls.rfind(')');
    lock.class_name = end == std::string_view::npos ? cls : cls.substr(0, end);
  }
  out = lock;
  return true;
}

const LockLine* ThreadStack::BlockedOn() const {
  for (const LockLine& lock : locks) {
    if (lock.action == LockAction::kWaitingToLock && !lock.address.empty()) return &lock;
  }
  return nullptr;
}

void ParseThreadDumpText(std::string_view text, std::vector<ThreadDumpItem>& out) {
  DumpReader reader(out);
  ForEachBodyLine(text, [&](std::string_view line) { reader.Line(line); });
  reader.Close();
}

std::vector<std::string_view> StuckTaskFrames(std::string_view record_text) {
  std::vector<std::string_view> frames;
  const size_t marker = record_text.find("in method:");
  if (marker == std::string_view::npos) return frames;
  const size_t nl = record_text.find('\n', marker);
  if (nl == std::string_view::npos) return frames;
  std::string_view rest = record_text.substr(nl + 1);
  while (!rest.empty() && frames.size() < ThreadStack::kMaxFrames) {
    const size_t end = rest.find('\n');
    std::string_view line = TrimLeft(TrimRight(rest.substr(0, end)));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (line.empty()) break;
    // Older Flink versions print "at " like a trace; tolerate it.
    const std::string_view frame = StackFrameText(line);
    const std::string_view text = frame.empty() ? line : frame;
    // A frame is "pkg.Class.method(Source)": anything else ends the dump.
    if (text.find('(') == std::string_view::npos || text.back() != ')') break;
    frames.push_back(text);
  }
  return frames;
}

}  // namespace flinkscan
