#pragma once
// The engine's front door: discovery → pipeline → aggregation for `scan`,
// and the same pipeline collecting whole records for `grep`.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/pipeline.h"
#include "patterns/matcher.h"

namespace flinkscan {

class MetricsRegistry;

struct ScanOptions {
  std::vector<std::string> paths;
  std::vector<std::string> pattern_files;  // --patterns: added to the built-in catalog
  PipelineOptions pipeline;
  AggregatorOptions aggregator;
  MetricsRegistry* metrics = nullptr;      // when set, fed every chunk (scan --format prometheus)
};

// Built-in catalog plus user pattern files, compiled once.
Result<std::shared_ptr<const Matcher>> LoadMatcher(const std::vector<std::string>& pattern_files);

struct ScanOutcome {
  Analysis analysis;
  bool any_input_read = false;  // false: exit code 2 (nothing could be read)
};

Result<ScanOutcome> RunScan(const ScanOptions& options);

struct GrepOptions {
  std::vector<std::string> paths;
  std::vector<std::string> pattern_files;
  // A category ("checkpoint") or a pattern id ("checkpoint.completed.v114");
  // several may be given. "failures" selects exception, oom and failure categories.
  std::vector<std::string> selectors;
  PipelineOptions pipeline;
};

// Calls `print(source, line, record_text)` for every matching record, in
// input order. Returns an error for an unknown selector.
Status RunGrep(const GrepOptions& options,
               const std::function<void(const std::string& source, uint64_t line, std::string_view text)>& print,
               bool& any_input_read, std::vector<SkippedInput>& skipped);

}  // namespace flinkscan
