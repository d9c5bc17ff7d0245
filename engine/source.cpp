#include "engine/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "engine/archive_framer.h"
#include "engine/byte_source.h"
#include "engine/gzip_source.h"
#include "engine/peek_source.h"
#include "engine/zstd_source.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

namespace fs = std::filesystem;

constexpr size_t kSniffBytes = 4096;

// A file with an unrecognised name is still a log when its first bytes are
// text and some line opens a record. gzip and zstd files are judged by their
// decoded first bytes, and a tar archive (plain or compressed) is always
// scanned: its members are judged one by one when it is read.
std::string SniffReason(const std::string& path, bool& is_log) {
  is_log = false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  char raw[kSniffBytes];
  const ssize_t raw_n = ::read(fd, raw, sizeof raw);
  ::close(fd);
  if (raw_n < 0) return std::string("cannot read: ") + std::strerror(errno);
  if (raw_n == 0) return "empty file";
  std::string decoded;
  std::string_view head(raw, static_cast<size_t>(raw_n));
  if (LooksLikeGzip(head) || LooksLikeZstd(head)) {
    const std::string format = LooksLikeGzip(head) ? "gzip" : "zstd";
    Result<std::unique_ptr<ByteSource>> file =
        OpenByteSource(InputFile{path, StreamKind::kUnknown, 0, false});
    if (!file.ok()) return "cannot open: " + file.message();
    int layers = 0;
    std::unique_ptr<PeekSource> source =
        Decompress(std::make_unique<PeekSource>(std::move(file).value()), layers);
    decoded = std::string(source->Peek(kSniffBytes));
    if (decoded.empty()) {
      char probe;
      source->Read(&probe, 1);
      if (!source->error().empty()) return "corrupt " + format + " data: " + source->error();
      return "empty file (" + format + ")";
    }
    head = decoded;
  }
  if (LooksLikeTar(head)) {
    is_log = true;
    return "";
  }
  const auto* u = reinterpret_cast<const unsigned char*>(head.data());
  const ssize_t n = static_cast<ssize_t>(head.size());
  const char* buf = head.data();
  size_t controls = 0;
  for (ssize_t i = 0; i < n; ++i) {
    if (u[i] == 0 || (u[i] < 0x20 && u[i] != '\n' && u[i] != '\r' && u[i] != '\t')) ++controls;
  }
  if (controls * 100 > static_cast<size_t>(n)) return "binary file";
  const char* end = buf + n;
  for (const char* line = buf; line < end;) {
    if (StartsRecord(line, end)) {
      is_log = true;
      return "";
    }
    const void* nl = std::memchr(line, '\n', static_cast<size_t>(end - line));
    if (!nl) break;
    line = static_cast<const char*>(nl) + 1;
  }
  return "not a log file (no log record in its first 4 KiB)";
}

struct DirEntry {
  std::string path;
  FileNameClass cls;
  std::string base;
};

void WalkDirectory(const fs::path& dir, Discovery& out) {
  std::vector<DirEntry> files;
  std::vector<fs::path> subdirs;
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) {
    out.skipped.push_back({dir.string(), "cannot read directory: " + ec.message()});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.skipped.push_back({dir.string(), "directory listing failed: " + ec.message()});
      break;
    }
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (entry.is_symlink(type_ec) && entry.is_directory(type_ec)) {
      out.skipped.push_back({entry.path().string(), "symbolic link to a directory (not followed)"});
      continue;
    }
    if (entry.is_directory(type_ec)) {
      subdirs.push_back(entry.path());
      continue;
    }
    if (!entry.is_regular_file(type_ec)) {
      out.skipped.push_back({entry.path().string(), "not a regular file"});
      continue;
    }
    const std::string name = entry.path().filename().string();
    DirEntry d{entry.path().string(), ClassifyFileName(WithoutCompressionSuffix(name)), ""};
    d.base = std::string(d.cls.base);
    d.cls.base = {};  // points into `name`, which dies here
    files.push_back(std::move(d));
  }
  std::sort(files.begin(), files.end(), [](const DirEntry& a, const DirEntry& b) {
    if (a.base != b.base) return a.base < b.base;
    return a.cls.rotation > b.cls.rotation;  // .log.2, .log.1, .log
  });
  for (DirEntry& f : files) {
    bool sniffed_log = false;
    const std::string reason = SniffReason(f.path, sniffed_log);
    const bool named_log = f.cls.looks_like_log || f.cls.kind != StreamKind::kUnknown;
    if (sniffed_log || (named_log && reason.empty())) {
      out.inputs.push_back({f.path, f.cls.kind, f.cls.rotation, false});
    } else if (named_log && reason.rfind("not a log file", 0) == 0) {
      // A .out or .log without log4j records (user stdout, GC output) is
      // still scanned: its lines are counted and patterns still apply.
      out.inputs.push_back({f.path, f.cls.kind, f.cls.rotation, false});
    } else {
      out.skipped.push_back({f.path, reason});
    }
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const fs::path& sub : subdirs) WalkDirectory(sub, out);
}

}  // namespace

Discovery DiscoverInputs(const std::vector<std::string>& paths) {
  Discovery out;
  for (const std::string& path : paths) {
    if (path == "-") {
      out.inputs.push_back({"-", StreamKind::kUnknown, 0, true});
      continue;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      out.skipped.push_back({path, std::strerror(errno)});
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      WalkDirectory(fs::path(path), out);
      continue;
    }
    const std::string name = fs::path(path).filename().string();
    const FileNameClass cls = ClassifyFileName(WithoutCompressionSuffix(name));
    if (::access(path.c_str(), R_OK) != 0) {
      out.skipped.push_back({path, std::strerror(errno)});
      continue;
    }
    out.inputs.push_back({path, cls.kind, cls.rotation, false});
  }
  return out;
}

}  // namespace flinkscan
