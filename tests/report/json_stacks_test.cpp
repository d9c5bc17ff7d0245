// The `stacks` section of the JSON report (report/json_stacks.h): the
// heaviest stacks per kind, bounded, and what was left out.

#include "report/json_stacks.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "report/json_report.h"

namespace flinkscan {
namespace {

StackProfileSummary Profile(std::string kind, std::vector<FoldedStack> stacks) {
  StackProfileSummary p;
  p.kind = std::move(kind);
  for (const FoldedStack& s : stacks) p.samples += s.count;
  p.stacks = std::move(stacks);
  return p;
}

TEST(JsonStacks, SelectionKeepsTheHeaviestSortedByStack) {
  const StackProfileSummary p = Profile("dumps", {{"A;a", 5}, {"A;b", 1}, {"A;c", 9}, {"A;d", 1}, {"B;e", 3}});
  const SelectedStacks s = SelectHeaviestStacks(p, 3);
  ASSERT_EQ(s.stacks.size(), 3u);
  EXPECT_EQ(s.stacks[0].stack, "A;a");
  EXPECT_EQ(s.stacks[1].stack, "A;c");
  EXPECT_EQ(s.stacks[2].stack, "B;e");
  EXPECT_EQ(s.stacks_omitted, 2u);
  EXPECT_EQ(s.omitted_samples, 2u);
  EXPECT_EQ(SelectHeaviestStacks(p, 10).stacks.size(), 5u);
}

TEST(JsonStacks, SectionInTheReportWithCountsAndEscapedFrames) {
  Analysis a;
  a.flinkscan_version = "test";
  a.stacks.thread_dumps = 2;
  a.stacks.threads = 7;
  a.stacks.deadlocks = 1;
  StackProfileSummary p = Profile("exceptions", {{"java.io.IOException;com.x.<script>\"q\";com.x.y", 4}});
  p.overflow_samples = 3;
  p.samples += 3;
  a.stacks.profiles.push_back(p);
  const std::string json = RenderJson(a);
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(padded).get(root), simdjson::SUCCESS);
  simdjson::dom::object stacks;
  ASSERT_EQ(root["stacks"].get(stacks), simdjson::SUCCESS);
  uint64_t n = 0;
  ASSERT_EQ(stacks["thread_dumps"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2u);
  ASSERT_EQ(stacks["deadlocks"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 1u);
  simdjson::dom::array profiles;
  ASSERT_EQ(stacks["profiles"].get(profiles), simdjson::SUCCESS);
  ASSERT_EQ(profiles.size(), 1u);
  simdjson::dom::element profile = profiles.at(0);
  std::vector<std::string> keys;
  for (auto field : simdjson::dom::object(profile)) keys.emplace_back(field.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"kind", "samples", "overflow_samples", "distinct", "stacks",
                                            "stacks_omitted", "omitted_samples"}));
  std::string_view text;
  ASSERT_EQ(profile["stacks"].at(0)["stack"].get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, "java.io.IOException;com.x.<script>\"q\";com.x.y");
  ASSERT_EQ(profile["samples"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 7u);
  ASSERT_EQ(profile["overflow_samples"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 3u);
}

TEST(JsonStacks, NoStacksAnEmptySection) {
  Analysis a;
  const std::string json = RenderJson(a);
  EXPECT_NE(json.find("\"stacks\": {"), std::string::npos);
  EXPECT_NE(json.find("\"profiles\": []"), std::string::npos);
}

}  // namespace
}  // namespace flinkscan
