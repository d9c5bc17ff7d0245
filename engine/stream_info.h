#pragma once
// What the reader knows about a logical stream: which input it came from,
// which archive member or YARN section of it, and what produced it.
// Streams are numbered in the order the reader first meets them.

#include <string>

#include "engine/stream_kind.h"

namespace flinkscan {

struct StreamInfo {
  std::string path;       // the input as given ("-" for stdin)
  std::string member;     // archive member path, "" when not unpacked from an archive
  std::string section;    // YARN "<container>/<logtype>", "" when not framed
  StreamKind kind = StreamKind::kUnknown;
  std::string host;       // YARN node host, or the host in a Flink file name
  std::string container;  // YARN container id
  bool count_only = false;  // envelope lines: counted for accounting, never scanned
  // engine/line_prefix_filter.h: the line prefix stripped from this stream
  // ("docker-compose", "kubectl", "timestamps", "cri", or two joined by "+"),
  // "" when none; `pod` is the Kubernetes pod a kubectl --prefix line named.
  std::string prefix;
  std::string pod;
  bool reversed = false;  // engine/reversed_log_filter.h: newest-first input, served oldest first

  // design.md "Sources and lines": path [+ "!member"] [+ "#container/logtype"].
  std::string Source() const {
    std::string s = path;
    if (!member.empty()) s += "!" + member;
    if (!section.empty()) s += "#" + section;
    return s;
  }
  // inputs[].stream: the member and/or section, "" for a plain file.
  std::string StreamName() const {
    std::string s = member;
    if (!section.empty()) s += (s.empty() ? "" : "#") + section;
    return s;
  }
};

}  // namespace flinkscan
