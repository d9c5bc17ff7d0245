#pragma once
// Writes a report atomically: a temp file beside the target, then rename, so
// a failed write (disk full, /dev/full) never leaves half a report behind.

#include <string>
#include <string_view>

#include "base/status.h"

namespace flinkscan::cli {

// `path` empty or "-": standard output.
Status WriteOutput(const std::string& path, std::string_view content);

}  // namespace flinkscan::cli
