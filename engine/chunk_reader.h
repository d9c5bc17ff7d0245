#pragma once
// The chunker: opens inputs one after another, frames each into logical
// streams, reads them into pooled buffers and cuts each stream into chunks at
// record starts, so no record is ever split between two chunks (a record
// longer than the chunk extends it, up to a cap). Serial by design: one
// reader feeds the pipeline.
//
// A plain regular file is not copied at all: its chunks are views into
// windows of a memory map of it (engine/mapped_file.h), cut at exactly the
// places the read() path cuts (the read path's fills are replayed as offsets,
// so the chunk sequence is byte-identical for every chunk size). The last
// stage of the pipeline calls StopAtShrink on every chunk before it is
// consumed: a file that shrank under its mapping ends its stream there, with
// an error, and no zero byte of a lost page is ever counted.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/chunk.h"
#include "engine/mapped_file.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

struct ChunkReaderOptions {
  size_t target_chunk_bytes = 2u << 20;     // performance.md: 64 KiB..16 MiB all fine; 2 MiB default
  size_t max_record_bytes = 256u << 20;     // a longer record is cut at a line boundary
  uint64_t max_decoded_bytes = kDefaultMaxDecodedBytes;  // per input, its gzip/zstd output (--max-decoded-bytes)
  bool decode_ahead = false;  // decoders on their own thread; set by the pipeline when a core is free
  // Plain regular files through memory maps, not read() copies (docs/performance.md). The environment
  // variable FLINKSCAN_READ_FILES=copy forces read() whatever this says (for comparisons).
  bool map_files = true;
  // One mapping; a longer chunk gets a longer one. Mapped pages count in RSS until the window is released:
  // 8 MiB keeps them ~25 MB at -j 2 and scans as fast as 32 or 128 MiB (docs/performance.md).
  size_t map_window_bytes = 8u << 20;
};

class ChunkReader {
 public:
  ChunkReader(const std::vector<InputFile>& inputs, ChunkReaderOptions options);
  ~ChunkReader();
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // Fills `chunk` with the next piece (buffers reused). Returns false when
  // every input is exhausted. Every stream yields at least one chunk, so
  // empty and unopenable inputs are accounted for.
  bool Next(Chunk& chunk);

  // Where the chunk may be cut: one past the last byte of the chunk. Exposed
  // for tests (the boundary matrix). `at_eof`: no more bytes follow.
  static size_t FindCut(const char* data, size_t size, bool at_eof, bool starts_with_record,
                        size_t max_record_bytes);

  // For the pipeline's serial last stage, in chunk order, before a chunk is consumed: when the mapped file
  // under the chunk shrank (truncated, copytruncate-rotated) so that some of its bytes are gone, cuts the
  // chunk where the file ended (to nothing if it lies wholly past it), names the shrink in its read_error
  // once per file, and returns true: its scan results must be thrown away and the chunk scanned again.
  static bool StopAtShrink(Chunk& chunk);

  // True when the environment forces read() (FLINKSCAN_READ_FILES=copy).
  static bool MapsDisabledByEnvironment();

 private:
  bool OpenNextInput(Chunk& error_chunk, bool& emitted_error);
  void Fill(std::vector<char>& buf, size_t& size, size_t want);
  // The read() path's Fill replayed on the mapping: the same sizes and the same end-of-input verdicts.
  // Returns the view of [offset, offset + size).
  const char* FillMapped(uint64_t offset, size_t& size, size_t want);
  // Maps a window holding [offset, end) unless the current one does. Returns where the bytes held end:
  // `end`, or sooner where the file ends (or a mapping failed: error_ says why).
  uint64_t HoldMapped(uint64_t offset, uint64_t end);
  void ReportShrink(uint64_t content_end);  // stops the file there and names it in error_, once per file
  void AppendError(const std::string& error);
  // The mapped file shrank below offset + size: the stream ends where it did. Returns true when it had.
  bool CheckShrink(uint64_t offset, size_t& size);

  const std::vector<InputFile>& inputs_;
  ChunkReaderOptions options_;
  size_t next_input_ = 0;
  std::unique_ptr<StreamFramer> framer_;
  std::map<std::string, uint32_t> stream_ids_;  // segment key -> global id, for the current input
  uint32_t next_stream_id_ = 0;

  // Current segment.
  bool in_segment_ = false;
  bool eof_ = true;
  bool segment_started_ = false;
  bool pending_first_ = false;
  bool seen_record_ = false;
  bool count_only_ = false;
  uint32_t stream_ = 0;
  StreamInfo info_;
  std::map<uint32_t, uint64_t> stream_offsets_;
  uint64_t sequence_ = 0;
  std::vector<char> carry_;      // bytes read past the previous cut
  size_t carry_size_ = 0;
  std::string error_;

  // The current input, when read through a mapping (carry_ is then unused: the bytes stay in the map).
  std::unique_ptr<MappedFile> mapped_;
  std::shared_ptr<MappedWindow> window_;
  uint64_t mapped_read_end_ = 0;  // where the read() path would have read to: the carry is [offset, here)
};

}  // namespace flinkscan
