#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace flinkscan::cli {
namespace {

Status WriteAll(int fd, std::string_view content, const std::string& what) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Error(what + ": write failed: " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

bool IsRegularOrMissing(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno == ENOENT;
  return S_ISREG(st.st_mode);
}

}  // namespace

Status WriteOutput(const std::string& path, std::string_view content) {
  if (path.empty() || path == "-") {
    Status s = WriteAll(STDOUT_FILENO, content, "standard output");
    return s;
  }
  if (!IsRegularOrMissing(path)) {
    // Devices and pipes (/dev/stdout, /dev/full) cannot be renamed over.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Status::Error(path + ": " + std::strerror(errno));
    Status s = WriteAll(fd, content, path);
    if (::close(fd) != 0 && s.ok()) s = Status::Error(path + ": close failed: " + std::strerror(errno));
    return s;
  }
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(path + ": cannot create: " + std::strerror(errno));
  Status s = WriteAll(fd, content, path);
  if (s.ok() && ::fsync(fd) != 0 && errno != EINVAL) s = Status::Error(path + ": fsync failed: " + std::strerror(errno));
  if (::close(fd) != 0 && s.ok()) s = Status::Error(path + ": close failed: " + std::strerror(errno));
  if (s.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    s = Status::Error(path + ": rename failed: " + std::strerror(errno));
  }
  if (!s.ok()) ::unlink(temp.c_str());
  return s;
}

}  // namespace flinkscan::cli
