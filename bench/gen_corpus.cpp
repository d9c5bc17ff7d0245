// gen_corpus: writes a seeded Flink 1.17 standalone log corpus and its ground
// truth (see bench/corpus_generator.h and bench/README.md).
//
//   gen_corpus --out DIR --bytes 1G --seed 7 [--layout standalone]
//              [--taskmanagers K] [--incidents N] [--terminal-failure]
//              [--checkpoint-interval-ms MS] [--chatter-interval-ms MS]

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bench/corpus_generator.h"

namespace {

constexpr char kUsage[] =
    "usage: gen_corpus --out DIR --bytes N[K|M|G] [--seed S] [--layout standalone] [--taskmanagers K]\n"
    "                  [--incidents N] [--terminal-failure] [--checkpoint-interval-ms MS]\n"
    "                  [--chatter-interval-ms MS]\n"
    "Writes DIR/log/ (a $FLINK_HOME/log-like directory) and DIR/ground-truth.json.\n";

bool ParseInt(std::string_view text, int64_t& out) {
  uint64_t value = 0;
  if (text.empty() || text.back() < '0' || text.back() > '9' || !flinkscan::ParseByteCount(text, value))
    return false;
  out = static_cast<int64_t>(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  flinkscan::CorpusOptions options;
  std::string layout = "standalone";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "gen_corpus: %s needs a value\n%s", argv[i], kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    int64_t number = 0;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--out") {
      options.out_dir = std::string(value());
    } else if (arg == "--bytes") {
      if (!flinkscan::ParseByteCount(value(), options.target_bytes)) {
        std::fprintf(stderr, "gen_corpus: bad --bytes\n");
        return 2;
      }
    } else if (arg == "--seed" && ParseInt(value(), number)) {
      options.seed = static_cast<uint64_t>(number);
    } else if (arg == "--layout") {
      layout = std::string(value());
    } else if (arg == "--taskmanagers" && ParseInt(value(), number)) {
      options.taskmanagers = static_cast<int>(number);
    } else if (arg == "--incidents" && ParseInt(value(), number)) {
      options.incidents = static_cast<int>(number);
    } else if (arg == "--terminal-failure") {
      options.terminal_failure = true;
    } else if (arg == "--checkpoint-interval-ms" && ParseInt(value(), number)) {
      options.checkpoint_interval_ms = number;
    } else if (arg == "--chatter-interval-ms" && ParseInt(value(), number)) {
      options.chatter_interval_ms = number;
    } else {
      std::fprintf(stderr, "gen_corpus: bad argument '%s'\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (options.out_dir.empty()) {
    std::fprintf(stderr, "gen_corpus: --out is required\n%s", kUsage);
    return 2;
  }
  if (layout != "standalone") {
    std::fprintf(stderr, "gen_corpus: only --layout standalone is implemented\n");
    return 2;
  }
  flinkscan::Result<flinkscan::CorpusTruth> truth = flinkscan::GenerateCorpus(options);
  if (!truth.ok()) {
    std::fprintf(stderr, "gen_corpus: %s\n", truth.message().c_str());
    return 1;
  }
  const flinkscan::CorpusTruth& t = truth.value();
  std::printf("%s/log: %zu files, %llu bytes, %llu lines, %llu records (%s .. %s)\n", options.out_dir.c_str(),
              t.files.size(), static_cast<unsigned long long>(t.total_bytes),
              static_cast<unsigned long long>(t.total_lines),
              static_cast<unsigned long long>(t.total_records), t.first_time.c_str(), t.last_time.c_str());
  std::printf("checkpoints: %llu completed, %llu expired, %llu aborted\n",
              static_cast<unsigned long long>(t.checkpoints.completed),
              static_cast<unsigned long long>(t.checkpoints.expired),
              static_cast<unsigned long long>(t.checkpoints.aborted));
  std::printf("incidents:");
  for (const auto& [kind, count] : t.IncidentCounts())
    std::printf(" %s=%llu", kind.c_str(), (unsigned long long)count);
  std::printf("\n");
  return 0;
}
