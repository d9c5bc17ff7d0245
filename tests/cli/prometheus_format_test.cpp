// `scan --format prometheus`: the node_exporter textfile agrees with the JSON
// report over the same input, and Prometheus' own checker accepts it.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::ParsedJson;
using testing::Quote;
using testing::ReadFile;
using testing::RunFlinkscan;
using testing::RunResult;
using testing::RunShell;
using testing::TempDir;

const std::string kSamples = std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone";

// Sums a family's samples whose label text contains every `needles` entry.
double Sum(const std::string& exposition, const std::string& name, const std::vector<std::string>& needles = {}) {
  std::istringstream in(exposition);
  std::string line;
  double total = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t name_end = line.find_first_of("{ ");
    if (line.substr(0, name_end) != name) continue;
    bool all = true;
    for (const std::string& n : needles) all = all && line.find(n) != std::string::npos;
    if (all) total += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return total;
}

TEST(PrometheusFormatTest, AgreesWithTheJsonReport) {
  const RunResult prom = RunFlinkscan("scan --format prometheus " + Quote(kSamples));
  ASSERT_EQ(prom.exit_code, 0);
  const RunResult json = RunFlinkscan("scan --format json " + Quote(kSamples));
  ASSERT_EQ(json.exit_code, 0);
  ParsedJson report(json.out);
  ASSERT_TRUE(report.parsed());
  const auto totals = report["totals"];
  EXPECT_EQ(Sum(prom.out, "flinkscan_bytes_read_total"), testing::Num(totals["bytes"].value()));
  EXPECT_EQ(Sum(prom.out, "flinkscan_lines_read_total"), testing::Num(totals["lines"].value()));
  EXPECT_EQ(Sum(prom.out, "flinkscan_records_read_total"), testing::Num(totals["records"].value()));
  const auto checkpoints = report["checkpoints"];
  EXPECT_EQ(Sum(prom.out, "flinkscan_checkpoints_total", {"status=\"completed\""}),
            testing::Num(checkpoints["completed"].value()));
  EXPECT_EQ(Sum(prom.out, "flinkscan_checkpoint_duration_seconds_count"),
            testing::Num(checkpoints["completed"].value()));
  EXPECT_EQ(Sum(prom.out, "flinkscan_incidents"),
            static_cast<double>(testing::Array(report["incidents"]).size()));
  EXPECT_EQ(Sum(prom.out, "flinkscan_incidents", {"kind=\"job_failover\""}),
            static_cast<double>(report.Incidents("job_failover").size()));
  double restarts = 0;
  for (auto job : testing::Array(report["jobs"])) {
    for (auto t : testing::Array(job["transitions"].value())) restarts += testing::Str(t["to"].value()) == "RESTARTING";
  }
  EXPECT_EQ(Sum(prom.out, "flinkscan_job_restarts_total"), restarts);
  EXPECT_GT(restarts, 0);
  EXPECT_NE(prom.out.find("# TYPE flinkscan_checkpoint_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(prom.out.find("flinkscan_scan_timestamp_seconds "), std::string::npos);
}

TEST(PrometheusFormatTest, OutputFileIsWrittenAndPromtoolAcceptsIt) {
  TempDir dir;
  const std::string out = dir.path() + "/flinkscan.prom";
  const RunResult run = RunFlinkscan("scan --format prometheus -o " + Quote(out) + " " + Quote(kSamples));
  ASSERT_EQ(run.exit_code, 0);
  const std::string text = ReadFile(out);
  EXPECT_NE(text.find("flinkscan_exceptions_total{class=\"java.lang.OutOfMemoryError\""), std::string::npos);
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) GTEST_SKIP() << "promtool not installed";
  const RunResult check = RunShell("promtool check metrics < " + Quote(out) + " 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(PrometheusFormatTest, UnknownFormatNamesPrometheus) {
  const RunResult run = RunShell(std::string(FLINKSCAN_BINARY) + " scan --format nope x 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("prometheus"), std::string::npos);
}

TEST(PrometheusFormatTest, ServeRejectsBadArgumentsWithUsage) {
  const std::string bin = FLINKSCAN_BINARY;
  RunResult run = RunShell(bin + " serve 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("serve: no PATH given"), std::string::npos) << run.out;
  run = RunShell(bin + " serve --listen 9250 logs 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("--listen: expected HOST:PORT"), std::string::npos) << run.out;
  run = RunShell(bin + " serve --poll-ms 0 logs 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  run = RunShell(bin + " --help");
  EXPECT_NE(run.out.find("flinkscan serve [--listen HOST:PORT]"), std::string::npos);
}

}  // namespace
}  // namespace flinkscan
