#include "engine/prefetch_source.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace flinkscan {
namespace {

class PrefetchSource final : public ByteSource {
 public:
  PrefetchSource(std::unique_ptr<ByteSource> inner, PrefetchOptions options) : inner_(std::move(inner)) {
    const size_t count = std::max<size_t>(options.buffers, 2);
    buffers_.resize(count);
    for (size_t i = 0; i < count; ++i) {
      buffers_[i].bytes.resize(std::max<size_t>(options.buffer_bytes, 1));
      free_.push_back(i);
    }
    decoder_ = std::thread([this] { Decode(); });
  }

  ~PrefetchSource() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    decoder_.join();
  }

  size_t Read(char* buf, size_t n) override {
    size_t got = 0;
    while (got < n && !finished_) {
      // Hand over what is here rather than wait for the decoder; the end (and
      // its error) then comes with a Read that returns 0, as from any source.
      if (!current_ && (got > 0 || !TakeFilled())) break;
      Buffer& buffer = buffers_[*current_];
      const size_t take = std::min(n - got, buffer.size - current_pos_);
      std::memcpy(buf + got, buffer.bytes.data() + current_pos_, take);
      got += take;
      current_pos_ += take;
      if (current_pos_ == buffer.size) ReleaseCurrent();
    }
    position_ += got;
    return got;
  }

 private:
  struct Buffer {
    std::vector<char> bytes;
    size_t size = 0;  // 0: the inner source ended (its error, if any, is in inner_error_)
  };

  // Decoder thread: fills free buffers until the inner source ends or the reader goes away.
  void Decode() {
    for (;;) {
      size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return stopping_ || !free_.empty(); });
        if (stopping_) return;
        index = free_.front();
        free_.pop_front();
      }
      Buffer& buffer = buffers_[index];
      buffer.size = 0;
      // Fill the whole buffer: the inner decoders may return less than asked.
      while (buffer.size < buffer.bytes.size()) {
        const size_t got = inner_->Read(buffer.bytes.data() + buffer.size, buffer.bytes.size() - buffer.size);
        if (got == 0) break;
        buffer.size += got;
      }
      const bool ended = buffer.size < buffer.bytes.size();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        filled_.push_back(index);
        if (ended) {
          inner_error_ = inner_->error();
          end_pending_ = buffer.size > 0;  // else the empty buffer itself says "end"
        }
      }
      changed_.notify_all();
      if (ended) return;
    }
  }

  // Reader side: waits for the next filled buffer; false at the end of input.
  bool TakeFilled() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !filled_.empty() || end_pending_; });
    if (filled_.empty()) {
      end_pending_ = false;
      Finish();
      return false;
    }
    const size_t index = filled_.front();
    filled_.pop_front();
    if (buffers_[index].size == 0) {
      Finish();
      return false;
    }
    current_ = index;
    current_pos_ = 0;
    return true;
  }

  void ReleaseCurrent() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      free_.push_back(*current_);
    }
    current_.reset();
    changed_.notify_all();
  }

  // Called with mutex_ held, once the decoder has stopped for good.
  void Finish() {
    finished_ = true;
    error_ = inner_error_;
  }

  std::unique_ptr<ByteSource> inner_;
  std::vector<Buffer> buffers_;
  std::thread decoder_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<size_t> free_;    // buffer indices the decoder may fill
  std::deque<size_t> filled_;  // buffer indices waiting for the reader, in order
  bool stopping_ = false;
  bool end_pending_ = false;  // the decoder ended after a non-empty buffer
  std::string inner_error_;

  // Reader side only.
  std::optional<size_t> current_;
  size_t current_pos_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> MakePrefetchSource(std::unique_ptr<ByteSource> inner, PrefetchOptions options) {
  return std::make_unique<PrefetchSource>(std::move(inner), options);
}

}  // namespace flinkscan
