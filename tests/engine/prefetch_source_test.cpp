// The prefetching decoder thread: the same bytes in the same order whatever
// the read sizes and buffer sizes, the inner error only after the last byte,
// and an early close that stops the thread instead of hanging.

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "engine/input_opener.h"
#include "engine/prefetch_source.h"
#include "tests/engine/string_source.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::StringSource;

std::string Numbered(size_t bytes) {
  std::string data;
  for (size_t i = 0; data.size() < bytes; ++i) data += "line " + std::to_string(i) + "\n";
  data.resize(bytes);
  return data;
}

std::string ReadAll(ByteSource& source, size_t read_size) {
  std::string out;
  std::string buf(read_size, '\0');
  for (;;) {
    const size_t got = source.Read(buf.data(), buf.size());
    if (got == 0) break;
    out.append(buf.data(), got);
  }
  return out;
}

TEST(PrefetchSourceTest, DeliversTheSameBytesForAnyReadAndBufferSize) {
  const std::string data = Numbered(20'003);
  for (const size_t buffer_bytes : {1u, 7u, 4096u, 1u << 20}) {
    for (const size_t read_size : {1u, 333u, 65536u}) {
      for (const size_t inner_read : {5u, 30'000u}) {
        PrefetchOptions options;
        options.buffer_bytes = buffer_bytes;
        auto source = MakePrefetchSource(std::make_unique<StringSource>(data, inner_read), options);
        EXPECT_EQ(ReadAll(*source, read_size), data)
            << "buffer " << buffer_bytes << ", read " << read_size << ", inner " << inner_read;
        EXPECT_EQ(source->position(), data.size());
        EXPECT_EQ(source->error(), "");
      }
    }
  }
}

TEST(PrefetchSourceTest, PassesTheInnerErrorOnAfterTheLastByte) {
  const std::string data = Numbered(10'000);
  for (const size_t buffer_bytes : {1000u, 4096u, 10'000u, 1u << 20}) {
    PrefetchOptions options;
    options.buffer_bytes = buffer_bytes;
    auto source = MakePrefetchSource(
        std::make_unique<StringSource>(data, 777, "compressed byte 42: invalid deflate block"), options);
    std::string buf(3000, '\0');
    std::string out;
    for (;;) {
      const size_t got = source->Read(buf.data(), buf.size());
      if (got == 0) break;
      EXPECT_EQ(source->error(), "") << "error before the last byte, buffer " << buffer_bytes;
      out.append(buf.data(), got);
    }
    EXPECT_EQ(out, data);
    EXPECT_EQ(source->error(), "compressed byte 42: invalid deflate block");
    EXPECT_EQ(source->Read(buf.data(), buf.size()), 0u);
  }
}

TEST(PrefetchSourceTest, EmptyInputEndsAtOnce) {
  auto source = MakePrefetchSource(std::make_unique<StringSource>("", 10, "cannot read x"));
  char c = 0;
  EXPECT_EQ(source->Read(&c, 1), 0u);
  EXPECT_EQ(source->error(), "cannot read x");
}

TEST(PrefetchSourceTest, ClosingBeforeTheEndStopsTheDecoder) {
  // Far more than the buffers hold: the decoder is blocked on a full queue when the reader goes away.
  PrefetchOptions options;
  options.buffer_bytes = 1024;
  options.buffers = 2;
  auto source = MakePrefetchSource(std::make_unique<StringSource>(Numbered(1u << 20), 4096), options);
  char buf[100];
  ASSERT_EQ(source->Read(buf, sizeof buf), sizeof buf);
  EXPECT_EQ(std::string(buf, 5), "line ");
  source.reset();  // must return (a hang fails the test by its timeout)
  auto unread = MakePrefetchSource(std::make_unique<StringSource>(Numbered(1u << 20), 4096), options);
  unread.reset();
}

// Through the input opener: a damaged .gz read with and without the decoder
// thread gives the same stream, the same bytes and the same error.
TEST(PrefetchSourceTest, OpenedGzipReadsTheSameWithAndWithoutTheDecoderThread) {
  testing::TempDir dir;
  const std::string text = Numbered(3'000'000);
  const std::string plain = dir.Write("in.log", text);
  ASSERT_EQ(std::system(("gzip -c '" + plain + "' > '" + dir.path() + "/whole.gz'").c_str()), 0);
  const std::string whole = testing::ReadFile(dir.path() + "/whole.gz");
  const std::string cut = dir.Write("cut.log.gz", whole.substr(0, whole.size() - 1000));
  std::string results[2];
  std::string errors[2];
  for (const bool decode_ahead : {false, true}) {
    InputFile input;
    input.path = cut;
    input.decode_ahead = decode_ahead;
    Result<std::unique_ptr<StreamFramer>> framer = OpenInput(input);
    ASSERT_TRUE(framer.ok()) << framer.message();
    StreamInfo info;
    std::string key;
    ASSERT_TRUE(framer.value()->NextSegment(info, key));
    std::string out;
    std::string buf(1u << 20, '\0');
    for (;;) {
      const size_t got = framer.value()->Read(buf.data(), buf.size());
      if (got == 0) break;
      out.append(buf.data(), got);
    }
    results[decode_ahead] = out;
    errors[decode_ahead] = framer.value()->TakeError();
  }
  EXPECT_GT(results[0].size(), 2'000'000u);
  EXPECT_EQ(results[0], text.substr(0, results[0].size()));
  EXPECT_EQ(results[1], results[0]);
  EXPECT_NE(errors[0], "");
  EXPECT_EQ(errors[1], errors[0]);
}

}  // namespace
}  // namespace flinkscan
