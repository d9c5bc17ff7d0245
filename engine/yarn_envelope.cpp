#include "engine/yarn_envelope.h"

#include "engine/internal/text_match.h"

namespace flinkscan {
namespace {

using text::EndsWith;
using text::StartsWith;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IsRule(std::string_view line) {
  if (line.size() < 3 || (line[0] != '=' && line[0] != '*')) return false;
  for (char c : line) {
    if (c != line[0]) return false;
  }
  return true;
}

}  // namespace

EnvelopeLine ClassifyEnvelopeLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  EnvelopeLine out;
  if (line.empty()) {
    out.type = EnvelopeLineType::kBlank;
    return out;
  }
  switch (line[0]) {
    case 'C':
      if (StartsWith(line, "Container: ")) {
        std::string_view rest = Trim(line.substr(11));
        const size_t on = rest.find(" on ");
        out.value = Trim(rest.substr(0, on));
        if (on != std::string_view::npos) out.node = Trim(rest.substr(on + 4));
        if (!out.value.empty()) out.type = EnvelopeLineType::kContainer;
      }
      return out;
    case 'L':
      if (StartsWith(line, "LogType:")) {
        out.type = EnvelopeLineType::kLogType;
        out.value = Trim(line.substr(8));
      } else if (StartsWith(line, "LogLength:")) {
        out.type = EnvelopeLineType::kLogLength;
        out.value = Trim(line.substr(10));
      } else if (Trim(line) == "LogContents:" || Trim(line) == "Log Contents:") {
        out.type = EnvelopeLineType::kContents;
      } else if (StartsWith(line, "LogAggregationType:") || StartsWith(line, "LogLastModifiedTime:") ||
                 StartsWith(line, "Log Upload Time:") || StartsWith(line, "LogUploadTime:")) {
        out.type = EnvelopeLineType::kHeaderField;
      }
      return out;
    case 'E':
      if (StartsWith(line, "End of LogType:")) {
        std::string_view rest = line.substr(15);
        // A running container's section: "End of LogType:<t>. This log file belongs to a running …"
        const size_t running = rest.find(". This log file");
        out.type = EnvelopeLineType::kEndMarker;
        out.value = Trim(rest.substr(0, running));
      }
      return out;
    case '=':
    case '*':
      if (IsRule(Trim(line))) out.type = EnvelopeLineType::kRule;
      return out;
    default:
      return out;
  }
}

std::string_view HostOfNodeId(std::string_view node) {
  const size_t underscore = node.rfind('_');
  if (underscore == std::string_view::npos || underscore == 0 || underscore + 1 == node.size()) return node;
  for (size_t i = underscore + 1; i < node.size(); ++i) {
    if (node[i] < '0' || node[i] > '9') return node;
  }
  return node.substr(0, underscore);
}

std::optional<uint64_t> ParseLogLength(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() > 18) return std::nullopt;  // 18 digits < 2^63
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

bool IsFirstContainerOfAttempt(std::string_view container_id) {
  return StartsWith(container_id, "container_") && EndsWith(container_id, "_000001");
}

StreamKind KindOfYarnLogType(std::string_view log_type, bool application_master) {
  // YARN's own files, whatever their extension says.
  if (StartsWith(log_type, "prelaunch.") || log_type == "launch_container.sh" ||
      log_type == "directory.info" || StartsWith(log_type, "syslog") ||
      StartsWith(log_type, "container-localizer-syslog")) {
    return StreamKind::kYarnOther;
  }
  const FileNameClass by_name = ClassifyFileName(log_type);
  switch (by_name.kind) {
    case StreamKind::kJobManager:
    case StreamKind::kTaskManager:
    case StreamKind::kStdout:
    case StreamKind::kGc:
    case StreamKind::kClient:
      return by_name.kind;
    default:
      break;
  }
  // A Flink log under a custom log4j file name: its container says whose it is.
  if (EndsWith(by_name.base, ".log")) {
    return application_master ? StreamKind::kJobManager : StreamKind::kTaskManager;
  }
  return StreamKind::kYarnOther;
}

}  // namespace flinkscan
