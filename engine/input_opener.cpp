#include "engine/input_opener.h"

#include "engine/archive_framer.h"
#include "engine/byte_source.h"
#include "engine/peek_source.h"
#include "engine/yarn_framer.h"

namespace flinkscan {

Result<std::unique_ptr<StreamFramer>> OpenInput(const InputFile& input) {
  Result<std::unique_ptr<ByteSource>> opened = OpenByteSource(input);
  if (!opened.ok()) return opened.status();
  auto source = std::make_unique<PeekSource>(std::move(opened).value());

  // --- decoders and archives (gzip, zstd, tar) ---
  // By magic bytes, whatever the name; a decoded stream goes on to the checks below.
  int layers = 0;
  source = Decompress(std::move(source), layers);
  if (LooksLikeTar(source->Peek(512))) return MakeArchiveFramer(input, std::move(source));

  // --- YARN aggregated output ---
  if (LooksLikeYarnEnvelope(source->Peek(4096))) return MakeYarnFramer(input, std::move(source));

  return MakePlainFramer(input, std::move(source));
}

}  // namespace flinkscan
