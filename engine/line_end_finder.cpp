#include "engine/line_end_finder.h"

#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace flinkscan {
namespace {

constexpr size_t kBlockBytes = LineEndFinder::kBlockBytes;
constexpr size_t kMaxEnds = LineEndFinder::kMaxEnds;

// Appends the positions of the set bits of `mask` (the block at `base`) to
// ends[count...]. Blocks come here only when they hold a '\n'. The second
// write is unconditional and dropped by the count when there is no second
// bit, so the common blocks (one or two line ends) take no branch that
// depends on the data; the top bit forced into its ctz operand only keeps
// the operand nonzero.
// REQUIRES: mask != 0; room for 64 entries at ends[count].
[[gnu::always_inline]] inline size_t AppendEnds(uint64_t mask, const char* base, const char** ends,
                                                size_t count) {
  constexpr uint64_t kTopBit = uint64_t{1} << 63;
  ends[count] = base + __builtin_ctzll(mask);
  mask &= mask - 1;
  ends[count + 1] = base + __builtin_ctzll(mask | kTopBit);
  count += 1 + (mask != 0);
  mask &= mask - 1;
  for (; mask != 0; mask &= mask - 1) ends[count++] = base + __builtin_ctzll(mask);
  return count;
}

// The kernels: masks[i] bit b is set when p[i * 64 + b] == '\n'; the result
// has bit i set when masks[i] != 0, so blocks without a line end cost nothing
// more. REQUIRES: blocks <= 64.

uint64_t PortableMasks(const char* p, size_t blocks, uint64_t* masks) {
  uint64_t nonzero = 0;
  for (size_t i = 0; i < blocks; ++i, p += kBlockBytes) {
    uint64_t mask = 0;
    for (unsigned b = 0; b < kBlockBytes; ++b) mask |= static_cast<uint64_t>(p[b] == '\n') << b;
    masks[i] = mask;
    nonzero |= static_cast<uint64_t>(mask != 0) << i;
  }
  return nonzero;
}

#if defined(__x86_64__)

uint64_t Sse2Masks(const char* p, size_t blocks, uint64_t* masks) {
  const __m128i newline = _mm_set1_epi8('\n');
  uint64_t nonzero = 0;
  for (size_t i = 0; i < blocks; ++i, p += kBlockBytes) {
    uint64_t mask = 0;
    for (unsigned part = 0; part < 4; ++part) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + part * 16));
      const uint32_t bits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)));
      mask |= static_cast<uint64_t>(bits) << (part * 16);
    }
    masks[i] = mask;
    nonzero |= static_cast<uint64_t>(mask != 0) << i;
  }
  return nonzero;
}

__attribute__((target("avx2"))) uint64_t Avx2Masks(const char* p, size_t blocks, uint64_t* masks) {
  const __m256i newline = _mm256_set1_epi8('\n');
  uint64_t nonzero = 0;
  for (size_t i = 0; i < blocks; ++i, p += kBlockBytes) {
    const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    const uint32_t low_bits = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, newline)));
    const uint32_t high_bits = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, newline)));
    const uint64_t mask = static_cast<uint64_t>(high_bits) << 32 | low_bits;
    masks[i] = mask;
    nonzero |= static_cast<uint64_t>(mask != 0) << i;
  }
  return nonzero;
}

#endif

#if defined(__x86_64__)
bool CpuHasAvx2() {
  // libgcc's check includes the OS saving the AVX registers (XCR0).
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}
#endif

}  // namespace

bool NewlineKernelSupported(NewlineKernel kernel) {
  switch (kernel) {
    case NewlineKernel::kPortable:
      return true;
#if defined(__x86_64__)
    case NewlineKernel::kSse2:
      return true;
    case NewlineKernel::kAvx2:
      return CpuHasAvx2();
#else
    case NewlineKernel::kSse2:
    case NewlineKernel::kAvx2:
      return false;
#endif
  }
  return false;
}

NewlineKernel BestNewlineKernel() {
#if defined(__x86_64__)
  return CpuHasAvx2() ? NewlineKernel::kAvx2 : NewlineKernel::kSse2;
#else
  return NewlineKernel::kPortable;
#endif
}

LineEndFinder::LineEndFinder(const char* begin, const char* end, NewlineKernel kernel)
    : kernel_(PortableMasks),
      begin_(begin),
      next_(begin),
      whole_end_(begin + (end > begin ? static_cast<size_t>(end - begin) / kBlockBytes * kBlockBytes : 0)),
      end_(end > begin ? end : begin) {
#if defined(__x86_64__)
  if (kernel == NewlineKernel::kSse2) kernel_ = Sse2Masks;
  if (kernel == NewlineKernel::kAvx2 && NewlineKernelSupported(kernel)) kernel_ = Avx2Masks;
#else
  (void)kernel;
#endif
}

std::span<const char* const> LineEndFinder::Next() {
  size_t count = 0;
  uint64_t pending = pending_;
  while (count <= kMaxEnds - kBlockBytes) {
    if (pending == 0) {
      if (next_ == whole_end_) break;
      // Masks first, for many blocks at once: a loop without data-dependent
      // branches keeps many loads in flight. That matters: by now Hyperscan
      // has read the whole chunk, and this pass mostly waits for L3.
      const size_t whole_blocks = static_cast<size_t>(whole_end_ - next_) / kBlockBytes;
      const size_t blocks = whole_blocks < kMaskBlocks ? whole_blocks : kMaskBlocks;
      pending = kernel_(next_, blocks, masks_);
      masked_ = next_;
      next_ += blocks * kBlockBytes;
      continue;
    }
    const unsigned block = static_cast<unsigned>(__builtin_ctzll(pending));
    pending &= pending - 1;
    count = AppendEnds(masks_[block], masked_ + block * kBlockBytes, ends_, count);
  }
  pending_ = pending;
  if (pending == 0 && next_ == whole_end_ && !finished_ && count <= kMaxEnds - kBlockBytes) {
    // The last partial block (the kernels read whole blocks only), then the
    // end of a last line that has no '\n'.
    for (const char* p = whole_end_; p < end_; ++p) {
      if (*p == '\n') ends_[count++] = p;
    }
    if (end_ > begin_ && end_[-1] != '\n') ends_[count++] = end_;
    finished_ = true;
  }
  return {ends_, count};
}

}  // namespace flinkscan
