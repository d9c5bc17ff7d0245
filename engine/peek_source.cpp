#include "engine/peek_source.h"

#include <algorithm>
#include <cstring>

namespace flinkscan {

std::string_view PeekSource::Peek(size_t n) {
  while (head_.size() < n && !inner_done_) {
    const size_t old = head_.size();
    head_.resize(n);
    const size_t got = inner_->Read(head_.data() + old, n - old);
    head_.resize(old + got);
    if (got == 0) inner_done_ = true;
  }
  return std::string_view(head_).substr(0, std::min(n, head_.size()));
}

size_t PeekSource::Read(char* buf, size_t n) {
  size_t got = 0;
  if (head_pos_ < head_.size()) {
    got = std::min(n, head_.size() - head_pos_);
    std::memcpy(buf, head_.data() + head_pos_, got);
    head_pos_ += got;
    if (head_pos_ == head_.size()) {
      head_.clear();
      head_.shrink_to_fit();
      head_pos_ = 0;
    }
  } else if (!inner_done_ || !inner_->error().empty()) {
    got = inner_->Read(buf, n);
    if (got == 0) error_ = inner_->error();
  }
  position_ += got;
  return got;
}

}  // namespace flinkscan
