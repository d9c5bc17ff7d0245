#pragma once
// Finds where the lines of a buffer end, in bulk, for the scanner's per-line
// pass. Flink log lines are ~200 bytes, so one memchr per line is mostly call
// and setup overhead; instead a SIMD kernel compares 4 KiB at a time with '\n'
// into one 64-bit mask per 64-byte block, and their set bits become an array
// of line ends, a few hundred per call, which the caller walks with a plain
// loop. The kernel is chosen once per process from what the CPU supports.

#include <cstddef>
#include <cstdint>
#include <span>

namespace flinkscan {

enum class NewlineKernel {
  kPortable,  // byte loop: any target, and the reference the SIMD kernels are tested against
  kSse2,      // x86-64 baseline
  kAvx2,
};

// Whether this build and CPU can run `kernel`.
bool NewlineKernelSupported(NewlineKernel kernel);
// The fastest supported kernel; decided on the first call, the same afterwards.
NewlineKernel BestNewlineKernel();

// Not thread-safe; one per buffer and thread. No allocation.
class LineEndFinder {
 public:
  // [begin, end) must stay readable while the finder is used; no byte outside
  // it is read. An unsupported `kernel` runs as kPortable.
  explicit LineEndFinder(const char* begin, const char* end, NewlineKernel kernel = BestNewlineKernel());

  LineEndFinder(const LineEndFinder&) = delete;
  LineEndFinder& operator=(const LineEndFinder&) = delete;

  // The ends of the next lines, in order, continuing after the previous call:
  // each points at its line's '\n', except that a last line without one ends
  // at `end`. Empty once every line was returned (and for an empty buffer).
  // The span is valid until the next call.
  std::span<const char* const> Next();

  static constexpr size_t kBlockBytes = 64;
  // Line ends one call returns at most; a call stops early (never with nothing
  // left to find) once fewer than a block's worth of room is left.
  static constexpr size_t kMaxEnds = 256;

 private:
  // Blocks masked per kernel call: 4 KiB of input, 512 bytes of masks.
  static constexpr size_t kMaskBlocks = 64;
  // masks[i] bit b is set when p[i * 64 + b] == '\n', for `blocks` whole
  // blocks; returns a word with bit i set when masks[i] != 0.
  using MaskKernel = uint64_t (*)(const char* p, size_t blocks, uint64_t* masks);

  MaskKernel kernel_;
  const char* begin_;
  const char* next_;       // first byte not masked yet
  const char* whole_end_;  // end of the last whole 64-byte block
  const char* end_;
  const char* masked_ = nullptr;  // the block masks_[0] stands for
  uint64_t pending_ = 0;          // bit i: masks_[i] holds line ends not returned yet
  bool finished_ = false;         // the tail after the whole blocks was searched
  uint64_t masks_[kMaskBlocks];
  const char* ends_[kMaxEnds];
};

}  // namespace flinkscan
