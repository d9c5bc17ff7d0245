// Untrusted text in every sink: an exception message carrying HTML, a
// Markdown link, terminal escape sequences (a title change, a screen clear),
// invalid UTF-8 and an attribute breakout reaches the root cause of a failed
// job, so every report prints it. None of them may act: JSON stays valid
// UTF-8 with control characters escaped, Markdown gets no link or tag, the
// terminal gets no escape byte, HTML gets no tag or attribute.

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

using testing::ParsedJson;
using testing::Quote;
using testing::RunCaptured;
using testing::TempDir;

const std::string kPayload =
    "PAYLOAD <script>alert(1)</script> [click](http://evil.example) ![img](http://evil.example/x.png) "
    "\x1b]0;pwned\x07 \x1b[2J \xff\xfe\" onmouseover=\"alert(2) <img src=x onerror=alert(3)>";

std::string EvilLog(TempDir& dir) {
  const std::string job = "Job hostile (00000000000000000000000000000001) switched from state ";
  return dir.Write("jobmanager.log", testing::Log4j2Record(1, job + "RUNNING to FAILING.") +
                                         "java.lang.RuntimeException: " + kPayload +
                                         "\n\tat a.b.C.d(C.java:1)\n" +
                                         testing::Log4j2Record(3, job + "FAILING to FAILED."));
}

TEST(SinkEscaping, JsonIsValidUtf8WithControlCharactersEscaped) {
  TempDir dir;
  const auto run = RunCaptured("scan --format json " + Quote(EvilLog(dir)));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ParsedJson report(run.out);  // simdjson validates UTF-8 and rejects raw control characters in strings
  ASSERT_TRUE(report.parsed()) << run.out;
  EXPECT_NE(run.out.find("PAYLOAD"), std::string::npos);
  EXPECT_NE(run.out.find("\\u001b]0;pwned\\u0007"), std::string::npos);
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
  EXPECT_NE(run.out.find("\xef\xbf\xbd"), std::string::npos) << "invalid bytes become U+FFFD";
  EXPECT_TRUE(std::none_of(run.out.begin(), run.out.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
}

TEST(SinkEscaping, TerminalGetsNoEscapeSequenceFromTheLog) {
  TempDir dir;
  const std::string log = EvilLog(dir);
  for (const char* color : {"never", "always"}) {
    const auto run = RunCaptured(std::string("scan --color ") + color + " " + Quote(log));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    ASSERT_NE(run.out.find("PAYLOAD"), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("\x1b]"), std::string::npos) << "no OSC (title) sequence with --color " << color;
    EXPECT_EQ(run.out.find("\x1b[2J"), std::string::npos) << "no screen clear with --color " << color;
    EXPECT_EQ(run.out.find('\x07'), std::string::npos);
    if (std::string(color) == "never") {
      EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
    }
  }
}

TEST(SinkEscaping, MarkdownGetsNoLinkImageOrTag) {
  TempDir dir;
  const auto run = RunCaptured("scan --format markdown " + Quote(EvilLog(dir)));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_NE(run.out.find("PAYLOAD"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("<script"), std::string::npos);
  EXPECT_EQ(run.out.find("<img"), std::string::npos);
  EXPECT_EQ(run.out.find("](http://evil"), std::string::npos) << "no link or image syntax survives";
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
}

TEST(SinkEscaping, HtmlGetsNoTagOrAttributeFromTheLog) {
  TempDir dir;
  const auto run = RunCaptured("scan --format html " + Quote(EvilLog(dir)));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_NE(run.out.find("PAYLOAD"), std::string::npos) << run.out.substr(0, 2000);
  EXPECT_EQ(run.out.find("<script>alert"), std::string::npos);
  EXPECT_EQ(run.out.find("</script> [click]"), std::string::npos) << "the log cannot close the page's script";
  EXPECT_EQ(run.out.find("<img src=x"), std::string::npos);
  EXPECT_EQ(run.out.find("\" onmouseover=\"alert"), std::string::npos) << "no attribute breakout";
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace flinkscan
