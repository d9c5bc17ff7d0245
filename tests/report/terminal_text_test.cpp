#include "report/terminal_text.h"

#include <gtest/gtest.h>

#include <string>

namespace flinkscan {
namespace {

using namespace std::string_literals;

TEST(TerminalText, KeepsPrintableTextAndTabs) {
  EXPECT_EQ(TerminalSafe("2023-04-20 08:56:22,262 INFO  x - ok\tdone"),
            "2023-04-20 08:56:22,262 INFO  x - ok\tdone");
  EXPECT_EQ(TerminalSafe(""), "");
}

TEST(TerminalText, ShowsEscapeAndC0Controls) {
  EXPECT_EQ(TerminalSafe("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(TerminalSafe("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
  EXPECT_EQ(TerminalSafe("a\nb\rc"), "a\\x0ab\\x0dc");
  EXPECT_EQ(TerminalSafe("nul\0here"s), "nul\\x00here");
  EXPECT_EQ(TerminalSafe("\x7f"), "\\x7f");
}

TEST(TerminalText, ShowsBytesThatAreNotUtf8) {
  // 0x9b alone is CSI on 8-bit terminals.
  EXPECT_EQ(TerminalSafe("a\x9b"
                         "31m"),
            "a\\x9b31m");
  EXPECT_EQ(TerminalSafe("\xC3"), "\\xc3");
  EXPECT_EQ(TerminalSafe("\xE2\x82z"), "\\xe2\\x82z");
}

TEST(TerminalText, ShowsC1ControlsAndBidiOverrides) {
  EXPECT_EQ(TerminalSafe("\xC2\x9B"
                         "31m"),
            "\\u009b31m");
  EXPECT_EQ(TerminalSafe("\xC2\x85"), "\\u0085");
  EXPECT_EQ(TerminalSafe("abc\xE2\x80\xAE"
                         "fed"),
            "abc\\u202efed");
  EXPECT_EQ(TerminalSafe("\xE2\x81\xA6x\xE2\x81\xA9"), "\\u2066x\\u2069");
}

TEST(TerminalText, KeepsWellFormedUtf8) {
  const std::string text = "caf\xC3\xA9 \xE2\x86\x92 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xC2\xA0";
  EXPECT_EQ(TerminalSafe(text), text);
}

TEST(TerminalText, TruncatesWithEllipsis) {
  EXPECT_EQ(TerminalSafe("abcdef", 4), "abc\xE2\x80\xA6");
  EXPECT_EQ(TerminalSafe("abcd", 4), "abcd");
  EXPECT_EQ(TerminalSafe("abc", 4), "abc");
  EXPECT_EQ(TerminalSafe("abcde", 1), "\xE2\x80\xA6");
  EXPECT_EQ(TerminalSafe("abcde", 0), "");
  EXPECT_EQ(TerminalSafe("", 0), "");
}

TEST(TerminalText, TruncationCountsCodePointsAndNeverSplitsThem) {
  const std::string e_acute = "\xC3\xA9";
  EXPECT_EQ(TerminalSafe(e_acute + e_acute + e_acute + e_acute + e_acute, 3),
            e_acute + e_acute + "\xE2\x80\xA6");
  EXPECT_EQ(TerminalSafe(e_acute + e_acute + e_acute, 3), e_acute + e_acute + e_acute);
}

TEST(TerminalText, TruncationNeverSplitsEscapes) {
  // "ab" + "\x1b" (4 columns) = 6 columns; in 5 the escape cannot fit.
  EXPECT_EQ(TerminalSafe("ab\x1b", 5), "ab\xE2\x80\xA6");
  EXPECT_EQ(TerminalSafe("ab\x1b", 6), "ab\\x1b");
  EXPECT_EQ(TerminalSafe("ab\x1bz", 6), "ab\xE2\x80\xA6");
  EXPECT_EQ(TerminalSafe("ab\x1bz", 7), "ab\\x1bz");
}

TEST(TerminalText, TruncatedResultFitsTheColumns) {
  const std::string long_text(500, 'x');
  const std::string cut = TerminalSafe(long_text + "\x1b", 80);
  EXPECT_EQ(CountColumns(cut), 80u);
  EXPECT_EQ(cut.substr(cut.size() - 3), "\xE2\x80\xA6");
}

TEST(TerminalText, AppendsToExistingOutput) {
  std::string out = "evidence: ";
  AppendTerminalSafe(&out, "\x1b[2J", 100);
  EXPECT_EQ(out, "evidence: \\x1b[2J");
}

TEST(TerminalText, CountColumns) {
  EXPECT_EQ(CountColumns(""), 0u);
  EXPECT_EQ(CountColumns("abc"), 3u);
  EXPECT_EQ(CountColumns("a\xC3\xA9\xE2\x86\x92\xF0\x9F\x98\x80"), 4u);
}

}  // namespace
}  // namespace flinkscan
