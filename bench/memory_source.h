#pragma once
// A ByteSource over bytes already in memory, handed out as a page-cache
// read() would: so a benchmark measures the decoder or framer on top of it,
// not disk I/O.

#include <algorithm>
#include <cstring>
#include <string_view>

#include "engine/byte_source.h"

namespace flinkscan::bench {

// Does not own `data`, which must outlive the source.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  size_t Read(char* buf, size_t n) override {
    const size_t got = std::min(n, data_.size() - static_cast<size_t>(position_));
    std::memcpy(buf, data_.data() + position_, got);
    position_ += got;
    return got;
  }

 private:
  std::string_view data_;
};

}  // namespace flinkscan::bench
