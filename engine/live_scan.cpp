#include "engine/live_scan.h"

#include <cstring>

#include "engine/chunk_reader.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

constexpr int kMaxNotesPerStream = 10;

double UnixSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

LiveScan::LiveScan(std::shared_ptr<const Matcher> matcher, LiveScanOptions options)
    : matcher_(std::move(matcher)),
      options_(std::move(options)),
      scanner_(matcher_),
      follower_(options_.paths, options_.follower),
      aggregator_(std::make_unique<Aggregator>(options_.aggregator)),
      metrics_(options_.caps),
      started_(std::chrono::steady_clock::now()) {}

Result<std::unique_ptr<LiveScan>> LiveScan::Create(std::shared_ptr<const Matcher> matcher, LiveScanOptions options) {
  std::unique_ptr<LiveScan> live(new LiveScan(std::move(matcher), std::move(options)));
  const Status status = live->matcher_->AllocateScratch(live->scratch_);
  if (!status.ok()) return status;
  return live;
}

LiveScan::FileState& LiveScan::StateFor(const FollowedBytes& batch) {
  if (file_stream_.size() <= batch.file_id) file_stream_.resize(batch.file_id + 1, UINT64_MAX);
  if (file_stream_[batch.file_id] == UINT64_MAX) {
    file_stream_[batch.file_id] = files_.size();
    FileState fresh;
    fresh.stream = static_cast<uint32_t>(files_.size());
    fresh.path = std::string(batch.path);
    fresh.kind = batch.kind;
    files_.push_back(std::move(fresh));
  }
  return files_[file_stream_[batch.file_id]];
}

void LiveScan::ScanChunk(FileState& file, size_t size, std::string read_error) {
  Chunk& chunk = chunk_;
  chunk.ResetResults();
  if (chunk.buffer.size() < size) chunk.buffer.resize(size);
  std::memcpy(chunk.buffer.data(), file.held.data(), size);
  chunk.size = size;
  const bool starts_with_record = size > 0 && StartsRecord(chunk.buffer.data(), chunk.buffer.data() + size);
  chunk.stream = file.stream;
  chunk.first_in_stream = !file.registered;
  if (chunk.first_in_stream) {
    chunk.stream_info = StreamInfo{};
    chunk.stream_info.path = file.path;
    chunk.stream_info.kind = file.kind;
  }
  chunk.stream_offset = file.offset;
  chunk.sequence = sequence_++;
  chunk.last_in_segment = false;
  chunk.count_only = false;
  chunk.free_text = file.kind == StreamKind::kStdout || file.kind == StreamKind::kYarnOther;
  chunk.open_failed = false;
  chunk.starts_in_orphan_region = !file.seen_record && !starts_with_record;
  chunk.split_inside_record = false;
  chunk.read_error = std::move(read_error);
  chunk.filtered_bytes = 0;
  scanner_.Scan(chunk, scratch_);
  aggregator_->Consume(chunk);
  metrics_.Observe(chunk, aggregator_->streams()[file.stream]);
  file.registered = true;
  if (chunk.stats.records > 0) file.seen_record = true;
  file.offset += size;
  window_events_ += chunk.events.size();
  dirty_ = true;
  if (window_events_ > options_.max_report_events) {
    // A fresh window: the next chunk of every stream introduces it again.
    aggregator_ = std::make_unique<Aggregator>(options_.aggregator);
    for (FileState& f : files_) f.registered = false;
    window_events_ = 0;
    ++windows_;
  }
}

void LiveScan::Feed(FileState& file, std::string_view lines, bool flush) {
  file.held.insert(file.held.end(), lines.begin(), lines.end());
  while (!file.held.empty()) {
    const char* data = file.held.data();
    const size_t size = file.held.size();
    const bool starts_with_record = StartsRecord(data, data + size);
    const size_t cut = flush ? size : ChunkReader::FindCut(data, size, false, starts_with_record, options_.max_record_bytes);
    if (cut == 0) return;
    ScanChunk(file, cut, std::move(file.note));
    file.note.clear();
    file.held.erase(file.held.begin(), file.held.begin() + static_cast<long>(cut));
    if (!flush) return;  // what remains starts a record that may still grow
  }
}

void LiveScan::Poll() {
  for (FileState& f : files_) f.grew = false;
  follower_.Poll(
      [&](const FollowedBytes& batch) {
        FileState& file = StateFor(batch);
        if (batch.restarted) {
          Feed(file, {}, true);  // what was held came before the truncation
          if (file.notes < kMaxNotesPerStream) {
            ++file.notes;
            file.note = "byte " + std::to_string(file.offset) + ": the file was truncated; reading again from its start";
          }
        }
        Feed(file, batch.lines, false);
        file.grew = true;
        file.quiet = 0;
      },
      [&](uint64_t file_id) {
        if (file_id >= file_stream_.size() || file_stream_[file_id] == UINT64_MAX) return;
        FileState& file = files_[file_stream_[file_id]];
        Feed(file, {}, true);
        file.active = false;
      });
  for (FileState& f : files_) {
    if (!f.active || f.grew || f.held.empty()) continue;
    if (++f.quiet >= options_.quiet_polls) Feed(f, {}, true);
  }
  last_poll_unix_ = UnixSeconds();
}

const Analysis& LiveScan::Snapshot() {
  if (dirty_) {
    Aggregator copy = *aggregator_;  // Finalize consumes its state; the live one keeps going
    const double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    snapshot_ = copy.Finalize({}, uptime);
    dirty_ = false;
  }
  return snapshot_;
}

std::vector<MetricFamily> LiveScan::Metrics() {
  RunFigures run;
  run.follow = true;
  run.finished_unix_seconds = UnixSeconds();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const FollowerStats& stats = follower_.stats();
  run.follow_figures.files = stats.files;
  run.follow_figures.lag_bytes = stats.lag_bytes;
  for (const FileState& f : files_) run.follow_figures.lag_bytes += f.held.size();
  run.follow_figures.rotations = stats.rotations;
  run.follow_figures.truncations = stats.truncations;
  run.follow_figures.last_poll_unix_seconds = last_poll_unix_;
  return metrics_.Families(&Snapshot(), run);
}

}  // namespace flinkscan
