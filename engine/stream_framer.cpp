#include "engine/stream_framer.h"


namespace flinkscan {
namespace {

class PlainFramer final : public StreamFramer {
 public:
  PlainFramer(const InputFile& input, std::unique_ptr<ByteSource> source)
      : input_(input), source_(std::move(source)) {}

  bool NextSegment(StreamInfo& info, std::string& key) override {
    if (started_) return false;
    started_ = true;
    info = StreamInfo{};
    info.path = input_.path;
    info.kind = input_.kind;
    key.clear();
    return true;
  }
  size_t Read(char* buf, size_t n) override { return source_->Read(buf, n); }
  std::string TakeError() override {
    std::string e = source_->error();
    if (e == reported_) return "";
    reported_ = e;
    return e;
  }

 private:
  InputFile input_;
  std::unique_ptr<ByteSource> source_;
  bool started_ = false;
  std::string reported_;
};

}  // namespace

std::unique_ptr<StreamFramer> MakePlainFramer(const InputFile& input, std::unique_ptr<ByteSource> source) {
  return std::make_unique<PlainFramer>(input, std::move(source));
}

}  // namespace flinkscan
