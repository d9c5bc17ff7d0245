#include "patterns/matcher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/catalog.h"

namespace flinkscan {
namespace {

// A two-pattern catalog: "alpha" (literal) and "beta [0-9]{2}".
Catalog TwoPatterns() {
  Result<Catalog> catalog = Catalog::Parse(R"json({"patterns":[
    {"id":"t.alpha","expression":"alpha","category":"test","severity":"info","event":"exception",
     "samples":[{"line":"alpha"}]},
    {"id":"t.beta","expression":"beta [0-9]{2}","category":"test","severity":"info","event":"exception",
     "samples":[{"line":"beta 12"}]}
  ]})json",
                                           "test.json");
  EXPECT_TRUE(catalog.ok()) << catalog.message();
  return catalog.ok() ? catalog.value() : Catalog();
}

std::shared_ptr<const Matcher> MustCompile(const Catalog& catalog) {
  Result<std::shared_ptr<const Matcher>> matcher = Matcher::Compile(catalog);
  EXPECT_TRUE(matcher.ok()) << matcher.message();
  return matcher.ok() ? matcher.value() : nullptr;
}

TEST(Matcher, HitsInAMultiLineBlockMapToTheirOffsets) {
  const auto matcher = MustCompile(TwoPatterns());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(matcher->AllocateScratch(scratch).ok());

  const std::string block = "x alpha\nbeta 12 y\nnothing here\nalpha and beta 34\n";
  std::vector<PatternHit> hits;
  ASSERT_TRUE(matcher->Scan(block, scratch, hits).ok());
  ASSERT_EQ(hits.size(), 4u);
  // Reported by end offset; each end lies on the line of its match.
  const size_t first_alpha = block.find("alpha") + 5;
  const size_t beta12 = block.find("beta 12") + 7;
  const size_t second_alpha = block.find("alpha", first_alpha) + 5;
  const size_t beta34 = block.find("beta 34") + 7;
  EXPECT_EQ(hits[0].pattern, 0u);
  EXPECT_EQ(hits[0].end, first_alpha);
  EXPECT_EQ(hits[1].pattern, 1u);
  EXPECT_EQ(hits[1].end, beta12);
  EXPECT_EQ(hits[2].pattern, 0u);
  EXPECT_EQ(hits[2].end, second_alpha);
  EXPECT_EQ(hits[3].pattern, 1u);
  EXPECT_EQ(hits[3].end, beta34);
  EXPECT_EQ(block.substr(hits[3].end - 7, 7), "beta 34");
}

TEST(Matcher, EveryHitOfOnePatternIsReported) {
  // No SINGLEMATCH: a chunk holds many matching lines and each one counts.
  const auto matcher = MustCompile(TwoPatterns());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(matcher->AllocateScratch(scratch).ok());
  std::string block;
  constexpr int kLines = 5000;
  for (int i = 0; i < kLines; ++i)
    block += "2022-05-27 16:13:00,463 INFO  x [] - alpha " + std::to_string(i) + "\n";
  std::vector<PatternHit> hits;
  ASSERT_TRUE(matcher->Scan(block, scratch, hits).ok());
  ASSERT_EQ(hits.size(), static_cast<size_t>(kLines));
  for (const PatternHit& hit : hits) {
    EXPECT_EQ(hit.pattern, 0u);
    EXPECT_EQ(block.substr(hit.end - 5, 5), "alpha");
  }
}

TEST(Matcher, EmptyBlockYieldsNoHits) {
  const auto matcher = MustCompile(TwoPatterns());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(matcher->AllocateScratch(scratch).ok());
  std::vector<PatternHit> hits = {{1, 2}};  // cleared by Scan
  ASSERT_TRUE(matcher->Scan("", scratch, hits).ok());
  EXPECT_TRUE(hits.empty());
  ASSERT_TRUE(matcher->Scan("no match at all\n", scratch, hits).ok());
  EXPECT_TRUE(hits.empty());
}

TEST(Matcher, ScanWithoutScratchIsAnError) {
  const auto matcher = MustCompile(TwoPatterns());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  std::vector<PatternHit> hits;
  EXPECT_FALSE(matcher->Scan("alpha", scratch, hits).ok());
}

TEST(Matcher, EmptyCatalogMatchesNothing) {
  const auto matcher = MustCompile(Catalog());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(matcher->AllocateScratch(scratch).ok());
  std::vector<PatternHit> hits;
  ASSERT_TRUE(matcher->Scan("alpha beta 12", scratch, hits).ok());
  EXPECT_TRUE(hits.empty());
}

TEST(Matcher, OneScratchServesTwoDatabases) {
  const auto first = MustCompile(TwoPatterns());
  const auto builtin_catalog = Catalog::Builtin();
  ASSERT_TRUE(builtin_catalog.ok()) << builtin_catalog.message();
  const auto second = MustCompile(builtin_catalog.value());
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(first->AllocateScratch(scratch).ok());
  ASSERT_TRUE(second->AllocateScratch(scratch).ok());  // grows the same scratch
  std::vector<PatternHit> hits;
  ASSERT_TRUE(first->Scan("alpha", scratch, hits).ok());
  EXPECT_EQ(hits.size(), 1u);
  ASSERT_TRUE(second->Scan("Trying to recover from a global failure.", scratch, hits).ok());
  EXPECT_FALSE(hits.empty());
}

TEST(Matcher, ScratchMovesWithItsOwner) {
  const auto matcher = MustCompile(TwoPatterns());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(matcher->AllocateScratch(scratch).ok());
  MatchScratch moved = std::move(scratch);
  std::vector<PatternHit> hits;
  ASSERT_TRUE(matcher->Scan("beta 99", moved, hits).ok());
  EXPECT_EQ(hits.size(), 1u);
}

TEST(Matcher, CaselessFlagApplies) {
  Result<Catalog> catalog = Catalog::Parse(R"json({"patterns":[
    {"id":"t.ci","expression":"outofmemoryerror","flags":["caseless"],"category":"test","severity":"info",
     "event":"exception","samples":[{"line":"x"}]}]})json",
                                           "ci.json");
  ASSERT_TRUE(catalog.ok()) << catalog.message();
  const auto matcher = MustCompile(catalog.value());
  ASSERT_NE(matcher, nullptr);
  MatchScratch scratch;
  ASSERT_TRUE(matcher->AllocateScratch(scratch).ok());
  std::vector<PatternHit> hits;
  ASSERT_TRUE(matcher->Scan("java.lang.OutOfMemoryError: Java heap space", scratch, hits).ok());
  EXPECT_EQ(hits.size(), 1u);
}

}  // namespace
}  // namespace flinkscan
