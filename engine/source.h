#pragma once
// Input discovery: turns the paths a user gives (files, directories, "-")
// into an ordered list of inputs, each classified by name, and a list of
// what was skipped and why. Unreadable paths are reported, never fatal.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/stream_kind.h"

namespace flinkscan {

struct InputFile {
  std::string path;      // as opened ("-" for stdin)
  StreamKind kind = StreamKind::kUnknown;
  int rotation = 0;      // N of ".log.N": older content than the live file
  bool is_stdin = false;
};

struct SkippedInput {
  std::string path;
  std::string reason;
};

struct Discovery {
  std::vector<InputFile> inputs;
  std::vector<SkippedInput> skipped;
};

// Directories are walked recursively (symlinks to directories are not
// followed, which also keeps loops out). Inside a directory, a file is
// scanned when its name is a log's name or its first bytes look like text
// log lines; anything else is listed in `skipped`. Files named explicitly
// are always scanned. Order: as given; within a directory by base name,
// then rotated files oldest first (.log.3, .log.2, .log.1, .log) so each
// daemon's lines come in time order.
Discovery DiscoverInputs(const std::vector<std::string>& paths);

}  // namespace flinkscan
