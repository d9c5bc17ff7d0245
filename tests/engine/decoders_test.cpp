// gzip (ISA-L) and zstd decoding: round trips, multi-member and multi-frame
// files, damage reported at its compressed offset with everything before it
// kept, and recognition by magic bytes rather than by name.

#include <zstd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "engine/archive_framer.h"
#include "engine/gzip_source.h"
#include "engine/input_opener.h"
#include "engine/peek_source.h"
#include "engine/source.h"
#include "engine/zstd_source.h"
#include "tests/engine/string_source.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::StringSource;

using testing::Fixture;
using testing::ReadFile;
using testing::TempDir;

// The `gzip` tool (always present on Debian) makes the test data, so the
// decoder is checked against the real thing, not against itself.
std::string Gzip(const std::string& data, const std::string& flags = "") {
  TempDir dir;
  const std::string in = dir.Write("in", data);
  const std::string out = dir.path() + "/out.gz";
  const std::string command = "gzip -c " + flags + " '" + in + "' > '" + out + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return ReadFile(out);
}

// With a content checksum, as the `zstd` tool writes by default.
std::string Zstd(const std::string& data, int level = 3) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size()));
  ZSTD_freeCCtx(cctx);
  return out;
}

struct Decoded {
  std::string bytes;
  std::string error;
};

Decoded Drain(ByteSource& source, size_t read_size = 1 << 16) {
  Decoded d;
  std::string buf(read_size, '\0');
  for (;;) {
    const size_t got = source.Read(buf.data(), buf.size());
    if (got == 0) break;
    d.bytes.append(buf.data(), got);
  }
  d.error = source.error();
  return d;
}

Decoded Gunzip(const std::string& compressed, size_t read_size = 1 << 16) {
  std::unique_ptr<ByteSource> source = MakeGzipSource(std::make_unique<StringSource>(compressed));
  return Drain(*source, read_size);
}

Decoded Unzstd(const std::string& compressed, size_t read_size = 1 << 16) {
  std::unique_ptr<ByteSource> source = MakeZstdSource(std::make_unique<StringSource>(compressed));
  return Drain(*source, read_size);
}

const std::string& Sample() {
  static const std::string text =
      ReadFile(Fixture("jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log"));
  return text;
}

// Big enough for many deflate blocks and several ISA-L input refills.
const std::string& BigLog() {
  static const std::string text = [] {
    std::string s;
    for (int i = 0; s.size() < (3u << 20); ++i) {
      s += "2023-01-0" + std::to_string(1 + i % 9) + " 10:00:00,000 INFO  org.apache.flink.Task [] - line " +
           std::to_string(i * 7919 % 100003) + " of the log\n";
    }
    return s;
  }();
  return text;
}

std::string CompressedByte(const std::string& error) {
  const std::string prefix = "compressed byte ";
  if (error.rfind(prefix, 0) != 0) return "";
  return error.substr(prefix.size(), error.find(':') - prefix.size());
}

TEST(Magic, RecognisesFormatsByContent) {
  EXPECT_TRUE(LooksLikeGzip(Gzip("x")));
  EXPECT_FALSE(LooksLikeGzip("\x1f\x8b"));  // too short to tell
  EXPECT_FALSE(LooksLikeGzip("2023-01-01 10:00:00,000 INFO"));
  EXPECT_TRUE(LooksLikeZstd(Zstd("x")));
  EXPECT_TRUE(LooksLikeZstd(std::string("\x50\x2a\x4d\x18", 4)));  // skippable frame
  EXPECT_FALSE(LooksLikeZstd("(\xb5/"));
  EXPECT_FALSE(LooksLikeTar(std::string(512, 'a')));
  EXPECT_FALSE(LooksLikeTar(Sample()));
  EXPECT_EQ(WithoutCompressionSuffix("jobmanager.log.1.gz"), "jobmanager.log.1");
  EXPECT_EQ(WithoutCompressionSuffix("logs.tar.zst"), "logs.tar");
  EXPECT_EQ(WithoutCompressionSuffix("gc.log.zstd"), "gc.log");
  EXPECT_EQ(WithoutCompressionSuffix("taskmanager.log"), "taskmanager.log");
  EXPECT_EQ(WithoutCompressionSuffix(".gz"), ".gz");
}

TEST(GzipSource, RoundTripsLargeInputInAnyReadSize) {
  const std::string gz = Gzip(BigLog());
  for (size_t read_size : {size_t{1} << 21, size_t{65536}, size_t{4093}}) {
    const Decoded d = Gunzip(gz, read_size);
    EXPECT_EQ(d.error, "");
    EXPECT_TRUE(d.bytes == BigLog()) << "read size " << read_size;
  }
  const Decoded tiny = Gunzip(Gzip(Sample()), 7);
  EXPECT_EQ(tiny.bytes, Sample());
}

TEST(GzipSource, PositionCountsDecodedBytes) {
  std::unique_ptr<ByteSource> source = MakeGzipSource(std::make_unique<StringSource>(Gzip(Sample())));
  const Decoded d = Drain(*source);
  EXPECT_EQ(source->position(), Sample().size());
  EXPECT_EQ(d.bytes.size(), Sample().size());
}

TEST(GzipSource, ConcatenatedMembersAreOneStream) {
  const std::string a = BigLog().substr(0, 1 << 20);
  const std::string b = Sample();
  const Decoded d = Gunzip(Gzip(a) + Gzip(b) + Gzip(""));
  EXPECT_EQ(d.error, "");
  EXPECT_TRUE(d.bytes == a + b);
}

TEST(GzipSource, ZeroPaddingAfterTheLastMemberIsIgnored) {
  const Decoded d = Gunzip(Gzip(Sample()) + std::string(10240, '\0'));
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.bytes, Sample());
}

TEST(GzipSource, TrailingGarbageIsReportedAfterTheData) {
  const std::string gz = Gzip(Sample());
  const Decoded d = Gunzip(gz + "garbage at the end");
  EXPECT_EQ(d.bytes, Sample());
  EXPECT_EQ(CompressedByte(d.error), std::to_string(gz.size())) << d.error;
  EXPECT_NE(d.error.find("is not gzip"), std::string::npos) << d.error;
}

TEST(GzipSource, TruncationKeepsWhatWasDecodedAndSaysWhere) {
  const std::string gz = Gzip(BigLog());
  for (size_t cut : {gz.size() / 2, gz.size() - 4, size_t{5}}) {
    const Decoded d = Gunzip(gz.substr(0, cut));
    EXPECT_EQ(d.error.rfind("compressed byte " + std::to_string(cut) + ": unexpected end of gzip stream", 0),
              0u)
        << d.error;
    EXPECT_NE(d.error.find("after " + std::to_string(d.bytes.size()) + " decoded bytes"), std::string::npos)
        << d.error;
    EXPECT_TRUE(BigLog().compare(0, d.bytes.size(), d.bytes) == 0) << "decoded bytes are a prefix";
    if (cut == gz.size() / 2) {
      EXPECT_GT(d.bytes.size(), BigLog().size() / 3);
    }
  }
}

TEST(GzipSource, TruncatedSecondMemberNamesTheMember) {
  const std::string first = Gzip(Sample());
  const std::string second = Gzip(BigLog());
  const Decoded d = Gunzip(first + second.substr(0, second.size() / 2));
  EXPECT_TRUE(d.bytes.compare(0, Sample().size(), Sample()) == 0);
  EXPECT_GT(d.bytes.size(), Sample().size());
  EXPECT_EQ(CompressedByte(d.error), std::to_string(first.size() + second.size() / 2));
  EXPECT_NE(d.error.find("(member 2)"), std::string::npos) << d.error;
}

TEST(GzipSource, CorruptDataAndBadChecksumAreErrors) {
  const std::string gz = Gzip(BigLog());
  std::string corrupt = gz;
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 64; ++i)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  const Decoded bad = Gunzip(corrupt);
  ASSERT_NE(CompressedByte(bad.error), "") << bad.error;
  EXPECT_LE(std::stoull(CompressedByte(bad.error)), gz.size());
  EXPECT_LT(bad.bytes.size(), BigLog().size());

  std::string bad_crc = Gzip(Sample());
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);
  const Decoded crc = Gunzip(bad_crc);
  EXPECT_NE(crc.error.find("CRC or length mismatch"), std::string::npos) << crc.error;
}

TEST(GzipSource, ReadFailureOfTheCompressedInputIsPassedOn) {
  const std::string gz = Gzip(BigLog());
  std::unique_ptr<ByteSource> source =
      MakeGzipSource(std::make_unique<StringSource>(gz.substr(0, 1000), SIZE_MAX, "byte 1000: read failed: I/O error"));
  const Decoded d = Drain(*source);
  EXPECT_EQ(d.error, "byte 1000: read failed: I/O error");
  EXPECT_FALSE(d.bytes.empty());
}

TEST(ZstdSource, RoundTripsAndConcatenatedFrames) {
  for (size_t read_size : {size_t{1} << 21, size_t{4093}}) {
    const Decoded d = Unzstd(Zstd(BigLog()), read_size);
    EXPECT_EQ(d.error, "");
    EXPECT_TRUE(d.bytes == BigLog());
  }
  const Decoded multi = Unzstd(Zstd(Sample()) + Zstd(BigLog(), 1) + Zstd(""));
  EXPECT_EQ(multi.error, "");
  EXPECT_TRUE(multi.bytes == Sample() + BigLog());
  const Decoded tiny = Unzstd(Zstd(Sample()), 3);
  EXPECT_EQ(tiny.bytes, Sample());
}

TEST(ZstdSource, SkippableFramesAreSkipped) {
  std::string skippable("\x50\x2a\x4d\x18\x04\x00\x00\x00seek", 12);
  const Decoded d = Unzstd(skippable + Zstd(Sample()) + skippable);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.bytes, Sample());
}

TEST(ZstdSource, TruncationKeepsWhatWasDecodedAndSaysWhere) {
  const std::string zst = Zstd(BigLog());
  for (size_t cut : {zst.size() / 2, zst.size() - 1, size_t{3}}) {
    const Decoded d = Unzstd(zst.substr(0, cut));
    EXPECT_EQ(d.error.rfind("compressed byte " + std::to_string(cut) + ": unexpected end of zstd stream", 0),
              0u)
        << d.error;
    EXPECT_TRUE(BigLog().compare(0, d.bytes.size(), d.bytes) == 0);
    if (cut == zst.size() / 2) {
      EXPECT_GT(d.bytes.size(), BigLog().size() / 4);
    }
  }
}

TEST(ZstdSource, CorruptDataAndTrailingGarbageAreErrors) {
  const std::string zst = Zstd(BigLog());
  std::string corrupt = zst;
  for (size_t i = zst.size() / 2; i < zst.size() / 2 + 64; ++i)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  const Decoded bad = Unzstd(corrupt);
  ASSERT_NE(CompressedByte(bad.error), "") << bad.error;
  EXPECT_LT(bad.bytes.size(), BigLog().size());

  const std::string one = Zstd(Sample());
  const Decoded trailing = Unzstd(one + "not zstd at all");
  EXPECT_EQ(trailing.bytes, Sample());
  EXPECT_EQ(CompressedByte(trailing.error), std::to_string(one.size())) << trailing.error;
  EXPECT_NE(trailing.error.find("(frame 2)"), std::string::npos) << trailing.error;
}

TEST(Decompress, UnwrapsLayersByMagicAndLeavesPlainBytesAlone) {
  int layers = -1;
  std::unique_ptr<PeekSource> plain =
      Decompress(std::make_unique<PeekSource>(std::make_unique<StringSource>(Sample())), layers);
  EXPECT_EQ(layers, 0);
  EXPECT_EQ(Drain(*plain).bytes, Sample());

  std::unique_ptr<PeekSource> two =
      Decompress(std::make_unique<PeekSource>(std::make_unique<StringSource>(Gzip(Zstd(Sample())))), layers);
  EXPECT_EQ(layers, 2);
  EXPECT_EQ(Drain(*two).bytes, Sample());
}

// OpenInput: content decides, so a gzip file with a plain .log name and a
// .zst both decode, and stdin-like inputs need no name at all.
TEST(OpenInput, DecodesByMagicWhateverTheName) {
  TempDir dir;
  const std::string misnamed = dir.Write("jobmanager.log", Gzip(Sample()));
  const std::string zst = dir.Write("jobmanager.log.zst", Zstd(Sample()));
  for (const std::string& path : {misnamed, zst}) {
    Result<std::unique_ptr<StreamFramer>> framer =
        OpenInput(InputFile{path, StreamKind::kJobManager, 0, false});
    ASSERT_TRUE(framer.ok());
    StreamInfo info;
    std::string key;
    ASSERT_TRUE(framer.value()->NextSegment(info, key));
    EXPECT_EQ(info.path, path);
    EXPECT_EQ(info.kind, StreamKind::kJobManager);
    std::string bytes;
    char buf[8192];
    for (size_t got; (got = framer.value()->Read(buf, sizeof buf)) > 0;) bytes.append(buf, got);
    EXPECT_EQ(bytes, Sample());
    EXPECT_EQ(framer.value()->TakeError(), "");
    EXPECT_FALSE(framer.value()->NextSegment(info, key));
  }
}

TEST(OpenInput, TruncatedGzipFileErrorIsTakenOnce) {
  TempDir dir;
  const std::string gz = Gzip(BigLog());
  const std::string path = dir.Write("taskmanager.log.gz", gz.substr(0, gz.size() / 3));
  Result<std::unique_ptr<StreamFramer>> framer =
      OpenInput(InputFile{path, StreamKind::kTaskManager, 0, false});
  ASSERT_TRUE(framer.ok());
  StreamInfo info;
  std::string key;
  ASSERT_TRUE(framer.value()->NextSegment(info, key));
  std::string bytes;
  std::vector<char> buf(1 << 20);
  for (size_t got; (got = framer.value()->Read(buf.data(), buf.size())) > 0;) bytes.append(buf.data(), got);
  EXPECT_GT(bytes.size(), 0u);
  const std::string error = framer.value()->TakeError();
  EXPECT_EQ(
      error.rfind("compressed byte " + std::to_string(gz.size() / 3) + ": unexpected end of gzip stream", 0),
      0u)
      << error;
  EXPECT_EQ(framer.value()->TakeError(), "");
}

// Discovery looks through compression: compressed logs are scanned, named
// and ordered like the files they hold; a tarball is always scanned; what
// decodes to a binary, or does not decode, is skipped with the reason.
TEST(DiscoverInputs, CompressedFilesAreJudgedByWhatTheyHold) {
  TempDir dir;
  const std::string line = "2022-05-27 16:13:00,463 INFO  a.B [] - hello\n";
  dir.Write("flink-u-taskexecutor-0-h.log", line);
  dir.Write("flink-u-taskexecutor-0-h.log.1.gz", Gzip(line));
  dir.Write("flink-u-taskexecutor-0-h.log.2.zst", Zstd(line));
  dir.Write("mystery.gz", Gzip(line));  // no log name, but log content
  dir.Write("logs.tgz", Gzip(std::string(1024, '\0')));
  dir.Write("heap.hprof.gz", Gzip(std::string(10000, '\x07')));
  const std::string gz = Gzip(BigLog());
  dir.Write("broken.log.gz", gz.substr(0, 20));
  const Discovery d = DiscoverInputs({dir.path()});
  std::vector<std::string> names;
  for (const InputFile& in : d.inputs) names.push_back(in.path.substr(dir.path().size() + 1));
  EXPECT_EQ(names, (std::vector<std::string>{"flink-u-taskexecutor-0-h.log.2.zst",
                                             "flink-u-taskexecutor-0-h.log.1.gz",
                                             "flink-u-taskexecutor-0-h.log", "mystery.gz"}));
  EXPECT_EQ(d.inputs[0].kind, StreamKind::kTaskManager);
  EXPECT_EQ(d.inputs[0].rotation, 2);
  std::map<std::string, std::string> skipped;
  for (const SkippedInput& s : d.skipped) skipped[s.path.substr(dir.path().size() + 1)] = s.reason;
  EXPECT_EQ(skipped["heap.hprof.gz"], "binary file");
  EXPECT_EQ(skipped["logs.tgz"], "binary file") << "all zeros is no tar header";
  EXPECT_EQ(skipped["broken.log.gz"].rfind(
                "corrupt gzip data: compressed byte 20: unexpected end of gzip stream", 0),
            0u)
      << skipped["broken.log.gz"];
}

TEST(DiscoverInputs, TarballsAreAlwaysScanned) {
  TempDir dir;
  dir.Write("src/jobmanager.log", "2022-05-27 16:13:00,463 INFO  a.B [] - hello\n");
  const std::string tar = dir.path() + "/bundle.tar";
  ASSERT_EQ(std::system(("tar -C '" + dir.path() + "/src' -cf '" + tar + "' jobmanager.log").c_str()), 0);
  ASSERT_EQ(std::system(("gzip -c '" + tar + "' > '" + dir.path() + "/bundle.data'").c_str()), 0);
  std::filesystem::remove_all(dir.path() + "/src");
  const Discovery d = DiscoverInputs({dir.path()});
  ASSERT_EQ(d.inputs.size(), 2u);
  EXPECT_TRUE(d.skipped.empty());
}

}  // namespace
}  // namespace flinkscan
