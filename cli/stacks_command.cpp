#include "cli/stacks_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/output_file.h"
#include "engine/analysis_filter.h"
#include "engine/scan.h"
#include "engine/stack_profile.h"
#include "parsers/flink_flamegraph_json.h"
#include "report/flamegraph_svg.h"
#include "report/terminal_text.h"

namespace flinkscan::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;

int Fail(const std::string& message) {
  std::cerr << "flinkscan: stacks: " << TerminalSafe(message) << "\n";
  return kExitUsage;
}

// A regular file that opens like Flink's flame graph JSON; its whole text in `content`.
bool ReadFlameGraphFile(const std::string& path, std::string& content) {
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char head[4096];
  in.read(head, sizeof head);
  if (!LooksLikeFlinkFlameGraph(std::string_view(head, static_cast<size_t>(in.gcount())))) return false;
  in.clear();
  in.seekg(0);
  std::ostringstream all;
  all << in.rdbuf();
  content = all.str();
  return true;
}

Result<WallTime> Bound(const std::string& flag, const std::string& text) {
  if (text.empty()) return WallTime{};
  const std::optional<int64_t> ms = ParseWallClock(text);
  if (!ms) return Status::Error(flag + ": expected a local date-time like 2024-03-05T10:15:00, got '" + text + "'");
  return WallTime{*ms, true};
}

std::string Subtitle(const std::string& kind, const StackSummary& summary, uint64_t samples) {
  std::string text = std::to_string(samples) + " samples";
  if (kind.empty() || kind == "dumps") {
    text += ", " + std::to_string(summary.thread_dumps) + " thread dumps, " + std::to_string(summary.threads) +
            " threads";
  }
  return text;
}

}  // namespace

int RunStacksCommand(const Arguments& args) {
  StackCollectorOptions collect;
  collect.frames.keep_lines = args.keep_lines;
  collect.filter.job = args.job;
  collect.filter.taskmanager = args.taskmanager;
  collect.filter.task = args.task;
  Result<WallTime> since = Bound("--since", args.since);
  if (!since.ok()) return Fail(since.message());
  Result<WallTime> until = Bound("--until", args.until);
  if (!until.ok()) return Fail(until.message());
  collect.filter.since = since.value();
  collect.filter.until = until.value();
  collect.exceptions = args.stacks_kind.empty() || args.stacks_kind == "exceptions";

  // Saved Flink flame graphs are read here; everything else goes through the scan pipeline.
  FoldedProfile flink(collect.max_distinct_stacks);
  std::vector<std::string> log_paths;
  bool any_read = false;
  for (const std::string& path : args.paths) {
    std::string json;
    if (!ReadFlameGraphFile(path, json)) {
      log_paths.push_back(path);
      continue;
    }
    Result<FlinkFlameGraph> graph = ParseFlinkFlameGraph(json);
    if (!graph.ok()) return Fail(path + ": " + graph.message());
    any_read = true;
    for (const FlameGraphPath& p : graph.value().paths) {
      std::vector<std::string> frames;
      frames.reserve(p.frames.size());
      for (const std::string& f : p.frames) frames.push_back(NormalizeFrame(f, collect.frames));
      flink.Add(frames, p.count);
    }
  }

  StackSummary summary;
  std::vector<Incident> stuck_incidents;
  if (!log_paths.empty()) {
    ScanOptions options;
    options.paths = log_paths;
    options.pattern_files = args.pattern_files;
    options.pipeline.threads = args.threads;
    if (args.chunk_bytes) options.pipeline.reader.target_chunk_bytes = args.chunk_bytes;
    options.aggregator.tz_offset_minutes = args.tz_offset_minutes;
    options.aggregator.stacks = collect;
    Result<ScanOutcome> outcome = RunScan(options);
    if (!outcome.ok()) return Fail(outcome.message());
    for (const SkippedPath& s : outcome.value().analysis.skipped) {
      if (s.reason.find("No such file") == std::string::npos && s.reason.find("ermission") == std::string::npos) continue;
      std::cerr << "flinkscan: " << TerminalSafe(s.path) << ": " << TerminalSafe(s.reason) << "\n";
    }
    if (outcome.value().any_input_read) any_read = true;
    summary = std::move(outcome.value().analysis.stacks);
    for (Incident& incident : outcome.value().analysis.incidents) {
      if (incident.kind == "stuck_threads") stuck_incidents.push_back(std::move(incident));
    }
  }
  if (!any_read) return Fail("no input could be read");
  if (flink.samples() > 0) {
    summary.profiles.push_back({"flink", flink.samples(), flink.overflow_samples(), flink.Sorted()});
  }

  // One kind: its stacks as they are. Every kind: the kind is the first frame.
  std::vector<FoldedStack> selected;
  uint64_t samples = 0;
  for (const StackProfileSummary& profile : summary.profiles) {
    if (!args.stacks_kind.empty() && profile.kind != args.stacks_kind) continue;
    samples += profile.samples;
    if (profile.overflow_samples > 0) {
      std::cerr << "flinkscan: stacks: " << profile.overflow_samples << " " << profile.kind
                << " samples fell beyond the distinct-stack cap and are not drawn\n";
    }
    for (const FoldedStack& s : profile.stacks) {
      selected.push_back({args.stacks_kind.empty() ? profile.kind + ";" + s.stack : s.stack, s.count});
    }
  }
  for (const Incident& incident : stuck_incidents) {
    std::cerr << "flinkscan: stuck_threads (" << incident.severity << "): " << TerminalSafe(incident.title) << "\n";
  }

  std::string rendered;
  if (args.format == Format::kSvg) {
    FlameGraphOptions svg;
    svg.title = "Flame graph: " + (args.stacks_kind.empty() ? std::string("all stacks") : args.stacks_kind);
    svg.subtitle = Subtitle(args.stacks_kind, summary, samples);
    rendered = RenderFlameGraphSvg(selected, svg);
  } else {
    for (const FoldedStack& s : selected) rendered += s.stack + " " + std::to_string(s.count) + "\n";
  }
  const Status written = WriteOutput(args.output, rendered);
  if (!written.ok()) return Fail(written.message());
  return kExitOk;
}

}  // namespace flinkscan::cli
