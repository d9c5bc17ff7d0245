#include "engine/chunk_reader.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/mapped_file.h"
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


// --- plain files through memory maps (engine/mapped_file.h) against the read() path ---

struct ChunkShape {
  uint32_t stream = 0;
  uint64_t offset = 0;
  std::string data;
  bool first = false;
  bool last = false;
  bool orphan = false;
  bool split = false;
  bool mapped = false;  // the chunk was a view into a mapping
  std::string error;
};

std::vector<ChunkShape> Chunks(const std::vector<std::string>& paths, size_t target, bool map_files,
                               size_t window = 32u << 20, size_t max_record = 256u << 20) {
  std::vector<InputFile> inputs;
  for (const std::string& p : paths) inputs.push_back({p, StreamKind::kUnknown, 0, false});
  ChunkReaderOptions options;
  options.target_chunk_bytes = target;
  options.max_record_bytes = max_record;
  options.map_files = map_files;
  options.map_window_bytes = window;
  ChunkReader reader(inputs, options);
  std::vector<ChunkShape> out;
  Chunk chunk;
  while (reader.Next(chunk)) {
    out.push_back({chunk.stream, chunk.stream_offset, std::string(chunk.data()), chunk.first_in_stream,
                   chunk.last_in_segment, chunk.starts_in_orphan_region, chunk.split_inside_record,
                   chunk.view != nullptr, chunk.read_error});
  }
  return out;
}

// The same chunks, cut at the same places, with the same flags; the mapped run really mapped.
void ExpectSameChunking(const std::vector<std::string>& paths, size_t target, size_t window,
                        size_t max_record = 256u << 20) {
  if (ChunkReader::MapsDisabledByEnvironment()) GTEST_SKIP() << "FLINKSCAN_READ_FILES=copy";
  const std::vector<ChunkShape> copied = Chunks(paths, target, false, window, max_record);
  const std::vector<ChunkShape> mapped = Chunks(paths, target, true, window, max_record);
  ASSERT_EQ(copied.size(), mapped.size()) << "target " << target << " window " << window;
  bool any_view = false;
  for (size_t i = 0; i < copied.size(); ++i) {
    SCOPED_TRACE("chunk " + std::to_string(i) + " target " + std::to_string(target) + " window " +
                 std::to_string(window));
    EXPECT_FALSE(copied[i].mapped);
    any_view |= mapped[i].mapped;
    EXPECT_EQ(copied[i].stream, mapped[i].stream);
    EXPECT_EQ(copied[i].offset, mapped[i].offset);
    EXPECT_EQ(copied[i].data, mapped[i].data);
    EXPECT_EQ(copied[i].first, mapped[i].first);
    EXPECT_EQ(copied[i].last, mapped[i].last);
    EXPECT_EQ(copied[i].orphan, mapped[i].orphan);
    EXPECT_EQ(copied[i].split, mapped[i].split);
    EXPECT_EQ(copied[i].error, mapped[i].error);
  }
  bool any_bytes = false;
  for (const ChunkShape& c : copied) any_bytes |= !c.data.empty();
  EXPECT_EQ(any_view, any_bytes) << "the map path must map plain files";
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ChunkReaderMapped, SameChunksAsReadOnFixturesAndSamples) {
  std::vector<std::string> paths = FilesIn(std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real");
  for (const std::string& p : FilesIn(std::string(FLINKSCAN_SAMPLES_DIR) + "/standalone")) paths.push_back(p);
  ASSERT_GT(paths.size(), 10u);
  for (const size_t target :
       {size_t{1}, size_t{7}, size_t{100}, size_t{4096}, size_t{65536}, size_t{2} << 20}) {
    for (const size_t window : {size_t{4096}, size_t{32} << 20}) ExpectSameChunking(paths, target, window);
  }
}

TEST(ChunkReaderMapped, SameChunksWithRecordsLongerThanChunkAndWindow) {
  TempDir dir;
  std::string content = "orphan line one\n  indented orphan\norphan without end";
  content += "\n";
  for (int i = 0; i < 40; ++i) {
    content += kRecordA + kTrace;
    if (i % 7 == 3) {
      content += kRecordA.substr(0, kRecordA.size() - 1);
      for (int j = 0; j < 300; ++j) content += " continuation " + std::to_string(j) + "\n\tat x.y(Z.java:1)";
      content += "\n";
    }
  }
  const std::string path = dir.Write("jobmanager.log", content);
  for (const size_t target : {size_t{1}, size_t{64}, size_t{1000}, size_t{5000}, size_t{70000}}) {
    for (const size_t window : {size_t{4096}, size_t{8192}, size_t{1} << 20}) {
      ExpectSameChunking({path}, target, window);
      ExpectSameChunking({path}, target, window, 3000);  // records cut at the cap
    }
  }
}

TEST(ChunkReaderMapped, EdgeSizesGiveTheSameChunks) {
  TempDir dir;
  const long page = ::sysconf(_SC_PAGESIZE);
  std::vector<std::string> paths;
  paths.push_back(dir.Write("empty.log", ""));
  // Exactly a page, and exactly 4 chunks of 1 KiB: the read path sees the end only on an empty read.
  std::string exact;
  while (exact.size() < static_cast<size_t>(page)) exact += kRecordA;
  exact.resize(static_cast<size_t>(page) - 1);
  exact += "\n";
  paths.push_back(dir.Write("page.log", exact));
  std::string no_newline = kRecordA + kTrace + kRecordA;
  no_newline.pop_back();
  paths.push_back(dir.Write("no-final-newline.log", no_newline));
  paths.push_back(dir.Write("one-byte.log", "x"));
  const size_t page_bytes = static_cast<size_t>(page);
  for (const size_t target : {size_t{1}, size_t{1024}, page_bytes, page_bytes * 2}) {
    ExpectSameChunking(paths, target, static_cast<size_t>(page));
  }
  const std::vector<ChunkShape> chunks = Chunks({paths[0]}, 1024, true);
  ASSERT_EQ(chunks.size(), 1u);  // an empty file is still a stream
  EXPECT_TRUE(chunks[0].data.empty());
  EXPECT_TRUE(chunks[0].last);
}

TEST(ChunkReaderMapped, MixedInputsMapOnlyPlainFiles) {
  // A prefixed log changes its bytes and stdin is no file: read() for both; the plain file beside them maps.
  TempDir dir;
  std::string prefixed;
  for (int i = 0; i < 20; ++i) prefixed += "jobmanager-1  | " + kRecordA;
  const std::string plain = dir.Write("jobmanager.log", kRecordA + kTrace);
  const std::string filtered = dir.Write("compose.log", prefixed);
  const std::vector<ChunkShape> chunks = Chunks({filtered, plain}, 4096, true);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_FALSE(chunks[0].mapped);
  EXPECT_TRUE(chunks[1].mapped);
  EXPECT_EQ(chunks[1].data, kRecordA + kTrace);
}

TEST(ChunkReaderMapped, WindowsAreReleasedAndStayBounded) {
  if (ChunkReader::MapsDisabledByEnvironment()) GTEST_SKIP() << "FLINKSCAN_READ_FILES=copy";
  TempDir dir;
  std::string content;
  while (content.size() < (8u << 20)) content += kRecordA + kTrace;
  const std::string path = dir.Write("taskmanager.log", content);
  const uint64_t before = MappedFile::BytesMappedNow();
  constexpr size_t kWindow = 256u << 10;
  constexpr size_t kInFlight = 6;  // chunks held at once, as pipeline tokens are
  uint64_t peak = 0;
  std::string joined;
  {
    ChunkReaderOptions options;
    options.target_chunk_bytes = 16u << 10;
    options.map_window_bytes = kWindow;
    const std::vector<InputFile> inputs{{path, StreamKind::kTaskManager, 0, false}};
    ChunkReader reader(inputs, options);
    std::deque<Chunk> ring(kInFlight);
    size_t next = 0;
    for (;;) {
      Chunk& chunk = ring[next++ % kInFlight];
      chunk.ReleaseView();  // recycled, as the pipeline's last stage does
      if (!reader.Next(chunk)) break;
      joined += chunk.data();
      peak = std::max(peak, MappedFile::BytesMappedNow() - before);
    }
  }
  EXPECT_EQ(joined, content);
  EXPECT_GT(peak, 0u);
  // The windows the chunks in flight hold, plus the reader's own: never the file.
  EXPECT_LE(peak, (kInFlight + 1) * (kWindow + (16u << 10) + 4096));
  EXPECT_LT(peak, content.size() / 4);
  EXPECT_EQ(MappedFile::BytesMappedNow(), before) << "every window unmapped at the end";
}

TEST(ChunkReaderMapped, EnvironmentForcesRead) {
  TempDir dir;
  const std::string path = dir.Write("jobmanager.log", kRecordA);
  ::setenv("FLINKSCAN_READ_FILES", "copy", 1);
  const std::vector<ChunkShape> chunks = Chunks({path}, 4096, true);
  ::unsetenv("FLINKSCAN_READ_FILES");
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_FALSE(chunks[0].mapped);
  EXPECT_EQ(chunks[0].data, kRecordA);
}

TEST(ChunkReaderMapped, FileShrunkBetweenChunksEndsTheStreamWithAnError) {
  if (ChunkReader::MapsDisabledByEnvironment()) GTEST_SKIP() << "FLINKSCAN_READ_FILES=copy";
  TempDir dir;
  std::string content;
  while (content.size() < (1u << 20)) content += kRecordA + kTrace;
  const std::string path = dir.Write("jobmanager.log", content);
  ChunkReaderOptions options;
  options.target_chunk_bytes = 4096;
  options.map_window_bytes = 64u << 10;
  const std::vector<InputFile> inputs{{path, StreamKind::kJobManager, 0, false}};
  ChunkReader reader(inputs, options);
  Chunk chunk;
  ASSERT_TRUE(reader.Next(chunk));
  const uint64_t first_end = chunk.stream_offset + chunk.size;
  chunk.ReleaseView();
  constexpr uint64_t kShrunk = 100000;  // past the first window, so the reader maps again and sees it
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kShrunk)), 0);
  uint64_t bytes = first_end;
  std::string errors;
  while (reader.Next(chunk)) {
    // A chunk mapped before the shrink may reach past it: the pipeline's last stage cuts it.
    ChunkReader::StopAtShrink(chunk);
    bytes += chunk.size;
    errors += chunk.read_error;
    for (char c : chunk.data()) ASSERT_NE(c, '\0') << "a lost page was read as content";
    chunk.ReleaseView();
  }
  EXPECT_EQ(bytes, kShrunk);
  EXPECT_NE(errors.find("byte 100000: file shrank to 100000 bytes while being read"), std::string::npos)
      << errors;
}

}  // namespace
}  // namespace flinkscan
