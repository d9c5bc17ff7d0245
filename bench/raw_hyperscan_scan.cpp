// raw_hyperscan_scan — the speed limit of flinkscan's matching: the built-in
// catalog's database (the same one `flinkscan scan` uses) over the input in
// ~2 MiB blocks cut at newlines, nothing else (no record framing, extraction or
// aggregation). bench/compare.sh puts it next to `flinkscan scan`.
//
//   raw_hyperscan_scan [-j N] FILE...     prints "<bytes> bytes, <hits> hits"
//
// Work is handed out block by block (a big file) and file by file (many
// files), to N threads each with its own scratch. Plain files only.

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include "patterns/catalog.h"
#include "patterns/matcher.h"

namespace flinkscan {
namespace {

constexpr size_t kBlock = 2u << 20;
constexpr size_t kOverhang = 256u << 10;  // a block ends at the first newline past its nominal end

struct Block {
  size_t file;
  uint64_t offset;
  uint64_t file_size;
};

struct Totals {
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> hits{0};
  std::atomic<bool> failed{false};
};

// Scans the lines that start in [offset, offset + kBlock): a line belongs to
// the block its first byte is in, so every byte is scanned once.
void ScanBlock(const Matcher& matcher, MatchScratch& scratch, int fd, const Block& block, std::vector<char>& buffer,
               std::vector<PatternHit>& hits, Totals& totals) {
  // Read from one byte early: a line starting exactly at `offset` follows a newline there.
  const uint64_t start = block.offset > 0 ? block.offset - 1 : 0;
  const uint64_t nominal_end = std::min<uint64_t>(block.offset + kBlock, block.file_size) - start;
  const uint64_t want = std::min<uint64_t>(nominal_end + kOverhang, block.file_size - start);
  buffer.resize(want);
  size_t got = 0;
  while (got < want) {
    const ssize_t n = pread(fd, buffer.data() + got, want - got, static_cast<off_t>(start + got));
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  size_t begin = 0;
  if (block.offset > 0) {
    // The line running into this block belongs to the previous one.
    const void* nl = std::memchr(buffer.data(), '\n', std::min<size_t>(got, nominal_end));
    if (nl == nullptr) return;
    begin = static_cast<size_t>(static_cast<const char*>(nl) - buffer.data()) + 1;
  }
  size_t end = got;
  if (got > nominal_end) {
    const void* nl = std::memchr(buffer.data() + nominal_end - 1, '\n', got - (nominal_end - 1));
    end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buffer.data()) + 1 : got;
  }
  if (end <= begin) return;
  const Status status = matcher.Scan(std::string_view(buffer.data() + begin, end - begin), scratch, hits);
  if (!status.ok()) {
    std::fprintf(stderr, "raw_hyperscan_scan: %s\n", status.message().c_str());
    totals.failed = true;
    return;
  }
  totals.bytes += end - begin;
  totals.hits += hits.size();
}

int Main(int argc, char** argv) {
  size_t threads = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "-j" || arg == "--threads") && i + 1 < argc) {
      threads = std::max(1, std::atoi(argv[++i]));
    } else if (arg.size() > 2 && arg.rfind("-j", 0) == 0) {
      threads = std::max(1, std::atoi(arg.c_str() + 2));
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: raw_hyperscan_scan [-j N] FILE...\n");
    return 2;
  }
  Result<Catalog> catalog = Catalog::Builtin();
  if (!catalog.ok()) {
    std::fprintf(stderr, "raw_hyperscan_scan: %s\n", catalog.message().c_str());
    return 1;
  }
  Result<std::shared_ptr<const Matcher>> matcher = Matcher::Compile(catalog.value());
  if (!matcher.ok()) {
    std::fprintf(stderr, "raw_hyperscan_scan: %s\n", matcher.message().c_str());
    return 1;
  }
  std::vector<int> fds;
  std::vector<Block> blocks;
  for (const std::string& path : paths) {
    const int fd = open(path.c_str(), O_RDONLY);
    struct stat st{};
    if (fd < 0 || fstat(fd, &st) != 0) {
      std::fprintf(stderr, "raw_hyperscan_scan: cannot open %s\n", path.c_str());
      return 1;
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    for (uint64_t offset = 0; offset < size; offset += kBlock) blocks.push_back({fds.size(), offset, size});
    fds.push_back(fd);
  }
  Totals totals;
  std::atomic<size_t> next{0};
  auto work = [&] {
    MatchScratch scratch;
    if (!matcher.value()->AllocateScratch(scratch).ok()) {
      totals.failed = true;
      return;
    }
    std::vector<char> buffer;
    std::vector<PatternHit> hits;
    for (size_t i = next++; i < blocks.size(); i = next++) {
      ScanBlock(*matcher.value(), scratch, fds[blocks[i].file], blocks[i], buffer, hits, totals);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (int fd : fds) close(fd);
  std::printf("%llu bytes, %llu hits\n", static_cast<unsigned long long>(totals.bytes.load()),
              static_cast<unsigned long long>(totals.hits.load()));
  return totals.failed ? 1 : 0;
}

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::Main(argc, argv); }
