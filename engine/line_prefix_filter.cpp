#include "engine/line_prefix_filter.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parsers/record_header.h"

namespace flinkscan {
namespace {

// Enough for the longest prefix the matchers accept (name, padding, ANSI
// colours, stamp, CRI tag), so a line's prefix is decided from its first
// kMaxPrefixBytes bytes whatever the line's length.
constexpr size_t kMaxPrefixBytes = 1024;
constexpr size_t kMaxNameBytes = 300;
constexpr size_t kMaxPadding = 200;
constexpr int kMaxAnsiSequences = 4;
constexpr size_t kMaxAnsiSequenceBytes = 16;
// More distinct names than this are not services of one compose file; their
// lines go to the stream of unnamed lines.
constexpr size_t kMaxNamedStreams = 1024;

constexpr bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
constexpr bool IsAlnum(char c) { return IsDigit(c) || static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
constexpr bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// Skips colour escapes ("\x1b[36m", "\x1b[0m") that a TTY-attached compose writes around its prefix.
size_t SkipAnsi(std::string_view s, size_t i) {
  for (int k = 0; k < kMaxAnsiSequences; ++k) {
    if (i + 1 >= s.size() || s[i] != '\x1b' || s[i + 1] != '[') break;
    size_t j = i + 2;
    while (j < s.size() && j - i < kMaxAnsiSequenceBytes && (IsDigit(s[j]) || s[j] == ';')) ++j;
    if (j >= s.size() || s[j] != 'm') break;
    i = j + 1;
  }
  return i;
}

// After the bar or bracket: one space, or nothing when the logged line is empty.
size_t SkipSeparator(std::string_view s, size_t i, bool& ok) {
  ok = true;
  if (i < s.size() && s[i] == ' ') return i + 1;
  if (i >= s.size() || IsLineEnd(s[i])) return i;
  ok = false;
  return i;
}

// "jobmanager-1     | " (compose v2), "flink_jobmanager_1  | " (v1): a name
// ending in -N or _N, padding, a bar, a space.
size_t MatchCompose(std::string_view s, std::string_view* name) {
  size_t i = SkipAnsi(s, 0);
  const size_t name_begin = i;
  if (i >= s.size() || !IsAlnum(s[i])) return 0;
  while (i < s.size() && i - name_begin < kMaxNameBytes &&
         (IsAlnum(s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.')) {
    ++i;
  }
  const size_t name_end = i;
  size_t digits = name_end;
  while (digits > name_begin && IsDigit(s[digits - 1])) --digits;
  if (digits == name_end || digits <= name_begin + 1 || (s[digits - 1] != '-' && s[digits - 1] != '_'))
    return 0;
  const size_t pad_begin = i;
  while (i < s.size() && i - pad_begin < kMaxPadding && s[i] == ' ') ++i;
  if (i == pad_begin) return 0;
  i = SkipAnsi(s, i);
  if (i >= s.size() || s[i] != '|') return 0;
  i = SkipAnsi(s, i + 1);
  bool ok = false;
  i = SkipSeparator(s, i, ok);
  if (!ok) return 0;
  i = SkipAnsi(s, i);
  if (name) *name = s.substr(name_begin, name_end - name_begin);
  return i;
}

// "[pod/<pod>/<container>] "; the name is "<pod>/<container>".
size_t MatchKubectl(std::string_view s, std::string_view* name) {
  constexpr std::string_view kOpen = "[pod/";
  if (s.substr(0, kOpen.size()) != kOpen) return 0;
  size_t i = kOpen.size();
  const size_t name_begin = i;
  int slashes = 0;
  while (i < s.size() && i - name_begin < kMaxNameBytes && s[i] != ']') {
    const char c = s[i];
    if (c == ' ' || c == '\t' || IsLineEnd(c)) return 0;
    if (c == '/') ++slashes;
    ++i;
  }
  if (i >= s.size() || s[i] != ']' || slashes != 1 || s[name_begin] == '/' || s[i - 1] == '/') return 0;
  const size_t name_end = i;
  bool ok = false;
  i = SkipSeparator(s, i + 1, ok);
  if (!ok) return 0;
  if (name) *name = s.substr(name_begin, name_end - name_begin);
  return i;
}

// RFC 3339 "2024-03-01T10:00:00.123456789Z " (kubectl/docker --timestamps:
// Go's RFC3339Nano, which drops trailing zeros of the fraction, or an
// offset); with `cri`, followed by the CRI stream and tag ("stdout F ").
size_t MatchStamp(std::string_view s, bool cri) {
  constexpr size_t kDateTime = 19;  // "2024-03-01T10:00:00"
  if (s.size() < kDateTime + 1) return 0;
  for (size_t k : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (!IsDigit(s[k])) return 0;
  }
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return 0;
  size_t i = kDateTime;
  if (s[i] == '.' || s[i] == ',') {
    const size_t fraction = ++i;
    while (i < s.size() && i - fraction < 9 && IsDigit(s[i])) ++i;
    if (i == fraction) return 0;
  }
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i + 6 <= s.size() && (s[i] == '+' || s[i] == '-') && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) &&
             s[i + 3] == ':' && IsDigit(s[i + 4]) && IsDigit(s[i + 5])) {
    i += 6;
  } else {
    return 0;
  }
  if (!cri) {
    bool ok = false;
    i = SkipSeparator(s, i, ok);
    return ok ? i : 0;
  }
  if (i >= s.size() || s[i] != ' ') return 0;
  ++i;
  const std::string_view stream = s.substr(i, 7);
  if (stream != "stdout " && stream != "stderr ") return 0;
  i += 7;
  if (i >= s.size() || (s[i] != 'F' && s[i] != 'P')) return 0;
  bool ok = false;
  i = SkipSeparator(s, i + 1, ok);
  return ok ? i : 0;
}

size_t MatchName(std::string_view s, NamePrefix kind, std::string_view* name) {
  switch (kind) {
    case NamePrefix::kDockerCompose:
      return MatchCompose(s, name);
    case NamePrefix::kKubectl:
      return MatchKubectl(s, name);
    case NamePrefix::kNone:
      break;
  }
  return 0;
}

bool ContainsFolded(std::string_view haystack, std::string_view lower_needle) {
  if (haystack.size() < lower_needle.size()) return false;
  for (size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    size_t k = 0;
    while (k < lower_needle.size() && (haystack[i + k] | 0x20) == lower_needle[k]) ++k;
    if (k == lower_needle.size()) return true;
  }
  return false;
}

// Compose services and Flink's Kubernetes pods are named after the daemon.
StreamKind KindFromName(std::string_view name, StreamKind fallback) {
  if (ContainsFolded(name, "taskmanager") || ContainsFolded(name, "taskexecutor"))
    return StreamKind::kTaskManager;
  if (ContainsFolded(name, "jobmanager") || ContainsFolded(name, "standalonesession")) {
    return StreamKind::kJobManager;
  }
  return fallback;
}

class LinePrefixFilter final : public StreamFramer {
 public:
  LinePrefixFilter(const InputFile& input, std::unique_ptr<ByteSource> source, LinePrefixShape shape,
                   const LinePrefixFilterOptions& options)
      : input_(input), source_(std::move(source)), shape_(shape), options_(options) {
    options_.read_block = std::max(options_.read_block, 4 * kMaxPrefixBytes);
    options_.flush_bytes = std::max<size_t>(options_.flush_bytes, 1);
    options_.max_record_bytes = std::max(options_.max_record_bytes, options_.flush_bytes);
    options_.max_buffered_bytes = std::max(options_.max_buffered_bytes, options_.max_record_bytes);
    prefix_name_ = shape_.Name();
  }

  // The reader reads each segment to its end before asking for the next.
  bool NextSegment(StreamInfo& info, std::string& key) override {
    ReleaseCurrent();
    if (ready_.empty()) Pull();
    if (ready_.empty()) return false;
    StartNextPiece();
    const Stream& stream = streams_[current_.stream];
    info = stream.info;
    key = stream.name;
    return true;
  }

  // Serves the current piece, then the next ones of the same stream, so a
  // stream whose lines come in a run is one segment.
  size_t Read(char* buf, size_t n) override {
    size_t out = 0;
    while (out < n && has_current_) {
      if (current_.pos < current_.size) {
        const size_t k = std::min(n - out, current_.size - current_.pos);
        std::memcpy(buf + out, current_.data.data() + current_.pos, k);
        current_.pos += k;
        out += k;
        continue;
      }
      if (ready_.empty()) Pull();
      if (ready_.empty() || ready_.front().stream != current_.stream) break;
      ReleaseCurrent();
      StartNextPiece();
    }
    return out;
  }

  std::string TakeError() override { return std::exchange(error_, std::string()); }
  uint64_t TakeFilteredBytes() override { return std::exchange(pending_filtered_, 0); }

 private:
  struct Stream {
    std::string name;  // "" for lines before the first named one (or every line of an unnamed shape)
    StreamInfo info;
    std::vector<char> data;  // stripped lines not yet handed on: data[0, size)
    size_t size = 0;
    size_t record_start = 0;              // last line that starts a record, when > 0: where a flush may cut
    uint64_t filtered = 0;                // prefix bytes stripped from the lines in data
    uint64_t filtered_before_record = 0;  // of those, the ones before record_start
  };
  struct Piece {
    uint32_t stream = 0;
    std::vector<char> data;
    size_t size = 0;
    size_t pos = 0;
    uint64_t filtered = 0;
  };

  // ---- serving ----

  void StartNextPiece() {
    current_ = std::move(ready_.front());
    ready_.pop_front();
    has_current_ = true;
    pending_filtered_ += current_.filtered;
  }

  void ReleaseCurrent() {
    if (!has_current_) return;
    pool_.push_back(std::move(current_.data));
    current_ = Piece{};
    has_current_ = false;
  }

  std::vector<char> TakePooled() {
    if (pool_.empty()) return {};
    std::vector<char> buffer = std::move(pool_.back());
    pool_.pop_back();
    return buffer;
  }

  // ---- reading and routing lines ----

  // Reads and routes lines until a piece is ready or the input is done.
  void Pull() {
    while (ready_.empty() && !done_) {
      ProcessWindow();
      if (!ready_.empty()) return;
      if (eof_) {
        for (uint32_t i = 0; i < streams_.size(); ++i) Flush(i, /*whole=*/true);
        done_ = true;
        return;
      }
      Refill();
    }
  }

  void Refill() {
    if (begin_ > 0) {
      std::memmove(window_.data(), window_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (window_.size() < options_.read_block) window_.resize(options_.read_block);
    const size_t got = source_->Read(window_.data() + end_, window_.size() - end_);
    if (got == 0) {
      eof_ = true;
      error_ = source_->error();
      return;
    }
    end_ += got;
  }

  // Routes the window's bytes line by line; stops when a piece becomes ready
  // or more input is needed to see a line's prefix.
  void ProcessWindow() {
    while (begin_ < end_) {
      if (!mid_line_) {
        const char* p = window_.data() + begin_;
        const size_t avail = end_ - begin_;
        const size_t look = std::min(avail, kMaxPrefixBytes);
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', look));
        if (!nl && avail < kMaxPrefixBytes && !eof_) return;
        StartLine(std::string_view(p, nl ? static_cast<size_t>(nl - p) + 1 : look));
      }
      const char* p = window_.data() + begin_;
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end_ - begin_));
      const size_t take = nl ? static_cast<size_t>(nl - p) + 1 : end_ - begin_;
      Append(target_, p, take);
      begin_ += take;
      if (nl) {
        mid_line_ = false;
        EndLine();
        if (!ready_.empty()) return;
      } else if (streams_[target_].size >= options_.max_record_bytes) {
        Flush(target_, /*whole=*/true);  // a line longer than any record may be
        return;
      }
    }
  }

  // `head`: the line's first bytes (all of it when it ends in '\n').
  void StartLine(std::string_view head) {
    std::string_view name;
    size_t strip = MatchLinePrefix(head, shape_, &name);
    // A last line that is nothing but a prefix keeps it: its bytes stay visible.
    if (strip >= head.size() && head.back() != '\n') strip = 0;
    if (shape_.name == NamePrefix::kNone) {
      target_ = StreamFor("");
    } else if (strip > 0) {
      target_ = StreamFor(name);
      last_named_ = target_;
    } else {
      // No name: compose's own lines, or the wrapped rest of the line before.
      target_ = last_named_ != kNoStream ? last_named_ : StreamFor("");
    }
    Stream& stream = streams_[target_];
    begin_ += strip;
    if (stream.size > 0 && StartsRecord(window_.data() + begin_, window_.data() + end_)) {
      stream.record_start = stream.size;
      stream.filtered_before_record = stream.filtered;
    }
    stream.filtered += strip;
    mid_line_ = true;
  }

  void EndLine() {
    if (streams_[target_].size >= options_.flush_bytes) {
      Flush(target_, /*whole=*/streams_[target_].size >= options_.max_record_bytes);
    }
    if (buffered_ > options_.max_buffered_bytes) {
      uint32_t largest = 0;
      for (uint32_t i = 1; i < streams_.size(); ++i) {
        if (streams_[i].size > streams_[largest].size) largest = i;
      }
      Flush(largest, /*whole=*/streams_[largest].record_start == 0);
    }
  }

  void Append(uint32_t index, const char* p, size_t n) {
    Stream& stream = streams_[index];
    if (stream.data.size() < stream.size + n) {
      stream.data.resize(std::max({stream.size + n, stream.data.size() * 2, size_t{64} << 10}));
    }
    std::memcpy(stream.data.data() + stream.size, p, n);
    stream.size += n;
    buffered_ += n;
  }

  // Hands the stream's buffered lines on as a piece: up to its last record
  // start, or all of them when `whole` (end of input, an over-long record).
  void Flush(uint32_t index, bool whole) {
    Stream& stream = streams_[index];
    const size_t cut = whole ? stream.size : stream.record_start;
    if (cut == 0) return;
    const size_t tail = stream.size - cut;
    std::vector<char> rest = TakePooled();
    if (rest.size() < tail) rest.resize(tail);
    if (tail > 0) std::memcpy(rest.data(), stream.data.data() + cut, tail);
    Piece piece;
    piece.stream = index;
    piece.size = cut;
    piece.filtered = cut == stream.size ? stream.filtered : stream.filtered_before_record;
    piece.data = std::move(stream.data);
    stream.data = std::move(rest);
    stream.size = tail;
    stream.filtered -= piece.filtered;
    stream.record_start = 0;
    stream.filtered_before_record = 0;
    buffered_ -= cut;
    ready_.push_back(std::move(piece));
  }

  uint32_t StreamFor(std::string_view name) {
    if (last_found_ != kNoStream && streams_[last_found_].name == name) return last_found_;
    lookup_.assign(name);
    const auto it = index_.find(lookup_);
    if (it != index_.end()) return last_found_ = it->second;
    if (!name.empty() && streams_.size() >= kMaxNamedStreams) return StreamFor("");
    Stream stream;
    stream.name = lookup_;
    stream.info.path = input_.path;
    stream.info.kind = input_.kind;
    stream.info.prefix = prefix_name_;
    if (!name.empty()) {
      stream.info.section = stream.name;
      stream.info.kind = KindFromName(name, input_.kind);
      if (shape_.name == NamePrefix::kKubectl) stream.info.pod = std::string(name.substr(0, name.find('/')));
    }
    const auto index = static_cast<uint32_t>(streams_.size());
    streams_.push_back(std::move(stream));
    index_.emplace(lookup_, index);
    return last_found_ = index;
  }

  static constexpr uint32_t kNoStream = UINT32_MAX;

  InputFile input_;
  std::unique_ptr<ByteSource> source_;
  LinePrefixShape shape_;
  LinePrefixFilterOptions options_;
  std::string prefix_name_;

  std::vector<char> window_;  // input bytes not yet routed: window_[begin_, end_)
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool done_ = false;
  bool mid_line_ = false;
  uint32_t target_ = 0;  // stream of the line being routed

  std::vector<Stream> streams_;
  std::unordered_map<std::string, uint32_t> index_;
  std::string lookup_;  // reused key, so a lookup allocates nothing
  uint32_t last_found_ = kNoStream;
  uint32_t last_named_ = kNoStream;
  size_t buffered_ = 0;

  std::deque<Piece> ready_;
  Piece current_;
  bool has_current_ = false;
  std::vector<std::vector<char>> pool_;
  uint64_t pending_filtered_ = 0;
  std::string error_;
};

}  // namespace

std::string LinePrefixShape::Name() const {
  std::string out;
  switch (name) {
    case NamePrefix::kDockerCompose:
      out = "docker-compose";
      break;
    case NamePrefix::kKubectl:
      out = "kubectl";
      break;
    case NamePrefix::kNone:
      break;
  }
  std::string_view stamp_name;
  switch (stamp) {
    case StampPrefix::kTimestamp:
      stamp_name = "timestamps";
      break;
    case StampPrefix::kCri:
      stamp_name = "cri";
      break;
    case StampPrefix::kNone:
      break;
  }
  if (!stamp_name.empty()) {
    if (!out.empty()) out += '+';
    out += stamp_name;
  }
  return out;
}

size_t MatchLinePrefix(std::string_view line, LinePrefixShape shape, std::string_view* name) {
  size_t i = 0;
  if (shape.name != NamePrefix::kNone) {
    i = MatchName(line, shape.name, name);
    if (i == 0) return 0;
  }
  if (shape.stamp != StampPrefix::kNone) {
    const size_t stamp = MatchStamp(line.substr(i), shape.stamp == StampPrefix::kCri);
    if (stamp == 0 && shape.name == NamePrefix::kNone) return 0;
    i += stamp;
  }
  return i;
}

LinePrefixShape DetectLinePrefix(std::string_view head, bool whole_input) {
  constexpr int kNames = 3;
  constexpr int kStamps = 3;
  size_t votes[kNames][kStamps] = {};
  size_t headers = 0;  // lines that start a record, with or without a prefix
  size_t pos = 0;
  while (pos < head.size()) {
    const size_t nl = head.find('\n', pos);
    // A line cut by the end of head shows its prefix only when long enough.
    if (nl == std::string_view::npos && !whole_input && head.size() - pos < kMaxPrefixBytes) break;
    const size_t line_end = nl == std::string_view::npos ? head.size() : nl + 1;
    const std::string_view line = head.substr(pos, line_end - pos);
    pos = line_end;

    NamePrefix name = NamePrefix::kNone;
    size_t strip = MatchCompose(line, nullptr);
    if (strip > 0) {
      name = NamePrefix::kDockerCompose;
    } else if ((strip = MatchKubectl(line, nullptr)) > 0) {
      name = NamePrefix::kKubectl;
    }
    StampPrefix stamp = StampPrefix::kNone;
    size_t stamp_length = MatchStamp(line.substr(strip), /*cri=*/true);
    if (stamp_length > 0) {
      stamp = StampPrefix::kCri;
    } else if ((stamp_length = MatchStamp(line.substr(strip), /*cri=*/false)) > 0) {
      stamp = StampPrefix::kTimestamp;
    }
    strip += stamp_length;
    if (!StartsRecord(line.data() + strip, line.data() + line.size())) continue;
    ++headers;
    if (strip > 0) ++votes[static_cast<int>(name)][static_cast<int>(stamp)];
  }
  LinePrefixShape best;
  size_t best_votes = 0;
  for (int n = 0; n < kNames; ++n) {
    for (int s = 0; s < kStamps; ++s) {
      if (votes[n][s] > best_votes) {
        best_votes = votes[n][s];
        best = {static_cast<NamePrefix>(n), static_cast<StampPrefix>(s)};
      }
    }
  }
  if (best_votes == 0 || best_votes * 2 <= headers) return {};
  return best;
}

std::unique_ptr<StreamFramer> MakeLinePrefixFilter(const InputFile& input, std::unique_ptr<ByteSource> source,
                                                   LinePrefixShape shape,
                                                   const LinePrefixFilterOptions& options) {
  return std::make_unique<LinePrefixFilter>(input, std::move(source), shape, options);
}

}  // namespace flinkscan
