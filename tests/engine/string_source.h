#pragma once
// A ByteSource over a string for the engine tests: reads of at most `max_read`
// bytes (like a decoder that stops at a frame end, or a pipe), then, when
// `fail_with` is set, that error at the end of the bytes (as a read error would).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "engine/byte_source.h"

namespace flinkscan::testing {

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, size_t max_read = SIZE_MAX, std::string fail_with = "")
      : data_(std::move(data)), max_read_(max_read), fail_with_(std::move(fail_with)) {}
  size_t Read(char* buf, size_t n) override {
    const size_t got = std::min({n, max_read_, data_.size() - static_cast<size_t>(position_)});
    std::memcpy(buf, data_.data() + position_, got);
    position_ += got;
    if (got == 0 && !fail_with_.empty()) error_ = fail_with_;
    return got;
  }

 private:
  std::string data_;
  size_t max_read_;
  std::string fail_with_;
};

}  // namespace flinkscan::testing
