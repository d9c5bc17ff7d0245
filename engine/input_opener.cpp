#include "engine/input_opener.h"

#include "engine/archive_framer.h"
#include "engine/binary_input.h"
#include "engine/byte_source.h"
#include "engine/line_prefix_filter.h"
#include "engine/peek_source.h"
#include "engine/prefetch_source.h"
#include "engine/reversed_log_filter.h"
#include "engine/yarn_framer.h"

namespace flinkscan {

Result<std::unique_ptr<StreamFramer>> OpenInput(const InputFile& input) {
  Result<std::unique_ptr<ByteSource>> opened = OpenByteSource(input);
  if (!opened.ok()) return opened.status();
  auto source = std::make_unique<PeekSource>(std::move(opened).value());

  // --- decoders and archives (gzip, zstd, tar) ---
  // By magic bytes, whatever the name; a decoded stream goes on to the checks below.
  int layers = 0;
  source = Decompress(std::move(source), layers, input.max_decoded_bytes);
  // Decoding then overlaps scanning (docs/performance.md). Not for stdin: a
  // pipe that never ends would keep the decoder thread from stopping.
  if (layers > 0 && input.decode_ahead && !input.is_stdin) {
    source = std::make_unique<PeekSource>(MakePrefetchSource(std::move(source)));
  }
  if (LooksLikeTar(source->Peek(512))) return MakeArchiveFramer(input, std::move(source));

  // --- YARN aggregated output ---
  if (LooksLikeYarnEnvelope(source->Peek(4096))) return MakeYarnFramer(input, std::move(source));

  // --- line filters: binary content, line prefixes, newest-first order ---
  // Judged on the first 64 KiB; each filter hands on ordinary log lines.
  // A prefixed input is not also checked for reversal.
  {
    constexpr size_t kHeadBytes = 64u << 10;
    const std::string_view head = source->Peek(kHeadBytes);
    const bool whole_input = head.size() < kHeadBytes;
    BinaryVerdict binary = JudgeBinary(head, whole_input);
    if (!binary.message.empty()) return MakeBinaryInputFramer(input, std::move(source), std::move(binary));
    const LinePrefixShape prefix = DetectLinePrefix(head, whole_input);
    if (prefix.any()) return MakeLinePrefixFilter(input, std::move(source), prefix);
    if (LooksReversed(head, whole_input)) return MakeReversedLogFilter(input, std::move(source));
  }

  return MakePlainFramer(input, std::move(source));
}

}  // namespace flinkscan
