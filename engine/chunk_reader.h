#pragma once
// The chunker: opens inputs one after another, frames each into logical
// streams, reads them into pooled buffers and cuts each stream into chunks at
// record starts, so no record is ever split between two chunks (a record
// longer than the chunk extends it, up to a cap). Serial by design: one
// reader feeds the pipeline.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/chunk.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

struct ChunkReaderOptions {
  size_t target_chunk_bytes = 2u << 20;     // performance.md: 64 KiB..16 MiB all fine; 2 MiB default
  size_t max_record_bytes = 256u << 20;     // a longer record is cut at a line boundary
  uint64_t max_decoded_bytes = kDefaultMaxDecodedBytes;  // per input, its gzip/zstd output (--max-decoded-bytes)
  bool decode_ahead = false;  // decoders on their own thread; set by the pipeline when a core is free
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

 private:
  bool OpenNextInput(Chunk& error_chunk, bool& emitted_error);
  void Fill(std::vector<char>& buf, size_t& size, size_t want);

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
};

}  // namespace flinkscan
