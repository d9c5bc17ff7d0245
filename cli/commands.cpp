#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "cli/arguments.h"
#include "cli/output_file.h"
#include "cli/serve_command.h"
#include "cli/stacks_command.h"
#include "engine/alert_rules.h"
#include "engine/analysis_filter.h"
#include "engine/baseline.h"
#include "engine/metrics_registry.h"
#include "engine/scan.h"
#include "report/json_report.h"
#include "report/html_report.h"
#include "report/markdown_report.h"
#include "report/prometheus_exposition.h"
#include "report/terminal_text.h"
#include "report/text_report.h"

#ifndef FLINKSCAN_VERSION
#define FLINKSCAN_VERSION "0.1.0"
#endif

namespace flinkscan::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailOn = 1;
constexpr int kExitUsage = 2;

int Fail(const std::string& message) {
  std::cerr << "flinkscan: " << message << "\n";
  return kExitUsage;
}

PipelineOptions PipelineFrom(const Arguments& args) {
  PipelineOptions p;
  p.threads = args.threads;
  if (args.chunk_bytes) p.reader.target_chunk_bytes = args.chunk_bytes;
  if (args.max_decoded_bytes) p.reader.max_decoded_bytes = args.max_decoded_bytes;
  return p;
}

int RunScanCommand(const Arguments& args) {
  ScanOptions options;
  options.paths = args.paths;
  options.pattern_files = args.pattern_files;
  options.pipeline = PipelineFrom(args);
  options.aggregator.tz_offset_minutes = args.tz_offset_minutes;
  if (args.slow_checkpoint_ms) options.aggregator.slow_checkpoint_ms = *args.slow_checkpoint_ms;
  if (!args.rules_file.empty()) {
    Result<AlertRules> rules = LoadAlertRules(args.rules_file);
    if (!rules.ok()) return Fail(rules.message());
    options.aggregator.alert_rules = std::move(rules.value());
  }
  // Read before the scan, so that a bad baseline fails in a second rather than after a long scan.
  std::optional<BaselineReport> baseline;
  if (!args.baseline_file.empty()) {
    Result<BaselineReport> loaded = LoadBaseline(args.baseline_file);
    if (!loaded.ok()) return Fail(loaded.message());
    baseline = std::move(loaded.value());
  }
  MetricsRegistry metrics;
  if (args.format == Format::kPrometheus) options.metrics = &metrics;
  Result<ScanOutcome> outcome = RunScan(options);
  if (!outcome.ok()) return Fail(outcome.message());
  Analysis& analysis = outcome.value().analysis;
  analysis.flinkscan_version = FLINKSCAN_VERSION;
  for (const SkippedPath& s : analysis.skipped) {
    if (s.reason.find("No such file") != std::string::npos || s.reason.find("ermission") != std::string::npos) {
      std::cerr << "flinkscan: " << TerminalSafe(s.path) << ": " << TerminalSafe(s.reason) << "\n";
    }
  }
  for (const InputSummary& in : analysis.inputs) {
    for (const std::string& e : in.errors) std::cerr << "flinkscan: " << TerminalSafe(in.path) << ": " << TerminalSafe(e) << "\n";
  }
  if (!outcome.value().any_input_read) return Fail("no input could be read");
  const AnalysisFilterOptions filter{args.since, args.until, args.job};
  if (const Status filtered = FilterAnalysis(analysis, filter); !filtered.ok()) return Fail(filtered.message());
  if (!args.job.empty() && analysis.filter && analysis.filter->job_ids.empty()) {
    std::cerr << "flinkscan: --job " << TerminalSafe(args.job) << ": no such job in the input\n";
  }
  if (baseline) CompareWithBaseline(analysis, *baseline);

  std::string rendered;
  if (args.format == Format::kJson) {
    rendered = RenderJson(analysis);
  } else if (args.format == Format::kPrometheus) {
    RunFigures run;
    run.seconds = analysis.totals.seconds;
    run.finished_unix_seconds =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    rendered = RenderPrometheus(metrics.Families(&analysis, run));
  } else if (args.format == Format::kMarkdown) {
    rendered = RenderMarkdown(analysis, MarkdownOptions{});
  } else if (args.format == Format::kHtml) {
    rendered = RenderHtml(analysis);
  } else {
    TextOptions text;
    const bool to_tty = args.output.empty() && ::isatty(STDOUT_FILENO);
    text.color = args.color == ColorMode::kAlways || (args.color == ColorMode::kAuto && to_tty);
    rendered = RenderText(analysis, text);
  }
  const Status written = WriteOutput(args.output, rendered);
  if (!written.ok()) return Fail(written.message());

  if (args.fail_on) {
    const int threshold = SeverityRank(*args.fail_on);
    for (const Incident& inc : analysis.incidents) {
      if (SeverityRank(inc.severity) >= threshold) return kExitFailOn;
    }
    for (const Alert& alert : analysis.alerts) {
      if (SeverityRank(alert.severity) >= threshold) return kExitFailOn;
    }
  }
  return kExitOk;
}

int RunGrepCommand(Arguments args) {
  // Split leading selectors from paths: a word is a selector while the
  // catalog knows it as a category or pattern id.
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher(args.pattern_files);
  if (!matcher.ok()) return Fail(matcher.message());
  if (args.paths.empty()) {
    std::vector<std::string> selectors;
    size_t i = 0;
    for (; i < args.selectors.size(); ++i) {
      const std::string& word = args.selectors[i];
      bool known = word == "failures";
      for (const PatternEntry& e : matcher.value()->catalog().entries()) {
        if (e.id == word || e.category == word || e.id.rfind(word + ".", 0) == 0) known = true;
      }
      if (!known) break;
      selectors.push_back(word);
    }
    if (selectors.empty()) {
      return Fail("grep: unknown category or pattern id '" + args.selectors.front() +
                  "' (see `flinkscan patterns list`)");
    }
    args.paths.assign(args.selectors.begin() + static_cast<long>(i), args.selectors.end());
    args.selectors = selectors;
  }
  if (args.paths.empty()) return Fail("grep: no PATH given (use - for stdin)");
  GrepOptions options;
  options.paths = args.paths;
  options.pattern_files = args.pattern_files;
  options.selectors = args.selectors;
  options.pipeline = PipelineFrom(args);
  std::string out;
  bool any_read = false;
  std::vector<SkippedInput> skipped;
  const Status status = RunGrep(
      options,
      [&](const std::string& source, uint64_t line, std::string_view text) {
        out += fmt::format("{}:{}: ", source, line);
        out.append(text.data(), text.size());
        out += '\n';
        if (out.size() > (1u << 20)) {
          std::fwrite(out.data(), 1, out.size(), stdout);
          out.clear();
        }
      },
      any_read, skipped);
  if (!status.ok()) return Fail(status.message());
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  for (const SkippedInput& s : skipped) {
    if (s.reason.find("No such file") != std::string::npos || s.reason.find("ermission") != std::string::npos)
      std::cerr << "flinkscan: " << TerminalSafe(s.path) << ": " << TerminalSafe(s.reason) << "\n";
  }
  if (!any_read) return Fail("no input could be read");
  return kExitOk;
}

int RunPatternsList(const Arguments& args) {
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher(args.pattern_files);
  if (!matcher.ok()) return Fail(matcher.message());
  std::string out = fmt::format("{:<48} {:<12} {:<9} {}\n", "ID", "CATEGORY", "SEVERITY", "EVENT");
  for (const PatternEntry& e : matcher.value()->catalog().entries()) {
    out += fmt::format("{:<48} {:<12} {:<9} {}\n", e.id, e.category, SeverityName(e.severity), e.event);
  }
  const Status s = WriteOutput(args.output, out);
  return s.ok() ? kExitOk : Fail(s.message());
}

int RunPatternsCheck(const Arguments& args) {
  int problems = 0;
  for (const std::string& file : args.pattern_files) {
    Result<Catalog> catalog = Catalog::LoadFile(file);
    if (!catalog.ok()) {
      std::cerr << "flinkscan: " << catalog.message() << "\n";
      ++problems;
      continue;
    }
    for (const std::string& finding : LintCatalog(catalog.value())) {
      std::cerr << file << ": " << finding << "\n";
      ++problems;
    }
    Result<std::shared_ptr<const Matcher>> matcher = Matcher::Compile(catalog.value());
    if (!matcher.ok()) {
      std::cerr << "flinkscan: " << file << ": " << matcher.message() << "\n";
      ++problems;
      continue;
    }
    std::cout << file << ": " << catalog.value().size() << " patterns OK\n";
  }
  return problems == 0 ? kExitOk : kExitUsage;
}

}  // namespace

int RunCli(const std::vector<std::string>& argv) {
  Result<Arguments> parsed = ParseArguments(argv);
  if (!parsed.ok()) {
    std::cerr << "flinkscan: " << parsed.message() << "\n\n" << UsageText();
    return kExitUsage;
  }
  const Arguments& args = parsed.value();
  switch (args.command) {
    case Command::kHelp: std::cout << UsageText(); return kExitOk;
    case Command::kVersion: std::cout << "flinkscan " << FLINKSCAN_VERSION << "\n"; return kExitOk;
    case Command::kScan: return RunScanCommand(args);
    case Command::kGrep: return RunGrepCommand(args);
    case Command::kServe: return RunServeCommand(args);
    case Command::kStacks: return RunStacksCommand(args);
    case Command::kPatternsList: return RunPatternsList(args);
    case Command::kPatternsCheck: return RunPatternsCheck(args);
  }
  return kExitUsage;
}

}  // namespace flinkscan::cli
