// A --patterns file is untrusted input too: a pattern Hyperscan cannot
// compile is reported with its id and Hyperscan's own message (exit 2, no
// partial scan), and the catalog's resource caps (entries per file, total
// entries, expression length, file size) each give a clear error.

#include <string>

#include <gtest/gtest.h>

#include "patterns/catalog.h"
#include "tests/hostile/hostile_run.h"

namespace flinkscan {
namespace {

using testing::Quote;
using testing::RunCaptured;
using testing::TempDir;

std::string Entry(const std::string& id, const std::string& expression) {
  return R"({"id": ")" + id + R"(", "expression": ")" + expression +
         R"(", "category": "exception", "severity": "warning", "event": "exception"})";
}

std::string CatalogOf(const std::string& entries) { return R"({"patterns": [)" + entries + "]}"; }

TEST(UserPatterns, PatternHyperscanRejectsIsNamedWithHyperscansMessage) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", testing::SmallFailingJobLog());
  // A backreference: valid PCRE, not supported by Hyperscan.
  const std::string patterns = dir.Write("mine.json", CatalogOf(Entry("mine.ok", "OutOfMemoryError") + ", " +
                                                                Entry("mine.backref", "(boom)\\\\1")));
  const auto run = RunCaptured("scan --patterns " + Quote(patterns) + " " + Quote(log));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "") << "no report from a half-loaded catalog";
  EXPECT_NE(run.err.find(patterns + ": pattern 'mine.backref' ((boom)\\1)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Back-references are unsupported"), std::string::npos)
      << "Hyperscan's own words: " << run.err;
}

TEST(UserPatterns, TooLongExpressionIsRefused) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", testing::SmallFailingJobLog());
  const std::string patterns =
      dir.Write("long.json", CatalogOf(Entry("mine.long", std::string(kMaxExpressionBytes + 1, 'a'))));
  const auto run = RunCaptured("scan --patterns " + Quote(patterns) + " " + Quote(log));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("entry #0 ('mine.long'): expression of 1025 bytes (at most 1024)"),
            std::string::npos)
      << run.err;
}

TEST(UserPatterns, TooManyEntriesInOneFileAreRefused) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", testing::SmallFailingJobLog());
  std::string entries;
  for (size_t i = 0; i <= kMaxEntriesPerCatalogFile; ++i) {
    if (i) entries += ", ";
    entries += Entry("mine." + std::to_string(i), "word" + std::to_string(i));
  }
  const std::string patterns = dir.Write("many.json", CatalogOf(entries));
  const auto run = RunCaptured("scan --patterns " + Quote(patterns) + " " + Quote(log));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(patterns + ": more than 1000 entries in one file"), std::string::npos) << run.err;
}

TEST(UserPatterns, TooManyEntriesAcrossFilesAreRefused) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", testing::SmallFailingJobLog());
  std::string args;
  for (int file = 0; file < 3; ++file) {
    std::string entries;
    for (int i = 0; i < 900; ++i) {
      if (i) entries += ", ";
      entries += Entry("f" + std::to_string(file) + "." + std::to_string(i), "w" + std::to_string(i));
    }
    args += " --patterns " + Quote(dir.Write("part" + std::to_string(file) + ".json", CatalogOf(entries)));
  }
  const auto run = RunCaptured("scan" + args + " " + Quote(log));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("part2.json: the catalog would hold"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("(at most 2000)"), std::string::npos) << run.err;
}

TEST(UserPatterns, HugePatternFileIsRefusedBeforeParsing) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", testing::SmallFailingJobLog());
  const std::string patterns = dir.Write("huge.json", CatalogOf("") + std::string(kMaxCatalogFileBytes, ' '));
  const auto run = RunCaptured("scan --patterns " + Quote(patterns) + " " + Quote(log));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(patterns + ": pattern file of"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace flinkscan
