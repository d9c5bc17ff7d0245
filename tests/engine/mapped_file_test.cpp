#include "engine/mapped_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::TempDir;

std::unique_ptr<MappedFile> Open(const std::string& path) {
  return MappedFile::Adopt(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
}

std::string Pattern(size_t size) {
  std::string s(size, ' ');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

TEST(MappedFile, OnlyNonEmptyRegularFilesAreMapped) {
  TempDir dir;
  EXPECT_EQ(Open(dir.Write("empty.log", "")), nullptr);
  EXPECT_EQ(Open(dir.path()), nullptr);  // a directory
  EXPECT_EQ(MappedFile::Adopt(-1), nullptr);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  EXPECT_EQ(MappedFile::Adopt(pipe_fds[0]), nullptr);  // closed by Adopt
  ::close(pipe_fds[1]);
  const std::unique_ptr<MappedFile> file = Open(dir.Write("a.log", "abc\n"));
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->size(), 4u);
}

TEST(MappedFile, WindowsHoldTheFileBytesAndAreUnmappedWhenReleased) {
  TempDir dir;
  const std::string content = Pattern(300000);
  const std::string path = dir.Write("a.log", content);
  const uint64_t before = MappedFile::BytesMappedNow();
  std::unique_ptr<MappedFile> file = Open(path);
  ASSERT_NE(file, nullptr);
  Result<std::shared_ptr<MappedWindow>> window = file->Map(70001, 70010, 65536);
  ASSERT_TRUE(window.ok()) << window.message();
  const MappedWindow& w = *window.value();
  EXPECT_EQ(w.begin() % 4096, 0u);  // page-aligned below the offset asked for
  EXPECT_LE(w.begin(), 70001u);
  EXPECT_GE(w.end(), w.begin() + 65536);
  EXPECT_EQ(std::string(w.At(70001), 9), content.substr(70001, 9));
  EXPECT_EQ(std::string(w.At(w.begin()), w.end() - w.begin()),
            content.substr(w.begin(), w.end() - w.begin()));
  EXPECT_GT(MappedFile::BytesMappedNow(), before);
  EXPECT_EQ(w.LostFrom(), UINT64_MAX);
  EXPECT_EQ(w.ContentEnd(80000), 80000u);
  // Never past the end of the file, whatever the window size.
  Result<std::shared_ptr<MappedWindow>> tail = file->Map(290000, 400000, 1u << 20);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail.value()->end(), content.size());
  Result<std::shared_ptr<MappedWindow>> past = file->Map(300000, 300100, 4096);
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(past.value(), nullptr);  // nothing left to map
  window.value().reset();
  tail.value().reset();
  file.reset();
  EXPECT_EQ(MappedFile::BytesMappedNow(), before);
}

TEST(MappedFile, TruncatedUnderTheMappingReadsZerosAndSaysWhereContentEnds) {
  // Without the SIGBUS guard this test dies: the pages past the new end are gone.
  TempDir dir;
  const std::string content = Pattern(1u << 20);
  const std::string path = dir.Write("a.log", content);
  std::unique_ptr<MappedFile> file = Open(path);
  ASSERT_NE(file, nullptr);
  Result<std::shared_ptr<MappedWindow>> window = file->Map(0, content.size(), 4096);
  ASSERT_TRUE(window.ok());
  const MappedWindow& w = *window.value();
  ASSERT_EQ(::truncate(path.c_str(), 10000), 0);
  const volatile char* far = w.At(600000);
  EXPECT_EQ(*far, '\0');  // healed: zeros instead of SIGBUS
  EXPECT_EQ(w.LostFrom(), 600000u - 600000u % 4096);
  EXPECT_EQ(*w.At(5000), content[5000]);  // before the new end, still the file
  EXPECT_EQ(w.ContentEnd(content.size()), 10000u);
  EXPECT_EQ(w.ContentEnd(9000), 9000u);
  // Later pages of the same window were replaced too: reading them is quiet.
  EXPECT_EQ(*static_cast<const volatile char*>(w.At(content.size() - 1)), '\0');
  // The stop is shared by every window of the file.
  file->handle()->StopAt(8000);
  EXPECT_EQ(w.ContentEnd(9000), 8000u);
  EXPECT_TRUE(file->handle()->ClaimShrinkReport());
  EXPECT_FALSE(file->handle()->ClaimShrinkReport());
}

TEST(MappedFile, TruncatedInsideTheLastPageIsFoundBySizeAlone) {
  // The tail of the page holding the new end reads as zeros with no SIGBUS at all.
  TempDir dir;
  const std::string content = Pattern(8192);
  const std::string path = dir.Write("a.log", content);
  std::unique_ptr<MappedFile> file = Open(path);
  ASSERT_NE(file, nullptr);
  Result<std::shared_ptr<MappedWindow>> window = file->Map(0, content.size(), 4096);
  ASSERT_TRUE(window.ok());
  ASSERT_EQ(::truncate(path.c_str(), 100), 0);
  EXPECT_EQ(*static_cast<const volatile char*>(window.value()->At(200)), '\0');
  EXPECT_EQ(window.value()->LostFrom(), UINT64_MAX);
  EXPECT_EQ(window.value()->ContentEnd(4096), 100u);
}

}  // namespace
}  // namespace flinkscan
