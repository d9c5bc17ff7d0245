#pragma once
// The lines of a `yarn logs -applicationId X` envelope (flink-log-formats.md
// §9.1) and what a YARN section's name says about its stream. Pure functions
// on string_views, shared by the framer and its tests.
//
// Hadoop 3:   Container: <id> on <host>_<port> / LogAggregationType: … / ==== /
//             LogType:<t> / LogLastModifiedTime:… / LogLength:<n> / LogContents: /
//             <n bytes> "\n" End of LogType:<t> / **** / blank
// Hadoop 2.8: the Container header once per container, "Log Upload Time:",
//             "Log Contents:", otherwise as Hadoop 3.
// Hadoop 2.7: the end marker follows the body with no "\n" of its own.
// Hadoop ≤2.5: "LogType: <t>", "LogLength: <n>", no end marker at all.

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/stream_kind.h"

namespace flinkscan {

enum class EnvelopeLineType : uint8_t {
  kBlank,
  kContainer,    // "Container: <id> on <node>"
  kHeaderField,  // LogAggregationType:, LogLastModifiedTime:, Log Upload Time:
  kRule,         // a line of '=' or '*'
  kLogType,      // "LogType:<t>"
  kLogLength,    // "LogLength:<n>"
  kContents,     // "LogContents:" / "Log Contents:": the body starts on the next byte
  kEndMarker,    // "End of LogType:<t>[. This log file belongs to a running container …]"
  kOther,        // not an envelope line
};

struct EnvelopeLine {
  EnvelopeLineType type = EnvelopeLineType::kOther;
  std::string_view value;  // container id, log type or length text (trimmed)
  std::string_view node;   // kContainer: "<host>_<port>" ("" when absent)
};

// `line` excludes its '\n'; a trailing '\r' is ignored.
EnvelopeLine ClassifyEnvelopeLine(std::string_view line);

// "hadoopnode_36113" -> "hadoopnode"; a node without a numeric "_port" stays whole.
std::string_view HostOfNodeId(std::string_view node);

// The LogLength text as a byte count; nullopt when it is not a plain decimal
// number that fits in 63 bits.
std::optional<uint64_t> ParseLogLength(std::string_view text);

// The AM is always the first container of its application attempt:
// container_[e<epoch>_]<cluster>_<app>_<attempt>_000001.
bool IsFirstContainerOfAttempt(std::string_view container_id);

// Kind of a section from its log type (the file name inside the container).
// `application_master`: the container runs the JobManager; decides Flink logs
// under names that do not say jobmanager/taskmanager (a custom log4j file).
//   jobmanager.log, jobmanager-main.log              -> jobmanager
//   taskmanager.log (and rotations)                  -> taskmanager
//   *.out, *.err, stdout, stderr                     -> stdout
//   gc*.log, *-gc.log                                -> gc
//   prelaunch.*, launch_container.sh, directory.info,
//   syslog, container-localizer-syslog               -> yarn-other
//   other *.log                                      -> jobmanager in the AM, else taskmanager
//   anything else                                    -> yarn-other
StreamKind KindOfYarnLogType(std::string_view log_type, bool application_master);

}  // namespace flinkscan
