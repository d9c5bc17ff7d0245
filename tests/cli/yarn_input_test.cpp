// `yarn logs -applicationId X` output end to end: the real Hadoop 3.3.4
// sample (EXPECTED.md), stdin equals the file, per-container attribution in
// an application built from the repository's samples, and damaged envelopes.

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/test_files.h"
#include "tests/engine/yarn_output.h"

namespace flinkscan {
namespace {

using testing::Array;
using testing::FixturePath;
using testing::Int;
using testing::ParsedJson;
using testing::Quote;
using testing::ReadFile;
using testing::RunFlinkscan;
using testing::Str;
using testing::TempDir;
using testing::WithoutTiming;
using testing::YarnOutput;
using testing::YarnSection;

constexpr char kSample[] = "yarn-aggregated-format-mapreduce-hadoop334.txt";
constexpr char kSampleContainer[] = "container_1671326373437_0001_01_000003";

// `cat FILE | flinkscan ARGS -`: stdin is a pipe, read in whatever pieces it gives.
std::string RunWithPipedStdin(const std::string& args, const std::string& file) {
  const std::string command = "cat " + Quote(file) + " | " + FLINKSCAN_BINARY + " " + args + " - 2>/dev/null";
  return testing::RunShell(command).out;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

uint64_t WcLines(const std::string& text) {
  uint64_t n = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

// ---------------------------------------------------------------- the real sample

TEST(YarnInput, RealSampleReproducesExpected) {
  const std::string path = FixturePath(kSample);
  const testing::RunResult run = RunFlinkscan("scan --format json " + Quote(path));
  ASSERT_EQ(run.exit_code, 0);
  ParsedJson r(run.out);
  ASSERT_TRUE(r.parsed());
  const std::vector<simdjson::dom::element> inputs = Array(r["inputs"]);
  ASSERT_EQ(inputs.size(), 7u);
  EXPECT_EQ(Str(inputs[0]["kind"]), "yarn-envelope");
  EXPECT_EQ(Str(inputs[0]["stream"]), "<null>");
  const std::vector<std::tuple<std::string, int64_t, std::string>> sections = {
      {"directory.info", 1937, "yarn-other"},
      {"launch_container.sh", 4932, "yarn-other"},
      {"prelaunch.err", 0, "yarn-other"},
      {"prelaunch.out", 100, "yarn-other"},
      {"stderr", 0, "stdout"},
      {"stdout", 0, "stdout"}};
  int64_t bytes = Int(inputs[0]["bytes"]);
  int64_t lines = Int(inputs[0]["lines"]);
  for (size_t i = 0; i < sections.size(); ++i) {
    const auto& [type, length, kind] = sections[i];
    simdjson::dom::element in = inputs[i + 1];
    EXPECT_EQ(Str(in["path"]), path);
    EXPECT_EQ(Str(in["stream"]), std::string(kSampleContainer) + "/" + type);
    EXPECT_EQ(Int(in["bytes"]), length) << type;
    EXPECT_EQ(Str(in["kind"]), kind) << type;
    EXPECT_EQ(Int(in["records"]), 0);
    EXPECT_TRUE(Array(in["errors"]).empty()) << type;
    bytes += Int(in["bytes"]);
    lines += Int(in["lines"]);
  }
  EXPECT_TRUE(Array(inputs[0]["errors"]).empty());
  EXPECT_EQ(bytes, 9229);
  EXPECT_EQ(Int(r["totals"]["bytes"]), 9229);
  EXPECT_EQ(lines, 149);
  EXPECT_EQ(Int(r["totals"]["lines"]), 149);
  EXPECT_EQ(Int(r["totals"]["events"]), 0);
  EXPECT_TRUE(Array(r["incidents"]).empty());
}

TEST(YarnInput, PipedStdinGivesTheSameJsonAsTheFile) {
  const std::string path = FixturePath(kSample);
  const std::string from_file = RunFlinkscan("scan --format json " + Quote(path)).out;
  const std::string from_stdin = RunWithPipedStdin("scan --format json", path);
  ASSERT_FALSE(from_stdin.empty());
  EXPECT_NE(from_stdin.find("\"stream\": \"container_1671326373437_0001_01_000003/directory.info\""),
            std::string::npos);
  EXPECT_EQ(WithoutTiming(ReplaceAll(from_file, path, "-")), WithoutTiming(from_stdin));
}

// ---------------------------------------------------------------- a Flink application on YARN

constexpr char kAm[] = "container_1764316500000_0001_01_000001";
constexpr char kTm1[] = "container_1764316500000_0001_01_000002";
constexpr char kTm2[] = "container_1764316500000_0001_01_000003";

// A 1.5 s CMS Full GC (flink-log-formats.md §11.1) appended to tm-host-2's GC log.
constexpr char kFullGc[] =
    "2022-08-01T17:16:35.000+0000: 2.000: #9: [Full GC (Allocation Failure) 2022-08-01T17:16:35.000+0000: "
    "2.000: "
    "#9: [CMS: 60882K->60000K(69456K), 1.5000000 secs] 61918K->60000K(79248K), [Metaspace: "
    "3000K->3000K(1056768K)], 1.5012345 secs] [Times: user=1.50 sys=0.00, real=1.50 secs]\n";

std::string Sample(const std::string& name) {
  const std::string text = ReadFile(std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

// On YARN a TaskManager's resource id is its container id.
std::string AsYarn(std::string text) {
  text = ReplaceAll(std::move(text), "10.0.1.11:40213-5c2f1a", kTm1);
  return ReplaceAll(std::move(text), "10.0.1.12:36211-8e1f0c", kTm2);
}

// The standalone story of samples/README.md as `yarn logs` would print it:
// the JobManager in the AM container, each TaskManager in its own, every
// container with its .log, .out and a GC log (real JDK 8/17 GC excerpts).
std::vector<YarnSection> FlinkApplication() {
  const std::string real = ReadFile(FixturePath(kSample));
  const auto body_of = [&](const std::string& type) {
    const size_t at = real.find("LogContents:\n", real.find("\nLogType:" + type + "\n")) + 13;
    return real.substr(at, real.find("\nEnd of LogType:" + type, at) - at);
  };
  return {
      {kAm, "jm-host_45454", "directory.info", body_of("directory.info")},
      {kAm, "jm-host_45454", "gc.log", ReadFile(FixturePath("gc-g1-unified-gc-all-safepoint-jdk17.log"))},
      {kAm, "jm-host_45454", "jobmanager.err", ""},
      {kAm, "jm-host_45454", "jobmanager.log",
       AsYarn(Sample("flink-flink-standalonesession-0-jm-host.log.1") +
              Sample("flink-flink-standalonesession-0-jm-host.log"))},
      {kAm, "jm-host_45454", "jobmanager.out", "Starting YarnSessionClusterEntrypoint\n"},
      {kAm, "jm-host_45454", "launch_container.sh", body_of("launch_container.sh")},
      {kAm, "jm-host_45454", "prelaunch.err", ""},
      {kAm, "jm-host_45454", "prelaunch.out", body_of("prelaunch.out")},
      {kTm1, "tm-host-1_45454", "gc.log", ReadFile(FixturePath("gc-g1-printgcdetails-printgcid-jdk8.log"))},
      {kTm1, "tm-host-1_45454", "taskmanager.err", ""},
      {kTm1, "tm-host-1_45454", "taskmanager.log",
       AsYarn(Sample("flink-flink-taskexecutor-0-tm-host-1.log"))},
      {kTm1, "tm-host-1_45454", "taskmanager.out", Sample("flink-flink-taskexecutor-0-tm-host-1.out")},
      {kTm2, "tm-host-2_45454", "gc.log",
       ReadFile(FixturePath("gc-cms-parnew-printgcid-jdk8.log")) + kFullGc},
      {kTm2, "tm-host-2_45454", "taskmanager.err", ""},
      {kTm2, "tm-host-2_45454", "taskmanager.log",
       AsYarn(Sample("flink-flink-taskexecutor-1-tm-host-2.log"))},
      {kTm2, "tm-host-2_45454", "taskmanager.out", "[FraudDetector] subtask 1/2 opened\n"},
  };
}

std::string HostOf(const std::string& container) {
  if (container == kAm) return "jm-host";
  if (container == kTm1) return "tm-host-1";
  if (container == kTm2) return "tm-host-2";
  return "<none>";
}

std::vector<std::string> Lines(const std::string& body) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < body.size()) {
    size_t nl = body.find('\n', at);
    if (nl == std::string::npos) nl = body.size();
    out.push_back(body.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

struct Attribution {
  std::string container;
  std::string log_type;
};

// "<path>#<container>/<logtype>" -> its parts; empty when it is not a section.
Attribution SectionOf(const std::string& source, const std::string& path) {
  Attribution a;
  if (source.rfind(path + "#", 0) != 0) return a;
  const std::string section = source.substr(path.size() + 1);
  const size_t slash = section.find('/');
  a.container = section.substr(0, slash);
  a.log_type = section.substr(slash + 1);
  return a;
}

class FlinkOnYarn : public ::testing::Test {
 protected:
  void SetUp() override {
    sections_ = FlinkApplication();
    text_ = YarnOutput(sections_);
    path_ = dir_.Write("application_1764316500000_0001.log", text_);
    for (const YarnSection& s : sections_) bodies_[s.container + "/" + s.log_type] = s.body;
  }

  TempDir dir_;
  std::vector<YarnSection> sections_;
  std::string text_;
  std::string path_;
  std::map<std::string, std::string> bodies_;
};

TEST_F(FlinkOnYarn, EverySectionIsAStreamAndEveryByteIsCounted) {
  const testing::RunResult run = RunFlinkscan("scan --format json " + Quote(path_));
  ASSERT_EQ(run.exit_code, 0);
  ParsedJson r(run.out);
  ASSERT_TRUE(r.parsed());
  const std::vector<simdjson::dom::element> inputs = Array(r["inputs"]);
  ASSERT_EQ(inputs.size(), sections_.size() + 1);
  const std::map<std::string, std::string> kinds = {{"gc.log", "gc"},
                                                    {"jobmanager.log", "jobmanager"},
                                                    {"jobmanager.out", "stdout"},
                                                    {"jobmanager.err", "stdout"},
                                                    {"taskmanager.log", "taskmanager"},
                                                    {"taskmanager.out", "stdout"},
                                                    {"taskmanager.err", "stdout"},
                                                    {"directory.info", "yarn-other"},
                                                    {"launch_container.sh", "yarn-other"},
                                                    {"prelaunch.err", "yarn-other"},
                                                    {"prelaunch.out", "yarn-other"}};
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t unterminated = 0;  // bodies whose last line the envelope's "\n" ends
  for (size_t i = 0; i < inputs.size(); ++i) {
    simdjson::dom::element in = inputs[i];
    bytes += static_cast<uint64_t>(Int(in["bytes"]));
    lines += static_cast<uint64_t>(Int(in["lines"]));
    EXPECT_TRUE(Array(in["errors"]).empty()) << Str(in["stream"]);
    if (i == 0) {
      EXPECT_EQ(Str(in["kind"]), "yarn-envelope");
      continue;
    }
    const YarnSection& s = sections_[i - 1];
    EXPECT_EQ(Str(in["stream"]), s.container + "/" + s.log_type);
    EXPECT_EQ(static_cast<size_t>(Int(in["bytes"])), s.body.size()) << s.log_type;
    EXPECT_EQ(static_cast<uint64_t>(Int(in["lines"])), WcLines(s.body)) << s.log_type;
    EXPECT_EQ(Str(in["kind"]), kinds.at(s.log_type)) << s.log_type;
    if (!s.body.empty() && s.body.back() != '\n') ++unterminated;
  }
  EXPECT_EQ(bytes, text_.size());
  EXPECT_EQ(static_cast<uint64_t>(Int(r["totals"]["bytes"])), text_.size());
  // Each stream counts lines by the wc rule on its own bytes, so a body that
  // ends without "\n" counts its last line, and the envelope counts the "\n"
  // that ends it in the file as its own (the JDK 8 G1 excerpt ends so).
  EXPECT_EQ(unterminated, 1u);
  EXPECT_EQ(lines, WcLines(text_) + unterminated);
  EXPECT_EQ(static_cast<uint64_t>(Int(r["totals"]["lines"])), lines);
}

TEST_F(FlinkOnYarn, IncidentsAreAttributedToTheirContainers) {
  const testing::RunResult run = RunFlinkscan("scan --format json " + Quote(path_));
  ASSERT_EQ(run.exit_code, 0);
  ParsedJson r(run.out);
  ASSERT_TRUE(r.parsed());
  const std::vector<simdjson::dom::element> incidents = Array(r["incidents"]);
  ASSERT_FALSE(incidents.empty());
  std::set<std::string> tm_containers_with_incidents;
  size_t evidence_checked = 0;
  for (simdjson::dom::element inc : incidents) {
    const std::string kind = Str(inc["kind"]);
    simdjson::dom::element scope = inc["scope"];
    const std::string scope_container = Str(scope["container"]);
    SCOPED_TRACE(kind + " scoped to " + scope_container);
    if (scope_container != "<null>") {
      EXPECT_EQ(Str(scope["host"]), HostOf(scope_container));
    }
    for (simdjson::dom::element ev : Array(inc["evidence"])) {
      const std::string source = Str(ev["source"]);
      const Attribution from = SectionOf(source, path_);
      ASSERT_FALSE(from.container.empty()) << source;
      // The line is counted within the section, and shows the evidence.
      const std::vector<std::string> lines = Lines(bodies_.at(from.container + "/" + from.log_type));
      const int64_t line = Int(ev["line"]);
      ASSERT_GE(line, 1);
      ASSERT_LE(static_cast<size_t>(line), lines.size()) << source;
      const std::string text = Str(ev["text"]);
      EXPECT_EQ(lines[line - 1].substr(0, 60), text.substr(0, 60)) << source << ":" << line;
      ++evidence_checked;
      // What a TaskManager's container logged is that TaskManager's incident.
      if (from.container != kAm) {
        EXPECT_EQ(scope_container, from.container) << source;
        EXPECT_EQ(Str(scope["host"]), HostOf(from.container)) << source;
        tm_containers_with_incidents.insert(from.container);
      }
    }
  }
  EXPECT_GT(evidence_checked, 10u);
  EXPECT_EQ(tm_containers_with_incidents, (std::set<std::string>{kTm2}));  // tm-host-2's OOM and Full GC

  // The story (samples/README.md): tm-host-2's task ran out of heap; tm-host-1
  // was lost; and the Full GC in tm-host-2's GC log.
  std::map<std::string, std::set<std::string>> containers_by_kind;
  for (simdjson::dom::element inc : incidents) {
    containers_by_kind[Str(inc["kind"])].insert(Str(inc["scope"]["container"]));
  }
  EXPECT_EQ(containers_by_kind["oom"], (std::set<std::string>{kTm2}));
  EXPECT_EQ(containers_by_kind["taskmanager_lost"], (std::set<std::string>{kTm1}));
  EXPECT_EQ(containers_by_kind["job_failover"], (std::set<std::string>{kTm1, kTm2}));
  EXPECT_EQ(containers_by_kind["gc_pressure"], (std::set<std::string>{kTm2}));
}

// design.md "Scope": for YARN input the envelope's container and node are
// always filled in, so an incident only the JobManager saw (checkpoint
// failures) is scoped to the AM container.
TEST_F(FlinkOnYarn, JobManagerOnlyIncidentsAreScopedToTheAmContainer) {
  ParsedJson r(RunFlinkscan("scan --format json " + Quote(path_)).out);
  ASSERT_TRUE(r.parsed());
  for (simdjson::dom::element inc : Array(r["incidents"])) {
    std::set<std::string> containers;
    for (simdjson::dom::element ev : Array(inc["evidence"])) {
      containers.insert(SectionOf(Str(ev["source"]), path_).container);
    }
    if (containers != std::set<std::string>{kAm}) continue;
    if (Str(inc["scope"]["taskmanager"]) != "<null>") continue;  // the JM named a TaskManager
    EXPECT_EQ(Str(inc["scope"]["container"]), kAm) << Str(inc["kind"]);
    EXPECT_EQ(Str(inc["scope"]["host"]), "jm-host") << Str(inc["kind"]);
  }
}

TEST_F(FlinkOnYarn, PipedStdinGivesTheSameJsonAsTheFile) {
  const std::string from_file = RunFlinkscan("scan --format json " + Quote(path_)).out;
  const std::string from_stdin = RunWithPipedStdin("scan --format json", path_);
  ASSERT_FALSE(from_stdin.empty());
  EXPECT_NE(from_stdin.find("\"source\": \"-#" + std::string(kTm2) + "/taskmanager.log\""),
            std::string::npos);
  EXPECT_EQ(WithoutTiming(ReplaceAll(from_file, path_, "-")), WithoutTiming(from_stdin));
}

TEST_F(FlinkOnYarn, ThreadsAndChunkSizeDoNotChangeTheReport) {
  const std::string one = WithoutTiming(RunFlinkscan("scan --format json -j 1 " + Quote(path_)).out);
  ASSERT_GT(one.size(), 1000u);
  EXPECT_EQ(one,
            WithoutTiming(RunFlinkscan("scan --format json -j 2 --chunk-bytes 4096 " + Quote(path_)).out));
  EXPECT_EQ(one,
            WithoutTiming(RunFlinkscan("scan --format json -j 4 --chunk-bytes 65536 " + Quote(path_)).out));
}

// ---------------------------------------------------------------- damage

std::string WithLogLength(std::string text, const std::string& container, const std::string& type,
                          const std::string& length) {
  const size_t header = text.find("Container: " + container + " on ");
  const size_t type_at = text.find("LogType:" + type + "\n", header);
  const size_t at = text.find("LogLength:", type_at) + 10;
  text.replace(at, text.find('\n', at) - at, length);
  return text;
}

TEST_F(FlinkOnYarn, LogLengthLargerThanTheRestOfTheInput) {
  const std::string damaged = WithLogLength(text_, kTm2, "taskmanager.log", "500000");
  const std::string path = dir_.Write("damaged-length.log", damaged);
  const testing::RunResult run = RunFlinkscan("scan --format json " + Quote(path));
  ASSERT_EQ(run.exit_code, 0);  // damaged, not unreadable
  ParsedJson r(run.out);
  ASSERT_TRUE(r.parsed());
  const std::string section = std::string(kTm2) + "/taskmanager.log";
  const size_t length_at = damaged.find("LogLength:500000");
  bool found = false;
  for (simdjson::dom::element in : Array(r["inputs"])) {
    if (Str(in["stream"]) != section) {
      EXPECT_TRUE(Array(in["errors"]).empty()) << Str(in["stream"]);
      continue;
    }
    found = true;
    EXPECT_EQ(Str(in["path"]), path);
    EXPECT_EQ(static_cast<size_t>(Int(in["bytes"])), bodies_.at(section).size());  // framed by its end marker
    const std::vector<simdjson::dom::element> errors = Array(in["errors"]);
    ASSERT_EQ(errors.size(), 1u);
    const std::string error = Str(errors[0]);
    EXPECT_EQ(
        error.rfind(
            "byte " + std::to_string(length_at) + ": LogLength 500000 of " + section + " exceeds the ", 0),
        0u)
        << error;
    EXPECT_NE(error.find("; framed by end marker"), std::string::npos) << error;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(static_cast<size_t>(Int(r["totals"]["bytes"])), damaged.size());
  // Nothing else changed: tm-host-2's OOM is still its own.
  bool oom = false;
  for (simdjson::dom::element inc : Array(r["incidents"])) {
    if (Str(inc["kind"]) == "oom") oom = Str(inc["scope"]["container"]) == kTm2;
  }
  EXPECT_TRUE(oom);
}

TEST_F(FlinkOnYarn, NonNumericLogLength) {
  const std::string damaged = WithLogLength(text_, kTm1, "taskmanager.log", "12x4");
  const std::string path = dir_.Write("damaged-nan.log", damaged);
  ParsedJson r(RunFlinkscan("scan --format json " + Quote(path)).out);
  ASSERT_TRUE(r.parsed());
  const std::string section = std::string(kTm1) + "/taskmanager.log";
  for (simdjson::dom::element in : Array(r["inputs"])) {
    if (Str(in["stream"]) != section) continue;
    EXPECT_EQ(static_cast<size_t>(Int(in["bytes"])), bodies_.at(section).size());
    ASSERT_EQ(Array(in["errors"]).size(), 1u);
    EXPECT_EQ(Str(Array(in["errors"])[0]), "byte " + std::to_string(damaged.find("LogLength:12x4")) +
                                               ": LogLength \"12x4\" of " + section +
                                               " is not a number; framed by end marker (" +
                                               std::to_string(bodies_.at(section).size()) + " bytes)");
  }
  EXPECT_EQ(static_cast<size_t>(Int(r["totals"]["bytes"])), damaged.size());
}

TEST_F(FlinkOnYarn, TruncatedLastSectionKeepsEverythingBeforeIt) {
  // Cut inside tm-host-2's taskmanager.log, after its OOM (line 154).
  const std::string section = std::string(kTm2) + "/taskmanager.log";
  const std::string& body = bodies_.at(section);
  size_t cut_in_body = 0;
  for (int line = 0; line < 200; ++line) cut_in_body = body.find('\n', cut_in_body) + 1;
  cut_in_body += 10;  // mid-line
  const size_t body_at = text_.find(body);
  const std::string truncated = text_.substr(0, body_at + cut_in_body);
  const std::string path = dir_.Write("truncated.log", truncated);
  const testing::RunResult run = RunFlinkscan("scan --format json " + Quote(path));
  ASSERT_EQ(run.exit_code, 0);
  ParsedJson r(run.out);
  ASSERT_TRUE(r.parsed());
  bool found = false;
  for (simdjson::dom::element in : Array(r["inputs"])) {
    if (Str(in["stream"]) != section) continue;
    found = true;
    EXPECT_EQ(static_cast<size_t>(Int(in["bytes"])), cut_in_body);
    EXPECT_EQ(static_cast<uint64_t>(Int(in["lines"])), 201u);
    ASSERT_EQ(Array(in["errors"]).size(), 1u);
    const std::string error = Str(Array(in["errors"])[0]);
    EXPECT_EQ(error.rfind("byte " + std::to_string(truncated.rfind("LogLength:")) + ": LogLength " +
                              std::to_string(body.size()) + " of " + section + " exceeds the " +
                              std::to_string(cut_in_body) + " bytes left in the input",
                          0),
              0u)
        << error;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(static_cast<size_t>(Int(r["totals"]["bytes"])), truncated.size());
  std::set<std::string> kinds;
  for (simdjson::dom::element inc : Array(r["incidents"])) kinds.insert(Str(inc["kind"]));
  EXPECT_TRUE(kinds.count("oom"));
  EXPECT_TRUE(kinds.count("taskmanager_lost"));
}

}  // namespace
}  // namespace flinkscan
