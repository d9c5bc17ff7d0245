#include "engine/archive_framer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "engine/decoded_size_cap.h"
#include "engine/gzip_source.h"
#include "engine/internal/text_match.h"
#include "engine/stream_kind.h"
#include "engine/yarn_framer.h"
#include "engine/zstd_source.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

using text::EndsWith;

constexpr size_t kBlock = 512;
constexpr size_t kSniffBytes = 4096;          // as much as directory discovery looks at
constexpr int kMaxLayers = 3;                 // .tar.gz inside .zst is already exotic
constexpr uint64_t kMaxMetaBytes = 1u << 20;  // GNU long names and pax headers; real ones are tiny


// Octal (NUL/space terminated, possibly space padded) or GNU base-256.
bool ParseNumber(const char* field, size_t len, uint64_t& out) {
  const auto* u = reinterpret_cast<const unsigned char*>(field);
  out = 0;
  if (len > 0 && (u[0] & 0x80)) {
    if (u[0] & 0x40) return false;  // negative
    uint64_t v = u[0] & 0x3f;
    for (size_t i = 1; i < len; ++i) {
      if (v >> 56) return false;
      v = (v << 8) | u[i];
    }
    out = v;
    return true;
  }
  size_t i = 0;
  while (i < len && (field[i] == ' ' || field[i] == '\0')) ++i;
  if (i == len) return true;  // empty field means 0
  bool any = false;
  for (; i < len && field[i] >= '0' && field[i] <= '7'; ++i) {
    if (out >> 60) return false;
    out = out * 8 + static_cast<uint64_t>(field[i] - '0');
    any = true;
  }
  for (; i < len; ++i) {
    if (field[i] != ' ' && field[i] != '\0') return false;
  }
  return any;
}

bool ChecksumMatches(const char* block) {
  uint64_t stored = 0;
  if (!ParseNumber(block + 148, 8, stored)) return false;
  uint64_t unsigned_sum = 0;
  int64_t signed_sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    const char c = (i >= 148 && i < 156) ? ' ' : block[i];
    unsigned_sum += static_cast<unsigned char>(c);
    signed_sum += static_cast<signed char>(c);
  }
  // Some historic tars summed signed chars.
  return stored == unsigned_sum || static_cast<int64_t>(stored) == signed_sum;
}

std::string FieldString(const char* field, size_t len) { return std::string(field, strnlen(field, len)); }

// "./logs/a.log" -> "logs/a.log"; "/abs" -> "abs".
std::string CleanMemberPath(std::string name) {
  for (;;) {
    if (name.rfind("./", 0) == 0) {
      name.erase(0, 2);
    } else if (!name.empty() && name[0] == '/') {
      name.erase(0, 1);
    } else {
      break;
    }
  }
  return name;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// pax extended header records: "<len> <key>=<value>\n".
void ParsePax(std::string_view data, std::string& path, std::string& link, uint64_t& size, bool& has_size) {
  while (!data.empty()) {
    uint64_t len = 0;
    size_t i = 0;
    while (i < data.size() && data[i] >= '0' && data[i] <= '9')
      len = len * 10 + static_cast<uint64_t>(data[i++] - '0');
    if (i == 0 || i >= data.size() || data[i] != ' ' || len <= i + 1 || len > data.size()) return;
    std::string_view record = data.substr(i + 1, len - i - 1);
    data.remove_prefix(len);
    if (!record.empty() && record.back() == '\n') record.remove_suffix(1);
    const size_t eq = record.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = record.substr(0, eq);
    const std::string_view value = record.substr(eq + 1);
    if (key == "path") {
      path = std::string(value);
    } else if (key == "linkpath") {
      link = std::string(value);
    } else if (key == "size") {
      uint64_t v = 0;
      bool ok = !value.empty();
      for (char c : value) {
        if (c < '0' || c > '9') ok = false;
        v = v * 10 + static_cast<uint64_t>(c - '0');
      }
      if (ok) {
        size = v;
        has_size = true;
      }
    }
  }
}

// The decoded tar bytes, with the offset of the next unread byte.
class TarStream {
 public:
  explicit TarStream(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

  size_t Read(char* buf, size_t n) {
    if (ended_) return 0;
    const size_t got = source_->Read(buf, n);
    if (got == 0) {
      ended_ = true;
      error_ = source_->error();
    }
    offset_ += got;
    return got;
  }
  // Fewer than `n` only at the end of the input.
  size_t ReadFull(char* buf, size_t n) {
    size_t done = 0;
    while (done < n) {
      const size_t got = Read(buf + done, n - done);
      if (got == 0) break;
      done += got;
    }
    return done;
  }
  // Discards `n` bytes; false when the input ended first.
  bool Skip(uint64_t n) {
    while (n > 0) {
      const size_t got = Read(scratch_.data(), static_cast<size_t>(std::min<uint64_t>(n, scratch_.size())));
      if (got == 0) return false;
      n -= got;
    }
    return true;
  }
  std::array<char, 64u << 10>& scratch() { return scratch_; }
  uint64_t offset() const { return offset_; }
  bool ended() const { return ended_; }
  const std::string& error() const { return error_; }  // why the input ended early ("" at a clean end)

 private:
  std::unique_ptr<ByteSource> source_;
  uint64_t offset_ = 0;
  bool ended_ = false;
  std::string error_;
  std::array<char, 64u << 10> scratch_{};
};

// One member's bytes: a window of the tar stream.
class MemberSource final : public ByteSource {
 public:
  MemberSource(TarStream& tar, std::string path, uint64_t size)
      : tar_(tar), path_(std::move(path)), size_(size), remaining_(size) {}

  size_t Read(char* buf, size_t n) override {
    if (remaining_ == 0 || failed_) return 0;
    const size_t got = tar_.Read(buf, static_cast<size_t>(std::min<uint64_t>(n, remaining_)));
    if (got == 0) {
      failed_ = true;
      error_ = TruncationMessage();
      return 0;
    }
    remaining_ -= got;
    position_ += got;
    return got;
  }
  // Reads past whatever the member's reader left; false when the archive ended first.
  bool Drain() {
    while (remaining_ > 0 && !failed_) {
      if (Read(tar_.scratch().data(), tar_.scratch().size()) == 0) break;
    }
    return remaining_ == 0 && !failed_;
  }
  std::string TruncationMessage() const {
    if (!tar_.error().empty()) return tar_.error();
    return "tar byte " + std::to_string(tar_.offset()) + ": archive ends inside member " + path_ + " (" +
           std::to_string(size_ - remaining_) + " of " + std::to_string(size_) + " bytes)";
  }

 private:
  TarStream& tar_;
  std::string path_;
  uint64_t size_;
  uint64_t remaining_;
  bool failed_ = false;
};

uint64_t Padding(uint64_t size) { return (kBlock - size % kBlock) % kBlock; }

// Why a member is not a log, like directory discovery would say; "" to scan it.
std::string JudgeMember(const FileNameClass& name_class, std::string_view head, uint64_t size) {
  if (size == 0) return "empty file";
  if (head.empty()) return "";  // nothing decodable: scan it, so the decoder's error is reported
  if (head.size() >= kBlock && LooksLikeTar(head)) return "archive inside the archive (not unpacked)";
  size_t controls = 0;
  for (const char ch : head) {
    const auto u = static_cast<unsigned char>(ch);
    if (u == 0 || (u < 0x20 && u != '\n' && u != '\r' && u != '\t')) ++controls;
  }
  if (controls * 100 > head.size()) return "binary file";
  const char* end = head.data() + head.size();
  for (const char* line = head.data(); line < end;) {
    if (StartsRecord(line, end)) return "";
    const void* nl = std::memchr(line, '\n', static_cast<size_t>(end - line));
    if (!nl) break;
    line = static_cast<const char*>(nl) + 1;
  }
  // A .out or .log without log4j records (stdout, GC output) is still scanned.
  if (name_class.looks_like_log || name_class.kind != StreamKind::kUnknown) return "";
  return "not a log file (no log record in its first 4 KiB)";
}

class ArchiveFramer final : public StreamFramer {
 public:
  ArchiveFramer(const InputFile& input, std::unique_ptr<ByteSource> tar)
      : input_(input), tar_(std::move(tar)) {}

  bool NextSegment(StreamInfo& info, std::string& key) override {
    for (;;) {
      if (member_framer_) {
        StreamInfo sub;
        std::string sub_key;
        if (member_framer_->NextSegment(sub, sub_key)) {
          sub.path = input_.path;
          sub.member = member_path_;
          info = std::move(sub);
          key = member_path_;
          if (!sub_key.empty()) key += "\n" + sub_key;
          reading_member_ = true;
          any_segment_ = true;
          return true;
        }
      }
      reading_member_ = false;
      if (!notices_.empty()) {
        PendingNotice& notice = notices_.front();
        info = StreamInfo{};
        info.path = input_.path;
        info.member = notice.member;
        info.kind = notice.kind;
        info.count_only = true;
        key = notice.member;  // "" for the archive itself; member paths are never empty
        current_notice_ = std::move(notice.text);
        notices_.pop_front();
        any_segment_ = true;
        return true;
      }
      if (member_source_) {
        FinishMember();
        continue;
      }
      if (archive_done_) {
        if (!any_segment_) {
          any_segment_ = true;
          Notice("", StreamKind::kUnknown, "archive holds no files");
          continue;
        }
        return false;
      }
      ReadNextMember();
    }
  }

  size_t Read(char* buf, size_t n) override { return reading_member_ ? member_framer_->Read(buf, n) : 0; }

  std::string TakeError() override {
    if (reading_member_) {
      std::string error = member_framer_->TakeError();
      // A member cannot end the archive's input unless the archive is cut
      // short, so this error already tells the archive's damage.
      if (!error.empty() && tar_.ended()) failure_reported_ = true;
      return error;
    }
    std::string error = std::move(current_notice_);
    current_notice_.clear();
    return error;
  }

 private:
  // A count-only, zero-byte segment whose one error tells what happened.
  void Notice(std::string member, StreamKind kind, std::string text) {
    notices_.push_back({std::move(member), kind, std::move(text)});
  }

  void ArchiveFailure(const std::string& message) {
    archive_done_ = true;
    if (failure_reported_) return;
    failure_reported_ = true;
    Notice("", StreamKind::kUnknown, message);
  }

  std::string TarByte(uint64_t offset) const { return "tar byte " + std::to_string(offset) + ": "; }

  // The archive's own damage, or the input simply ending, inside `where`.
  void EndedInside(const std::string& where) {
    ArchiveFailure(!tar_.error().empty() ? tar_.error()
                                         : TarByte(tar_.offset()) + "archive ends inside " + where);
  }

  bool SkipData(uint64_t n, const std::string& where) {
    if (tar_.Skip(n)) return true;
    EndedInside(where);
    return false;
  }

  // Reads the rest of the current member and its padding.
  void FinishMember() {
    const bool drained = member_source_->Drain();
    std::string truncation;
    if (!drained) truncation = member_source_->TruncationMessage();
    member_source_ = nullptr;
    member_framer_.reset();
    skipped_chain_.reset();
    if (!drained) {
      ArchiveFailure(truncation);
      return;
    }
    SkipData(member_padding_, "the padding after member " + member_path_);
  }

  bool ReadMeta(uint64_t size, std::string& out, uint64_t header_offset) {
    if (size > kMaxMetaBytes) {
      ArchiveFailure(TarByte(header_offset) + "implausibly large long-name or pax header (" +
                     std::to_string(size) + " bytes); the rest of the archive is not read");
      return false;
    }
    out.resize(static_cast<size_t>(size));
    if (tar_.ReadFull(out.data(), out.size()) != out.size()) {
      EndedInside("a member header");
      return false;
    }
    return SkipData(Padding(size), "a member header");
  }

  void ReadNextMember() {
    std::string long_name;
    std::string long_link;
    std::string pax_path;
    std::string pax_link;
    uint64_t pax_size = 0;
    bool has_pax_size = false;
    std::array<char, kBlock> block{};
    for (;;) {
      const uint64_t header_offset = tar_.offset();
      const size_t got = tar_.ReadFull(block.data(), kBlock);
      if (got == 0) {
        // The end, without the two zero blocks some writers omit; or damage.
        archive_done_ = true;
        if (!tar_.error().empty()) ArchiveFailure(tar_.error());
        return;
      }
      if (got < kBlock) {
        EndedInside("a member header");
        return;
      }
      if (std::all_of(block.begin(), block.end(), [](char c) { return c == 0; })) {
        archive_done_ = true;  // end-of-archive marker; what follows is padding
        return;
      }
      uint64_t size = 0;
      if (!ChecksumMatches(block.data()) || !ParseNumber(block.data() + 124, 12, size)) {
        ArchiveFailure(TarByte(header_offset) +
                       "corrupt member header (bad checksum); the rest of the archive is not read");
        return;
      }
      const char type = block[156];
      const bool posix = std::memcmp(block.data() + 257, "ustar\0", 6) == 0;
      std::string name;
      if (!pax_path.empty()) {
        name = pax_path;
      } else if (!long_name.empty()) {
        name = long_name;
      } else {
        name = FieldString(block.data(), 100);
        const std::string prefix = posix ? FieldString(block.data() + 345, 155) : "";
        if (!prefix.empty()) name = prefix + "/" + name;
      }
      std::string link = !pax_link.empty()    ? pax_link
                         : !long_link.empty() ? long_link
                                              : FieldString(block.data() + 157, 100);
      name = CleanMemberPath(std::move(name));

      switch (type) {
        case 'L':  // GNU long name of the next member
          if (!ReadMeta(size, long_name, header_offset)) return;
          long_name.resize(strnlen(long_name.data(), long_name.size()));
          continue;
        case 'K':  // GNU long link target
          if (!ReadMeta(size, long_link, header_offset)) return;
          long_link.resize(strnlen(long_link.data(), long_link.size()));
          continue;
        case 'x': {  // pax header of the next member
          std::string data;
          if (!ReadMeta(size, data, header_offset)) return;
          ParsePax(data, pax_path, pax_link, pax_size, has_pax_size);
          continue;
        }
        case 'g':  // pax global header
        case 'V':  // volume label
        case '5':  // directory: its files follow as their own members
          if (!SkipData(size + Padding(size), "a member header") || type == '5') return;
          continue;
        default:
          break;
      }
      if (has_pax_size) size = pax_size;
      if (name.empty() || (name.back() == '/' && size == 0)) {  // "./" or an old-style directory entry
        SkipData(size + Padding(size), "a directory entry");
        return;
      }
      const FileNameClass name_class = ClassifyFileName(WithoutCompressionSuffix(BaseName(name)));
      std::string not_regular;
      switch (type) {
        case '1':
          not_regular = "hard link to " + CleanMemberPath(link) + " (read there)";
          break;
        case '2':
          not_regular = "symbolic link to " + link + " (not followed)";
          break;
        case '3':
        case '4':
          not_regular = "device file";
          break;
        case '6':
          not_regular = "FIFO";
          break;
        case 'S':
          not_regular = "GNU sparse file (not supported)";
          break;
        case 'M':
          not_regular = "continuation of a multi-volume archive (not supported)";
          break;
        default:
          break;  // '0', '\0', '7' and unknown types are regular files (POSIX)
      }
      if (!not_regular.empty()) {
        Notice(name, name_class.kind, "skipped member " + name + ": " + not_regular);
        SkipData(size + Padding(size), "member " + name);
        return;
      }
      BeginMember(std::move(name), size, name_class);
      return;
    }
  }

  void BeginMember(std::string name, uint64_t size, const FileNameClass& name_class) {
    member_path_ = std::move(name);
    member_padding_ = Padding(size);
    auto member = std::make_unique<MemberSource>(tar_, member_path_, size);
    member_source_ = member.get();
    int layers = 0;
    std::unique_ptr<PeekSource> decoded = Decompress(std::make_unique<PeekSource>(std::move(member)), layers, input_.max_decoded_bytes);
    const std::string_view head = decoded->Peek(kSniffBytes);
    const std::string why_not = JudgeMember(name_class, head, size);
    if (!why_not.empty()) {
      Notice(member_path_, name_class.kind,
             "skipped member " + member_path_ + ": " + why_not + " (" + std::to_string(size) + " bytes)");
      skipped_chain_ = std::move(decoded);
      return;
    }
    const InputFile member_input{input_.path, name_class.kind, name_class.rotation, false, input_.max_decoded_bytes};
    if (LooksLikeYarnEnvelope(head)) {
      member_framer_ = MakeYarnFramer(member_input, std::move(decoded));
    } else {
      member_framer_ = MakePlainFramer(member_input, std::move(decoded));
    }
  }

  InputFile input_;
  TarStream tar_;  // declared before the member chains, which read from it
  std::string member_path_;
  uint64_t member_padding_ = 0;
  MemberSource* member_source_ = nullptr;  // the current member's window; owned by its chain
  std::unique_ptr<StreamFramer> member_framer_;
  std::unique_ptr<ByteSource> skipped_chain_;
  bool reading_member_ = false;
  struct PendingNotice {
    std::string member;
    StreamKind kind;
    std::string text;
  };
  std::deque<PendingNotice> notices_;
  std::string current_notice_;
  bool archive_done_ = false;
  bool failure_reported_ = false;
  bool any_segment_ = false;
};

}  // namespace

std::string_view WithoutCompressionSuffix(std::string_view name) {
  for (const std::string_view suffix : {".gz", ".zst", ".zstd"}) {
    if (EndsWith(name, suffix) && name.size() > suffix.size())
      return name.substr(0, name.size() - suffix.size());
  }
  return name;
}

std::unique_ptr<PeekSource> Decompress(std::unique_ptr<PeekSource> source, int& layers,
                                       uint64_t max_decoded_bytes) {
  layers = 0;
  while (layers < kMaxLayers) {
    const std::string_view head = source->Peek(4);
    if (LooksLikeGzip(head)) {
      source = std::make_unique<PeekSource>(MakeGzipSource(std::move(source)));
    } else if (LooksLikeZstd(head)) {
      source = std::make_unique<PeekSource>(MakeZstdSource(std::move(source)));
    } else {
      break;
    }
    ++layers;
  }
  if (layers > 0) source = std::make_unique<PeekSource>(CapDecodedSize(std::move(source), max_decoded_bytes));
  return source;
}

bool LooksLikeTar(std::string_view head) {
  if (head.size() < kBlock) return false;
  const char* block = head.data();
  const bool magic = std::memcmp(block + 257, "ustar", 5) == 0;
  if (!magic && (block[0] == '\0' || static_cast<unsigned char>(block[0]) < 0x20)) return false;
  return ChecksumMatches(block);
}

std::unique_ptr<StreamFramer> MakeArchiveFramer(const InputFile& input, std::unique_ptr<ByteSource> tar) {
  return std::make_unique<ArchiveFramer>(input, std::move(tar));
}

}  // namespace flinkscan
