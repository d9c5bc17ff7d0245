// Extractors for TaskManager, container, resource, memory, process and
// generic exception events (flink-log-formats.md §5–§9). Each searches the
// whole record text for its anchor phrase rather than the header message:
// several of these texts arrive as continuation lines (`Caused by: …`), inside
// YARN diagnostics without a Flink header, or inside a JSON message string.

#include <array>
#include <cstdint>
#include <string_view>

#include "parsers/exception_chain.h"
#include "parsers/internal/ascii.h"
#include "parsers/internal/extractors.h"

namespace flinkscan::extract {
namespace {

constexpr size_t npos = std::string_view::npos;

using ascii::IsBlank;
using ascii::IsDigit;
using ascii::IsLowerHex;

constexpr bool IsIdChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

bool Contains(std::string_view s, std::string_view needle) { return s.find(needle) != npos; }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || IsBlank(s.back()))) s.remove_suffix(1);
  return s;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view FirstLine(std::string_view text) {
  const size_t nl = text.find('\n');
  return TrimRight(nl == npos ? text : text.substr(0, nl));
}

// From `pos` to the end of its line, without the line end.
std::string_view RestOfLine(std::string_view text, size_t pos) {
  const size_t nl = text.find('\n', pos);
  return TrimRight(text.substr(pos, nl == npos ? npos : nl - pos));
}

// The text right after the first `needle`, to the end of its line; empty
// view with data()==nullptr when `needle` is absent.
std::string_view After(std::string_view text, std::string_view needle) {
  const size_t pos = text.find(needle);
  if (pos == npos) return {};
  return RestOfLine(text, pos + needle.size());
}

// Prefix of `s` up to the first char that `stop` accepts.
template <typename Stop>
std::string_view Until(std::string_view s, Stop stop) {
  size_t i = 0;
  while (i < s.size() && !stop(s[i])) ++i;
  return s.substr(0, i);
}

std::string_view Token(std::string_view s) {
  return Until(s, [](char c) { return IsBlank(c) || c == '\r' || c == '\n'; });
}

// Parses an optionally negative decimal at the start of `s`.
bool ParseInt(std::string_view s, int32_t& value) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && s[i] == '-') {
    negative = true;
    ++i;
  }
  const size_t first = i;
  int64_t v = 0;
  while (i < s.size() && IsDigit(s[i]) && i - first < 10) v = v * 10 + (s[i++] - '0');
  if (i == first || v > INT32_MAX) return false;
  value = static_cast<int32_t>(negative ? -v : v);
  return true;
}

// "host:port" / "host" -> "host".
std::string_view HostWithoutPort(std::string_view address) {
  return Until(address, [](char c) { return c == ':' || c == '/' || c == ')' || c == ']'; });
}

// A ResourceID as printed, possibly with metadata: "container_x(host:port)"
// (getStringWithMetadata, ≥1.12). Fills taskmanager_id, container_id, host.
void FillWorkerIdentity(std::string_view id, Event& out) {
  const size_t paren = id.find('(');
  if (paren != npos && paren > 0 && id.back() == ')') {
    const std::string_view metadata = id.substr(paren + 1, id.size() - paren - 2);
    if (!metadata.empty()) out.host = HostWithoutPort(metadata);
    id = id.substr(0, paren);
  }
  out.taskmanager_id = id;
  if (id.starts_with("container_")) out.container_id = id;
}

// First "container_…" id in `text`.
std::string_view FindContainerId(std::string_view text) {
  const size_t pos = text.find("container_");
  if (pos == npos) return {};
  return Until(text.substr(pos), [](char c) { return !IsIdChar(c); });
}

// First exit code in any of the forms YARN, Kubernetes and Hadoop print.
bool FindExitCode(std::string_view text, int32_t& code) {
  static constexpr std::array<std::string_view, 6> kForms = {
      "exitCode=", "Exit code:", "Exit code is ", "non-zero exit code ", "exit code ", "Exit code "};
  size_t best = npos;
  size_t best_len = 0;
  for (std::string_view form : kForms) {
    const size_t pos = text.find(form);
    if (pos < best) {
      best = pos;
      best_len = form.size();
    }
  }
  if (best == npos) return false;
  return ParseInt(TrimLeft(text.substr(best + best_len)), code);
}

OomKind ContainerMemoryKind(std::string_view text, int32_t exit_code) {
  if (Contains(text, "running beyond physical memory limits")) return OomKind::kContainerPmem;
  if (Contains(text, "running beyond virtual memory limits")) return OomKind::kContainerVmem;
  if (Contains(text, "reason=OOMKilled")) return OomKind::kPodOomKilled;
  // Hadoop ContainerExitStatus: KILLED_EXCEEDED_VMEM / KILLED_EXCEEDED_PMEM.
  if (exit_code == -103) return OomKind::kContainerVmem;
  if (exit_code == -104) return OomKind::kContainerPmem;
  return OomKind::kNone;
}

OomKind JvmOomKind(std::string_view message) {
  if (message.starts_with("Java heap space")) return OomKind::kHeap;
  if (message.starts_with("GC overhead limit exceeded")) return OomKind::kGcOverhead;
  if (message.starts_with("Metaspace")) return OomKind::kMetaspace;
  if (message.starts_with("Direct buffer memory")) return OomKind::kDirect;
  if (message.starts_with("unable to create") && Contains(message.substr(0, 40), "native thread")) {
    return OomKind::kNativeThread;
  }
  return OomKind::kOther;
}

bool IsJobIdAt(std::string_view text, size_t start) {
  if (start + 32 > text.size()) return false;
  for (size_t i = 0; i < 32; ++i) {
    if (!IsLowerHex(text[start + i])) return false;
  }
  return start + 32 == text.size() || !IsLowerHex(text[start + 32]);
}

// A 32-hex job id after "job " ("of job J", "for job J") or in parentheses
// after a job name ("Job name (J) switched …").
std::string_view FindJobId(std::string_view text) {
  for (size_t pos = text.find("job "); pos != npos; pos = text.find("job ", pos + 1)) {
    if (IsJobIdAt(text, pos + 4)) return text.substr(pos + 4, 32);
  }
  for (size_t pos = text.find('('); pos != npos; pos = text.find('(', pos + 1)) {
    if (IsJobIdAt(text, pos + 1) && pos + 33 < text.size() && text[pos + 33] == ')') {
      return text.substr(pos + 1, 32);
    }
  }
  return {};
}

// The message of the first line: the parsed header message, or the whole
// first line when the record does not open with a recognised header.
std::string_view Message(const RecordView& record) {
  if (record.header.layout != Layout::kUnknown || !record.header.message.empty()) {
    return TrimRight(record.header.message);
  }
  return FirstLine(record.text);
}

void ParseThrowable(const RecordView& record, Event& out) { out.exception = ParseExceptionChain(record.text); }

// The worker of "Worker {} is terminated. Diagnostics: {}" (≥1.12) or
// "Closing TaskExecutor connection {} because: {}"; `diagnostics` gets the
// first line of the text after it.
std::string_view FindWorkerId(std::string_view text, std::string_view& diagnostics) {
  constexpr std::string_view kWorker = "Worker ";
  constexpr std::string_view kClosing = "Closing TaskExecutor connection ";
  for (size_t pos = text.find(kWorker); pos != npos; pos = text.find(kWorker, pos + 1)) {
    const std::string_view line = RestOfLine(text, pos + kWorker.size());
    const std::string_view id = Token(line);
    if (!id.empty() && line.substr(id.size()).starts_with(" is terminated.")) {
      diagnostics = After(line, "Diagnostics: ");
      return id;
    }
  }
  if (const size_t pos = text.find(kClosing); pos != npos) {
    const std::string_view line = RestOfLine(text, pos + kClosing.size());
    diagnostics = After(line, "because: ");
    return Token(line);
  }
  return {};
}

// YARN diagnostics name the container ("Container [pid=…,containerID=…]");
// Kubernetes names workers after their pods.
void FillContainerOrPod(std::string_view text, Event& out) {
  if (out.container_id.empty()) {
    if (const std::string_view cid = After(text, "containerID="); !cid.empty()) {
      out.container_id = Until(cid, [](char c) { return !IsIdChar(c); });
    }
  }
  if (out.container_id.empty() && !out.taskmanager_id.empty() &&
      (Contains(text, "Pod terminated") || Contains(text, "pod status"))) {
    out.pod = out.taskmanager_id;
  }
}

}  // namespace

Status HeartbeatTimeout(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  constexpr std::string_view kPhrase = "eartbeat of ";  // "Heartbeat of" / "The heartbeat of"
  const size_t pos = text.find(kPhrase);
  if (pos == npos) return Status::Error("no 'heartbeat of' phrase");
  const std::string_view rest = RestOfLine(text, pos + kPhrase.size());
  const std::string_view peer = Token(rest);
  if (peer != "TaskManager" && peer != "JobManager" && peer != "ResourceManager") {
    return Status::Error("heartbeat peer is not TaskManager/JobManager/ResourceManager");
  }
  const std::string_view with_id = rest.substr(peer.size());
  if (!with_id.starts_with(" with id ")) return Status::Error("no 'with id' after heartbeat peer");
  const std::string_view id_text = with_id.substr(9);
  const size_t timed_out = id_text.find(" timed out");
  if (timed_out == npos) return Status::Error("no 'timed out' after heartbeat id");
  // ≤1.11 prints two spaces before "timed out".
  const std::string_view id = TrimRight(id_text.substr(0, timed_out));
  if (id.empty()) return Status::Error("empty heartbeat id");
  out.reason = peer;
  if (peer == "TaskManager") {
    FillWorkerIdentity(id, out);
  } else {
    out.taskmanager_id = id;
  }
  ParseThrowable(record, out);
  return Status::Ok();
}

Status TaskManagerUnreachable(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  constexpr std::string_view kNoLongerReachable = "TaskManager with id ";
  constexpr std::string_view kRemoteTaskManager = "remote task manager '";
  constexpr std::string_view kAssociation = "Association with remote system [";
  if (size_t pos = text.find(kNoLongerReachable); pos != npos) {
    const std::string_view rest = RestOfLine(text, pos + kNoLongerReachable.size());
    const size_t end = rest.find(" is no longer reachable");
    if (end != npos && end > 0) {
      FillWorkerIdentity(rest.substr(0, end), out);
      out.reason = "no longer reachable";
      ParseThrowable(record, out);
      return Status::Ok();
    }
  }
  if (size_t pos = text.find(kRemoteTaskManager); pos != npos) {
    // Netty prints the peer as "hostname/ip:port" ('/ip:port' without a name).
    const std::string_view rest = RestOfLine(text, pos + kRemoteTaskManager.size());
    const std::string_view address = Until(rest, [](char c) { return c == '\'' || IsBlank(c); });
    if (address.empty()) return Status::Error("empty remote task manager address");
    out.location = address;
    const size_t slash = address.find('/');
    if (slash == npos) {
      out.host = HostWithoutPort(address);
    } else if (slash > 0) {
      out.host = address.substr(0, slash);
    } else {
      out.host = HostWithoutPort(address.substr(1));
    }
    out.reason = "connection closed by remote task manager";
    ParseThrowable(record, out);
    return Status::Ok();
  }
  if (size_t pos = text.find(kAssociation); pos != npos) {
    const std::string_view rest = RestOfLine(text, pos + kAssociation.size());
    const std::string_view address = Until(rest, [](char c) { return c == ']' || IsBlank(c); });
    const size_t at = address.find('@');
    if (at == npos) return Status::Error("remote system address has no '@'");
    out.location = address;
    out.host = HostWithoutPort(address.substr(at + 1));
    out.reason = "association failed";
    ParseThrowable(record, out);
    return Status::Ok();
  }
  return Status::Error("no unreachable-TaskManager phrase");
}

Status WorkerTerminated(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  std::string_view diagnostics;
  const std::string_view id = FindWorkerId(text, diagnostics);
  if (id.empty()) return Status::Error("no 'Worker … is terminated' or 'Closing TaskExecutor connection'");
  out.reason = diagnostics;
  FillWorkerIdentity(id, out);
  FillContainerOrPod(text, out);
  int32_t code = 0;
  if (FindExitCode(text, code)) out.exit_code = code;
  out.oom_kind = ContainerMemoryKind(text, out.exit_code);
  ParseThrowable(record, out);
  return Status::Ok();
}

Status TaskManagerRegistered(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  constexpr std::string_view kPhrase = "Registering TaskManager with ResourceID ";
  const size_t pos = text.find(kPhrase);
  if (pos == npos) return Status::Error("no 'Registering TaskManager with ResourceID'");
  const std::string_view rest = RestOfLine(text, pos + kPhrase.size());
  const std::string_view id = Token(rest);
  if (id.empty()) return Status::Error("empty ResourceID");
  FillWorkerIdentity(id, out);
  if (out.host.empty()) {
    // "(akka.tcp://flink@host:port/user/rpc/taskmanager_0)"; local akka:// has no host.
    const std::string_view address = TrimLeft(rest.substr(id.size()));
    if (address.starts_with("(")) {
      const std::string_view inside = Until(address.substr(1), [](char c) { return c == ')' || IsBlank(c); });
      if (const size_t at = inside.find('@'); at != npos) out.host = HostWithoutPort(inside.substr(at + 1));
    }
  }
  return Status::Ok();
}

Status ContainerExit(const RecordView& record, Event& out) {
  // The earliest YARN exit phrase; the exit code is the first one after it
  // (" Exit code:-103." follows "marked as failed." on the next line).
  static constexpr std::array<std::string_view, 3> kPhrases = {
      " marked as failed", "Container killed on request", "Container exited with a non-zero exit code"};
  const std::string_view text = record.text;
  size_t best = npos;
  std::string_view phrase;
  for (std::string_view p : kPhrases) {
    const size_t pos = text.find(p);
    if (pos < best) {
      best = pos;
      phrase = p;
    }
  }
  if (best == npos) return Status::Error("no YARN container exit phrase");
  int32_t code = 0;
  if (!FindExitCode(text.substr(best), code)) return Status::Error("no container exit code");
  out.exit_code = code;
  size_t reason_start = best;
  if (phrase == kPhrases[0]) {
    // "Container <cid> marked as failed."
    const size_t line_start = text.rfind('\n', best) + 1;  // npos + 1 == 0
    const size_t container = text.rfind("Container container_", best);
    if (container == npos || container < line_start) return Status::Error("no container id before 'marked as failed'");
    reason_start = container;
    out.container_id = FindContainerId(text.substr(container));
  } else {
    out.container_id = FindContainerId(text);
  }
  out.reason = RestOfLine(text, reason_start);
  out.oom_kind = ContainerMemoryKind(text, code);
  ParseThrowable(record, out);
  return Status::Ok();
}

Status ContainerLaunchFailed(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  const size_t pos = text.find("Exception from container-launch");
  if (pos == npos) return Status::Error("no 'Exception from container-launch'");
  out.reason = RestOfLine(text, pos);
  if (const std::string_view id = After(text, "Container id: "); !id.empty()) {
    out.container_id = Until(id, [](char c) { return !IsIdChar(c); });
  } else {
    out.container_id = FindContainerId(text);
  }
  int32_t code = 0;
  if (FindExitCode(text, code)) out.exit_code = code;
  ParseThrowable(record, out);
  return Status::Ok();
}

Status ResourceShortage(const RecordView& record, Event& out) {
  static constexpr std::array<std::string_view, 6> kPhrases = {
      "Could not acquire the minimum required resources",
      "NoResourceAvailableException",
      "Could not fulfill resource requirements of job",
      "Could not allocate all requires slots within timeout",
      "No pooled slot available and request to ResourceManager for new slot failed",
      "Slot request bulk is not fulfillable",
  };
  const std::string_view text = record.text;
  size_t best = npos;
  std::string_view phrase;
  for (std::string_view p : kPhrases) {
    const size_t pos = text.find(p);
    if (pos < best) {
      best = pos;
      phrase = p;
    }
  }
  if (best == npos) return Status::Error("no resource shortage phrase");
  std::string_view reason = RestOfLine(text, best);
  if (phrase == "NoResourceAvailableException") {
    const std::string_view after = reason.substr(phrase.size());
    if (after.starts_with(": ") && after.size() > 2) reason = after.substr(2);
  }
  out.reason = reason;
  // Only "… of job <id>" names a job; other 32-hex ids on these lines are attempts.
  const size_t of_job = text.find("of job ", best);
  if (of_job != npos) out.job_id = FindJobId(RestOfLine(text, of_job));
  // The job's own state change carrying the exception: "Job <name> (<id>) switched from state …".
  const std::string_view first = FirstLine(text);
  const size_t state = first.find(") switched from state ");
  if (out.job_id.empty() && state != npos && state >= 32 && IsJobIdAt(first, state - 32)) {
    out.job_id = first.substr(state - 32, 32);
  }
  ParseThrowable(record, out);
  return Status::Ok();
}

Status OutOfMemory(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  constexpr std::string_view kOom = "java.lang.OutOfMemoryError";
  if (size_t pos = text.find(kOom); pos != npos) {
    std::string_view message = RestOfLine(text, pos + kOom.size());
    if (message.starts_with(":")) message = TrimLeft(message.substr(1));
    out.oom_kind = message.empty() ? OomKind::kOther : JvmOomKind(message);
    out.reason = message.empty() ? RestOfLine(text, pos) : message;
    ParseThrowable(record, out);
    return Status::Ok();
  }
  // A memory kill by YARN or Kubernetes, usually inside worker diagnostics.
  const OomKind container_kind = ContainerMemoryKind(text, INT32_MIN);
  if (container_kind != OomKind::kNone) {
    out.oom_kind = container_kind;
    std::string_view diagnostics;
    if (const std::string_view id = FindWorkerId(text, diagnostics); !id.empty()) FillWorkerIdentity(id, out);
    FillContainerOrPod(text, out);
    if (out.container_id.empty()) out.container_id = FindContainerId(text);
    int32_t code = 0;
    if (FindExitCode(text, code)) out.exit_code = code;
    if (const std::string_view usage = After(text, "Current usage: "); !usage.empty()) {
      out.reason = usage;
    } else if (container_kind == OomKind::kPodOomKilled) {
      out.reason = "OOMKilled";
    } else {
      out.reason = RestOfLine(text, text.find("running beyond "));
    }
    ParseThrowable(record, out);
    return Status::Ok();
  }
  return Status::Error("no OutOfMemoryError or container memory kill");
}

Status JobManagerStopped(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  constexpr std::string_view kStatus = "down with application status ";
  if (size_t pos = text.find("RECEIVED SIGNAL "); pos != npos) {
    // "RECEIVED SIGNAL 15: SIGTERM. Shutting down as requested."
    const std::string_view line = RestOfLine(text, pos);
    out.reason = Until(line, [](char c) { return c == '.'; });
  } else if (pos = text.find(kStatus); pos != npos) {
    const std::string_view line = RestOfLine(text, pos + kStatus.size());
    const std::string_view status = Until(line, [](char c) { return c == '.' || IsBlank(c); });
    if (status.empty()) return Status::Error("empty application status");
    if (status == "SUCCEEDED") return Status::Error("application status SUCCEEDED is a normal stop");
    out.to_state = status;
    out.reason = line;
  } else if (pos = text.find("Fatal error occurred"); pos != npos) {
    out.reason = RestOfLine(text, pos);
  } else {
    return Status::Error("no signal, shutdown status or fatal error phrase");
  }
  ParseThrowable(record, out);
  return Status::Ok();
}

Status StartupFact(const RecordView& record, Event& out) {
  // The banner lines start with a space (" Starting …", " JVM: …") unless a
  // log viewer collapsed it into the separator.
  const std::string_view line = TrimLeft(Message(record));
  constexpr std::string_view kVersion = "(Version: ";
  constexpr std::string_view kJvm = "JVM: ";
  constexpr std::string_view kHeap = "Maximum heap size: ";
  if (size_t pos = line.find(kVersion); pos != npos && line.starts_with("Starting ")) {
    const std::string_view version =
        Until(line.substr(pos + kVersion.size()), [](char c) { return c == ',' || c == ')' || IsBlank(c); });
    if (version.empty()) return Status::Error("empty Flink version");
    out.reason = "flink_version";
    out.job_name = version;
    return Status::Ok();
  }
  if (line.starts_with(kJvm)) {
    out.reason = "jvm";
    out.job_name = TrimLeft(line.substr(kJvm.size()));
    return out.job_name.empty() ? Status::Error("empty JVM description") : Status::Ok();
  }
  if (line.starts_with(kHeap)) {
    out.reason = "max_heap";
    out.job_name = TrimLeft(line.substr(kHeap.size()));
    return out.job_name.empty() ? Status::Error("empty heap size") : Status::Ok();
  }
  return Status::Error("no startup banner fact");
}

Status Exception(const RecordView& record, Event& out) {
  const std::string_view message = Message(record);
  // 1.13–1.14 TaskManager lines stringify the throwable inline.
  std::string_view inline_start;
  constexpr std::string_view kFailureCause = "with failure cause: ";
  if (const size_t pos = message.find(kFailureCause); pos != npos) {
    const std::string_view candidate = message.substr(pos + kFailureCause.size());
    if (LooksLikeThrowableLine(candidate)) inline_start = candidate;
  }
  out.exception = ParseExceptionChain(record.text, inline_start);
  out.reason = message;
  if (!out.exception.present && record.header.level < Level::kError) {
    return Status::Error("no throwable and level below ERROR");
  }
  return Status::Ok();
}

}  // namespace flinkscan::extract
