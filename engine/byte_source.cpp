#include "engine/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace flinkscan {
namespace {

class FileByteSource final : public ByteSource {
 public:
  FileByteSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FileByteSource() override {
    if (owned_) ::close(fd_);
  }
  size_t Read(char* buf, size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) {
        position_ += static_cast<uint64_t>(got);
        return static_cast<size_t>(got);
      }
      if (errno == EINTR) continue;
      error_ = "byte " + std::to_string(position_) + ": read failed: " + std::strerror(errno);
      return 0;
    }
  }
  int file_descriptor() const override { return owned_ ? fd_ : -1; }

 private:
  int fd_;
  bool owned_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenByteSource(const InputFile& input) {
  if (input.is_stdin) return std::unique_ptr<ByteSource>(std::make_unique<FileByteSource>(STDIN_FILENO, false));
  const int fd = ::open(input.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(std::string("cannot open: ") + std::strerror(errno));
  return std::unique_ptr<ByteSource>(std::make_unique<FileByteSource>(fd, true));
}

}  // namespace flinkscan
