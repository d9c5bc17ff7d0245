#include "engine/line_end_finder.h"

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/mman.h>

namespace flinkscan {
namespace {

std::vector<NewlineKernel> SupportedKernels() {
  std::vector<NewlineKernel> kernels;
  for (NewlineKernel kernel : {NewlineKernel::kPortable, NewlineKernel::kSse2, NewlineKernel::kAvx2}) {
    if (NewlineKernelSupported(kernel)) kernels.push_back(kernel);
  }
  return kernels;
}

// Offsets of every '\n', and the buffer's size when its last line has none.
std::vector<size_t> ExpectedEnds(const char* begin, size_t size) {
  std::vector<size_t> offsets;
  for (size_t i = 0; i < size; ++i) {
    if (begin[i] == '\n') offsets.push_back(i);
  }
  if (size > 0 && begin[size - 1] != '\n') offsets.push_back(size);
  return offsets;
}

std::vector<size_t> FoundEnds(const char* begin, size_t size, NewlineKernel kernel) {
  LineEndFinder finder(begin, begin + size, kernel);
  std::vector<size_t> offsets;
  for (std::span<const char* const> batch = finder.Next(); !batch.empty(); batch = finder.Next()) {
    EXPECT_LE(batch.size(), LineEndFinder::kMaxEnds);
    for (const char* end : batch) offsets.push_back(static_cast<size_t>(end - begin));
  }
  EXPECT_TRUE(finder.Next().empty()) << "more ends after the last";
  return offsets;
}

void ExpectFindsEveryNewline(const std::string& text, const std::string& what) {
  for (NewlineKernel kernel : SupportedKernels()) {
    EXPECT_EQ(FoundEnds(text.data(), text.size(), kernel), ExpectedEnds(text.data(), text.size()))
        << what << ", kernel " << static_cast<int>(kernel) << ", size " << text.size();
  }
}

// splitmix64: reproducible buffers without <random>'s implementation-defined distributions.
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

TEST(LineEndFinder, PortableAndSse2AreAlwaysAvailable) {
  EXPECT_TRUE(NewlineKernelSupported(NewlineKernel::kPortable));
#if defined(__x86_64__)
  EXPECT_TRUE(NewlineKernelSupported(NewlineKernel::kSse2));
  EXPECT_NE(BestNewlineKernel(), NewlineKernel::kPortable);
#endif
  EXPECT_TRUE(NewlineKernelSupported(BestNewlineKernel()));
  EXPECT_EQ(BestNewlineKernel(), BestNewlineKernel());
}

TEST(LineEndFinder, EmptyBufferHasNoLines) {
  for (NewlineKernel kernel : SupportedKernels()) {
    const char byte = '\n';
    LineEndFinder finder(&byte, &byte, kernel);
    EXPECT_TRUE(finder.Next().empty());
    EXPECT_TRUE(finder.Next().empty());
  }
}

TEST(LineEndFinder, OneByteBuffers) {
  ExpectFindsEveryNewline("\n", "a newline");
  ExpectFindsEveryNewline("x", "a letter");
  ExpectFindsEveryNewline(std::string(1, '\0'), "a NUL");
}

TEST(LineEndFinder, NoFinalNewline) {
  ExpectFindsEveryNewline("first\nsecond", "short");
  ExpectFindsEveryNewline(std::string(100, 'a') + "\n" + std::string(100, 'b'), "past a block");
  ExpectFindsEveryNewline(std::string(9000, 'x'), "no newline at all over two batches");
}

TEST(LineEndFinder, CarriageReturnsAndNulsAreOrdinaryBytes) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += std::string("line\r\n\r\r\n") + std::string(3, '\0') + "\n\n";
  ExpectFindsEveryNewline(text, "CRLF, lone CR, NUL, empty lines");
}

TEST(LineEndFinder, NewlinesAtBlockAndBatchEdges) {
  const size_t kBatch = 4096;  // some whole blocks
  for (size_t size : {size_t{63}, size_t{64}, size_t{65}, size_t{127}, size_t{128}, size_t{129}, kBatch - 1,
                      kBatch, kBatch + 1, 2 * kBatch + 63}) {
    for (size_t at : {size_t{0}, size_t{1}, size_t{62}, size_t{63}, size_t{64}, size_t{65}, size_t{127},
                      size_t{128}, kBatch - 1, kBatch, kBatch + 1, size - 1}) {
      if (at >= size) continue;
      std::string text(size, 'a');
      text[at] = '\n';
      ExpectFindsEveryNewline(text, "one newline at " + std::to_string(at));
      text[size - 1] = '\n';
      ExpectFindsEveryNewline(text, "and a final one, at " + std::to_string(at));
    }
  }
}

TEST(LineEndFinder, EveryByteANewline) {
  for (size_t size : {size_t{1}, size_t{64}, size_t{65}, size_t{5000}}) {
    ExpectFindsEveryNewline(std::string(size, '\n'), "all newlines");
  }
}

TEST(LineEndFinder, VeryLongLines) {
  std::string text(3 << 20, 'z');  // longer than a chunk, many batches without a newline
  text[1 << 20] = '\n';
  text.back() = '\n';
  ExpectFindsEveryNewline(text, "two newlines in 3 MiB");
}

TEST(LineEndFinder, RandomBuffersAtEveryStartAlignment) {
  uint64_t state = 42;
  for (int round = 0; round < 200; ++round) {
    const size_t size = NextRandom(state) % 9000;
    const uint64_t density = 1 + NextRandom(state) % 300;  // about one newline in `density` bytes
    std::string text(size + 64, ' ');
    for (char& c : text) {
      const uint64_t r = NextRandom(state);
      c = r % density == 0 ? '\n' : static_cast<char>(r >> 8);  // any byte, NUL and 0x80+ included
    }
    const size_t shift = static_cast<size_t>(round % 64);
    const std::string slice = text.substr(shift, size);
    ExpectFindsEveryNewline(slice, "random round " + std::to_string(round));
  }
}

TEST(LineEndFinder, ManyShortLinesComeInSeveralBatches) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += i % 7 == 0 ? "\n" : "ab\n";
  ExpectFindsEveryNewline(text, "3000 short lines");
  for (NewlineKernel kernel : SupportedKernels()) {
    LineEndFinder finder(text.data(), text.data() + text.size(), kernel);
    size_t batches = 0;
    while (!finder.Next().empty()) ++batches;
    EXPECT_GE(batches, 3000 / LineEndFinder::kMaxEnds);
  }
}

TEST(LineEndFinder, ReadsNothingOutsideTheBuffer) {
  // One readable page between two unreadable ones: a read before or past the buffer faults.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* mapped = mmap(nullptr, 3 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  char* readable = static_cast<char*>(mapped) + page;
  ASSERT_EQ(mprotect(readable, page, PROT_READ | PROT_WRITE), 0);
  for (size_t size : {size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{200}, page}) {
    for (char* begin : {readable, readable + page - size}) {
      std::memset(readable, 'k', page);
      begin[size / 2] = '\n';
      for (NewlineKernel kernel : SupportedKernels()) {
        EXPECT_EQ(FoundEnds(begin, size, kernel), ExpectedEnds(begin, size)) << size;
      }
    }
  }
  munmap(mapped, 3 * page);
}

}  // namespace
}  // namespace flinkscan
