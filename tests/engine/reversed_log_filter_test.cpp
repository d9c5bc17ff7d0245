// Newest-first input: detection from falling header times, in-place line
// reversal (bytes and lines kept exactly), and pieces past the size cap.

#include "engine/reversed_log_filter.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/engine/string_source.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::StringSource;

using testing::Fixture;
using testing::ReadFile;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string::npos ? text.size() : nl + 1;
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// The lines in reverse order, each with a newline except the new last one
// when the input had none at its end.
std::string ReversedText(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  const bool terminated = !text.empty() && text.back() == '\n';
  if (!terminated && !lines.empty()) lines.back() += '\n';
  std::reverse(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l;
  if (!terminated && !out.empty()) out.pop_back();
  return out;
}

std::string Reverse(std::string text) {
  ReverseLines(text.data(), text.size());
  return text;
}

struct Drained {
  StreamInfo info;
  std::string bytes;
  std::string error;
  int segments = 0;
};

Drained Drain(const std::string& input, ReversedLogFilterOptions options = {}, size_t slice = 1u << 20) {
  InputFile file{"export.log", StreamKind::kJobManager, 0, false};
  auto framer = MakeReversedLogFilter(file, std::make_unique<StringSource>(input, slice), options);
  Drained out;
  std::string key;
  std::vector<char> buf(777);
  while (framer->NextSegment(out.info, key)) {
    ++out.segments;
    EXPECT_EQ(framer->TakeFilteredBytes(), 0u);
    size_t n;
    while ((n = framer->Read(buf.data(), buf.size())) > 0) out.bytes.append(buf.data(), n);
    out.error += framer->TakeError();
  }
  return out;
}

TEST(ReverseLines, OrderOfLinesIsReversedAndBytesKept) {
  EXPECT_EQ(Reverse("a\nbb\nccc\n"), "ccc\nbb\na\n");
  EXPECT_EQ(Reverse("a\nbb\nccc"), "ccc\nbb\na");  // no final newline: still none
  EXPECT_EQ(Reverse("a\r\nb\r\n"), "b\r\na\r\n");  // CRLF stays with its line
  EXPECT_EQ(Reverse("a\n\nb\n"), "b\n\na\n");      // blank lines are lines
  EXPECT_EQ(Reverse("only"), "only");
  EXPECT_EQ(Reverse("\n"), "\n");
  EXPECT_EQ(Reverse(""), "");
  EXPECT_EQ(Reverse(std::string("x\0y\nz\n", 6)), std::string("z\nx\0y\n", 6));
  for (const std::string& text : {std::string("a\nbb\nccc"), std::string("1\n22\n\n333\n")}) {
    EXPECT_EQ(Reverse(text), ReversedText(text));
    EXPECT_EQ(Reverse(Reverse(text)), text);
  }
}

TEST(LooksReversed, FallingHeaderTimesOnly) {
  const std::string forward =
      ReadFile(Fixture("minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log"));
  EXPECT_FALSE(LooksReversed(forward, true));
  EXPECT_TRUE(LooksReversed(ReversedText(forward), true));
  const std::string dated = ReadFile(Fixture("jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log"));
  EXPECT_FALSE(LooksReversed(dated, true));
  EXPECT_TRUE(LooksReversed(ReversedText(dated), true));
  std::string json;
  for (int second = 9; second >= 0; --second) {
    json += R"({"instant":{"epochSecond":170000000)" + std::to_string(second) +
            R"(,"nanoOfSecond":0},"level":"INFO","loggerName":"a.B","message":"x"})" + "\n";
  }
  EXPECT_TRUE(LooksReversed(json, true));
  EXPECT_FALSE(LooksReversed(ReversedText(json), true));
  // One step back (two files concatenated, a clock adjustment) is not an export.
  const std::string a =
      "2024-03-01 10:00:02,000 INFO  a.B [] - x\n2024-03-01 10:00:03,000 INFO  a.B [] - x\n";
  const std::string b =
      "2024-03-01 10:00:00,000 INFO  a.B [] - x\n2024-03-01 10:00:01,000 INFO  a.B [] - x\n";
  EXPECT_FALSE(LooksReversed(a + b, true));
  EXPECT_FALSE(LooksReversed(ReversedText(a), true));  // a single decrease
  EXPECT_TRUE(LooksReversed(ReversedText(b + a), true));
  EXPECT_FALSE(LooksReversed("", true));
}

TEST(LooksReversed, JudgesTheFirst64StepsOfTheHead) {
  // A newest-first export is newest-first from its first line: 64 steps between timed records
  // decide, so a 64 KiB head of 300 records costs 64 header parses, not 300.
  auto line = [](int second) {
    return fmt::format("2024-03-01 10:{:02d}:{:02d},000 INFO  a.B [] - x\n", second / 60, second % 60);
  };
  std::string newest_first, in_order_then_back;
  for (int second = 299; second >= 0; --second) newest_first += line(second);
  for (int second = 0; second <= 64; ++second) in_order_then_back += line(second);  // 64 increases
  for (int second = 2000; second >= 1700; --second) in_order_then_back += line(second);
  EXPECT_TRUE(LooksReversed(newest_first, true));
  EXPECT_FALSE(LooksReversed(in_order_then_back, true));  // decided before its 300 decreases
  EXPECT_FALSE(LooksReversed(ReversedText(newest_first), true));
}

TEST(ReversedLogFilter, ServesTheLinesOldestFirst) {
  const std::string forward =
      ReadFile(Fixture("minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log"));
  const std::string exported = ReversedText(forward);
  for (size_t slice : {size_t{1}, size_t{100}, size_t{1} << 20}) {
    const Drained out = Drain(exported, {}, slice);
    EXPECT_EQ(out.segments, 1);
    EXPECT_TRUE(out.info.reversed);
    EXPECT_EQ(out.info.kind, StreamKind::kJobManager);
    EXPECT_EQ(out.bytes, forward);
    EXPECT_EQ(out.error, "");
  }
  EXPECT_EQ(Drain("c\nb\na").bytes, "a\nb\nc");
}

TEST(ReversedLogFilter, LongerThanTheCapIsReversedInPiecesAndSaysSo) {
  std::string exported;
  for (int i = 999; i >= 0; --i) exported += "line " + std::to_string(i) + "\n";
  ReversedLogFilterOptions options;
  options.max_bytes = 1000;
  options.read_block = 64;
  const Drained out = Drain(exported, options, 37);
  EXPECT_EQ(out.bytes.size(), exported.size());
  EXPECT_EQ(std::count(out.bytes.begin(), out.bytes.end(), '\n'), 1000);
  EXPECT_NE(out.error.find("reversed in pieces of 1000 bytes"), std::string::npos) << out.error;
  // Within the first piece the order is restored.
  std::vector<std::string> lines = Lines(out.bytes);
  const auto first_piece_end = std::find(lines.begin(), lines.end(), "line 999\n");
  ASSERT_NE(first_piece_end, lines.end());
  EXPECT_TRUE(
      std::is_sorted(lines.begin(), first_piece_end + 1, [](const std::string& x, const std::string& y) {
        return std::stoi(x.substr(5)) < std::stoi(y.substr(5));
      }));
  // Exactly the cap is still one piece.
  std::string exact(1000, 'x');
  for (size_t i = 9; i < exact.size(); i += 10) exact[i] = '\n';
  const Drained whole = Drain(exact, options, 64);
  EXPECT_EQ(whole.error, "");
  EXPECT_EQ(whole.bytes, Reverse(exact));
}

}  // namespace
}  // namespace flinkscan
