#pragma once
// `flinkscan stacks`: folded stacks or an SVG flame graph from the stacks the
// logs hold (thread dumps, stuck-task dumps, exception stacks) and from saved
// Flink flame graph JSON (GET /jobs/<id>/vertices/<id>/flamegraph).

#include "cli/arguments.h"

namespace flinkscan::cli {

// Returns the exit code: 0 done, 2 usage error or nothing readable.
int RunStacksCommand(const Arguments& args);

}  // namespace flinkscan::cli
