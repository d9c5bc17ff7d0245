// Prefixed and damaged inputs end to end (issue 3 item 5; flink-log-formats.md
// quirks 6, 7, 14, 15, 16): docker compose / kubectl / CRI prefixes are
// stripped (compose services become their own streams), collapsed
// whitespace and newest-first exports give the incidents of the clean log,
// and damage (cut first line, damaged stamp, blank lines and elisions,
// wrapped lines, no final newline, CRLF, NUL bytes, binary files, a 100 MB
// line) never crashes, is reported, and keeps the accounting exact: every
// input's bytes add up to `wc -c` and its lines to the line rule.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "tests/cli/run_binary.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::FixturePath;
using testing::Quote;
using testing::ReadFile;
using testing::RunFlinkscan;
using testing::TempDir;

constexpr char kFailover[] = "minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log";
constexpr char kJmHa[] = "jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log";
constexpr char kTmKafka[] = "tm-kafka-offset-out-of-range-source-failed-flink1172.log";

class Json {
 public:
  explicit Json(const std::string& text) : text_(text) {
    auto parsed = parser_.parse(text_);
    ok_ = !parsed.error();
    if (ok_) root_ = parsed.value();
  }
  bool ok() const { return ok_; }
  simdjson::dom::element operator[](const char* key) const { return root_[key].value(); }

 private:
  simdjson::padded_string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
  bool ok_ = false;
};

std::string Str(simdjson::dom::element e) {
  return e.is_null() ? "<null>" : std::string(e.get_string().value());
}
int64_t Int(simdjson::dom::element e) { return e.get_int64().value(); }
std::vector<simdjson::dom::element> Array(simdjson::dom::element e) {
  std::vector<simdjson::dom::element> out;
  const simdjson::dom::array array = e.get_array().value();  // a named array: the range must outlive the loop
  for (simdjson::dom::element x : array) out.push_back(x);
  return out;
}
std::string Joined(simdjson::dom::element array) {
  std::string out;
  for (simdjson::dom::element x : Array(array)) out += Str(x) + "\n";
  return out;
}

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

std::string Concat(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line;
  return out;
}

std::string Prefixed(const std::string& prefix, const std::string& text) {
  std::string out;
  for (const std::string& line : Lines(text)) out += prefix + line;
  return out;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

// `wc -l` plus one for a last line without a newline (design.md's line rule).
uint64_t LineRule(const std::string& text) {
  uint64_t n = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

struct Scan {
  int exit_code = -1;
  std::string out;
};

Scan ScanJson(const std::string& paths) {
  const testing::RunResult run = RunFlinkscan("scan --format json " + paths);
  return {run.exit_code, run.out};
}

// Every input of `path` together: bytes equal to the file size, lines to the line rule.
void ExpectExactAccounting(const Json& r, const std::string& path) {
  const std::string content = ReadFile(path);
  int64_t bytes = 0;
  int64_t lines = 0;
  for (simdjson::dom::element in : Array(r["inputs"])) {
    if (Str(in["path"]) != path) continue;
    bytes += Int(in["bytes"]);
    lines += Int(in["lines"]);
  }
  EXPECT_EQ(bytes, static_cast<int64_t>(content.size())) << path;
  EXPECT_EQ(lines, static_cast<int64_t>(LineRule(content))) << path;
}

// What an incident says, without where it was read (sources and lines differ).
std::multiset<std::string> Incidents(const Json& r) {
  std::multiset<std::string> out;
  for (simdjson::dom::element inc : Array(r["incidents"])) {
    out.insert(Str(inc["kind"]) + " | " + Str(inc["severity"]) + " | " + Str(inc["start"]) + " | " +
               Str(inc["end"]) + " | " + Str(inc["title"]));
  }
  return out;
}

std::multiset<std::string> IncidentsOf(const std::string& paths) {
  const Scan scan = ScanJson(paths);
  EXPECT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  EXPECT_TRUE(r.ok());
  return Incidents(r);
}

// The clean sample's incidents are the reference for its transformed copies.
std::multiset<std::string> ReferenceIncidents(const std::string& name) {
  std::multiset<std::string> out = IncidentsOf(Quote(FixturePath(name)));
  EXPECT_FALSE(out.empty()) << name;
  return out;
}

std::string Fixture(const std::string& name) { return ReadFile(FixturePath(name)); }

// ---------------------------------------------------------------- prefixes

// Two services of one `docker compose up`, interleaved, with compose's own
// first line; the JobManager's frames had their tab expanded to spaces.
std::string ComposeOutput() {
  const std::vector<std::string> jm = Lines(Fixture(kJmHa));
  const std::vector<std::string> tm = Lines(Fixture(kTmKafka));
  std::string out = "Attaching to jobmanager-1, taskmanager-1\n";
  size_t i = 0;
  size_t j = 0;
  while (i < jm.size() || j < tm.size()) {
    for (int k = 0; k < 3 && i < jm.size(); ++k, ++i) {
      std::string line = jm[i];
      if (!line.empty() && line[0] == '\t') line.replace(0, 1, "        ");
      out += "jobmanager-1   | " + line;
    }
    for (int k = 0; k < 2 && j < tm.size(); ++k, ++j) out += "taskmanager-1  | " + tm[j];
  }
  return out;
}

TEST(PrefixedInput, DockerComposeServicesBecomeStreamsWithTheirOwnLines) {
  TempDir dir;
  const std::string path = dir.Write("compose.log", ComposeOutput());
  const Scan scan = ScanJson(Quote(path));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  const std::vector<simdjson::dom::element> inputs = Array(r["inputs"]);
  ASSERT_EQ(inputs.size(), 3u);
  // Compose's own line opens the input's unnamed stream; it is no log line.
  EXPECT_EQ(Str(inputs[0]["stream"]), "<null>");
  EXPECT_EQ(Int(inputs[0]["lines"]), 1);
  EXPECT_EQ(Int(inputs[0]["rejected_lines"]), 1);
  EXPECT_EQ(Str(Array(inputs[0]["rejected_examples"])[0]["text"]),
            "Attaching to jobmanager-1, taskmanager-1");
  EXPECT_EQ(Str(inputs[1]["stream"]), "jobmanager-1");
  EXPECT_EQ(Str(inputs[1]["kind"]), "jobmanager");
  EXPECT_EQ(Str(inputs[2]["stream"]), "taskmanager-1");
  EXPECT_EQ(Str(inputs[2]["kind"]), "taskmanager");
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(Str(inputs[i]["prefix"]), "docker-compose");
    EXPECT_FALSE(inputs[i]["reversed"].get_bool().value());
    EXPECT_EQ(Joined(inputs[i]["errors"]), "");
  }
  ExpectExactAccounting(r, path);

  // Each service's stream is its log: same counts as the plain file.
  for (const auto& [index, name] : {std::pair<size_t, const char*>{1, kJmHa}, {2, kTmKafka}}) {
    Json plain(ScanJson(Quote(FixturePath(name))).out);
    ASSERT_TRUE(plain.ok());
    simdjson::dom::element ref = Array(plain["inputs"])[0];
    EXPECT_EQ(Int(inputs[index]["lines"]), Int(ref["lines"])) << name;
    EXPECT_EQ(Int(inputs[index]["records"]), Int(ref["records"])) << name;
    EXPECT_EQ(Int(inputs[index]["matched_records"]), Int(ref["matched_records"])) << name;
    EXPECT_EQ(Int(inputs[index]["rejected_lines"]), Int(ref["rejected_lines"])) << name;
    EXPECT_EQ(Str(inputs[index]["first_time"]), Str(ref["first_time"])) << name;
    EXPECT_EQ(Str(inputs[index]["last_time"]), Str(ref["last_time"])) << name;
  }
  EXPECT_EQ(Incidents(r), IncidentsOf(Quote(FixturePath(kJmHa)) + " " + Quote(FixturePath(kTmKafka))));

  // Evidence names the service, at its line within the service's stream (= the original file's line).
  const std::string tm_source = path + "#taskmanager-1";
  bool found = false;
  for (simdjson::dom::element inc : Array(r["incidents"])) {
    for (simdjson::dom::element ev : Array(inc["evidence"])) {
      if (Str(ev["source"]) != tm_source) continue;
      found = true;
      const std::string text = Str(ev["text"]);
      const std::vector<std::string> original = Lines(Fixture(kTmKafka));
      const auto line = static_cast<size_t>(Int(ev["line"]));
      ASSERT_LE(line, original.size());
      EXPECT_EQ(original[line - 1].substr(0, text.size()), text);
    }
  }
  EXPECT_TRUE(found) << "no evidence from " << tm_source;

  // Chunk size and threads change nothing: services are buffered by the filter, not by chunk.
  EXPECT_EQ(
      testing::WithoutTiming(RunFlinkscan("scan --format json --chunk-bytes 4096 -j 1 " + Quote(path)).out),
      testing::WithoutTiming(scan.out));

  // stdin gives the same streams.
  Json piped(RunFlinkscan("scan --format json -", path).out);
  ASSERT_TRUE(piped.ok());
  EXPECT_EQ(Array(piped["inputs"]).size(), 3u);
  EXPECT_EQ(Str(Array(piped["inputs"])[2]["stream"]), "taskmanager-1");
  EXPECT_EQ(Incidents(piped), Incidents(r));
}

TEST(PrefixedInput, ComposeV1WithColoursAndTimestamps) {
  TempDir dir;
  std::string text;
  int k = 0;
  for (const std::string& line : Lines(Fixture(kFailover))) {
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "2023-04-20T00:%02d:%02d.%dZ ", k / 60 % 60, k % 60, k % 7);
    text += "\x1b[36mflink_taskmanager_1  | \x1b[0m" + std::string(stamp) + line;
    ++k;
  }
  const std::string path = dir.Write("compose-v1.log", text);
  const Scan scan = ScanJson(Quote(path));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(Array(r["inputs"]).size(), 1u);
  simdjson::dom::element in = Array(r["inputs"])[0];
  EXPECT_EQ(Str(in["prefix"]), "docker-compose+timestamps");
  EXPECT_EQ(Str(in["stream"]), "flink_taskmanager_1");
  EXPECT_EQ(Str(in["kind"]), "taskmanager");
  EXPECT_EQ(Int(in["rejected_lines"]), 0);
  ExpectExactAccounting(r, path);
  EXPECT_EQ(Incidents(r), ReferenceIncidents(kFailover));
}

TEST(PrefixedInput, KubectlPrefixTimestampsAndCriGiveTheCleanIncidents) {
  TempDir dir;
  const std::string log = Fixture(kFailover);
  const std::multiset<std::string> reference = ReferenceIncidents(kFailover);
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases = {
      {"kubectl.log", "[pod/flink-taskmanager-1-1/flink-main-container] ", "kubectl",
       "flink-taskmanager-1-1/flink-main-container"},
      {"timestamps.log", "2024-03-01T10:00:00.123456789Z ", "timestamps", "<null>"},
      {"both.log", "[pod/flink-taskmanager-1-1/flink-main-container] 2024-03-01T10:00:00.5+08:00 ",
       "kubectl+timestamps", "flink-taskmanager-1-1/flink-main-container"},
      {"cri.log", "2024-03-01T10:00:00.123456789Z stdout F ", "cri", "<null>"},
  };
  for (const auto& [name, prefix, shape, stream] : cases) {
    const std::string path = dir.Write(name, Prefixed(prefix, log));
    const Scan scan = ScanJson(Quote(path));
    ASSERT_EQ(scan.exit_code, 0) << name;
    Json r(scan.out);
    ASSERT_TRUE(r.ok()) << name;
    ASSERT_EQ(Array(r["inputs"]).size(), 1u) << name;
    simdjson::dom::element in = Array(r["inputs"])[0];
    EXPECT_EQ(Str(in["prefix"]), shape) << name;
    EXPECT_EQ(Str(in["stream"]), stream) << name;
    EXPECT_EQ(Int(in["records"]), 87) << name;
    EXPECT_EQ(Int(in["rejected_lines"]), 0) << name;
    ExpectExactAccounting(r, path);
    EXPECT_EQ(Incidents(r), reference) << name;
    if (stream != "<null>") {
      // The pod a TaskManager's lines came from is the incident's pod.
      EXPECT_EQ(Str(Array(r["incidents"])[0]["scope"]["pod"]), "flink-taskmanager-1-1") << name;
    }
  }
}

// ---------------------------------------------------------------- collapsed and reversed

// A log viewer squeezed every run of spaces and dropped the tab before "at".
TEST(CollapsedWhitespace, FailoverGivesTheSameIncidentsAndJobs) {
  TempDir dir;
  std::string collapsed;
  for (const std::string& line : Lines(Fixture(kFailover))) {
    std::string squeezed;
    for (const char c : line) {
      if (c == ' ' && !squeezed.empty() && squeezed.back() == ' ') continue;
      squeezed += c;
    }
    if (squeezed.rfind("\tat ", 0) == 0) squeezed.erase(0, 1);
    collapsed += squeezed;
  }
  ASSERT_EQ(collapsed.find("  "), std::string::npos);
  const std::string path = dir.Write("collapsed.log", collapsed);
  Json r(ScanJson(Quote(path)).out);
  ASSERT_TRUE(r.ok());
  Json plain(ScanJson(Quote(FixturePath(kFailover))).out);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(Incidents(r), Incidents(plain));
  simdjson::dom::element in = Array(r["inputs"])[0];
  simdjson::dom::element ref = Array(plain["inputs"])[0];
  EXPECT_EQ(Int(in["records"]), Int(ref["records"]));
  EXPECT_EQ(Int(in["matched_records"]), Int(ref["matched_records"]));
  EXPECT_EQ(Int(in["rejected_lines"]), 0);
  EXPECT_EQ(Str(in["layout"]), Str(ref["layout"]));
  EXPECT_EQ(Int(r["totals"]["events"]), Int(plain["totals"]["events"]));
  ASSERT_EQ(Array(r["jobs"]).size(), 1u);
  EXPECT_EQ(Int(Array(r["jobs"])[0]["restarts"]), Int(Array(plain["jobs"])[0]["restarts"]));
  EXPECT_EQ(Int(Array(r["jobs"])[0]["task_failures"]), Int(Array(plain["jobs"])[0]["task_failures"]));
  EXPECT_EQ(Array(Array(r["jobs"])[0]["transitions"]).size(),
            Array(Array(plain["jobs"])[0]["transitions"]).size());
  EXPECT_EQ(Str(Array(r["exceptions"])[0]["root_class"]), Str(Array(plain["exceptions"])[0]["root_class"]));
}

TEST(ReversedExport, NewestFirstIsReadOldestFirst) {
  TempDir dir;
  for (const char* name : {kFailover, kJmHa}) {
    std::vector<std::string> lines = Lines(Fixture(name));
    std::reverse(lines.begin(), lines.end());
    const std::string path = dir.Write(std::string("reversed-") + name, Concat(lines));
    const Scan scan = ScanJson(Quote(path));
    ASSERT_EQ(scan.exit_code, 0) << name;
    Json r(scan.out);
    ASSERT_TRUE(r.ok());
    Json plain(ScanJson(Quote(FixturePath(name))).out);
    ASSERT_TRUE(plain.ok());
    simdjson::dom::element in = Array(r["inputs"])[0];
    simdjson::dom::element ref = Array(plain["inputs"])[0];
    EXPECT_TRUE(in["reversed"].get_bool().value()) << name;
    EXPECT_FALSE(ref["reversed"].get_bool().value()) << name;
    EXPECT_EQ(Int(in["records"]), Int(ref["records"])) << name;
    EXPECT_EQ(Int(in["rejected_lines"]), Int(ref["rejected_lines"])) << name;
    EXPECT_EQ(Str(in["first_time"]), Str(ref["first_time"])) << name;
    EXPECT_EQ(Str(in["last_time"]), Str(ref["last_time"])) << name;
    ExpectExactAccounting(r, path);
    EXPECT_EQ(Incidents(r), Incidents(plain)) << name;
    EXPECT_EQ(Joined(in["errors"]), "") << name;
  }
}

// ---------------------------------------------------------------- damage

TEST(DamagedInput, FirstLineCutMidwayIsRejectedWithExamples) {
  TempDir dir;
  const std::string head =
      "tion: error dirty data\n"
      "\tat com.flink.example.Map.flatMap(Map.java:53) ~[classes/:?]\n"
      "\tat java.lang.Thread.run(Thread.java:748) [?:1.8.0_161]\n";
  const std::string path = dir.Write("cut.log", head + Fixture(kFailover));
  const Scan scan = ScanJson(Quote(path));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  simdjson::dom::element in = Array(r["inputs"])[0];
  EXPECT_EQ(Int(in["rejected_lines"]), 3);
  const std::vector<simdjson::dom::element> examples = Array(in["rejected_examples"]);
  ASSERT_EQ(examples.size(), 3u);
  EXPECT_EQ(Int(examples[0]["line"]), 1);
  EXPECT_EQ(Str(examples[0]["text"]), "tion: error dirty data");
  EXPECT_EQ(Int(examples[2]["line"]), 3);
  EXPECT_EQ(Int(in["records"]), 87);
  ExpectExactAccounting(r, path);
  EXPECT_EQ(Incidents(r), ReferenceIncidents(kFailover));
  // The text report lists them under what could not be read.
  const testing::RunResult text = RunFlinkscan("scan --color never " + Quote(path));
  EXPECT_NE(text.out.find("3 rejected lines"), std::string::npos);
  EXPECT_NE(text.out.find("line 1: tion: error dirty data"), std::string::npos);
}

TEST(DamagedInput, DamagedTimestampStillOpensARecord) {
  const std::string path = FixturePath(kTmKafka);
  ASSERT_EQ(Fixture(kTmKafka).substr(0, 10), "025-07-14 ");
  const Scan scan = ScanJson(Quote(path));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  simdjson::dom::element in = Array(r["inputs"])[0];
  EXPECT_EQ(Int(in["records"]), 13);  // EXPECTED.md: the damaged INFO line counts
  EXPECT_EQ(Int(in["rejected_lines"]), 0);
  EXPECT_EQ(Int(in["lines"]), 73);
  ExpectExactAccounting(r, path);
}

TEST(DamagedInput, BlankLinesAndElisionsBetweenRecordsAreNotRejected) {
  // The real sample has blog-style blank lines and "..." cuts.
  Json real(ScanJson(Quote(FixturePath(kJmHa))).out);
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(Int(Array(real["inputs"])[0]["rejected_lines"]), 0);
  TempDir dir;
  std::string text;
  for (const std::string& line : Lines(Fixture(kFailover))) {
    text += line;
    if (line.rfind("08:56:2", 0) == 0) text += "\n...\n\n";
  }
  const std::string path = dir.Write("elided.log", text);
  Json r(ScanJson(Quote(path)).out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Int(Array(r["inputs"])[0]["rejected_lines"]), 0);
  EXPECT_EQ(Int(Array(r["inputs"])[0]["records"]), 87);
  ExpectExactAccounting(r, path);
  EXPECT_EQ(Incidents(r), ReferenceIncidents(kFailover));
}

// A terminal wrapped lines mid-word and right after the logger: the rest is
// a continuation line of the same record, never a new record or a crash.
TEST(DamagedInput, TerminalWrappedLinesStayInTheirRecord) {
  TempDir dir;
  std::string text = Fixture(kFailover);
  const std::string wrapped_state = "switched from RUNN\nING to FAILED on 97fcaaca";
  text = ReplaceAll(text, "switched from RUNNING to FAILED on 97fcaaca", wrapped_state);
  const std::string logger_cut =
      "org.apache.flink.runtime.executiongraph.ExecutionGraph       \n\t[] - Job ListCheckpointedExample";
  text = ReplaceAll(
      text, "org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job ListCheckpointedExample",
      logger_cut);
  ASSERT_NE(text.find(wrapped_state), std::string::npos);
  ASSERT_NE(text.find(logger_cut), std::string::npos);
  const std::string path = dir.Write("wrapped.log", text);
  const Scan scan = ScanJson(Quote(path));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  simdjson::dom::element in = Array(r["inputs"])[0];
  EXPECT_EQ(Int(in["records"]), 87);
  EXPECT_EQ(Int(in["rejected_lines"]), 0);
  ExpectExactAccounting(r, path);
  // grep prints whole records: the wrapped rest is inside the record it belongs to.
  const testing::RunResult grep = RunFlinkscan("grep exception " + Quote(path));
  ASSERT_EQ(grep.exit_code, 0);
  EXPECT_NE(
      grep.out.find(":48: 08:56:22,262 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       "
                    "[] - Flat Map (2/2) (c92d839a41f6cc8a2427cd537b5c1a0e) switched from RUNN\n"
                    "ING to FAILED on 97fcaaca-6449-4c4c-896e-a57a8f923deb @ localhost (dataPort=-1).\n"
                    "java.lang.RuntimeException: error dirty data\n"),
      std::string::npos)
      << grep.out;
}

TEST(DamagedInput, LastLineWithoutNewline) {
  TempDir dir;
  std::string text = Fixture(kFailover);
  ASSERT_EQ(text.back(), '\n');
  text.pop_back();
  const std::string path = dir.Write("no-newline.log", text);
  Json r(ScanJson(Quote(path)).out);
  ASSERT_TRUE(r.ok());
  Json plain(ScanJson(Quote(FixturePath(kFailover))).out);
  simdjson::dom::element in = Array(r["inputs"])[0];
  EXPECT_EQ(Int(in["lines"]), Int(Array(plain["inputs"])[0]["lines"]));
  EXPECT_EQ(Str(in["last_time"]), Str(Array(plain["inputs"])[0]["last_time"]));
  ExpectExactAccounting(r, path);
  EXPECT_EQ(Incidents(r), Incidents(plain));
}

TEST(DamagedInput, CrlfLineEndsGiveTheSameAnalysis) {
  TempDir dir;
  const std::string path = dir.Write("crlf.log", ReplaceAll(Fixture(kFailover), "\n", "\r\n"));
  Json r(ScanJson(Quote(path)).out);
  ASSERT_TRUE(r.ok());
  Json plain(ScanJson(Quote(FixturePath(kFailover))).out);
  simdjson::dom::element in = Array(r["inputs"])[0];
  EXPECT_EQ(Int(in["records"]), Int(Array(plain["inputs"])[0]["records"]));
  EXPECT_EQ(Int(in["matched_records"]), Int(Array(plain["inputs"])[0]["matched_records"]));
  EXPECT_EQ(Int(r["totals"]["events"]), Int(plain["totals"]["events"]));
  ExpectExactAccounting(r, path);
  EXPECT_EQ(Incidents(r), Incidents(plain));
}

// Zeroed bytes at the start (copytruncate while the writer kept its offset),
// a NUL inside a message, and CRLF line ends, all in one file.
TEST(DamagedInput, NulBytesAndCrlf) {
  TempDir dir;
  std::string text = ReplaceAll(Fixture(kFailover), "\n", "\r\n");
  text = ReplaceAll(text, "error dirty data", std::string("error \0dirty data", 17));
  text = std::string(4096, '\0') + text;
  const std::string path = dir.Write("nul-crlf.log", text);
  const Scan scan = ScanJson(Quote(path));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  simdjson::dom::element in = Array(r["inputs"])[0];
  // The zeroes glue onto the first line, which is then rejected; the rest parses.
  EXPECT_EQ(Int(in["rejected_lines"]), 1);
  EXPECT_EQ(Int(Array(in["rejected_examples"])[0]["line"]), 1);
  EXPECT_EQ(Str(Array(in["rejected_examples"])[0]["text"]).substr(0, 3), std::string(3, '\0'));
  EXPECT_EQ(Int(in["records"]), 86);
  EXPECT_EQ(Joined(in["errors"]), "");
  ExpectExactAccounting(r, path);
  const std::multiset<std::string> incidents = Incidents(r);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_NE(incidents.begin()->find("job_failover"), std::string::npos);
  // The text report escapes the NULs rather than printing them.
  const testing::RunResult report = RunFlinkscan("scan --color never " + Quote(path));
  EXPECT_EQ(report.exit_code, 0);
  EXPECT_EQ(report.out.find('\0'), std::string::npos);
}

TEST(DamagedInput, BinaryFilesNamedExplicitlyAreReportedNotParsed) {
  TempDir dir;
  std::mt19937 rng(11);
  std::string noise(100000, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  const std::string elf = dir.Write("flinkscan.bin", std::string("\x7f"
                                                                 "ELF\x02\x01\x01",
                                                                 7) +
                                                         noise);
  const std::string blob = dir.Write("blob.log", noise);
  const std::string good = FixturePath(kFailover);
  const Scan scan = ScanJson(Quote(elf) + " " + Quote(blob) + " " + Quote(good));
  ASSERT_EQ(scan.exit_code, 0);
  Json r(scan.out);
  ASSERT_TRUE(r.ok());
  const std::vector<simdjson::dom::element> inputs = Array(r["inputs"]);
  ASSERT_EQ(inputs.size(), 3u);
  // A known binary format: counted, not scanned, and said so.
  EXPECT_EQ(Joined(inputs[0]["errors"]), "byte 0: not a text log: an ELF executable; counted, not scanned\n");
  EXPECT_EQ(Int(inputs[0]["records"]), 0);
  EXPECT_EQ(Int(inputs[0]["rejected_lines"]), 0);
  ExpectExactAccounting(r, elf);
  // Unknown binary: scanned as text anyway, with a warning.
  EXPECT_NE(Joined(inputs[1]["errors"]).find("byte 0: looks binary"), std::string::npos);
  EXPECT_GT(Int(inputs[1]["rejected_lines"]), 0);
  ExpectExactAccounting(r, blob);
  // The log next to them is analysed as usual.
  EXPECT_EQ(Int(inputs[2]["records"]), 87);
  EXPECT_EQ(Incidents(r), ReferenceIncidents(kFailover));
  const testing::RunResult text = RunFlinkscan("scan --color never " + Quote(elf));
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("not a text log: an ELF executable"), std::string::npos);
}

// Peak resident memory of one run (the binary replaces the shell: same process).
struct MeasuredRun {
  int exit_code = -1;
  long max_rss_kib = 0;
  std::string out;
};

MeasuredRun RunMeasured(const std::string& args, const std::string& out_file) {
  MeasuredRun result;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string command =
        "exec " + std::string(FLINKSCAN_BINARY) + " " + args + " >" + Quote(out_file) + " 2>/dev/null";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) return result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.max_rss_kib = usage.ru_maxrss;
  result.out = ReadFile(out_file);
  return result;
}

TEST(DamagedInput, HundredMegabyteSingleLine) {
  TempDir dir;
  constexpr size_t kLine = 100'000'000;
  const std::string bare = dir.Write("one-line.log", std::string(kLine, 'x'));
  // The same as a record behind a compose prefix: through the prefix filter.
  const std::string prefixed = dir.Write(
      "one-record.log", "taskmanager-1  | 2024-03-01 10:00:00,123 INFO  a.B [] - " + std::string(kLine, 'y') +
                            "\ntaskmanager-1  | 2024-03-01 10:00:01,000 INFO  a.B [] - end\n");
  for (const std::string& path : {bare, prefixed}) {
    const MeasuredRun run = RunMeasured("scan --format json " + Quote(path), dir.path() + "/out.json");
    ASSERT_EQ(run.exit_code, 0) << path;
    Json r(run.out);
    ASSERT_TRUE(r.ok()) << path;
    simdjson::dom::element in = Array(r["inputs"])[0];
    EXPECT_EQ(Joined(in["errors"]), "") << path;
    const std::string content = ReadFile(path);
    EXPECT_EQ(Int(in["bytes"]), static_cast<int64_t>(content.size()));
    EXPECT_EQ(Int(in["lines"]), static_cast<int64_t>(LineRule(content)));
#if !defined(__SANITIZE_ADDRESS__)  // ASan's shadow and quarantine multiply the figure
    // Memory: the line itself a few times over (chunk, carry, filter), never more.
    EXPECT_LT(run.max_rss_kib, static_cast<long>(4 * kLine / 1024)) << path;
#endif
    if (path == bare) {
      EXPECT_EQ(Int(in["lines"]), 1);
      EXPECT_EQ(Int(in["rejected_lines"]), 1);
      EXPECT_EQ(Str(Array(in["rejected_examples"])[0]["text"]).size(), 200u);
    } else {
      EXPECT_EQ(Str(in["prefix"]), "docker-compose");
      EXPECT_EQ(Int(in["records"]), 2);
      EXPECT_EQ(Int(in["rejected_lines"]), 0);
    }
  }
}

}  // namespace
}  // namespace flinkscan
