#include "patterns/catalog.h"

#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/event.h"
#include "parsers/extractor.h"
#include "parsers/json_record.h"
#include "parsers/record_header.h"
#include "patterns/matcher.h"

namespace flinkscan {
namespace {

const Catalog& Builtin() {
  static const Catalog catalog = [] {
    Result<Catalog> loaded = Catalog::Builtin();
    EXPECT_TRUE(loaded.ok()) << loaded.message();
    return loaded.ok() ? loaded.value() : Catalog();
  }();
  return catalog;
}

const Matcher& BuiltinMatcher() {
  static const std::shared_ptr<const Matcher> matcher = [] {
    Result<std::shared_ptr<const Matcher>> compiled = Matcher::Compile(Builtin());
    EXPECT_TRUE(compiled.ok()) << compiled.message();
    if (compiled.ok()) return compiled.value();
    return Matcher::Compile(Catalog()).value();
  }();
  return *matcher;
}

TEST(Catalog, BuiltinEmbedsEveryCatalogFile) {
  ASSERT_GT(Builtin().size(), 0u);
  for (std::string_view file : {"checkpoint.json", "job_state.json", "task_state.json"}) {
    bool found = false;
    for (const PatternEntry& entry : Builtin().entries()) {
      if (entry.origin == "builtin:" + std::string(file)) found = true;
    }
    EXPECT_TRUE(found) << file << " is not embedded";
  }
}

TEST(Catalog, BuiltinPassesLint) {
  const std::vector<std::string> findings = LintCatalog(Builtin());
  for (const std::string& finding : findings) ADD_FAILURE() << finding;
}

TEST(Catalog, BuiltinEventNamesAreKnown) {
  for (const PatternEntry& entry : Builtin().entries()) {
    EXPECT_TRUE(EventKindFromName(entry.event).has_value())
        << entry.origin << ": " << entry.id << ": unknown event '" << entry.event << "'";
  }
}

TEST(Catalog, BuiltinCompiles) {
  Result<std::shared_ptr<const Matcher>> compiled = Matcher::Compile(Builtin());
  ASSERT_TRUE(compiled.ok()) << compiled.message();
  EXPECT_EQ(compiled.value()->catalog().size(), Builtin().size());
}

TEST(Catalog, FindById) {
  const PatternEntry* entry = Builtin().Find("checkpoint.completed.v114");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->event, "checkpoint_completed");
  EXPECT_EQ(entry->origin, "builtin:checkpoint.json");
  EXPECT_EQ(Builtin().Find("no.such.pattern"), nullptr);
}

// One case per sample of every catalog entry, named after the entry id.
struct SampleCase {
  size_t entry;
  size_t sample;
};

std::vector<SampleCase> AllSamples() {
  std::vector<SampleCase> cases;
  const std::vector<PatternEntry>& entries = Builtin().entries();
  for (size_t e = 0; e < entries.size(); ++e) {
    for (size_t s = 0; s < entries[e].samples.size(); ++s) cases.push_back({e, s});
  }
  return cases;
}

std::string SampleName(const testing::TestParamInfo<SampleCase>& info) {
  std::string name = Builtin().entries()[info.param.entry].id + "_" + std::to_string(info.param.sample);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class CatalogSample : public testing::TestWithParam<SampleCase> {
 protected:
  const PatternEntry& entry() const { return Builtin().entries()[GetParam().entry]; }
  const PatternSample& sample() const { return entry().samples[GetParam().sample]; }
};

TEST_P(CatalogSample, IsMatchedByItsEntry) {
  MatchScratch scratch;
  ASSERT_TRUE(BuiltinMatcher().AllocateScratch(scratch).ok());
  std::vector<PatternHit> hits;
  ASSERT_TRUE(BuiltinMatcher().Scan(sample().line, scratch, hits).ok());
  bool hit = false;
  for (const PatternHit& h : hits) {
    if (h.pattern == GetParam().entry) hit = true;
  }
  EXPECT_TRUE(hit) << entry().id << " does not match its sample:\n" << sample().line;
}

TEST_P(CatalogSample, YieldsItsFields) {
  const std::optional<EventKind> kind = EventKindFromName(entry().event);
  ASSERT_TRUE(kind.has_value()) << entry().event;
  const std::string_view text = sample().line;
  const std::string_view first_line = text.substr(0, text.find('\n'));
  Result<RecordHeader> header = ParseHeader(first_line);
  ASSERT_TRUE(header.ok()) << header.message() << "\n" << first_line;
  RecordView record;
  record.text = text;
  record.header = header.value();
  record.line = 1;
  // JSON lines are extracted from their text form, as the scanner does.
  std::string json_text;
  if (header.value().layout == Layout::kJson) {
    Result<JsonTextRecord> converted = JsonToText(text, json_text);
    ASSERT_TRUE(converted.ok()) << converted.message() << "\n" << text;
    record.text = converted.value().text;
    record.header = converted.value().header;
  }
  Event event;
  const Status status = ExtractEvent(*kind, record, event);
  ASSERT_TRUE(status.ok()) << entry().id << ": " << status.message() << "\n" << text;
  for (const auto& [name, expected] : sample().fields) {
    const std::optional<std::string> actual = EventField(event, name);
    if (expected.empty()) {
      // "" in a sample means: this field must stay unset.
      EXPECT_FALSE(actual.has_value())
          << entry().id << ": field " << name << " = '" << actual.value_or("") << "'";
    } else {
      EXPECT_EQ(actual.value_or("<unset>"), expected) << entry().id << ": field " << name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Builtin, CatalogSample, testing::ValuesIn(AllSamples()), SampleName);

// --- user catalogs --------------------------------------------------------

constexpr std::string_view kUserCatalog = R"json({
  "patterns": [
    {
      "id": "user.checkpoint.slow",
      "expression": "checkpointDuration=[0-9]{5,} ms",
      "flags": ["caseless"],
      "category": "checkpoint",
      "severity": "warning",
      "event": "checkpoint_completed",
      "description": "A checkpoint that took 10 s or more.",
      "samples": [
        {
          "line": "2022-03-11 21:46:06,483 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Completed checkpoint 207 for job a12c04ac7f5d8418d8ab27931bf517b7 (28725 bytes, checkpointDuration=25000 ms, finalizationTime=0 ms).",
          "fields": {"checkpoint_id": "207", "duration_ms": "25000"}
        }
      ]
    }
  ]
})json";

TEST(Catalog, UserCatalogParsesAndMerges) {
  Result<Catalog> user = Catalog::Parse(kUserCatalog, "my-patterns.json");
  ASSERT_TRUE(user.ok()) << user.message();
  ASSERT_EQ(user.value().size(), 1u);
  const PatternEntry& entry = user.value().entries()[0];
  EXPECT_EQ(entry.origin, "my-patterns.json");
  EXPECT_EQ(entry.severity, Severity::kWarning);
  EXPECT_EQ(entry.flag_names, std::vector<std::string>{"caseless"});
  ASSERT_EQ(entry.samples.size(), 1u);
  EXPECT_EQ(entry.samples[0].fields.at("duration_ms"), "25000");

  Catalog merged = Builtin();
  ASSERT_TRUE(merged.Merge(user.value()).ok());
  EXPECT_EQ(merged.size(), Builtin().size() + 1);
  ASSERT_NE(merged.Find("user.checkpoint.slow"), nullptr);
  EXPECT_TRUE(LintCatalog(merged).empty());
  EXPECT_TRUE(Matcher::Compile(merged).ok());
}

TEST(Catalog, MergeRejectsDuplicateIdNamingBothOrigins) {
  Result<Catalog> user = Catalog::Parse(kUserCatalog, "my-patterns.json");
  ASSERT_TRUE(user.ok());
  Catalog twice = user.value();
  const Status status = twice.Merge(user.value());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("user.checkpoint.slow"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("my-patterns.json"), std::string::npos) << status.message();
}

std::string OneEntry(std::string_view fields) {
  return std::string(R"({"patterns":[{"id":"user.bad",)") + std::string(fields) + "}]}";
}
constexpr std::string_view kValidRest =
    R"("category":"exception","severity":"info","event":"exception","samples":[{"line":"x"}])";

TEST(Catalog, BadExpressionReportsItsId) {
  Result<Catalog> user =
      Catalog::Parse(OneEntry(R"("expression":"foo(bar",)" + std::string(kValidRest)), "bad.json");
  ASSERT_TRUE(user.ok()) << user.message();
  Result<std::shared_ptr<const Matcher>> compiled = Matcher::Compile(user.value());
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.message().find("user.bad"), std::string::npos) << compiled.message();
  EXPECT_NE(compiled.message().find("bad.json"), std::string::npos) << compiled.message();
}

TEST(Catalog, ParseErrorsNameOriginAndEntry) {
  struct Case {
    std::string json;
    std::string_view expect;
  };
  const std::vector<Case> cases = {
      {"not json", "must be an object"},
      {R"({"pattern":[]})", "unknown top-level key"},
      {R"({"patterns":{}})", "must be an array"},
      {OneEntry(R"("expression":"x","severity":"fatal","category":"c","event":"exception")"),
       "unknown severity"},
      {OneEntry(R"("expresion":"x")"), "unknown key \"expresion\""},
      {OneEntry(R"("category":"c","severity":"info","event":"exception")"),
       "missing or empty \"expression\""},
      {OneEntry(R"("expression":"x","flags":["singlematch"])"), "not allowed"},
      {OneEntry(R"("expression":"x","flags":["bogus"])"), "unknown flag"},
      {OneEntry(R"("expression":"x","samples":[{"fields":{}}])"), "needs a \"line\""},
      {R"({"patterns":[{"id":"a","expression":"x","category":"c","severity":"info","event":"exception"},)"
       R"({"id":"a","expression":"y","category":"c","severity":"info","event":"exception"}]})",
       "duplicate id"},
  };
  for (const Case& c : cases) {
    Result<Catalog> parsed = Catalog::Parse(c.json, "user.json");
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_NE(parsed.message().find(c.expect), std::string::npos) << parsed.message();
    EXPECT_TRUE(parsed.message().starts_with("user.json")) << parsed.message();
  }
  // Errors inside an entry name it.
  Result<Catalog> bad = Catalog::Parse(OneEntry(R"("expression":"x","severity":"fatal")"), "user.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("user.bad"), std::string::npos) << bad.message();
}

TEST(Catalog, LoadFileReportsMissingFile) {
  Result<Catalog> missing = Catalog::LoadFile("/nonexistent/flinkscan-patterns.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("/nonexistent/flinkscan-patterns.json"), std::string::npos);
}

// --- lint -------------------------------------------------------------------

std::vector<std::string> LintExpression(std::string_view expression, std::string_view flags = "") {
  const std::string json = std::string(R"({"patterns":[{"id":"t","expression":)") + "\"" +
                           std::string(expression) + "\"," + (flags.empty() ? "" : std::string(flags) + ",") +
                           std::string(kValidRest) + "}]}";
  Result<Catalog> catalog = Catalog::Parse(json, "lint.json");
  EXPECT_TRUE(catalog.ok()) << catalog.message() << "\n" << json;
  return catalog.ok() ? LintCatalog(catalog.value()) : std::vector<std::string>{"parse failed"};
}

TEST(CatalogLint, CatchesNewlineCrossingAndTrailingRepeats) {
  // JSON-escaped expressions: "\\s" is the regex \s.
  for (std::string_view bad : {
           R"(foo\\s+bar)",
           R"(abc[^x])",
           R"(foo.*)",
           R"(foo\\nbar)",
           R"(a\\vb)",
           R"(a[\\s,]b)",
           R"(a[\\x00-\\x7f]b)",
           R"(a\\Db)",
           R"(a[[:space:]]b)",
           R"(foo[0-9]+)",
           R"(foo(a|b+))",
           R"(x{2,})",
           R"(foo[a-z]+?)",
           R"(a(?s).b)",
       }) {
    EXPECT_FALSE(LintExpression(bad).empty()) << bad;
  }
  EXPECT_FALSE(LintExpression("a.b", R"("flags":["dotall"])").empty());
  EXPECT_FALSE(LintExpression("^foo").empty()) << "anchor without multiline";
}

TEST(CatalogLint, AcceptsLineBoundExpressions) {
  for (std::string_view good : {
           R"(foo bar)",
           R"(abc[^x\\n])",
           R"(a[^\\s]b)",
           R"(foo.{1,20}bar)",
           R"(\\([0-9]+/[0-9]+\\) done)",
           R"(switched to [A-Z])",
           R"((in|[0-9]+ bytes in) [0-9]+ ms\\))",
           R"(a\\+)",
           R"(x{2,5})",
           R"(id [0-9]{32})",
           R"(a\\d+b)",
           R"(a[^\\n]*b)",
           R"(a[\\x20-\\x7e]b)",
       }) {
    const std::vector<std::string> findings = LintExpression(good);
    EXPECT_TRUE(findings.empty()) << good << ": " << (findings.empty() ? "" : findings[0]);
  }
  EXPECT_TRUE(LintExpression("^foo", R"("flags":["multiline"])").empty());
}

TEST(CatalogLint, NeedsSamplesAndUniqueIds) {
  Result<Catalog> no_sample = Catalog::Parse(
      R"({"patterns":[{"id":"n","expression":"x","category":"c","severity":"info","event":"exception"}]})",
      "n.json");
  ASSERT_TRUE(no_sample.ok()) << no_sample.message();
  const std::vector<std::string> findings = LintCatalog(no_sample.value());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("no sample"), std::string::npos) << findings[0];
  EXPECT_TRUE(findings[0].starts_with("n.json: n: ")) << findings[0];
}

}  // namespace
}  // namespace flinkscan
