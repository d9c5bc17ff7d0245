#pragma once
// Command-line parsing for `flinkscan`. Parsing only: no I/O, no engine calls,
// so it is testable and errors come back as values with a usage message.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace flinkscan::cli {

enum class Command { kScan, kGrep, kPatternsList, kPatternsCheck, kHelp, kVersion };
enum class Format { kText, kJson, kMarkdown };
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
  std::optional<int32_t> tz_offset_minutes;
  ColorMode color = ColorMode::kAuto;
  std::optional<std::string> fail_on;      // warning | critical
  std::optional<int64_t> slow_checkpoint_ms;
  std::string rules_file;                  // --rules FILE: alert rule overrides (JSON)
};

Result<Arguments> ParseArguments(const std::vector<std::string>& argv);

// "+08:00", "-0530", "UTC", "Z" -> minutes east of UTC.
std::optional<int32_t> ParseTzOffset(const std::string& text);

std::string UsageText();

}  // namespace flinkscan::cli
