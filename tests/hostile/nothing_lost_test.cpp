// Nothing lost (issue 7): for every input the report's byte and line totals
// equal the file's (`wc -c`, and `wc -l` plus one for a last line without a
// newline), and every line is exactly one of: a record's header line, a
// continuation line, an explained free-text line or a counted reject.
// Checked over every committed sample and fixture and over seeded generated
// corpora, with several chunk sizes and thread counts (chunk boundaries must
// not drop or double-count a line).

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/scan.h"
#include "tests/engine/scan_in_process.h"
#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

namespace fs = std::filesystem;
using testing::ContractLines;
using testing::ReadFile;
using testing::TempDir;

struct Shape {
  size_t threads;
  size_t chunk_bytes;
};
constexpr Shape kShapes[] = {{1, 2u << 20}, {2, 4096}, {3, 97}};

// Scans `path` alone and checks the accounting of every stream it became.
void ExpectNothingLost(const std::string& path, const Shape& shape) {
  SCOPED_TRACE(path + " threads " + std::to_string(shape.threads) + " chunk " +
               std::to_string(shape.chunk_bytes));
  const std::string bytes = ReadFile(path);
  const Analysis analysis =
      testing::ScanInProcess({path}, {}, {.threads = shape.threads, .chunk_bytes = shape.chunk_bytes});
  uint64_t total_bytes = 0, total_lines = 0;
  for (const InputSummary& in : analysis.inputs) {
    SCOPED_TRACE("stream " + in.stream);
    EXPECT_EQ(in.path, path);
    EXPECT_EQ(in.records + in.continuation_lines + in.free_text_lines + in.rejected_lines, in.lines)
        << "records " << in.records << " continuation " << in.continuation_lines << " free text "
        << in.free_text_lines << " rejected " << in.rejected_lines;
    total_bytes += in.bytes;
    total_lines += in.lines;
  }
  EXPECT_EQ(total_bytes, bytes.size());
  EXPECT_EQ(total_lines, ContractLines(bytes));
  EXPECT_EQ(analysis.totals.bytes, total_bytes);
  EXPECT_EQ(analysis.totals.lines, total_lines);
  EXPECT_EQ(analysis.totals.records + analysis.totals.continuation_lines + analysis.totals.free_text_lines +
                analysis.totals.rejected_lines,
            analysis.totals.lines);
}

std::vector<std::string> FilesUnder(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(NothingLost, EveryCommittedSampleAndFixture) {
  std::vector<std::string> files = FilesUnder(std::string(FLINKSCAN_FIXTURES_DIR));
  const std::vector<std::string> bundled = FilesUnder(std::string(FLINKSCAN_SAMPLES_DIR));
  files.insert(files.end(), bundled.begin(), bundled.end());
  ASSERT_GE(files.size(), 20u);
  for (const std::string& file : files) {
    for (const Shape& shape : kShapes) ExpectNothingLost(file, shape);
  }
}

// A seeded corpus of everything a Flink log directory holds: log4j2/log4j1
// and time-only records, stack traces with Caused-by chains, blank lines,
// junk before the first record, JSON lines, GC lines, CRLF, NUL and invalid
// UTF-8 bytes, and a last line with or without its newline.
std::string GeneratedLog(std::mt19937& random) {
  std::string log;
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  if (pick(3) == 0) log += "junk before the first record\n  indented junk\n\n";
  const int records = 1 + pick(400);
  for (int i = 0; i < records; ++i) {
    const std::string eol = pick(10) == 0 ? "\r\n" : "\n";
    switch (pick(9)) {
      case 0:
        log += "{\"instant\":{\"epochSecond\":" + std::to_string(1700000000 + i) +
               ",\"nanoOfSecond\":0},\"level\":\"ERROR\",\"loggerName\":\"a.B\",\"message\":\"m\\nn\"}" + eol;
        break;
      case 1:
        log += "2024-03-01T10:00:" + std::to_string(10 + i % 50) + ".000+0000: 1." +
               std::to_string(100 + i % 900) +
               ": [GC (Allocation Failure)  1024K->512K(2048K), 0.0012345 secs]" + eol;
        break;
      case 2:
        log += "10:00:" + std::to_string(10 + i % 50) + ",000 INFO  a.B [] - time only" + eol;
        break;
      case 3:
        log += "2024-03-01 10:00:01,000 WARN  a.B  - log4j1 " + std::string(1, '\0') + "\xff" + eol;
        break;
      default:
        log +=
            testing::Log4j2Record(i,
                                  "Job j (00000000000000000000000000000001) switched from state RUNNING to "
                                  "FAILING.");
        if (pick(3) == 0) {
          log += "java.lang.RuntimeException: boom" + eol + "\tat a.b.C.d(C.java:1)" + eol;
          for (int depth = pick(4); depth > 0; --depth) log += "Caused by: java.io.IOException: x" + eol;
        }
        if (pick(8) == 0) log += eol;
    }
  }
  if (pick(2) == 0 && !log.empty()) log.pop_back();  // no newline at the end
  return log;
}

TEST(NothingLost, GeneratedCorpora) {
  TempDir dir;
  const char* const names[] = {"jobmanager.log", "taskmanager.log", "flink-taskmanager.out", "gc.log",
                               "app.log"};
  std::mt19937 random(20240301);
  for (int i = 0; i < 40; ++i) {
    const std::string path = dir.Write(std::to_string(i) + "/" + names[i % 5], GeneratedLog(random));
    for (const Shape& shape : kShapes) ExpectNothingLost(path, shape);
  }
}

}  // namespace
}  // namespace flinkscan
