#include "engine/scan.h"

#include <chrono>

#include "engine/metrics_registry.h"
#include "engine/source.h"

namespace flinkscan {

Result<std::shared_ptr<const Matcher>> LoadMatcher(const std::vector<std::string>& pattern_files) {
  Result<Catalog> catalog = Catalog::Builtin();
  if (!catalog.ok()) return catalog.status();
  for (const std::string& file : pattern_files) {
    Result<Catalog> extra = Catalog::LoadFile(file);
    if (!extra.ok()) return extra.status();
    Status merged = catalog.value().Merge(extra.value());
    if (!merged.ok()) return merged;
  }
  return Matcher::Compile(catalog.value());
}

Result<ScanOutcome> RunScan(const ScanOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher(options.pattern_files);
  if (!matcher.ok()) return matcher.status();
  const Discovery discovery = DiscoverInputs(options.paths);
  const ChunkScanner scanner(matcher.value());
  Aggregator aggregator(options.aggregator);
  RunPipeline(discovery.inputs, scanner, options.pipeline, [&](Chunk& chunk) {
    aggregator.Consume(chunk);
    if (options.metrics) options.metrics->Observe(chunk, aggregator.streams()[chunk.stream]);
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ScanOutcome outcome;
  outcome.analysis = aggregator.Finalize(discovery.skipped, seconds);
  outcome.any_input_read = aggregator.any_input_read();
  return outcome;
}

Status RunGrep(const GrepOptions& options,
               const std::function<void(const std::string& source, uint64_t line, std::string_view text)>& print,
               bool& any_input_read, std::vector<SkippedInput>& skipped) {
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher(options.pattern_files);
  if (!matcher.ok()) return matcher.status();
  const Catalog& catalog = matcher.value()->catalog();
  std::vector<bool> selected(catalog.size(), false);
  for (const std::string& selector : options.selectors) {
    bool any = false;
    for (size_t i = 0; i < catalog.size(); ++i) {
      const PatternEntry& entry = catalog.entries()[i];
      const bool failure_family = entry.category == "exception" || entry.category == "oom" ||
                                  entry.severity != Severity::kInfo;
      if (entry.id == selector || entry.category == selector || entry.id.rfind(selector + ".", 0) == 0 ||
          (selector == "failures" && failure_family)) {
        selected[i] = true;
        any = true;
      }
    }
    if (!any) {
      return Status::Error("unknown category or pattern id '" + selector +
                           "' (see `flinkscan patterns list`)");
    }
  }
  const Discovery discovery = DiscoverInputs(options.paths);
  skipped = discovery.skipped;
  const ChunkScanner scanner(matcher.value(), selected);
  std::vector<std::string> sources;
  std::vector<uint64_t> line_base;
  any_input_read = false;
  RunPipeline(discovery.inputs, scanner, options.pipeline, [&](Chunk& chunk) {
    if (chunk.first_in_stream) {
      if (sources.size() <= chunk.stream) {
        sources.resize(chunk.stream + 1);
        line_base.resize(chunk.stream + 1, 0);
      }
      sources[chunk.stream] = chunk.stream_info.Source();
    }
    if (!chunk.open_failed) any_input_read = true;
    if (chunk.open_failed || !chunk.read_error.empty()) {
      skipped.push_back({sources[chunk.stream], chunk.read_error});
    }
    for (const GrepRecord& r : chunk.grep_records) print(sources[chunk.stream], line_base[chunk.stream] + r.line, r.text);
    line_base[chunk.stream] += chunk.stats.lines;
  });
  return Status::Ok();
}

}  // namespace flinkscan
