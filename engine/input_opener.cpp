#include "engine/input_opener.h"

#include "engine/byte_source.h"
#include "engine/peek_source.h"

namespace flinkscan {

Result<std::unique_ptr<StreamFramer>> OpenInput(const InputFile& input) {
  Result<std::unique_ptr<ByteSource>> opened = OpenByteSource(input);
  if (!opened.ok()) return opened.status();
  // Decoders and the YARN framer (issue 3) hook in here, chosen by content.
  return MakePlainFramer(input, std::move(opened).value());
}

}  // namespace flinkscan
