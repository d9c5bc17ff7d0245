#include "engine/stream_kind.h"

#include <cctype>

#include "engine/internal/text_match.h"

namespace flinkscan {
namespace {

using text::Contains;
using text::EndsWith;
using text::StartsWith;

// Splits "name.log.3" into ("name.log", 3).
std::string_view StripRotation(std::string_view name, int& rotation) {
  rotation = 0;
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size()) return name;
  int n = 0;
  for (size_t i = dot + 1; i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i])) || n > 100000) return name;
    n = n * 10 + (name[i] - '0');
  }
  const std::string_view base = name.substr(0, dot);
  if (!EndsWith(base, ".log") && !EndsWith(base, ".out") && !EndsWith(base, ".err")) return name;
  rotation = n;
  return base;
}

StreamKind KindOfFlinkDaemon(std::string_view stem) {
  // flink-<user>-<daemon>-<id>-<host>: the daemon name sits between dashes.
  if (Contains(stem, "-standalonesession-") || Contains(stem, "-jobmanager-") ||
      Contains(stem, "-standalonejob-") || Contains(stem, "-historyserver-") ||
      Contains(stem, "-sql-gateway-")) {
    return StreamKind::kJobManager;
  }
  if (Contains(stem, "-taskexecutor-") || Contains(stem, "-taskmanager-")) return StreamKind::kTaskManager;
  if (Contains(stem, "-client-")) return StreamKind::kClient;
  return StreamKind::kUnknown;
}

}  // namespace

std::string_view StreamKindName(StreamKind kind) {
  switch (kind) {
    case StreamKind::kJobManager: return "jobmanager";
    case StreamKind::kTaskManager: return "taskmanager";
    case StreamKind::kClient: return "client";
    case StreamKind::kStdout: return "stdout";
    case StreamKind::kGc: return "gc";
    case StreamKind::kYarnOther: return "yarn-other";
    case StreamKind::kYarnEnvelope: return "yarn-envelope";
    case StreamKind::kUnknown: break;
  }
  return "unknown";
}

FileNameClass ClassifyFileName(std::string_view name) {
  FileNameClass out;
  out.base = StripRotation(name, out.rotation);
  const std::string_view base = out.base;
  const bool is_log = EndsWith(base, ".log");
  const bool is_out = EndsWith(base, ".out");
  const bool is_err = EndsWith(base, ".err");
  out.looks_like_log = is_log || is_out || is_err || EndsWith(base, ".txt") || base == "stdout" ||
                       base == "stderr" || base == "syslog";
  const std::string_view stem = base.substr(0, base.rfind('.') == std::string_view::npos ? base.size()
                                                                                          : base.rfind('.'));
  // JVM GC logs: gc.log, gc.log.0.current (-Xloggc rotation), taskmanager-gc.log …
  if (Contains(base, "gc") && (StartsWith(base, "gc") || Contains(base, "-gc") || Contains(base, "_gc") ||
                               Contains(base, ".gc")) && !EndsWith(base, ".pid") && !EndsWith(base, ".jar")) {
    out.kind = StreamKind::kGc;
    return out;
  }
  // A pid file or a jar shares the daemon's name but is no log.
  if (!out.looks_like_log) return out;
  if (is_out || is_err || base == "stdout" || base == "stderr") {
    out.kind = StreamKind::kStdout;
    return out;
  }
  if (StartsWith(base, "flink-")) {
    out.kind = KindOfFlinkDaemon(stem);
    if (out.kind != StreamKind::kUnknown) return out;
  }
  if (StartsWith(base, "jobmanager")) {
    out.kind = StreamKind::kJobManager;
  } else if (StartsWith(base, "taskmanager") || StartsWith(base, "taskexecutor")) {
    out.kind = StreamKind::kTaskManager;
  } else if (Contains(stem, "-client-") || EndsWith(stem, "-client")) {
    out.kind = StreamKind::kClient;
  }
  return out;
}

}  // namespace flinkscan
