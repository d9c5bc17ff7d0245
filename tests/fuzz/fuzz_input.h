#pragma once
// Reading a fuzz input: a few leading bytes choose knobs (chunk sizes, an
// event kind, read slices), the rest is the data under test. Also the one
// way a target reports a broken invariant: FUZZ_CHECK aborts, which both
// libFuzzer and the replay test treat as a finding.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace flinkscan::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte, or 0 once the input is used up.
  uint8_t TakeByte() {
    if (rest_.empty()) return 0;
    const uint8_t b = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // A value in [lo, hi] from the next two bytes.
  size_t TakeInRange(size_t lo, size_t hi) {
    const size_t raw = static_cast<size_t>(TakeByte()) << 8 | TakeByte();
    return lo + raw % (hi - lo + 1);
  }
  // Everything not taken yet.
  std::string_view Rest() const { return rest_; }

 private:
  std::string_view rest_;
};

[[noreturn]] inline void FailCheck(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, condition);
  std::abort();
}

}  // namespace flinkscan::fuzz

#define FUZZ_CHECK(condition) \
  ((condition) ? (void)0 : ::flinkscan::fuzz::FailCheck(#condition, __FILE__, __LINE__))
