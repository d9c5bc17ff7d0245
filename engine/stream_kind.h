#pragma once
// What produced a stream, from its file name ($FLINK_HOME/log, YARN and
// Kubernetes names). The kind decides how events are scoped (a TaskManager
// log's failures belong to that TaskManager) and is reported per input.

#include <string_view>

namespace flinkscan {

enum class StreamKind : uint8_t {
  kUnknown,
  kJobManager,
  kTaskManager,
  kClient,
  kStdout,
  kGc,
  kYarnOther,
  kYarnEnvelope,
};

std::string_view StreamKindName(StreamKind kind);

struct FileNameClass {
  StreamKind kind = StreamKind::kUnknown;
  bool looks_like_log = false;  // a name a log would have (.log, .out, .err, .txt, .log.N)
  int rotation = 0;             // N of a rotated ".log.N" / ".out.N", 0 for the live file
  std::string_view base;        // the name without its ".N" rotation suffix
};

// Classifies a file name (no directory part). Recognises Flink's standalone
// names flink-<user>-<daemon>-<id>-<host>.log|.out (standalonesession,
// taskexecutor, jobmanager, taskmanager, standalonejob, historyserver,
// sql-gateway, zookeeper), *-client-*.log, rotated .log.N, and YARN/K8s
// jobmanager.log / taskmanager.log / jobmanager-main.log / *.out / *.err.
FileNameClass ClassifyFileName(std::string_view name);

}  // namespace flinkscan
