// Tar archives (plain, gzip, zstd): one stream per log member, non-log members
// reported as skipped, long names, compressed members, and damage reported
// where it happened with the members before it kept.

#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/archive_framer.h"
#include "engine/chunk_reader.h"
#include "engine/input_opener.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Fixture;
using testing::ReadFile;
using testing::TempDir;

// --- a small tar writer, so headers can be crafted and damaged ---

std::string Header(const std::string& name, uint64_t size, char type, const std::string& link = "",
                   const std::string& prefix = "", bool gnu_magic = false) {
  char h[512] = {};
  std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
  std::snprintf(h + 100, 8, "%07o", 0644);
  std::snprintf(h + 108, 8, "%07o", 1000);
  std::snprintf(h + 116, 8, "%07o", 1000);
  std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
  std::snprintf(h + 136, 12, "%011o", 1700000000);
  h[156] = type;
  std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 100));
  std::memcpy(h + 257,
              gnu_magic ? "ustar  \0"
                        : "ustar\0"
                          "00",
              8);
  std::memcpy(h + 345, prefix.data(), std::min<size_t>(prefix.size(), 155));
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  return std::string(h, 512);
}

std::string Pad(const std::string& data) { return data + std::string((512 - data.size() % 512) % 512, '\0'); }

std::string Entry(const std::string& name, const std::string& data, char type = '0') {
  return Header(name, data.size(), type) + Pad(data);
}

std::string PaxRecord(const std::string& key, const std::string& value) {
  const std::string body = " " + key + "=" + value + "\n";
  size_t len = body.size() + 1;
  while (std::to_string(len).size() + body.size() != len) ++len;
  return std::to_string(len) + body;
}

const std::string kEnd(1024, '\0');

std::string Gzip(const std::string& data) {
  TempDir dir;
  const std::string in = dir.Write("in", data);
  const std::string command = "gzip -c '" + in + "' > '" + dir.path() + "/out.gz'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return ReadFile(dir.path() + "/out.gz");
}

std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

const std::string kJm =
    "2023-01-01 10:00:00,000 INFO  org.apache.flink.runtime.jobmaster.JobMaster [] - jm line\n";
const std::string kTm =
    "2023-01-01 10:00:01,000 WARN  org.apache.flink.runtime.taskmanager.Task [] - tm line\n";

// --- reading an archive the way the chunk reader does ---

struct Segment {
  std::string key;
  StreamInfo info;
  std::string bytes;
  std::string error;
};

std::vector<Segment> ReadAll(const std::string& path, size_t read_size = 1 << 16) {
  std::vector<Segment> out;
  Result<std::unique_ptr<StreamFramer>> opened = OpenInput(InputFile{path, StreamKind::kUnknown, 0, false});
  EXPECT_TRUE(opened.ok());
  if (!opened.ok()) return out;
  StreamFramer& framer = *opened.value();
  std::string buf(read_size, '\0');
  Segment s;
  while (framer.NextSegment(s.info, s.key)) {
    s.bytes.clear();
    for (size_t got; (got = framer.Read(buf.data(), buf.size())) > 0;) s.bytes.append(buf.data(), got);
    s.error = framer.TakeError();
    out.push_back(s);
  }
  return out;
}

std::string Summary(const std::vector<Segment>& segments) {
  std::string s;
  for (const Segment& seg : segments) {
    s += "[" + seg.info.member + "|" + std::string(StreamKindName(seg.info.kind)) +
         (seg.info.count_only ? "|count" : "") + "|" + std::to_string(seg.bytes.size()) + "]";
    if (!seg.error.empty()) s += " " + seg.error;
    s += "\n";
  }
  return s;
}

std::string LogBundle() {
  return Header("flink/log/", 0, '5') + Entry("flink/log/flink-u-standalonesession-0-host1.log", kJm + kJm) +
         Entry("flink/log/flink-u-taskexecutor-0-host2.log", kTm) +
         Entry("flink/log/flink-u-taskexecutor-0-host2.out", "stdout of the user code\n") +
         Entry("flink/lib/flink-dist.jar",
               std::string("PK\x03\x04\x14\x00\x08\x00\x00\x00", 10) + std::string(3000, '\x01')) +
         Entry("flink/log/flink-u-taskexecutor-0-host2.pid", "4242\n") +
         Entry("flink/log/taskmanager.err", "") + kEnd;
}

const char* const kBundleSummary =
    "[flink/log/flink-u-standalonesession-0-host1.log|jobmanager|176]\n"
    "[flink/log/flink-u-taskexecutor-0-host2.log|taskmanager|85]\n"
    "[flink/log/flink-u-taskexecutor-0-host2.out|stdout|24]\n"
    "[flink/lib/flink-dist.jar|unknown|count|0] skipped member flink/lib/flink-dist.jar: binary file (3010 "
    "bytes)\n"
    "[flink/log/flink-u-taskexecutor-0-host2.pid|unknown|count|0] skipped member "
    "flink/log/flink-u-taskexecutor-0-host2.pid: not a log file (no log record in its first 4 KiB) (5 "
    "bytes)\n"
    "[flink/log/taskmanager.err|stdout|count|0] skipped member flink/log/taskmanager.err: empty file (0 "
    "bytes)\n";

TEST(ArchiveFramer, EveryMemberIsAStreamOrASkippedNotice) {
  TempDir dir;
  for (const auto& [name, bytes] : std::map<std::string, std::string>{{"logs.tar", LogBundle()},
                                                                      {"logs.tar.gz", Gzip(LogBundle())},
                                                                      {"logs.tgz.zst", Zstd(LogBundle())},
                                                                      {"no-extension", Gzip(LogBundle())}}) {
    const std::string path = dir.Write(name, bytes);
    for (size_t read_size : {size_t{1} << 16, size_t{7}}) {
      const std::vector<Segment> segments = ReadAll(path, read_size);
      EXPECT_EQ(Summary(segments), kBundleSummary) << name;
      ASSERT_EQ(segments.size(), 6u);
      EXPECT_EQ(segments[0].bytes, kJm + kJm);
      EXPECT_EQ(segments[0].info.path, path);
      EXPECT_EQ(segments[0].key, "flink/log/flink-u-standalonesession-0-host1.log");
      EXPECT_EQ(segments[0].info.Source(), path + "!flink/log/flink-u-standalonesession-0-host1.log");
      EXPECT_EQ(segments[1].bytes, kTm);
    }
  }
}

TEST(ArchiveFramer, LongNamesFromGnuPaxAndUstarPrefix) {
  const std::string deep(120, 'd');
  const std::string gnu_name = deep + "/jobmanager.log";
  const std::string pax_name = deep + "/taskmanager.log";
  const std::string pax = PaxRecord("path", pax_name) + PaxRecord("mtime", "1700000000.5");
  const std::string tar = Header("././@LongLink", gnu_name.size() + 1, 'L', "", "", true) +
                          Pad(gnu_name + '\0') + Header("truncated-name", kJm.size(), '0', "", "", true) +
                          Pad(kJm) + Header("PaxHeaders/x", pax.size(), 'x') + Pad(pax) +
                          Entry("ignored", kTm) + Header("gc.log", 4, '0', "", "prefix/dir") + Pad("abc\n") +
                          Entry("./relative/taskmanager.out", "out\n") + kEnd;
  TempDir dir;
  const std::vector<Segment> segments = ReadAll(dir.Write("names.tar", tar));
  EXPECT_EQ(Summary(segments), "[" + gnu_name + "|jobmanager|" + std::to_string(kJm.size()) + "]\n[" +
                                   pax_name + "|taskmanager|" + std::to_string(kTm.size()) +
                                   "]\n[prefix/dir/gc.log|gc|4]\n[relative/taskmanager.out|stdout|4]\n");
}

TEST(ArchiveFramer, CompressedMembersAreDecodedAndClassifiedWithoutTheSuffix) {
  const std::string tar = Entry("log/jobmanager.log.1.gz", Gzip(kJm)) +
                          Entry("log/taskmanager.log.zst", Zstd(kTm)) +
                          Entry("log/notes.gz", Gzip(std::string(5000, '\x02'))) + kEnd;
  TempDir dir;
  const std::vector<Segment> segments = ReadAll(dir.Write("bundle.tar.gz", Gzip(tar)));
  ASSERT_EQ(segments.size(), 3u) << Summary(segments);
  EXPECT_EQ(segments[0].bytes, kJm);
  EXPECT_EQ(segments[0].info.kind, StreamKind::kJobManager);
  EXPECT_EQ(segments[1].bytes, kTm);
  EXPECT_EQ(segments[1].info.kind, StreamKind::kTaskManager);
  EXPECT_EQ(segments[2].error.rfind("skipped member log/notes.gz: binary file", 0), 0u) << segments[2].error;
}

TEST(ArchiveFramer, LinksDevicesAndNestedArchivesAreReportedNotRead) {
  const std::string inner = Entry("jobmanager.log", kJm) + kEnd;
  const std::string tar = Entry("log/jobmanager.log", kJm) +
                          Header("log/latest.log", 0, '2', "jobmanager.log") +
                          Header("log/copy.log", 0, '1', "log/jobmanager.log") + Header("log/fifo", 0, '6') +
                          Entry("log/old-logs.tar.gz", Gzip(inner)) + kEnd;
  TempDir dir;
  EXPECT_EQ(
      Summary(ReadAll(dir.Write("links.tar", tar))),
      "[log/jobmanager.log|jobmanager|" + std::to_string(kJm.size()) +
          "]\n"
          "[log/latest.log|unknown|count|0] skipped member log/latest.log: symbolic link to jobmanager.log "
          "(not "
          "followed)\n"
          "[log/copy.log|unknown|count|0] skipped member log/copy.log: hard link to log/jobmanager.log (read "
          "there)\n"
          "[log/fifo|unknown|count|0] skipped member log/fifo: FIFO\n"
          "[log/old-logs.tar.gz|unknown|count|0] skipped member log/old-logs.tar.gz: archive inside the "
          "archive "
          "(not unpacked) (" +
          std::to_string(Gzip(inner).size()) + " bytes)\n");
}

TEST(ArchiveFramer, EmptyArchiveIsStillReported) {
  TempDir dir;
  const std::vector<Segment> segments = ReadAll(dir.Write("empty.tar", Header("dir/", 0, '5') + kEnd));
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].info.member, "");
  EXPECT_TRUE(segments[0].info.count_only);
  EXPECT_EQ(segments[0].error, "archive holds no files");
}

TEST(ArchiveFramer, TruncatedTarGzKeepsEarlierMembersAndReportsTheCompressedOffsetOnce) {
  std::string big;
  while (big.size() < (2u << 20))
    big += kTm.substr(0, kTm.size() - 1) + " " + std::to_string(big.size() * 31 % 9973) + "\n";
  const std::string tar = Entry("a/jobmanager.log", kJm) + Entry("a/taskmanager.log", big) +
                          Entry("a/taskmanager.out", "never reached\n") + kEnd;
  const std::string gz = Gzip(tar);
  const size_t cut = gz.size() * 2 / 3;
  TempDir dir;
  const std::vector<Segment> segments = ReadAll(dir.Write("cut.tar.gz", gz.substr(0, cut)));
  ASSERT_EQ(segments.size(), 2u) << Summary(segments);
  EXPECT_EQ(segments[0].bytes, kJm);
  EXPECT_EQ(segments[0].error, "");
  EXPECT_GT(segments[1].bytes.size(), big.size() / 3);
  EXPECT_TRUE(big.compare(0, segments[1].bytes.size(), segments[1].bytes) == 0);
  EXPECT_EQ(segments[1].error.rfind(
                "compressed byte " + std::to_string(cut) + ": unexpected end of gzip stream", 0),
            0u)
      << segments[1].error;
}

TEST(ArchiveFramer, TruncatedPlainTarSaysWhichMemberAndHowFar) {
  const std::string tar = Entry("jobmanager.log", kJm) + Entry("taskmanager.log", kTm + kTm + kTm) + kEnd;
  const size_t cut = 512 * 3 + 100;  // 100 bytes into the second member's data
  TempDir dir;
  const std::vector<Segment> segments = ReadAll(dir.Write("cut.tar", tar.substr(0, cut)));
  ASSERT_EQ(segments.size(), 2u) << Summary(segments);
  EXPECT_EQ(segments[1].bytes, (kTm + kTm).substr(0, 100));
  EXPECT_EQ(segments[1].error, "tar byte " + std::to_string(cut) +
                                   ": archive ends inside member taskmanager.log (100 of " +
                                   std::to_string(3 * kTm.size()) + " bytes)");
}

TEST(ArchiveFramer, CorruptHeaderStopsTheArchiveOnItsOwnStream) {
  std::string tar = Entry("jobmanager.log", kJm) + Entry("taskmanager.log", kTm) + kEnd;
  tar[1024 + 10] = 'X';  // the second header's name, so its checksum no longer adds up
  TempDir dir;
  const std::string path = dir.Write("bad.tar", tar);
  const std::vector<Segment> segments = ReadAll(path);
  ASSERT_EQ(segments.size(), 2u) << Summary(segments);
  EXPECT_EQ(segments[0].bytes, kJm);
  EXPECT_EQ(segments[1].info.member, "");
  EXPECT_EQ(segments[1].key, "");
  EXPECT_EQ(segments[1].info.path, path);
  EXPECT_EQ(segments[1].error,
            "tar byte 1024: corrupt member header (bad checksum); the rest of the archive is not read");
}

TEST(ArchiveFramer, TruncationInsideASkippedMemberIsReportedOnTheArchive) {
  const std::string tar =
      Entry("jobmanager.log", kJm) + Entry("lib/big.jar", std::string(20000, '\x03')) + kEnd;
  TempDir dir;
  const std::vector<Segment> segments = ReadAll(dir.Write("cut.tar", tar.substr(0, 512 * 3 + 9000)));
  EXPECT_EQ(Summary(segments),
            "[jobmanager.log|jobmanager|" + std::to_string(kJm.size()) +
                "]\n[lib/big.jar|unknown|count|0] skipped member lib/big.jar: binary file (20000 "
                "bytes)\n[|unknown|count|0] tar byte 10536: archive ends inside member lib/big.jar "
                "(9000 of 20000 bytes)\n");
}

// The real `tar` tool's output (GNU format, ./ prefixes, directory entries).
TEST(ArchiveFramer, RealTarOfTheSamplesDirectory) {
  TempDir dir;
  const std::string samples = std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real";
  const std::string archive = dir.path() + "/samples.tar.gz";
  const std::string command = "tar --sort=name -C '" + samples + "' -czf '" + archive + "' .";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::vector<Segment> segments = ReadAll(archive);
  // A YARN member comes as several segments (sections and envelope) whose
  // bytes, in order, are the member's bytes.
  std::map<std::string, std::string> members;
  for (const Segment& s : segments) {
    if (s.info.member == "EXPECTED.md") {
      EXPECT_EQ(s.error.rfind("skipped member EXPECTED.md: not a log file", 0), 0u) << s.error;
      continue;
    }
    members[s.info.member] += s.bytes;
  }
  EXPECT_EQ(members.size(), 16u) << Summary(segments);
  for (const auto& [member, bytes] : members)
    EXPECT_TRUE(bytes == ReadFile(samples + "/" + member)) << member;
}

// Through the chunk reader: skipped members and archive errors become
// zero-byte chunks carrying the message, so the report lists them.
TEST(ArchiveFramer, ChunkReaderAccountsForNotices) {
  TempDir dir;
  const std::string path = dir.Write("logs.tar.gz", Gzip(LogBundle()));
  const std::vector<InputFile> inputs = {InputFile{path, StreamKind::kUnknown, 0, false}};
  ChunkReader reader(inputs, ChunkReaderOptions{});
  Chunk chunk;
  std::map<std::string, std::string> errors;
  std::map<uint32_t, std::string> names;
  uint64_t bytes = 0;
  while (reader.Next(chunk)) {
    if (chunk.first_in_stream) names[chunk.stream] = chunk.stream_info.member;
    bytes += chunk.size;
    if (!chunk.read_error.empty()) errors[names[chunk.stream]] = chunk.read_error;
  }
  EXPECT_EQ(names.size(), 6u);
  EXPECT_EQ(bytes, 2 * kJm.size() + kTm.size() + 24);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors["flink/lib/flink-dist.jar"],
            "skipped member flink/lib/flink-dist.jar: binary file (3010 bytes)");
}

}  // namespace
}  // namespace flinkscan
