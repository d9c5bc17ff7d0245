#include "cli/arguments.h"

#include <charconv>

namespace flinkscan::cli {
namespace {

bool ParseSize(const std::string& text, size_t& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::optional<int32_t> ParseTzOffset(const std::string& text) {
  if (text == "UTC" || text == "Z" || text == "utc") return 0;
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  std::string digits;
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == ':') continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    digits += text[i];
  }
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  const int hours = std::stoi(digits.substr(0, 2));
  const int minutes = digits.size() == 4 ? std::stoi(digits.substr(2, 2)) : 0;
  if (hours > 14 || minutes >= 60) return std::nullopt;
  const int32_t total = hours * 60 + minutes;
  return text[0] == '-' ? -total : total;
}

std::string UsageText() {
  return R"(flinkscan — find what broke in Apache Flink logs, when, where and why.

Usage:
  flinkscan scan [options] PATH...        analyse log files/directories ("-" reads stdin)
  flinkscan grep SELECTOR... [--] PATH... print whole matching records as source:line
  flinkscan patterns list                 list the pattern catalog (id, category, severity, event)
  flinkscan patterns check FILE...        validate a user pattern file (compile + lint + samples)
  flinkscan serve [--listen HOST:PORT] [--poll-ms N] PATH...
                                          follow logs like tail -F; serve /metrics (Prometheus),
                                          /report.json and / (the live report); default 127.0.0.1:9250
  flinkscan stacks [--kind dumps|stuck|exceptions|flink] [--folded | --format svg] [--lines]
                 [--job X] [--taskmanager X] [--task X] [--since T] [--until T] PATH...
                                          folded stacks (flamegraph.pl / speedscope) or an interactive
                                          SVG flame graph from thread dumps, stuck-task dumps,
                                          exception stacks and saved Flink flame graph JSON
  flinkscan --version | --help

SELECTOR: a category (checkpoint, exception, oom, job_state, task_state, taskmanager,
          container, resource, process, failures) or a pattern id from `patterns list`.
          With grep, every argument that is a category or pattern id is a selector; the
          rest are paths (use -- to separate when a path looks like a selector).

Options:
  --format text|json|markdown|html   report format (default text; html: one self-contained page)
  --format prometheus     the metrics of `serve` as a node_exporter textfile (scan only)
  -o, --output FILE       write the report to FILE (atomically: temp file + rename)
  -j, --threads N         worker threads (default: all cores)
  --chunk-bytes N         bytes per pipeline chunk (default 2 MiB; a tuning knob, not a result knob)
  --max-decoded-bytes N   stop decoding a .gz/.zst input after N bytes (default 34359738368 = 32 GiB;
                          a compression bomb is reported in that input's errors, the rest scanned)
  --patterns FILE         add catalog entries from FILE (repeatable)
  --tz ZONE               the logs' UTC offset, e.g. +08:00 (default: inferred from epochs)
  --color auto|always|never
  --fail-on warning|critical   exit 1 when an incident or alert at that level or worse exists
  --slow-checkpoint-ms N  slow_checkpoint threshold (default 30000)
  --baseline FILE         compare with an earlier `--format json` report: incidents and exception
                          signatures marked NEW or recurring, and what is gone since
  --since TIME, --until TIME   only what happened in this window (every section; totals and inputs
                          stay whole): a local time as in the report (2024-05-01T06:00:00,
                          "2024-05-01 06:00", 2024-05-01) or relative to the latest time in the
                          input (24h, 90m, 7d)
  --job ID|NAME           only this job (a job id, a prefix of one, or the job name)
  --rules FILE            alert rules (JSON: {"rules": {"checkpoint_duration": {"threshold": 45000}}})

Exit codes: 0 done; 1 --fail-on level reached; 2 usage error or no input could be read.
)";
}

Result<Arguments> ParseArguments(const std::vector<std::string>& argv) {
  Arguments args;
  if (argv.empty()) return Status::Error("no command given");
  size_t i = 0;
  const std::string& command = argv[i++];
  if (command == "--help" || command == "-h" || command == "help") {
    args.command = Command::kHelp;
    return args;
  }
  if (command == "--version" || command == "version") {
    args.command = Command::kVersion;
    return args;
  }
  if (command == "scan") {
    args.command = Command::kScan;
  } else if (command == "serve") {
    args.command = Command::kServe;
  } else if (command == "stacks") {
    args.command = Command::kStacks;
  } else if (command == "grep") {
    args.command = Command::kGrep;
  } else if (command == "patterns") {
    if (i >= argv.size()) return Status::Error("patterns: expected 'list' or 'check FILE'");
    const std::string& sub = argv[i++];
    if (sub == "list") {
      args.command = Command::kPatternsList;
    } else if (sub == "check") {
      args.command = Command::kPatternsCheck;
    } else {
      return Status::Error("patterns: unknown subcommand '" + sub + "' (expected list or check)");
    }
  } else {
    return Status::Error("unknown command '" + command + "'");
  }

  bool only_paths = false;
  std::vector<std::string> positional;
  auto value = [&](const std::string& flag) -> Result<std::string> {
    if (i >= argv.size()) return Status::Error(flag + " needs a value");
    return argv[i++];
  };
  while (i < argv.size()) {
    const std::string arg = argv[i++];
    if (only_paths || arg == "-" || arg.empty() || arg[0] != '-') {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_paths = true;
      args.paths.insert(args.paths.end(), positional.begin(), positional.end());
      positional.clear();
      continue;
    }
    if (arg == "--format") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (v.value() == "text") {
        args.format = Format::kText;
      } else if (v.value() == "json") {
        args.format = Format::kJson;
      } else if (v.value() == "markdown") {
        args.format = Format::kMarkdown;
      } else if (v.value() == "html") {
        args.format = Format::kHtml;
      } else if (v.value() == "prometheus") {
        args.format = Format::kPrometheus;
      } else if (v.value() == "svg") {
        args.format = Format::kSvg;
      } else {
        return Status::Error("--format: unknown format '" + v.value() + "' (text, json, markdown, html or prometheus)");
      }
    } else if (arg == "-o" || arg == "--output") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      args.output = v.value();
    } else if (arg == "-j" || arg == "--threads") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (!ParseSize(v.value(), args.threads) || args.threads == 0 || args.threads > 1024) {
        return Status::Error(arg + ": expected a thread count between 1 and 1024, got '" + v.value() + "'");
      }
    } else if (arg == "--chunk-bytes") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (!ParseSize(v.value(), args.chunk_bytes) || args.chunk_bytes == 0) {
        return Status::Error("--chunk-bytes: expected a positive byte count");
      }
    } else if (arg == "--max-decoded-bytes") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      size_t bytes = 0;
      if (!ParseSize(v.value(), bytes) || bytes == 0) {
        return Status::Error("--max-decoded-bytes: expected a positive byte count, got '" + v.value() + "'");
      }
      args.max_decoded_bytes = bytes;
    } else if (arg == "--kind" || arg == "--taskmanager" || arg == "--task") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (v.value().empty()) return Status::Error(arg + " needs a value");
      if (arg == "--kind" && v.value() != "dumps" && v.value() != "stuck" && v.value() != "exceptions" &&
          v.value() != "flink") {
        return Status::Error("--kind: expected dumps, stuck, exceptions or flink, got '" + v.value() + "'");
      }
      (arg == "--kind" ? args.stacks_kind : arg == "--taskmanager" ? args.taskmanager : args.task) = v.value();
    } else if (arg == "--folded") {
      args.folded = true;
    } else if (arg == "--lines") {
      args.keep_lines = true;
    } else if (arg == "--patterns") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      args.pattern_files.push_back(v.value());
    } else if (arg == "--baseline" || arg == "--since" || arg == "--until" || arg == "--job") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (v.value().empty()) return Status::Error(arg + " needs a value");
      std::string& target = arg == "--baseline" ? args.baseline_file
                            : arg == "--since"  ? args.since
                            : arg == "--until"  ? args.until
                                                : args.job;
      target = v.value();
    } else if (arg == "--rules") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      args.rules_file = v.value();
    } else if (arg == "--tz") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      args.tz_offset_minutes = ParseTzOffset(v.value());
      if (!args.tz_offset_minutes) return Status::Error("--tz: expected an offset like +08:00, -0530 or UTC");
    } else if (arg == "--color" || arg == "--colour") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (v.value() == "auto") {
        args.color = ColorMode::kAuto;
      } else if (v.value() == "always") {
        args.color = ColorMode::kAlways;
      } else if (v.value() == "never") {
        args.color = ColorMode::kNever;
      } else {
        return Status::Error("--color: expected auto, always or never");
      }
    } else if (arg == "--fail-on") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (v.value() != "warning" && v.value() != "critical") {
        return Status::Error("--fail-on: expected warning or critical");
      }
      args.fail_on = v.value();
    } else if (arg == "--listen") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      const size_t colon = v.value().rfind(':');
      size_t port = 0;
      if (colon == std::string::npos || colon == 0 || !ParseSize(v.value().substr(colon + 1), port) || port > 65535) {
        return Status::Error("--listen: expected HOST:PORT, e.g. 127.0.0.1:9250");
      }
      args.listen = v.value();
    } else if (arg == "--poll-ms") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      if (!ParseSize(v.value(), args.poll_ms) || args.poll_ms == 0 || args.poll_ms > 600'000) {
        return Status::Error("--poll-ms: expected milliseconds between 1 and 600000");
      }
    } else if (arg == "--slow-checkpoint-ms") {
      Result<std::string> v = value(arg);
      if (!v.ok()) return v.status();
      size_t ms = 0;
      if (!ParseSize(v.value(), ms)) return Status::Error("--slow-checkpoint-ms: expected a number");
      args.slow_checkpoint_ms = static_cast<int64_t>(ms);
    } else {
      return Status::Error("unknown option '" + arg + "'");
    }
  }

  switch (args.command) {
    case Command::kScan:
      args.paths.insert(args.paths.end(), positional.begin(), positional.end());
      if (args.paths.empty()) return Status::Error("scan: no PATH given (use - for stdin)");
      if (args.format == Format::kSvg) return Status::Error("scan: --format svg is for `flinkscan stacks`");
      break;
    case Command::kGrep:
      // Leading positionals are selectors until the first that is a path;
      // the command resolves which is which against the catalog.
      if (!only_paths) {
        args.selectors = positional;
      } else {
        args.selectors = args.paths;
        args.paths = positional;
      }
      if (args.selectors.empty()) return Status::Error("grep: no CATEGORY or PATTERN_ID given");
      break;
    case Command::kStacks:
      args.paths.insert(args.paths.end(), positional.begin(), positional.end());
      if (args.paths.empty()) return Status::Error("stacks: no PATH given (use - for stdin)");
      if (args.folded && args.format == Format::kSvg) return Status::Error("stacks: --folded and --format svg exclude each other");
      if (args.format != Format::kText && args.format != Format::kSvg) {
        return Status::Error("stacks: --format must be svg (folded text is the default)");
      }
      break;
    case Command::kServe:
      args.paths.insert(args.paths.end(), positional.begin(), positional.end());
      if (args.paths.empty()) return Status::Error("serve: no PATH given (files or directories to follow)");
      break;
    case Command::kPatternsCheck:
      args.pattern_files.insert(args.pattern_files.end(), positional.begin(), positional.end());
      if (args.pattern_files.empty()) return Status::Error("patterns check: no FILE given");
      break;
    default:
      if (!positional.empty()) return Status::Error("unexpected argument '" + positional.front() + "'");
      break;
  }
  return args;
}

}  // namespace flinkscan::cli
