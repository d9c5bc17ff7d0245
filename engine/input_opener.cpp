#include "engine/input_opener.h"

#include <fcntl.h>
#include <unistd.h>

#include "engine/archive_framer.h"
#include "engine/binary_input.h"
#include "engine/byte_source.h"
#include "engine/line_prefix_filter.h"
#include "engine/peek_source.h"
#include "engine/prefetch_source.h"
#include "engine/reversed_log_filter.h"
#include "engine/yarn_framer.h"

namespace flinkscan {
namespace {

// An input whose bytes a decoder, archive reader, framer or filter changes: read(), never mapped.
OpenedInput Unmapped(std::unique_ptr<StreamFramer> framer) {
  OpenedInput opened;
  opened.framer = std::move(framer);
  return opened;
}

}  // namespace

Result<std::unique_ptr<StreamFramer>> OpenInput(const InputFile& input) {
  Result<OpenedInput> opened = OpenInputForChunking(input, false);
  if (!opened.ok()) return opened.status();
  return std::move(opened.value().framer);
}

Result<OpenedInput> OpenInputForChunking(const InputFile& input, bool map_files) {
  Result<std::unique_ptr<ByteSource>> opened = OpenByteSource(input);
  if (!opened.ok()) return opened.status();
  const int file_fd = input.is_stdin ? -1 : opened.value()->file_descriptor();
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
  if (LooksLikeTar(source->Peek(512))) return Unmapped(MakeArchiveFramer(input, std::move(source)));

  // --- YARN aggregated output ---
  if (LooksLikeYarnEnvelope(source->Peek(4096))) return Unmapped(MakeYarnFramer(input, std::move(source)));

  // --- line filters: binary content, line prefixes, newest-first order ---
  // Judged on the first 64 KiB; each filter hands on ordinary log lines.
  // A prefixed input is not also checked for reversal.
  {
    constexpr size_t kHeadBytes = 64u << 10;
    const std::string_view head = source->Peek(kHeadBytes);
    const bool whole_input = head.size() < kHeadBytes;
    BinaryVerdict binary = JudgeBinary(head, whole_input);
    if (!binary.message.empty()) {
      return Unmapped(MakeBinaryInputFramer(input, std::move(source), std::move(binary)));
    }
    const LinePrefixShape prefix = DetectLinePrefix(head, whole_input);
    if (prefix.any()) return Unmapped(MakeLinePrefixFilter(input, std::move(source), prefix));
    if (LooksReversed(head, whole_input)) return Unmapped(MakeReversedLogFilter(input, std::move(source)));
  }

  // --- a plain log: its bytes pass unchanged, so a mapping of the file can stand in for reads ---
  // The mapping gets its own descriptor of the same open file (not the path again, which rotation may
  // have pointed at another file by now).
  std::unique_ptr<MappedFile> mapped;
  if (map_files && layers == 0 && file_fd >= 0) {
    mapped = MappedFile::Adopt(::fcntl(file_fd, F_DUPFD_CLOEXEC, 0));
  }
  return OpenedInput{MakePlainFramer(input, std::move(source)), std::move(mapped)};
}

}  // namespace flinkscan
