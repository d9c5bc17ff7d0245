#include "engine/yarn_framer.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/internal/text_match.h"
#include "engine/yarn_envelope.h"

namespace flinkscan {
namespace {

using text::StartsWith;

constexpr std::string_view kEnvelopeKey = "#envelope";
constexpr std::string_view kMarkerPrefix = "End of LogType:";
constexpr std::string_view kRunningSuffix = ". This log file";
// An envelope line longer than this is no header; it is passed on in pieces.
constexpr size_t kMaxEnvelopeLine = 64u << 10;
constexpr size_t kMaxQuotedLine = 100;
// While searching for a body's end, this many bytes before the search front
// are held back, so a missing marker's rule and blank lines can be handed
// back to the envelope.
constexpr size_t kSearchHoldBack = 512;


std::string Quoted(std::string_view text) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  std::string out = "\"";
  out.append(text.substr(0, kMaxQuotedLine));
  if (text.size() > kMaxQuotedLine) out += "…";
  out += "\"";
  return out;
}

void AppendError(std::string& errors, const std::string& error) {
  if (error.empty()) return;
  if (!errors.empty()) errors += "; ";
  errors += error;
}

// How a section's body is followed by its end marker. Learned from the
// sections whose LogLength checked out, used when one does not.
enum class TrailerForm : uint8_t {
  kNewlineThenMarker,  // Hadoop 2.8+ / 3: body "\n" End of LogType:<t>
  kMarkerAfterBody,    // Hadoop 2.6/2.7: body End of LogType:<t>
  kNoMarker,           // Hadoop ≤ 2.5: body "\n", then the next header
};

// Why a body is framed by searching rather than by its LogLength.
enum class SearchReason : uint8_t { kNoLength, kNotNumber, kExceedsInput, kMismatch, kLongBodyMismatch };

enum class SearchEnd : uint8_t { kMarker, kHeader, kEndOfInput };

class YarnFramer final : public StreamFramer {
 public:
  YarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source, const YarnFramerOptions& options)
      : input_(input), source_(std::move(source)), options_(options) {
    options_.read_block = std::max<size_t>(options_.read_block, 4096);
  }

  bool NextSegment(StreamInfo& info, std::string& key) override {
    segment_ended_ = false;
    info = StreamInfo{};
    info.path = input_.path;
    if (phase_ == Phase::kBody) {
      StartBody(info, key);
      return true;
    }
    // An input that ends in a read error still gets a segment to report it on.
    if (phase_ == Phase::kDone || (!EnsureBuffered(1) && error_.empty())) {
      phase_ = Phase::kDone;
      return false;
    }
    info.kind = StreamKind::kYarnEnvelope;
    info.count_only = true;
    key = kEnvelopeKey;
    ready_ = 0;
    contents_seen_ = false;
    outside_lines_ = 0;
    return true;
  }

  size_t Read(char* buf, size_t n) override {
    if (segment_ended_ || n == 0) return 0;
    const size_t got = phase_ == Phase::kBody ? ReadBody(buf, n) : ReadEnvelope(buf, n);
    if (got == 0) segment_ended_ = true;
    return got;
  }

  std::string TakeError() override { return std::exchange(error_, std::string()); }

 private:
  enum class Phase : uint8_t { kEnvelope, kBody, kDone };
  enum class BodyMode : uint8_t { kExact, kSearch };

  // ---- the window: bytes read from the source, not yet delivered ----

  uint64_t OffsetOf(size_t index) const { return window_offset_ + index; }
  size_t IndexOf(uint64_t offset) const { return static_cast<size_t>(offset - window_offset_); }
  size_t Available() const { return end_ - begin_; }

  // Reads once more into the window. False at the end of input.
  bool Refill(size_t want_available) {
    if (eof_) return false;
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      window_offset_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    const size_t capacity = std::max(want_available, end_ + options_.read_block);
    if (buf_.size() < capacity) buf_.resize(capacity);
    const size_t got = source_->Read(buf_.data() + end_, buf_.size() - end_);
    if (got == 0) {
      MarkEndOfInput();
      return false;
    }
    end_ += got;
    return true;
  }

  // At least `k` bytes available unless the input ends first.
  bool EnsureBuffered(size_t k) {
    while (Available() < k) {
      if (!Refill(k)) return Available() >= k;
    }
    return true;
  }

  void MarkEndOfInput() {
    eof_ = true;
    AppendError(error_, source_->error());
  }

  // ---- envelope ----

  size_t ReadEnvelope(char* buf, size_t n) {
    size_t out = 0;
    while (out < n) {
      if (ready_ == 0) {
        if (contents_seen_ || !TakeEnvelopeLine()) break;
        continue;
      }
      const size_t k = std::min(n - out, ready_);
      std::memcpy(buf + out, buf_.data() + begin_, k);
      begin_ += k;
      ready_ -= k;
      out += k;
    }
    if (out == 0) EndEnvelopeSegment();
    return out;
  }

  // Finds the next line at begin_, notes what it says and marks it ready.
  bool TakeEnvelopeLine() {
    size_t scanned = 0;
    const char* nl = nullptr;
    for (;;) {
      const size_t avail = Available();
      nl = static_cast<const char*>(std::memchr(buf_.data() + begin_ + scanned, '\n', avail - scanned));
      if (nl || avail >= kMaxEnvelopeLine) break;
      scanned = avail;
      if (!Refill(avail + options_.read_block)) break;
    }
    if (Available() == 0) return false;
    const char* start = buf_.data() + begin_;
    size_t line_size = nl ? static_cast<size_t>(nl - start) : std::min(Available(), kMaxEnvelopeLine);
    ready_ = nl ? line_size + 1 : line_size;
    const uint64_t line_offset = OffsetOf(begin_);
    const EnvelopeLine line = ClassifyEnvelopeLine(std::string_view(start, line_size));
    switch (line.type) {
      case EnvelopeLineType::kContainer:
        container_ = line.value;
        node_ = line.node;
        ResetSectionHeader();
        break;
      case EnvelopeLineType::kLogType:
        ResetSectionHeader();
        log_type_ = line.value;
        header_offset_ = line_offset;
        in_header_ = true;
        break;
      case EnvelopeLineType::kLogLength:
        length_text_ = line.value;
        have_length_ = true;
        length_offset_ = line_offset;
        if (!in_header_) header_offset_ = line_offset;
        in_header_ = true;
        break;
      case EnvelopeLineType::kContents:
        contents_seen_ = true;
        if (!have_length_) length_offset_ = line_offset;
        if (log_type_.empty()) {
          log_type_ = "unknown";
          AppendError(error_,
                      "byte " + std::to_string(line_offset) +
                          ": LogContents with no LogType before it; the section is named \"unknown\"");
        }
        break;
      case EnvelopeLineType::kBlank:
      case EnvelopeLineType::kHeaderField:
      case EnvelopeLineType::kRule:
      case EnvelopeLineType::kEndMarker:
        break;
      case EnvelopeLineType::kOther:
        if (outside_lines_++ == 0) {
          first_outside_offset_ = line_offset;
          first_outside_ = Quoted(std::string_view(start, line_size));
        }
        break;
    }
    return true;
  }

  void ResetSectionHeader() {
    log_type_.clear();
    length_text_.clear();
    have_length_ = false;
    in_header_ = false;
  }

  void EndEnvelopeSegment() {
    if (outside_lines_ > 0) {
      AppendError(error_,
                  "byte " + std::to_string(first_outside_offset_) + ": " + std::to_string(outside_lines_) +
                      (outside_lines_ == 1 ? " line" : " lines") +
                      " outside any LogType section (counted, not scanned), first: " + first_outside_);
      outside_lines_ = 0;
    }
    if (contents_seen_) {
      phase_ = Phase::kBody;
    } else {
      if (in_header_) {
        AppendError(error_, "byte " + std::to_string(header_offset_) +
                                ": the input ends inside the header of " + SectionName() +
                                "; it has no body");
      }
      phase_ = Phase::kDone;
    }
  }

  // ---- body ----

  std::string SectionName() const { return container_.empty() ? log_type_ : container_ + "/" + log_type_; }

  bool IsApplicationMaster(const std::string& container) const {
    const auto it = roles_.find(container);
    if (it != roles_.end()) {
      if (it->second.taskmanager) return false;
      if (it->second.jobmanager) return true;
    }
    return IsFirstContainerOfAttempt(container);
  }

  void StartBody(StreamInfo& info, std::string& key) {
    section_ = SectionName();
    const StreamKind by_name = ClassifyFileName(log_type_).kind;
    if (by_name == StreamKind::kJobManager) roles_[container_].jobmanager = true;
    if (by_name == StreamKind::kTaskManager) roles_[container_].taskmanager = true;
    info.section = section_;
    info.container = container_;
    info.host = std::string(HostOfNodeId(node_));
    info.kind = KindOfYarnLogType(log_type_, IsApplicationMaster(container_));
    key = section_;

    body_start_ = OffsetOf(begin_);
    body_delivered_ = 0;
    long_body_ = false;
    marker_needle_ = "\n";
    marker_needle_ += kMarkerPrefix;
    marker_needle_ += log_type_;
    const bool have_length = have_length_;
    const std::optional<uint64_t> length = have_length ? ParseLogLength(length_text_) : std::nullopt;
    declared_length_ = length.value_or(0);
    // The next section brings its own header (Hadoop 2 keeps only the container).
    log_type_.clear();
    have_length_ = false;
    in_header_ = false;
    if (!have_length) return StartSearch(SearchReason::kNoLength);
    if (!length) return StartSearch(SearchReason::kNotNumber);
    if (*length > options_.verify_bytes) {
      mode_ = BodyMode::kExact;
      remaining_ = *length;
      long_body_ = true;
      return;
    }
    const size_t body = static_cast<size_t>(*length);
    EnsureBuffered(body + TrailerProbeBytes());
    if (Available() < body) return StartSearch(SearchReason::kExceedsInput);
    if (!TrailerFollows(begin_ + body)) return StartSearch(SearchReason::kMismatch);
    mode_ = BodyMode::kExact;
    remaining_ = body;
  }

  size_t TrailerProbeBytes() const { return marker_needle_.size() + kRunningSuffix.size() + 16; }

  // "End of LogType:<t>" at `index`, ending its line (or the input, or the
  // running-container suffix). `undecided`: not enough bytes to tell.
  bool MarkerAt(size_t index, bool* undecided = nullptr) const {
    const std::string_view marker = std::string_view(marker_needle_).substr(1);
    const std::string_view rest(buf_.data() + index, end_ - index);
    const size_t common = std::min(rest.size(), marker.size());
    if (rest.substr(0, common) != marker.substr(0, common)) return false;
    if (rest.size() <= marker.size()) {
      if (undecided && !eof_) *undecided = true;
      return eof_ && rest.size() == marker.size();
    }
    const std::string_view after = rest.substr(marker.size());
    if (after[0] == '\n' || after[0] == '\r') return true;
    if (after[0] != '.') return false;
    if (after.size() < kRunningSuffix.size() && !eof_) {
      if (undecided && after == kRunningSuffix.substr(0, after.size())) *undecided = true;
      return false;
    }
    return StartsWith(after, kRunningSuffix);
  }

  bool HeaderAt(size_t index) const {
    const std::string_view rest(buf_.data() + index, end_ - index);
    return StartsWith(rest, "Container: ") || StartsWith(rest, "LogType:");
  }

  // Whether the bytes at `index` (just past LogLength bytes of body) are
  // the envelope's trailer; learns the trailer form from it.
  bool TrailerFollows(size_t index) {
    if (index < end_ && buf_[index] == '\n' && MarkerAt(index + 1)) {
      form_ = TrailerForm::kNewlineThenMarker;
      return true;
    }
    if (MarkerAt(index)) {
      form_ = TrailerForm::kMarkerAfterBody;
      return true;
    }
    size_t at = index;
    while (at < end_ && at < index + 3 && buf_[at] == '\n') ++at;
    if (at == end_ && eof_) return true;  // the input ends with the body (and its newline)
    if (at > index && HeaderAt(at)) {
      form_ = TrailerForm::kNoMarker;
      return true;
    }
    return false;
  }

  void StartSearch(SearchReason reason) {
    mode_ = BodyMode::kSearch;
    search_reason_ = reason;
    search_end_known_ = false;
    check_line_start_ = true;
    searched_to_ = OffsetOf(begin_);
  }

  size_t ReadBody(char* buf, size_t n) {
    for (;;) {
      const size_t got = mode_ == BodyMode::kExact ? ReadExact(buf, n) : ReadSearch(buf, n);
      if (got > 0) {
        body_delivered_ += got;
        return got;
      }
      // A long body whose trailer turned out wrong continues by search.
      if (mode_ == BodyMode::kSearch && !search_end_known_) continue;
      phase_ = Phase::kEnvelope;
      return 0;
    }
  }

  size_t ReadExact(char* buf, size_t n) {
    if (remaining_ == 0) {
      if (long_body_) {
        long_body_ = false;
        EnsureBuffered(TrailerProbeBytes());
        if (!TrailerFollows(begin_)) StartSearch(SearchReason::kLongBodyMismatch);
      }
      return 0;
    }
    const size_t want = static_cast<size_t>(std::min<uint64_t>(n, remaining_));
    size_t got = 0;
    if (Available() > 0) {
      got = std::min(want, Available());
      std::memcpy(buf, buf_.data() + begin_, got);
      begin_ += got;
    } else if (!eof_) {
      // Long bodies bypass the window: straight from the source into the reader's buffer.
      window_offset_ += begin_;
      begin_ = end_ = 0;
      got = source_->Read(buf, want);
      window_offset_ += got;
      if (got == 0) MarkEndOfInput();
    }
    if (got == 0) {
      AppendError(error_, "byte " + std::to_string(length_offset_) + ": LogLength " +
                              std::to_string(declared_length_) + " of " + section_ +
                              " exceeds the rest of the input: it ends after " +
                              std::to_string(body_delivered_) + " bytes of the body (section truncated)");
      remaining_ = 0;
      return 0;
    }
    remaining_ -= got;
    return got;
  }

  size_t ReadSearch(char* buf, size_t n) {
    while (!search_end_known_) {
      if (check_line_start_) {
        // The body may end before its first byte (an empty body, or a long
        // body already delivered up to its trailer).
        EnsureBuffered(TrailerProbeBytes());
        check_line_start_ = false;
        bool undecided = false;
        if (MarkerAt(begin_, &undecided)) {
          FinishSearch(OffsetOf(begin_), SearchEnd::kMarker);
          break;
        }
        if (HeaderAt(begin_) && body_delivered_ == 0) {
          FinishSearch(OffsetOf(begin_), SearchEnd::kHeader);
          break;
        }
      }
      size_t undecided_from = 0;
      SearchEnd how = SearchEnd::kMarker;
      const size_t match = FindBodyEnd(std::max(IndexOf(searched_to_), begin_), undecided_from, how);
      if (match != std::string::npos) {
        FinishSearch(OffsetOf(match), how);
        break;
      }
      searched_to_ = OffsetOf(undecided_from);
      if (undecided_from > begin_) break;  // bytes known to be body
      if (eof_) {
        FinishSearch(OffsetOf(end_), SearchEnd::kEndOfInput);
        break;
      }
      Refill(Available() + options_.read_block);
    }
    const size_t limit = search_end_known_ ? IndexOf(search_end_) : IndexOf(searched_to_);
    const size_t got = std::min(n, limit - begin_);
    std::memcpy(buf, buf_.data() + begin_, got);
    begin_ += got;
    return got;
  }

  // The first place in [from, end_) where the body ends: its end marker
  // (preferred) or, when that is missing, the next section's header line.
  // `undecided_from`: where matches could start that need more bytes to tell.
  size_t FindBodyEnd(size_t from, size_t& undecided_from, SearchEnd& how) const {
    undecided_from =
        eof_ ? end_ : std::max(from, end_ - std::min(end_, TrailerProbeBytes() + kSearchHoldBack));
    size_t best = std::string::npos;
    const char* base = buf_.data();
    for (size_t at = from; at < end_;) {
      const void* hit = memmem(base + at, end_ - at, marker_needle_.data(), marker_needle_.size());
      if (!hit) break;
      const size_t pos = static_cast<size_t>(static_cast<const char*>(hit) - base);
      bool undecided = false;
      if (MarkerAt(pos + 1, &undecided)) {
        best = pos;
        how = SearchEnd::kMarker;
        break;
      }
      if (undecided) {
        undecided_from = std::min(undecided_from, pos);
        break;
      }
      at = pos + 1;
    }
    for (std::string_view header : {std::string_view("\nContainer: "), std::string_view("\nLogType:")}) {
      const size_t limit = std::min(best, end_);
      if (limit <= from) break;
      const void* hit = memmem(base + from, limit - from, header.data(), header.size());
      if (hit) {
        best = static_cast<size_t>(static_cast<const char*>(hit) - base);
        how = SearchEnd::kHeader;
      }
    }
    if (best != std::string::npos && best >= undecided_from) return std::string::npos;
    return best;
  }

  // The blank and rule lines just before `line_start` (the trailer of a
  // section whose marker is missing) go back to the envelope; the body keeps
  // its own last newline.
  size_t GiveBackTrailer(size_t line_start) const {
    size_t at = line_start;
    while (at > begin_ + 1 && buf_[at - 1] == '\n') {
      const void* nl = memrchr(buf_.data() + begin_, '\n', at - 1 - begin_);
      if (!nl) break;
      const size_t start = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      const EnvelopeLineType type =
          ClassifyEnvelopeLine(std::string_view(buf_.data() + start, at - 1 - start)).type;
      if (type != EnvelopeLineType::kBlank && type != EnvelopeLineType::kRule) break;
      at = start;
    }
    return at;
  }

  // `at` is the '\n' before the marker or header, or the end of input.
  void FinishSearch(uint64_t at, SearchEnd how) {
    search_end_known_ = true;
    // The newline before the marker is the envelope's in Hadoop 3, the
    // body's last byte in Hadoop 2.7; a missing marker leaves it with the body.
    const bool newline_to_body =
        how == SearchEnd::kHeader || (how == SearchEnd::kMarker && form_ == TrailerForm::kMarkerAfterBody);
    search_end_ = at;
    if (at < OffsetOf(end_) && buf_[IndexOf(at)] == '\n' && newline_to_body) ++search_end_;
    if (how == SearchEnd::kHeader) search_end_ = OffsetOf(GiveBackTrailer(IndexOf(search_end_)));
    search_end_ = std::max(search_end_, OffsetOf(begin_));  // bytes before begin_ are delivered
    const uint64_t body_size = body_delivered_ + (search_end_ - OffsetOf(begin_));

    std::string why;
    const std::string length = "LogLength " + std::to_string(declared_length_) + " of " + section_;
    switch (search_reason_) {
      case SearchReason::kNoLength:
        if (how == SearchEnd::kMarker) return;  // a running container's section has no LogLength
        why = section_ + " has no LogLength";
        break;
      case SearchReason::kNotNumber:
        why = "LogLength " + Quoted(length_text_) + " of " + section_ + " is not a number";
        break;
      case SearchReason::kExceedsInput:
        why = length + " exceeds the " + std::to_string(OffsetOf(end_) - body_start_) +
              " bytes left in the input";
        break;
      case SearchReason::kMismatch:
      case SearchReason::kLongBodyMismatch:
        why = length + " is not followed by its end marker";
        break;
    }
    std::string framed;
    switch (how) {
      case SearchEnd::kMarker:
        framed = "framed by end marker";
        break;
      case SearchEnd::kHeader:
        framed = "no end marker, framed by the next section header";
        break;
      case SearchEnd::kEndOfInput:
        framed = "no end marker, the section runs to the end of the input";
        break;
    }
    AppendError(error_, "byte " + std::to_string(length_offset_) + ": " + why + "; " + framed + " (" +
                            std::to_string(body_size) + " bytes)");
  }

  struct ContainerRole {
    bool jobmanager = false;
    bool taskmanager = false;
  };

  InputFile input_;
  std::unique_ptr<ByteSource> source_;
  YarnFramerOptions options_;

  std::vector<char> buf_;
  size_t begin_ = 0;  // next byte to deliver
  size_t end_ = 0;
  uint64_t window_offset_ = 0;  // input offset of buf_[0]
  bool eof_ = false;

  Phase phase_ = Phase::kEnvelope;
  bool segment_ended_ = false;
  std::string error_;  // for the current segment

  // Envelope: the current line's bytes still to deliver; the header so far.
  size_t ready_ = 0;
  bool contents_seen_ = false;
  bool in_header_ = false;
  std::string container_;
  std::string node_;
  std::string log_type_;
  std::string length_text_;
  bool have_length_ = false;
  uint64_t header_offset_ = 0;
  uint64_t length_offset_ = 0;
  uint64_t outside_lines_ = 0;
  uint64_t first_outside_offset_ = 0;
  std::string first_outside_;
  std::unordered_map<std::string, ContainerRole> roles_;
  TrailerForm form_ = TrailerForm::kNewlineThenMarker;

  // Body.
  std::string section_;
  std::string marker_needle_;  // "\nEnd of LogType:<t>"
  BodyMode mode_ = BodyMode::kExact;
  uint64_t body_start_ = 0;
  uint64_t body_delivered_ = 0;
  uint64_t declared_length_ = 0;
  uint64_t remaining_ = 0;
  bool long_body_ = false;
  SearchReason search_reason_ = SearchReason::kNoLength;
  bool search_end_known_ = false;
  bool check_line_start_ = false;
  uint64_t searched_to_ = 0;
  uint64_t search_end_ = 0;
};

// A line of the envelope that opens a section: the Container header or
// (Hadoop 2 `-containerId`, no Container header) a LogType line.
bool OpensSection(const EnvelopeLine& line) {
  return line.type == EnvelopeLineType::kContainer || line.type == EnvelopeLineType::kLogType;
}

}  // namespace

bool LooksLikeYarnEnvelope(std::string_view head) {
  // The first envelope line may follow a few lines the yarn CLI logs itself
  // ("INFO client.RMProxy: Connecting to ResourceManager …") when stderr
  // was captured too; it must be followed by the section header's own lines.
  constexpr int kMaxLinesBefore = 10;
  constexpr int kMaxHeaderLines = 6;
  int lines_before = 0;
  int header_lines = -1;  // -1: no opening line yet
  bool container_seen = false;
  size_t at = 0;
  while (at < head.size()) {
    const size_t nl = head.find('\n', at);
    if (nl == std::string_view::npos) break;  // a cut line proves nothing
    const EnvelopeLine line = ClassifyEnvelopeLine(head.substr(at, nl - at));
    at = nl + 1;
    if (header_lines < 0) {
      if (line.type == EnvelopeLineType::kBlank) continue;
      if (OpensSection(line)) {
        header_lines = 0;
        container_seen = line.type == EnvelopeLineType::kContainer;
        continue;
      }
      if (++lines_before > kMaxLinesBefore) return false;
      continue;
    }
    switch (line.type) {
      case EnvelopeLineType::kLogLength:
      case EnvelopeLineType::kContents:
        return true;
      case EnvelopeLineType::kLogType:
      case EnvelopeLineType::kHeaderField:
        if (container_seen) return true;
        break;
      case EnvelopeLineType::kRule:
      case EnvelopeLineType::kBlank:
        break;
      default:
        return false;
    }
    if (++header_lines > kMaxHeaderLines) return false;
  }
  return false;
}

std::unique_ptr<StreamFramer> MakeYarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source,
                                             const YarnFramerOptions& options) {
  return std::make_unique<YarnFramer>(input, std::move(source), options);
}

std::unique_ptr<StreamFramer> MakeYarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source) {
  return MakeYarnFramer(input, std::move(source), YarnFramerOptions{});
}

}  // namespace flinkscan
