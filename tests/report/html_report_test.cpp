// The HTML sink (report/html_report.h) and its escaping (report/html_text.h):
// one self-contained page whose log-derived text can never become markup.

#include "report/html_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "report/html_text.h"
#include "report/json_report.h"
#include "tests/report/analysis_builder.h"

namespace flinkscan {
namespace {

constexpr char kIslandStart[] = "<script type=\"application/json\" id=\"flinkscan-data\">";

std::string DataIsland(const std::string& page) {
  const size_t start = page.find(kIslandStart);
  if (start == std::string::npos) return "";
  const size_t from = start + sizeof(kIslandStart) - 1;
  return page.substr(from, page.find("</script>", from) - from);
}

Analysis HostileAnalysis() {
  Analysis a;
  a.flinkscan_version = "test";
  a.inputs.push_back(testing::JobManagerInput());
  JobSummary job;
  job.job_id = testing::kJobId;
  job.name = "Job </title><script>alert(1)</script>";
  a.jobs.push_back(job);
  Incident inc = testing::HeapOomFailover();
  inc.title = "failed: </script><script>window.pwned=1</script> <!-- \xE2\x80\xA8 & \"q\" 'a'";
  a.incidents.push_back(inc);
  return a;
}

TEST(HtmlText, EscapesMarkupQuotesAndBadBytes) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("caf\xC3\xA9\tok\n"), "caf\xC3\xA9\tok\n");
  EXPECT_EQ(HtmlEscape("a\x01" "b\xFF" "c"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
}

TEST(HtmlText, JsonForScriptElementEscapesEveryDangerousCharacterAndStillParses) {
  const std::string json = "{\"t\":\"</script><!-- & \xE2\x80\xA8 \xE2\x80\xA9 >\"}";
  const std::string safe = JsonForScriptElement(json);
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(safe.find('&'), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA9"), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(safe).get(doc), simdjson::SUCCESS);
  std::string_view t;
  ASSERT_EQ(doc["t"].get(t), simdjson::SUCCESS);
  EXPECT_EQ(t, "</script><!-- & \xE2\x80\xA8 \xE2\x80\xA9 >");
}

TEST(HtmlReport, OnePageWithNothingFetchedFromElsewhere) {
  const std::string page = RenderHtml(HostileAnalysis());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("</html>\n"), std::string::npos);
  EXPECT_NE(page.find("<style>"), std::string::npos);
  EXPECT_NE(page.find("FS.registerPage"), std::string::npos);
  for (const char* remote : {"src=\"http", "href=\"http", "src=\"//", "@import", "url(http"}) {
    EXPECT_EQ(page.find(remote), std::string::npos) << remote;
  }
  EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
}

TEST(HtmlReport, DataIslandIsTheJsonDocumentAndCannotCloseItsElement) {
  const Analysis a = HostileAnalysis();
  const std::string page = RenderHtml(a, HtmlOptions{.include_timing = false});
  const std::string island = DataIsland(page);
  ASSERT_FALSE(island.empty());
  EXPECT_EQ(island.find('<'), std::string::npos);
  EXPECT_EQ(island, JsonForScriptElement(RenderJson(a, JsonOptions{.include_timing = false})));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(island).get(doc), simdjson::SUCCESS);
  std::string_view title;
  ASSERT_EQ(doc["incidents"].at(0)["title"].get(title), simdjson::SUCCESS);
  EXPECT_EQ(title, a.incidents[0].title);
  // Exactly two script elements: the data island and the page's own script.
  size_t scripts = 0;
  for (size_t at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1)) ++scripts;
  EXPECT_EQ(scripts, 2u);
}

TEST(HtmlReport, LogTextWrittenAsHtmlIsEscaped) {
  const std::string page = RenderHtml(HostileAnalysis());
  EXPECT_EQ(page.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.find("<script>window.pwned"), std::string::npos);
  EXPECT_NE(page.find("<title>flinkscan · Job &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"),
            std::string::npos);
  // The no-script summary lists the incident, escaped.
  EXPECT_NE(page.find("failed: &lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt; &lt;!-- "),
            std::string::npos);
}

TEST(HtmlReport, EveryPageRegistersAndTheJobGraphAndTaskManagersReachThePage) {
  Analysis a = HostileAnalysis();
  VertexSummary vertex;
  vertex.job_id = testing::kJobId;
  vertex.name = "Source: <b>Kafka</b>";
  vertex.parallelism = 4;
  a.job_graph.vertices.push_back(vertex);
  TaskManagerSummary tm;
  tm.id = "container_e01_0001_01_000002";
  tm.lost = true;
  a.taskmanagers.items.push_back(tm);
  const std::string page = RenderHtml(a);
  for (const char* id : {"'overview'", "'timeline'", "'job'", "'taskmanagers'", "'checkpoints'", "'backpressure'",
                         "'exceptions'"}) {
    EXPECT_NE(page.find(std::string("id: ") + id), std::string::npos) << id;
  }
  const std::string island = DataIsland(page);
  EXPECT_NE(island.find("Source: \\u003cb\\u003eKafka\\u003c/b\\u003e"), std::string::npos);
  EXPECT_NE(island.find("\"container_e01_0001_01_000002\""), std::string::npos);
}

TEST(HtmlReport, EqualAnalysesRenderEqualBytesWithoutTiming) {
  Analysis a = HostileAnalysis();
  Analysis b = HostileAnalysis();
  a.totals.seconds = 1.5;
  b.totals.seconds = 2.5;
  EXPECT_EQ(RenderHtml(a, HtmlOptions{.include_timing = false}), RenderHtml(b, HtmlOptions{.include_timing = false}));
}

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, FlameGraphPageGetsOneInertTemplatePerStackKindWithEscapedFrames) {
  Analysis a = HostileAnalysis();
  StackProfileSummary exceptions;
  exceptions.kind = "exceptions";
  exceptions.samples = 3;
  exceptions.stacks = {{"java.lang.IllegalStateException;com.example.Main.main;com.example.Hostile.<script>pwn", 2},
                       {"java.lang.IllegalStateException;com.example.Main.main;com.example.Other.run", 1}};
  StackProfileSummary dumps;
  dumps.kind = "dumps";
  dumps.samples = 1;
  dumps.stacks = {{"RUNNABLE;java.lang.Thread.run", 1}};
  a.stacks.profiles = {dumps, exceptions};
  const std::string page = RenderHtml(a);
  EXPECT_NE(page.find("id: 'flamegraph'"), std::string::npos);
  EXPECT_EQ(Occurrences(page, "<template id=\"flamegraph-dumps\">"), 1u);
  EXPECT_EQ(Occurrences(page, "<template id=\"flamegraph-exceptions\">"), 1u);
  EXPECT_NE(page.find("data-n=\"com.example.Hostile.&lt;script&gt;pwn\""), std::string::npos);
  EXPECT_EQ(page.find("<script>pwn"), std::string::npos);
  // The graphs carry no script of their own: the page's one script wires them.
  EXPECT_EQ(Occurrences(page, "<script"), 2u);
  EXPECT_NE(page.find("function flinkscanFlameGraph("), std::string::npos);
  EXPECT_NE(DataIsland(page).find("\"stacks\""), std::string::npos);
}

TEST(HtmlReport, NoStacksNoFlameGraphTemplate) {
  const std::string page = RenderHtml(HostileAnalysis());
  EXPECT_EQ(page.find("</template>"), std::string::npos);
  EXPECT_NE(page.find("The logs hold no stacks"), std::string::npos);  // the page's own message
}

}  // namespace
}  // namespace flinkscan
