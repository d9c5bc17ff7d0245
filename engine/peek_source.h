#pragma once
// A ByteSource that can show its first bytes before they are consumed, so
// inputs are recognised by content (magic bytes, a YARN envelope) rather
// than by name.

#include <memory>
#include <string>
#include <string_view>

#include "engine/byte_source.h"

namespace flinkscan {

class PeekSource final : public ByteSource {
 public:
  explicit PeekSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}

  // Up to `n` first bytes (fewer at the end of input). Only valid before the first Read.
  std::string_view Peek(size_t n);
  size_t Read(char* buf, size_t n) override;

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string head_;
  size_t head_pos_ = 0;
  bool inner_done_ = false;
};

}  // namespace flinkscan
