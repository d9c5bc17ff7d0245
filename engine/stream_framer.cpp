#include "engine/stream_framer.h"

#include <utility>

namespace flinkscan {
namespace {

class PlainFramer final : public StreamFramer {
 public:
  PlainFramer(const InputFile& input, std::unique_ptr<ByteSource> source, PlainFramerOptions options)
      : input_(input), source_(std::move(source)), options_(std::move(options)) {}

  bool NextSegment(StreamInfo& info, std::string& key) override {
    if (started_) return false;
    started_ = true;
    info = StreamInfo{};
    info.path = input_.path;
    info.kind = input_.kind;
    info.count_only = options_.count_only;
    key.clear();
    return true;
  }
  size_t Read(char* buf, size_t n) override { return source_->Read(buf, n); }
  std::string TakeError() override {
    // The verdict about the input comes once, then each new read error once.
    std::string error = std::exchange(options_.first_error, std::string());
    const std::string& read_error = source_->error();
    if (!read_error.empty() && read_error != reported_) {
      reported_ = read_error;
      error += (error.empty() ? "" : "; ") + read_error;
    }
    return error;
  }

 private:
  InputFile input_;
  std::unique_ptr<ByteSource> source_;
  PlainFramerOptions options_;
  bool started_ = false;
  std::string reported_;
};

}  // namespace

std::unique_ptr<StreamFramer> MakePlainFramer(const InputFile& input, std::unique_ptr<ByteSource> source,
                                              PlainFramerOptions options) {
  return std::make_unique<PlainFramer>(input, std::move(source), std::move(options));
}

}  // namespace flinkscan
