#pragma once
// The `stacks` section of the JSON report (docs/json-schema.md): per kind,
// the heaviest folded stacks (bounded by kMaxJsonStacksPerProfile, so a
// report stays small however many distinct stacks the collector kept) and
// what was left out. Internal to report/: json_report.cpp calls it, and the
// HTML report draws its flame graphs from the same selection.

#include <cstdint>
#include <vector>

#include "engine/analysis.h"
#include "report/json_writer.h"

namespace flinkscan {

inline constexpr size_t kMaxJsonStacksPerProfile = 1000;

struct SelectedStacks {
  std::vector<FoldedStack> stacks;  // the heaviest stacks, sorted by stack
  uint64_t stacks_omitted = 0;      // distinct stacks of the profile left out
  uint64_t omitted_samples = 0;     // their samples
};

// The heaviest `max_stacks` stacks of `profile` (ties: by stack text), then sorted by stack.
SelectedStacks SelectHeaviestStacks(const StackProfileSummary& profile, size_t max_stacks);

void WriteStacksJson(JsonWriter& json, const StackSummary& stacks);

}  // namespace flinkscan
