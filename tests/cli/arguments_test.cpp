#include "cli/arguments.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace flinkscan::cli {
namespace {

Result<Arguments> Parse(std::vector<std::string> argv) { return ParseArguments(argv); }

TEST(Arguments, ScanWithPathsAndDefaults) {
  const Result<Arguments> r = Parse({"scan", "a.log", "logs/"});
  ASSERT_TRUE(r.ok()) << r.message();
  const Arguments& a = r.value();
  EXPECT_EQ(a.command, Command::kScan);
  EXPECT_EQ(a.paths, (std::vector<std::string>{"a.log", "logs/"}));
  EXPECT_EQ(a.format, Format::kText);
  EXPECT_EQ(a.output, "");
  EXPECT_EQ(a.threads, 0u);
  EXPECT_EQ(a.color, ColorMode::kAuto);
  EXPECT_FALSE(a.fail_on.has_value());
  EXPECT_FALSE(a.tz_offset_minutes.has_value());
  EXPECT_FALSE(a.slow_checkpoint_ms.has_value());
}

TEST(Arguments, ScanWithoutPathIsAUsageError) {
  const Result<Arguments> r = Parse({"scan"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("PATH"), std::string::npos) << r.message();
  EXPECT_FALSE(Parse({"scan", "--format", "json"}).ok());
}

TEST(Arguments, DashIsStdinPath) {
  const Result<Arguments> r = Parse({"scan", "-"});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().paths, std::vector<std::string>{"-"});
}

TEST(Arguments, OptionsMayFollowPaths) {
  const Result<Arguments> r = Parse({"scan", "a.log", "--format", "json", "-o", "out.json", "b.log"});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().paths, (std::vector<std::string>{"a.log", "b.log"}));
  EXPECT_EQ(r.value().format, Format::kJson);
  EXPECT_EQ(r.value().output, "out.json");
}

TEST(Arguments, UnknownOptionIsNamed) {
  const Result<Arguments> r = Parse({"scan", "--bogus", "a.log"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("--bogus"), std::string::npos) << r.message();
}

TEST(Arguments, UnknownCommandIsNamed) {
  const Result<Arguments> r = Parse({"analyse", "a.log"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("analyse"), std::string::npos) << r.message();
  EXPECT_FALSE(Parse({}).ok());
}

TEST(Arguments, OptionWithoutValueIsAnError) {
  for (const char* flag : {"--format", "-o", "--output", "-j", "--threads", "--tz", "--color", "--fail-on",
                           "--slow-checkpoint-ms", "--patterns", "--chunk-bytes"}) {
    const Result<Arguments> r = Parse({"scan", "a.log", flag});
    ASSERT_FALSE(r.ok()) << flag;
    EXPECT_NE(r.message().find(flag), std::string::npos) << r.message();
  }
}

TEST(Arguments, Format) {
  EXPECT_EQ(Parse({"scan", "--format", "json", "a"}).value().format, Format::kJson);
  EXPECT_EQ(Parse({"scan", "--format", "text", "a"}).value().format, Format::kText);
  const Result<Arguments> bad = Parse({"scan", "--format", "xml", "a"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("xml"), std::string::npos) << bad.message();
}

TEST(Arguments, Threads) {
  EXPECT_EQ(Parse({"scan", "-j", "4", "a"}).value().threads, 4u);
  EXPECT_EQ(Parse({"scan", "--threads", "1", "a"}).value().threads, 1u);
  EXPECT_FALSE(Parse({"scan", "-j", "0", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "-j", "-3", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "-j", "four", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "-j", "4x", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "-j", "100000", "a"}).ok());
}

TEST(Arguments, ChunkBytes) {
  EXPECT_EQ(Parse({"scan", "--chunk-bytes", "65536", "a"}).value().chunk_bytes, 65536u);
  EXPECT_FALSE(Parse({"scan", "--chunk-bytes", "0", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "--chunk-bytes", "2MiB", "a"}).ok());
}

TEST(Arguments, FailOn) {
  EXPECT_EQ(Parse({"scan", "--fail-on", "warning", "a"}).value().fail_on, std::optional<std::string>("warning"));
  EXPECT_EQ(Parse({"scan", "--fail-on", "critical", "a"}).value().fail_on, std::optional<std::string>("critical"));
  EXPECT_FALSE(Parse({"scan", "--fail-on", "error", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "--fail-on", "", "a"}).ok());
}

TEST(Arguments, Color) {
  EXPECT_EQ(Parse({"scan", "--color", "always", "a"}).value().color, ColorMode::kAlways);
  EXPECT_EQ(Parse({"scan", "--color", "never", "a"}).value().color, ColorMode::kNever);
  EXPECT_EQ(Parse({"scan", "--color", "auto", "a"}).value().color, ColorMode::kAuto);
  EXPECT_FALSE(Parse({"scan", "--color", "sometimes", "a"}).ok());
}

TEST(Arguments, SlowCheckpointMs) {
  EXPECT_EQ(Parse({"scan", "--slow-checkpoint-ms", "45000", "a"}).value().slow_checkpoint_ms,
            std::optional<int64_t>(45000));
  EXPECT_FALSE(Parse({"scan", "--slow-checkpoint-ms", "45s", "a"}).ok());
  EXPECT_FALSE(Parse({"scan", "--slow-checkpoint-ms", "-1", "a"}).ok());
}

TEST(Arguments, TzOption) {
  EXPECT_EQ(Parse({"scan", "--tz", "+08:00", "a"}).value().tz_offset_minutes, std::optional<int32_t>(480));
  EXPECT_EQ(Parse({"scan", "--tz", "UTC", "a"}).value().tz_offset_minutes, std::optional<int32_t>(0));
  const Result<Arguments> bad = Parse({"scan", "--tz", "8", "a"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("--tz"), std::string::npos) << bad.message();
}

TEST(Arguments, RepeatablePatternFiles) {
  const Result<Arguments> r = Parse({"scan", "--patterns", "a.json", "--patterns", "b.json", "x.log"});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().pattern_files, (std::vector<std::string>{"a.json", "b.json"}));
  EXPECT_EQ(r.value().paths, std::vector<std::string>{"x.log"});
}

TEST(ParseTzOffset, Forms) {
  EXPECT_EQ(ParseTzOffset("+08:00"), std::optional<int32_t>(480));
  EXPECT_EQ(ParseTzOffset("+0800"), std::optional<int32_t>(480));
  EXPECT_EQ(ParseTzOffset("+08"), std::optional<int32_t>(480));
  EXPECT_EQ(ParseTzOffset("-05:30"), std::optional<int32_t>(-330));
  EXPECT_EQ(ParseTzOffset("-0530"), std::optional<int32_t>(-330));
  EXPECT_EQ(ParseTzOffset("+05:45"), std::optional<int32_t>(345));
  EXPECT_EQ(ParseTzOffset("+00:00"), std::optional<int32_t>(0));
  EXPECT_EQ(ParseTzOffset("-00:00"), std::optional<int32_t>(0));
  EXPECT_EQ(ParseTzOffset("Z"), std::optional<int32_t>(0));
  EXPECT_EQ(ParseTzOffset("UTC"), std::optional<int32_t>(0));
  EXPECT_EQ(ParseTzOffset("+14:00"), std::optional<int32_t>(840));
  EXPECT_EQ(ParseTzOffset("-12:00"), std::optional<int32_t>(-720));
}

TEST(ParseTzOffset, Rejects) {
  for (const char* bad : {"", "8", "08:00", "+8", "+080", "+08:0", "+15:00", "+08:60", "+0a:00", "+08:00:00",
                          "--08:00", "+", "GMT+8"}) {
    EXPECT_EQ(ParseTzOffset(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(Arguments, GrepSelectorsAndPathsAreKeptInOrder) {
  const Result<Arguments> r = Parse({"grep", "checkpoint", "oom", "logs/"});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().command, Command::kGrep);
  // Without "--" the command may resolve against the catalog which words are
  // selectors; the parser keeps every word, in order, in selectors + paths.
  std::vector<std::string> words = r.value().selectors;
  words.insert(words.end(), r.value().paths.begin(), r.value().paths.end());
  EXPECT_EQ(words, (std::vector<std::string>{"checkpoint", "oom", "logs/"}));
  ASSERT_FALSE(r.value().selectors.empty());
  EXPECT_EQ(r.value().selectors.front(), "checkpoint");
}

TEST(Arguments, GrepDoubleDashSeparatesSelectorsFromPaths) {
  const Result<Arguments> r = Parse({"grep", "checkpoint", "--", "checkpoint", "b.log"});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().selectors, std::vector<std::string>{"checkpoint"});
  EXPECT_EQ(r.value().paths, (std::vector<std::string>{"checkpoint", "b.log"}));
}

TEST(Arguments, GrepWithoutSelectorIsAnError) {
  EXPECT_FALSE(Parse({"grep"}).ok());
  EXPECT_FALSE(Parse({"grep", "--", "a.log"}).ok());
}

TEST(Arguments, ScanDoubleDashAllowsDashedPaths) {
  const Result<Arguments> r = Parse({"scan", "--", "--weird-name.log"});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value().paths, std::vector<std::string>{"--weird-name.log"});
}

TEST(Arguments, PatternsSubcommands) {
  EXPECT_EQ(Parse({"patterns", "list"}).value().command, Command::kPatternsList);
  const Result<Arguments> check = Parse({"patterns", "check", "mine.json"});
  ASSERT_TRUE(check.ok()) << check.message();
  EXPECT_EQ(check.value().command, Command::kPatternsCheck);
  EXPECT_EQ(check.value().pattern_files, std::vector<std::string>{"mine.json"});
  EXPECT_FALSE(Parse({"patterns"}).ok());
  EXPECT_FALSE(Parse({"patterns", "check"}).ok());
  EXPECT_FALSE(Parse({"patterns", "frobnicate"}).ok());
  EXPECT_FALSE(Parse({"patterns", "list", "extra"}).ok());
}

TEST(Arguments, HelpAndVersion) {
  EXPECT_EQ(Parse({"--help"}).value().command, Command::kHelp);
  EXPECT_EQ(Parse({"-h"}).value().command, Command::kHelp);
  EXPECT_EQ(Parse({"--version"}).value().command, Command::kVersion);
  EXPECT_NE(UsageText().find("Exit codes"), std::string::npos);
}

}  // namespace
}  // namespace flinkscan::cli
