#include "engine/chunk_scanner.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "engine/scan.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

const ChunkScanner& Scanner() {
  static const ChunkScanner scanner = [] {
    Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher({});
    EXPECT_TRUE(matcher.ok()) << matcher.message();
    return ChunkScanner(matcher.value());
  }();
  return scanner;
}

void ScanText(const std::string& text, bool orphan_start, Chunk& chunk) {
  chunk.ResetResults();
  chunk.buffer.assign(text.begin(), text.end());
  chunk.size = text.size();
  chunk.starts_in_orphan_region = orphan_start;
  static MatchScratch scratch = [] {
    MatchScratch allocated;
    const Status status = Scanner().matcher().AllocateScratch(allocated);
    EXPECT_TRUE(status.ok()) << status.message();
    return allocated;
  }();
  Scanner().Scan(chunk, scratch);
  ASSERT_TRUE(chunk.scan_error.empty()) << chunk.scan_error;
}

std::string_view TrimLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

// What the per-line pass must find, from a plain walk over the lines with the
// byte-wise header test: no shared code with the scanner's line finding.
struct ExpectedCounts {
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t continuation_lines = 0;
  uint64_t rejected_lines = 0;
  std::vector<std::pair<uint64_t, std::string_view>> rejected_examples;
  WallTime first_time;
  WallTime last_time;
};

ExpectedCounts Expect(std::string_view text, bool orphan_start) {
  ExpectedCounts expected;
  bool orphan = orphan_start;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    ++expected.lines;
    const char* line = text.data() + pos;
    if (StartsRecordAnyShape(line, text.data() + text.size())) {
      ++expected.records;
      orphan = false;
      Result<RecordHeader> header = ParseHeader(TrimLineEnd(text.substr(pos, next - pos)));
      if (header.ok() && header.value().time.known()) {
        if (!expected.first_time.known()) expected.first_time = header.value().time;
        expected.last_time = header.value().time;
      }
    } else if (orphan) {
      ++expected.rejected_lines;
      if (expected.rejected_examples.size() < ChunkScanner::kRejectedExamplesPerChunk) {
        expected.rejected_examples.emplace_back(expected.lines, TrimLineEnd(text.substr(pos, next - pos)));
      }
    } else {
      ++expected.continuation_lines;
    }
    pos = next;
  }
  return expected;
}

void ExpectCounts(const std::string& text, bool orphan_start, const std::string& what) {
  Chunk chunk;
  ScanText(text, orphan_start, chunk);
  const ExpectedCounts expected = Expect(chunk.data(), orphan_start);
  const ChunkStats& stats = chunk.stats;
  EXPECT_EQ(stats.lines, expected.lines) << what;
  EXPECT_EQ(stats.records, expected.records) << what;
  EXPECT_EQ(stats.continuation_lines, expected.continuation_lines) << what;
  EXPECT_EQ(stats.rejected_lines, expected.rejected_lines) << what;
  EXPECT_EQ(stats.records + stats.continuation_lines + stats.rejected_lines + stats.free_text_lines,
            stats.lines)
      << what;
  ASSERT_EQ(chunk.rejected_examples.size(), expected.rejected_examples.size()) << what;
  for (size_t i = 0; i < expected.rejected_examples.size(); ++i) {
    EXPECT_EQ(chunk.rejected_examples[i].line, expected.rejected_examples[i].first) << what;
    EXPECT_EQ(chunk.rejected_examples[i].text, expected.rejected_examples[i].second) << what;
  }
  EXPECT_EQ(stats.first_time, expected.first_time) << what;
  EXPECT_EQ(stats.last_time, expected.last_time) << what;
}

constexpr std::string_view kHeader = "2024-03-05 10:11:12,345 INFO  org.example.Thing [] - hello";

TEST(ChunkScanner, EmptyAndOneByteChunks) {
  Chunk chunk;
  ScanText("", true, chunk);
  EXPECT_EQ(chunk.stats.lines, 0u);
  ScanText("x", true, chunk);
  EXPECT_EQ(chunk.stats.lines, 1u);
  EXPECT_EQ(chunk.stats.rejected_lines, 1u);
  ASSERT_EQ(chunk.rejected_examples.size(), 1u);
  EXPECT_EQ(chunk.rejected_examples[0].text, "x");
  ScanText("\n", false, chunk);
  EXPECT_EQ(chunk.stats.lines, 1u);
  EXPECT_EQ(chunk.stats.continuation_lines, 1u);
  for (const char* one : {"x", "\n", "\r", "2", "\t"}) {
    ExpectCounts(one, true, std::string("one byte ") + one);
    ExpectCounts(one, false, std::string("one byte ") + one);
  }
}

TEST(ChunkScanner, CrlfEmptyLinesNulsAndNoFinalNewline) {
  const std::string header(kHeader);
  ExpectCounts(header + "\r\n\tat a.B.c(D.java:1)\r\n\r\n\n" + header, false, "CRLF, no final newline");
  ExpectCounts(std::string("orphan\0with NUL\n", 16) + header + "\nx\0y\n", true, "NUL bytes");
  ExpectCounts("\n\n\n" + header + "\n\n", true, "empty lines around a header");
  ExpectCounts("lone\rcarriage\rreturns\n" + header + "\r", true, "lone CRs are not line ends");
}

TEST(ChunkScanner, LinesEndingAtBlockBoundaries) {
  // Each header line padded so that its newline falls at offsets around 64-byte blocks.
  for (size_t length = 60; length <= 70; ++length) {
    std::string text;
    for (int i = 0; i < 80; ++i) {
      std::string line(kHeader);
      line.resize(length + (i % 3), 'p');
      text += line + "\n";
      if (i % 4 == 0) text += "\tat x.Y.z(Y.java:" + std::to_string(i) + ")\n";
    }
    ExpectCounts(text, false, "line length " + std::to_string(length));
  }
}

TEST(ChunkScanner, VeryLongLines) {
  std::string text = std::string(kHeader) + std::string(3 << 20, 'm') + "\n";
  text += std::string(70000, 'c') + "\n" + std::string(kHeader) + "\n" + std::string(5000, 't');
  ExpectCounts(text, false, "megabyte lines");
  ExpectCounts(std::string(100000, 'o') + "\n" + text, true, "an orphan megabyte first");
}

TEST(ChunkScanner, HitsGoToTheRecordTheyEndIn) {
  // A long line before the failing record: the throwable's event must carry the header's line.
  std::string text = std::string(kHeader) + std::string(5000, 'x') + "\n";
  text += "2024-03-05 10:11:13,000 ERROR org.example.Task [] - Task failed.\n";
  text += "java.lang.IllegalStateException: broken state\n\tat org.example.Task.run(Task.java:42)\n";
  text += std::string(kHeader) + "\n";
  Chunk chunk;
  ScanText(text, false, chunk);
  ASSERT_FALSE(chunk.events.empty());
  for (const Event& event : chunk.events) EXPECT_EQ(event.line, 2u) << EventKindName(event.kind);
  EXPECT_EQ(chunk.stats.matched_records, 1u);
  EXPECT_EQ(chunk.stats.records, 3u);
  EXPECT_EQ(chunk.stats.continuation_lines, 2u);
}

// splitmix64: reproducible chunks without <random>'s implementation-defined distributions.
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

TEST(ChunkScanner, RandomChunksMatchAPlainLineWalk) {
  const std::string_view vocabulary[] = {
      kHeader,
      "2024-03-05 10:11:1x,345 INFO  damaged.Stamp [] - m",
      "10:11:12,345 WARN  time.Only [] - m",
      "024-03-05 10:11:12,345 INFO  cut.Year [] - m",
      "\tat org.example.Frame.call(Frame.java:7)",
      "Caused by: java.io.IOException: disk",
      "",
      "[0.005s][info][gc] Using G1",
      "{\"level\":\"INFO\",\"message\":\"json\"}",
      std::string_view("with\0nul", 8),
      "2024-13-45 99:99:99,999 INFO  bad.Range [] - m",
  };
  uint64_t state = 1234;
  for (int round = 0; round < 60; ++round) {
    std::string text;
    const size_t lines = NextRandom(state) % 400;
    for (size_t i = 0; i < lines; ++i) {
      text += vocabulary[NextRandom(state) % std::size(vocabulary)];
      text.append(NextRandom(state) % 130, 'p');  // newlines at every offset of a block
      text += NextRandom(state) % 5 == 0 ? "\r\n" : "\n";
    }
    if (NextRandom(state) % 2 == 0 && !text.empty()) text.pop_back();
    ExpectCounts(text, round % 2 == 0, "round " + std::to_string(round));
  }
}

}  // namespace
}  // namespace flinkscan
