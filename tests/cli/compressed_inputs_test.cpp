// Issue 3 acceptance for compressed and archived inputs: a .gz, a .zst and a
// .tar.gz of the samples give the same report as the plain files (apart from
// the input paths, tar member names and evidence sources); multi-member gzip
// and multi-frame zstd read as one stream; damage is reported with the file
// and the compressed offset while everything before it is analysed.

#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/scan.h"
#include "report/json_report.h"
#include "tests/cli/json_report_reader.h"
#include "tests/cli/run_binary.h"
#include "tests/engine/scan_in_process.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::ReadFile;
using testing::RunFlinkscan;
using testing::TempDir;

const std::string kSamples = std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real";

void Shell(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

std::string Zstd(const std::string& data) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size()));
  ZSTD_freeCCtx(cctx);
  return out;
}

std::string Gzip(const TempDir& dir, const std::string& data) {
  const std::string in = dir.Write("gzip-input", data);
  Shell("gzip -c '" + in + "' > '" + in + ".gz'");
  return ReadFile(in + ".gz");
}

// On all hardware threads, as the CLI scans.
Analysis Scan(const std::vector<std::string>& paths) {
  return testing::ScanInProcess(paths, {}, {.threads = 0});
}

std::string Json(const Analysis& analysis) { return RenderJson(analysis, JsonOptions{false}); }

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::vector<std::string> SampleNames() {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(kSamples))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A copy of the samples (plain), the same files each gzipped and each
// zstd-compressed, and one tarball of the directory.
class SampleCopies : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* sub : {"plain", "gz", "zst"}) fs::create_directories(root() + "/" + sub);
    for (const std::string& name : SampleNames()) {
      fs::copy_file(kSamples + "/" + name, plain() + "/" + name);
      Shell("gzip -c '" + plain() + "/" + name + "' > '" + root() + "/gz/" + name + ".gz'");
      std::ofstream(root() + "/zst/" + name + ".zst", std::ios::binary)
          << Zstd(ReadFile(plain() + "/" + name));
    }
    Shell("tar --sort=name -C '" + plain() + "' -czf '" + tarball() + "' .");
  }
  std::string root() const { return dir_.path(); }
  std::string plain() const { return root() + "/plain"; }
  std::string tarball() const { return root() + "/samples.tar.gz"; }

  // The compressed directory's report with each "<dir>/<name><suffix>" put back to "plain/<name>".
  std::string NormalisedJson(const std::string& sub, const std::string& suffix) const {
    std::string json = Json(Scan({root() + "/" + sub}));
    for (const std::string& name : SampleNames()) {
      ReplaceAll(json, root() + "/" + sub + "/" + name + suffix + "\"", plain() + "/" + name + "\"");
      ReplaceAll(json, root() + "/" + sub + "/" + name + suffix + "#", plain() + "/" + name + "#");
    }
    return json;
  }

  TempDir dir_;
};

TEST_F(SampleCopies, GzipDirectoryGivesThePlainReport) {
  const std::string expected = Json(Scan({plain()}));
  ASSERT_NE(expected.find("\"checkpoints\""), std::string::npos);
  EXPECT_EQ(NormalisedJson("gz", ".gz"), expected);
}

TEST_F(SampleCopies, ZstdDirectoryGivesThePlainReport) {
  EXPECT_EQ(NormalisedJson("zst", ".zst"), Json(Scan({plain()})));
}

TEST_F(SampleCopies, TarGzOfTheDirectoryGivesThePlainReport) {
  Analysis plain_analysis = Scan({plain()});
  Analysis tar_analysis = Scan({tarball()});

  // A member that is not a log is a count-only stream with one "skipped member"
  // error in the archive, where the directory lists it under skipped[].
  std::vector<std::string> skipped_members;
  std::vector<InputSummary> members;
  for (InputSummary& in : tar_analysis.inputs) {
    EXPECT_EQ(in.path, tarball());
    if (!in.errors.empty() && in.errors[0].rfind("skipped member " + in.stream + ": ", 0) == 0) {
      EXPECT_EQ(in.bytes, 0u);
      skipped_members.push_back(in.stream + ": " + in.errors[0].substr(in.errors[0].find(": ") + 2));
      continue;
    }
    const size_t hash = in.stream.find('#');
    in.path = plain() + "/" + in.stream.substr(0, hash);
    in.stream = hash == std::string::npos ? "" : in.stream.substr(hash + 1);
    members.push_back(in);
  }
  tar_analysis.inputs = members;
  std::vector<std::string> skipped_files;
  for (const SkippedPath& s : plain_analysis.skipped) {
    skipped_files.push_back(fs::path(s.path).filename().string() + ": " + s.reason + " (" +
                            std::to_string(fs::file_size(s.path)) + " bytes)");
  }
  EXPECT_EQ(skipped_members, skipped_files);
  ASSERT_EQ(skipped_files.size(), 1u);  // EXPECTED.md
  plain_analysis.skipped.clear();

  std::string json = Json(tar_analysis);
  ReplaceAll(json, tarball() + "!", plain() + "/");
  EXPECT_EQ(json, Json(plain_analysis));
}

// The samples are small; a bigger log makes damage land mid-stream. Each
// line gets a varying tag so that the compressed data is not one tiny block
// (zstd decodes whole blocks: a cut inside the first one yields nothing).
std::string BigLog() {
  std::string text;
  const std::string sample =
      ReadFile(kSamples + "/jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log");
  uint64_t tag = 88172645463325252ull;
  while (text.size() < (1u << 20)) {
    for (size_t start = 0; start < sample.size();) {
      const size_t end = sample.find('\n', start);
      tag ^= tag << 13;
      tag ^= tag >> 7;
      tag ^= tag << 17;
      text += sample.substr(start, end - start) + " tag=" + std::to_string(tag % 1000000007) + "\n";
      start = end + 1;
    }
  }
  return text;
}

TEST(CompressedInputs, MultiMemberGzipAndMultiFrameZstdReadAsOneFile) {
  TempDir dir;
  const std::string text =
      ReadFile(kSamples + "/minicluster-jm-tm-combined-timeonly-region-restart-flink1135.log");
  const size_t half = text.find('\n', text.size() / 2) + 1;
  const std::string plain = dir.Write("mini.log", text);
  const std::string gz =
      dir.Write("mini.log.gz", Gzip(dir, text.substr(0, half)) + Gzip(dir, text.substr(half)));
  const std::string zst = dir.Write("mini.log.zst", Zstd(text.substr(0, half)) + Zstd(text.substr(half)));
  const std::string expected = Json(Scan({plain}));
  for (const std::string& path : {gz, zst}) {
    std::string json = Json(Scan({path}));
    ReplaceAll(json, path, plain);
    EXPECT_EQ(json, expected) << path;
  }
}

TEST(CompressedInputs, StdinIsRecognisedByMagic) {
  TempDir dir;
  const std::string text =
      ReadFile(kSamples + "/jm-log4j1-checkpoint-decline-task-not-ready-failing-flink19.log");
  const std::string gz = dir.Write("in.gz", Gzip(dir, text));
  const std::string plain = dir.Write("in.log", text);
  const testing::RunResult from_stdin = RunFlinkscan("scan --format json -", gz);
  const testing::RunResult from_file = RunFlinkscan("scan --format json " + Quote(plain));
  ASSERT_EQ(from_stdin.exit_code, 0);
  std::string json = testing::WithoutTiming(from_stdin.out);
  ReplaceAll(json, "\"-\"", "\"" + plain + "\"");
  EXPECT_EQ(json, testing::WithoutTiming(from_file.out));
}

struct Damaged {
  int exit_code = -1;
  std::string error;
  int64_t records = 0;
  std::string text_report;
};

Damaged ScanDamaged(const std::string& path) {
  Damaged d;
  const testing::ScanReport report(Quote(path));
  d.exit_code = report.exit_code();
  if (!report.parsed()) {
    ADD_FAILURE() << "not JSON: " << report.text().substr(0, 200);
    return d;
  }
  simdjson::dom::element input = report["inputs"].at(0).value();
  d.records = testing::Int(input["records"]);
  const std::vector<simdjson::dom::element> errors = testing::Array(input["errors"].value());
  if (!errors.empty()) d.error = testing::Str(errors[0]);
  d.text_report = RunFlinkscan("scan " + Quote(path)).out;
  return d;
}

TEST(CompressedInputs, TruncatedGzipAndZstdKeepWhatWasReadAndSayWhere) {
  TempDir dir;
  const std::string text = BigLog();
  const std::string gz = Gzip(dir, text);
  const std::string zst = Zstd(text);
  const struct {
    std::string name;
    std::string bytes;
    std::string message;
  } cases[] = {{"jobmanager.log.gz", gz.substr(0, gz.size() / 2), "unexpected end of gzip stream"},
               {"jobmanager.log.zst", zst.substr(0, zst.size() / 2), "unexpected end of zstd stream"}};
  const Analysis full = Scan({dir.Write("whole.log", text)});
  for (const auto& c : cases) {
    const std::string path = dir.Write(c.name, c.bytes);
    const Damaged d = ScanDamaged(path);
    EXPECT_EQ(d.exit_code, 0) << c.name;
    EXPECT_EQ(d.error.rfind("compressed byte " + std::to_string(c.bytes.size()) + ": " + c.message, 0), 0u)
        << d.error;
    EXPECT_GT(d.records, static_cast<int64_t>(full.inputs[0].records / 4)) << "partial results are kept";
    EXPECT_LT(d.records, static_cast<int64_t>(full.inputs[0].records));
    // The text report names the file next to the offset.
    EXPECT_NE(d.text_report.find(path + ": compressed byte " + std::to_string(c.bytes.size())),
              std::string::npos)
        << d.text_report;
  }
}

TEST(CompressedInputs, BinaryFileInsideATarIsReportedAndTheRestScanned) {
  TempDir dir;
  dir.Write("bundle/log/jobmanager.log", ReadFile(kSamples + "/jm-k8s-worker-pod-oomkilled-exit137.log"));
  std::string binary(70000, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 2654435761u) >> 13);
  dir.Write("bundle/bin/libnative.so", binary);
  const std::string tarball = dir.path() + "/bundle.tar.gz";
  Shell("tar --sort=name -C '" + dir.path() + "/bundle' -czf '" + tarball + "' bin log");
  const Analysis a = Scan({tarball});
  ASSERT_EQ(a.inputs.size(), 2u);
  EXPECT_EQ(a.inputs[0].stream, "bin/libnative.so");
  EXPECT_EQ(a.inputs[0].bytes, 0u);
  ASSERT_EQ(a.inputs[0].errors.size(), 1u);
  EXPECT_EQ(a.inputs[0].errors[0], "skipped member bin/libnative.so: binary file (70000 bytes)");
  EXPECT_EQ(a.inputs[1].stream, "log/jobmanager.log");
  EXPECT_EQ(a.inputs[1].kind, "jobmanager");
  EXPECT_GT(a.inputs[1].records, 0u);
  EXPECT_TRUE(a.inputs[1].errors.empty());
  EXPECT_EQ(RunFlinkscan("scan --format json " + Quote(tarball)).exit_code, 0);
}

}  // namespace
}  // namespace flinkscan
