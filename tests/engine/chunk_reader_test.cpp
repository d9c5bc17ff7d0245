#include "engine/chunk_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/record_header.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::TempDir;

const std::string kRecordA =
    "2022-05-27 16:13:00,463 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job A "
    "switched from state CREATED to RUNNING.\n";
const std::string kTrace =
    "2022-05-27 16:13:01,000 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Map (1/1)#0 "
    "(abc) switched from RUNNING to FAILED with failure cause:\n"
    "java.lang.RuntimeException: boom\n"
    "\tat com.example.Map.map(Map.java:10) ~[classes/:?]\n"
    "Caused by: java.io.IOException: inner\n"
    "\t... 12 more\n";

struct ReadBack {
  std::vector<std::string> chunks;
  std::vector<bool> orphan;
  std::string joined;
};

ReadBack ReadAll(const std::vector<std::string>& paths, size_t target, size_t max_record = 256u << 20) {
  std::vector<InputFile> inputs;
  for (const std::string& p : paths) inputs.push_back({p, StreamKind::kUnknown, 0, false});
  ChunkReader reader(inputs, {target, max_record});
  ReadBack out;
  Chunk chunk;
  while (reader.Next(chunk)) {
    out.chunks.emplace_back(chunk.data());
    out.orphan.push_back(chunk.starts_in_orphan_region);
    out.joined += chunk.data();
  }
  return out;
}

// Every chunk after the orphan prefix starts with a record header.
void ExpectCutsAtRecords(const ReadBack& r) {
  for (size_t i = 0; i < r.chunks.size(); ++i) {
    if (r.orphan[i] || r.chunks[i].empty()) continue;
    EXPECT_TRUE(StartsRecord(r.chunks[i].data(), r.chunks[i].data() + r.chunks[i].size()))
        << "chunk " << i << " starts mid-record: " << r.chunks[i].substr(0, 40);
  }
}

TEST(ChunkReader, RecordStraddlesBoundaryIsKeptWhole) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 50; ++i) content += kRecordA + kTrace;
  const std::string path = dir.Write("a.log", content);
  for (size_t target : {16u, 64u, 100u, 333u, 4096u, 1u << 20}) {
    const ReadBack r = ReadAll({path}, target);
    EXPECT_EQ(r.joined, content) << "target " << target;
    ExpectCutsAtRecords(r);
    for (const std::string& c : r.chunks) {
      // A trace is never separated from its header.
      EXPECT_NE(c.rfind("java.lang.RuntimeException", 0), 0u);
    }
  }
}

TEST(ChunkReader, CrlfAndNoTrailingNewline) {
  TempDir dir;
  const std::string content =
      "2022-05-27 16:13:00,463 INFO  a.B [] - one\r\n\tat x.y(Z.java:1)\r\n2022-05-27 16:13:00,464 INFO  a.B [] - two";
  const std::string path = dir.Write("crlf.log", content);
  for (size_t target : {8u, 40u, 1024u}) {
    const ReadBack r = ReadAll({path}, target);
    EXPECT_EQ(r.joined, content);
    ExpectCutsAtRecords(r);
  }
}

TEST(ChunkReader, EmptyFileYieldsOneEmptyChunk) {
  TempDir dir;
  const std::string path = dir.Write("empty.log", "");
  const ReadBack r = ReadAll({path}, 1024);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_TRUE(r.chunks[0].empty());
}

TEST(ChunkReader, LineLongerThanTheBufferExtendsTheChunk) {
  TempDir dir;
  const std::string long_message(100'000, 'x');
  const std::string content = "2022-05-27 16:13:00,463 INFO  a.B [] - " + long_message + "\n" + kRecordA;
  const std::string path = dir.Write("long.log", content);
  const ReadBack r = ReadAll({path}, 256);
  EXPECT_EQ(r.joined, content);
  ASSERT_GE(r.chunks.size(), 1u);
  EXPECT_GT(r.chunks[0].size(), long_message.size());
  ExpectCutsAtRecords(r);
}

TEST(ChunkReader, RecordOverTheCapIsCutAtALine) {
  TempDir dir;
  std::string content = kRecordA;
  for (int i = 0; i < 200; ++i) content += "\tat com.example.Deep.frame" + std::to_string(i) + "(Deep.java:1)\n";
  const std::string path = dir.Write("cap.log", content);
  const ReadBack r = ReadAll({path}, 64, 1024);
  EXPECT_EQ(r.joined, content);
  EXPECT_GT(r.chunks.size(), 1u);
  for (const std::string& c : r.chunks) EXPECT_EQ(c.back(), '\n');
}

TEST(ChunkReader, NulBytesAreData) {
  TempDir dir;
  std::string content = kRecordA;
  content += std::string("\tbinary\0junk\n", 13);
  content += kRecordA;
  const std::string path = dir.Write("nul.log", content);
  const ReadBack r = ReadAll({path}, 32);
  EXPECT_EQ(r.joined, content);
  ExpectCutsAtRecords(r);
}

TEST(ChunkReader, ContinuationLinesFirstAreAnOrphanRegion) {
  TempDir dir;
  const std::string content = "\tat cut.off.Frame(F.java:1)\nCaused by: x.Y: z\n" + kRecordA + kTrace;
  const std::string path = dir.Write("cut.log", content);
  for (size_t target : {10u, 30u, 4096u}) {
    const ReadBack r = ReadAll({path}, target);
    EXPECT_EQ(r.joined, content);
    EXPECT_TRUE(r.orphan[0]);
    ExpectCutsAtRecords(r);
  }
}

TEST(ChunkReader, ChunksNeverSpanFiles) {
  TempDir dir;
  const std::string a = dir.Write("a.log", kRecordA + kRecordA);
  const std::string b = dir.Write("b.log", kTrace);
  const ReadBack r = ReadAll({a, b}, 1 << 20);
  ASSERT_EQ(r.chunks.size(), 2u);
  EXPECT_EQ(r.chunks[0], kRecordA + kRecordA);
  EXPECT_EQ(r.chunks[1], kTrace);
}

TEST(ChunkReader, UnopenableInputIsAStreamWithAnError) {
  TempDir dir;
  const std::string b = dir.Write("b.log", kRecordA);
  std::vector<InputFile> inputs{{dir.path() + "/missing.log", StreamKind::kUnknown, 0, false},
                                {b, StreamKind::kUnknown, 0, false}};
  ChunkReader reader(inputs, {});
  Chunk chunk;
  ASSERT_TRUE(reader.Next(chunk));
  EXPECT_EQ(chunk.stream, 0u);
  EXPECT_TRUE(chunk.open_failed);
  EXPECT_TRUE(chunk.first_in_stream);
  EXPECT_EQ(chunk.size, 0u);
  EXPECT_NE(chunk.read_error.find("cannot open"), std::string::npos);
  ASSERT_TRUE(reader.Next(chunk));
  EXPECT_EQ(chunk.stream, 1u);
  EXPECT_FALSE(chunk.open_failed);
  EXPECT_EQ(chunk.stream_info.path, b);
  EXPECT_EQ(chunk.data(), kRecordA);
  EXPECT_TRUE(chunk.last_in_segment);
  EXPECT_FALSE(reader.Next(chunk));
}

TEST(ChunkReader, StreamsAreNumberedInOrderAndOffsetsAdvance) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 20; ++i) content += kRecordA;
  const std::string a = dir.Write("a.log", content);
  const std::string b = dir.Write("b.log", kTrace);
  std::vector<InputFile> inputs{{a, StreamKind::kJobManager, 0, false}, {b, StreamKind::kTaskManager, 0, false}};
  ChunkReader reader(inputs, {256, 1 << 20});
  Chunk chunk;
  uint64_t expected_offset = 0;
  bool first = true;
  while (reader.Next(chunk) && chunk.stream == 0) {
    EXPECT_EQ(chunk.first_in_stream, first);
    if (first) {
      EXPECT_EQ(chunk.stream_info.kind, StreamKind::kJobManager);
    }
    EXPECT_EQ(chunk.stream_offset, expected_offset);
    expected_offset += chunk.size;
    first = false;
  }
  EXPECT_EQ(expected_offset, content.size());
  EXPECT_EQ(chunk.stream, 1u);
  EXPECT_TRUE(chunk.first_in_stream);
  EXPECT_EQ(chunk.stream_info.kind, StreamKind::kTaskManager);
}

TEST(ChunkReader, FindCutNeedsMoreDataInsideOneRecord) {
  const std::string data = kTrace;
  EXPECT_EQ(ChunkReader::FindCut(data.data(), data.size(), false, true, 1 << 20), 0u);
  EXPECT_EQ(ChunkReader::FindCut(data.data(), data.size(), true, true, 1 << 20), data.size());
  const std::string two = kTrace + kRecordA.substr(0, 30);
  EXPECT_EQ(ChunkReader::FindCut(two.data(), two.size(), false, true, 1 << 20), kTrace.size());
}

}  // namespace
}  // namespace flinkscan
