#include "patterns/matcher.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "patterns/catalog.h"
#include "patterns/internal/embedded_database.h"

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

// --- The build-time serialized database of the built-in catalog -------------

Catalog BuiltinCatalog() {
  Result<Catalog> catalog = Catalog::Builtin();
  EXPECT_TRUE(catalog.ok()) << catalog.message();
  return catalog.ok() ? catalog.value() : Catalog();
}

// Every sample line of the catalog, one after another, twice (so each pattern
// also sees its neighbours' lines before and after it).
std::string EverySampleBlock(const Catalog& catalog) {
  std::string block;
  for (const PatternEntry& entry : catalog.entries()) {
    for (const PatternSample& sample : entry.samples) block += sample.line + "\n";
  }
  return block + block;
}

std::vector<PatternHit> ScanAll(const Matcher& matcher, std::string_view block) {
  MatchScratch scratch;
  EXPECT_TRUE(matcher.AllocateScratch(scratch).ok());
  std::vector<PatternHit> hits;
  EXPECT_TRUE(matcher.Scan(block, scratch, hits).ok());
  return hits;
}

bool SameHits(const std::vector<PatternHit>& a, const std::vector<PatternHit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].pattern != b[i].pattern || a[i].end != b[i].end) return false;
  }
  return true;
}

std::shared_ptr<const Matcher> MustCompileFromScratch(const Catalog& catalog) {
  Result<std::shared_ptr<const Matcher>> matcher = Matcher::CompileOrDeserialize(catalog, "", 0);
  EXPECT_TRUE(matcher.ok()) << matcher.message();
  if (!matcher.ok()) return nullptr;
  EXPECT_FALSE(matcher.value()->deserialized());
  return matcher.value();
}

TEST(MatcherSerialized, BuiltinCatalogUsesTheEmbeddedDatabase) {
  const internal::EmbeddedDatabase embedded = internal::EmbeddedSerializedDatabase();
  ASSERT_FALSE(embedded.bytes.empty())
      << "the build embedded no database (see the serialize_catalog warning)";
  const Catalog catalog = BuiltinCatalog();
  EXPECT_EQ(embedded.fingerprint, Matcher::Fingerprint(catalog));
  const Matcher::LoadCounts before = Matcher::Counts();
  const auto matcher = MustCompile(catalog);
  ASSERT_NE(matcher, nullptr);
  // Built and tested on the same machine, so Hyperscan accepts the bytes.
  EXPECT_TRUE(matcher->deserialized());
  const Matcher::LoadCounts after = Matcher::Counts();
  EXPECT_EQ(after.deserialized, before.deserialized + 1);
  EXPECT_EQ(after.compiled, before.compiled);
  EXPECT_EQ(after.fallbacks, before.fallbacks);
}

TEST(MatcherSerialized, DeserializedDatabaseGivesTheSameHitsAsACompiledOne) {
  const Catalog catalog = BuiltinCatalog();
  ASSERT_GT(catalog.size(), 0u);
  const auto compiled = MustCompileFromScratch(catalog);
  const auto embedded = MustCompile(catalog);
  ASSERT_NE(compiled, nullptr);
  ASSERT_NE(embedded, nullptr);
  ASSERT_TRUE(embedded->deserialized());

  const std::string block = EverySampleBlock(catalog);
  const std::vector<PatternHit> expected = ScanAll(*compiled, block);
  ASSERT_FALSE(expected.empty());
  EXPECT_TRUE(SameHits(ScanAll(*embedded, block), expected));

  // A serialize/deserialize round trip of the compiled database agrees too.
  Result<std::string> bytes = compiled->Serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.message();
  Result<std::shared_ptr<const Matcher>> round_trip =
      Matcher::CompileOrDeserialize(catalog, bytes.value(), Matcher::Fingerprint(catalog));
  ASSERT_TRUE(round_trip.ok()) << round_trip.message();
  EXPECT_TRUE(round_trip.value()->deserialized());
  EXPECT_TRUE(SameHits(ScanAll(*round_trip.value(), block), expected));
}

TEST(MatcherSerialized, CorruptedOrForeignBytesFallBackToCompiling) {
  const Catalog catalog = BuiltinCatalog();
  const uint64_t fingerprint = Matcher::Fingerprint(catalog);
  const std::string good(internal::EmbeddedSerializedDatabase().bytes);
  ASSERT_GT(good.size(), 32u);
  const std::string block = EverySampleBlock(catalog);
  const std::vector<PatternHit> expected = ScanAll(*MustCompileFromScratch(catalog), block);

  std::string wrong_magic = good;
  wrong_magic[0] = static_cast<char>(wrong_magic[0] ^ 0x5a);
  std::string other_version = good;  // bytes 4..7: the Hyperscan version that wrote it
  other_version[5] = static_cast<char>(other_version[5] ^ 0x7f);
  std::string other_cpu = good;  // bytes 12..19: the platform (CPU features) it was compiled for
  for (size_t i = 12; i < 20; ++i) other_cpu[i] = static_cast<char>(0xff);
  const std::string truncated = good.substr(0, good.size() / 2);
  const std::string garbage(4096, 'x');

  const std::pair<std::string_view, const std::string*> cases[] = {
      {"wrong magic", &wrong_magic}, {"other version", &other_version},
      {"other CPU", &other_cpu},     {"truncated", &truncated},
      {"garbage", &garbage},
  };
  for (const auto& [name, bytes] : cases) {
    SCOPED_TRACE(name);
    const Matcher::LoadCounts before = Matcher::Counts();
    Result<std::shared_ptr<const Matcher>> matcher =
        Matcher::CompileOrDeserialize(catalog, *bytes, fingerprint);
    ASSERT_TRUE(matcher.ok()) << matcher.message();
    EXPECT_FALSE(matcher.value()->deserialized());
    const Matcher::LoadCounts after = Matcher::Counts();
    EXPECT_EQ(after.fallbacks, before.fallbacks + 1);
    EXPECT_EQ(after.compiled, before.compiled + 1);
    EXPECT_TRUE(SameHits(ScanAll(*matcher.value(), block), expected));
  }
}

TEST(MatcherSerialized, UserPatternsForceCompilation) {
  Catalog merged = BuiltinCatalog();
  ASSERT_TRUE(merged.Merge(TwoPatterns()).ok());
  const Matcher::LoadCounts before = Matcher::Counts();
  const auto matcher = MustCompile(merged);
  ASSERT_NE(matcher, nullptr);
  EXPECT_FALSE(matcher->deserialized());
  const Matcher::LoadCounts after = Matcher::Counts();
  EXPECT_EQ(after.compiled, before.compiled + 1);
  EXPECT_EQ(after.fallbacks, before.fallbacks);  // a different catalog is not a fallback
  std::vector<PatternHit> hits = ScanAll(*matcher, "alpha\n");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(merged.entries()[hits[0].pattern].id, "t.alpha");

  const auto alone = MustCompile(TwoPatterns());
  ASSERT_NE(alone, nullptr);
  EXPECT_FALSE(alone->deserialized());
}

TEST(MatcherSerialized, FingerprintCoversExpressionsFlagsAndOrderOnly) {
  const Catalog catalog = BuiltinCatalog();
  ASSERT_GT(catalog.size(), 1u);
  const uint64_t base = Matcher::Fingerprint(catalog);
  EXPECT_EQ(Matcher::Fingerprint(catalog), base);
  EXPECT_NE(Matcher::Fingerprint(Catalog()), base);
  EXPECT_NE(Matcher::Fingerprint(TwoPatterns()), base);

  Result<Catalog> reworded = Catalog::Parse(R"json({"patterns":[
    {"id":"t.other","expression":"alpha","category":"x","severity":"critical","event":"exception",
     "description":"different words","samples":[{"line":"alpha!"}]},
    {"id":"t.beta","expression":"beta [0-9]{2}","category":"test","severity":"info","event":"exception",
     "samples":[{"line":"beta 12"}]}]})json",
                                            "other.json");
  ASSERT_TRUE(reworded.ok()) << reworded.message();
  EXPECT_EQ(Matcher::Fingerprint(reworded.value()), Matcher::Fingerprint(TwoPatterns()));

  Result<Catalog> caseless = Catalog::Parse(R"json({"patterns":[
    {"id":"t.alpha","expression":"alpha","flags":["caseless"],"category":"test","severity":"info",
     "event":"exception","samples":[{"line":"alpha"}]},
    {"id":"t.beta","expression":"beta [0-9]{2}","category":"test","severity":"info","event":"exception",
     "samples":[{"line":"beta 12"}]}]})json",
                                            "caseless.json");
  ASSERT_TRUE(caseless.ok()) << caseless.message();
  EXPECT_NE(Matcher::Fingerprint(caseless.value()), Matcher::Fingerprint(TwoPatterns()));

  Result<Catalog> swapped = Catalog::Parse(R"json({"patterns":[
    {"id":"t.beta","expression":"beta [0-9]{2}","category":"test","severity":"info","event":"exception",
     "samples":[{"line":"beta 12"}]},
    {"id":"t.alpha","expression":"alpha","category":"test","severity":"info","event":"exception",
     "samples":[{"line":"alpha"}]}]})json",
                                           "swapped.json");
  ASSERT_TRUE(swapped.ok()) << swapped.message();
  EXPECT_NE(Matcher::Fingerprint(swapped.value()), Matcher::Fingerprint(TwoPatterns()));
}

}  // namespace
}  // namespace flinkscan
