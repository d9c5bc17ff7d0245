#pragma once
// Flink's REST flame graph answer (GET /jobs/<id>/vertices/<id>/flamegraph):
//   {"endTimestamp": 1718092937812, "data": {"name": "root", "value": 10, "children": [ … ]}}
// Each node is a frame named "pkg.Class.method:line" whose value counts the
// samples at or above it. Read with simdjson into root-first paths with their
// own (self) sample counts, which is what a folded stack line is.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace flinkscan {

struct FlameGraphPath {
  std::vector<std::string> frames;  // root first, without Flink's synthetic "root" node
  uint64_t count = 0;               // the leaf's self samples
};

struct FlinkFlameGraph {
  static constexpr size_t kMaxDepth = 2048;
  static constexpr size_t kMaxNodes = 1'000'000;

  int64_t end_timestamp = -1;  // epoch milliseconds; -1 when absent
  uint64_t total = 0;          // the root's value
  std::vector<FlameGraphPath> paths;  // depth-first, in document order
};

// True when `text` (after leading blanks) opens like Flink's flame graph JSON.
bool LooksLikeFlinkFlameGraph(std::string_view text);

Result<FlinkFlameGraph> ParseFlinkFlameGraph(std::string_view json);

}  // namespace flinkscan
