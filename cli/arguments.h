#pragma once
// Command-line parsing for `flinkscan`. Parsing only: no I/O, no engine calls,
// so it is testable and errors come back as values with a usage message.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace flinkscan::cli {

enum class Command { kScan, kGrep, kPatternsList, kPatternsCheck, kHelp, kVersion, kServe, kStacks };
enum class Format { kText, kJson, kMarkdown, kHtml, kPrometheus, kSvg };
enum class ColorMode { kAuto, kAlways, kNever };

struct Arguments {
  Command command = Command::kHelp;
  std::vector<std::string> paths;          // scan/grep inputs; default "." is not assumed
  std::vector<std::string> selectors;      // grep: categories or pattern ids
  std::vector<std::string> pattern_files;  // --patterns (repeatable)
  Format format = Format::kText;
  std::string output;                      // -o FILE; empty: stdout
  size_t threads = 0;
  size_t chunk_bytes = 0;                  // --chunk-bytes: 0 keeps the engine default
  uint64_t max_decoded_bytes = 0;          // --max-decoded-bytes: 0 keeps the engine default (32 GiB per input)
  std::optional<int32_t> tz_offset_minutes;
  ColorMode color = ColorMode::kAuto;
  std::optional<std::string> fail_on;      // warning | critical
  std::optional<int64_t> slow_checkpoint_ms;
  std::string rules_file;                  // --rules FILE: alert rule overrides (JSON)
  std::string baseline_file;               // --baseline PREVIOUS.json: an earlier flinkscan JSON report
  std::string since;                       // --since TIME: ISO-8601 local time or relative (24h, 90m)
  std::string until;                       // --until TIME
  std::string job;                         // --job ID|NAME
  std::string listen = "127.0.0.1:9250";   // serve --listen HOST:PORT (loopback unless told otherwise)
  size_t poll_ms = 500;                    // serve --poll-ms: how often followed files are polled
  // stacks (cli/stacks_command.h)
  std::string stacks_kind;                 // --kind dumps|stuck|exceptions|flink; empty: every kind
  bool folded = false;                     // --folded: folded lines (the default unless --format svg)
  bool keep_lines = false;                 // --lines: keep "(File.java:123)" in frames
  std::string taskmanager;                 // --taskmanager X
  std::string task;                        // --task X
};

Result<Arguments> ParseArguments(const std::vector<std::string>& argv);

// "+08:00", "-0530", "UTC", "Z" -> minutes east of UTC.
std::optional<int32_t> ParseTzOffset(const std::string& text);

std::string UsageText();

}  // namespace flinkscan::cli
