#pragma once
// `yarn logs -applicationId X` output: one logical stream per (container,
// log type) section, framed by LogLength, plus the envelope's own lines as a
// count-only stream of kind yarn-envelope (design.md "YARN framing").

#include <cstddef>
#include <memory>
#include <string_view>

#include "engine/byte_source.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

// True when `head` (the first bytes of the decoded input) opens a YARN
// aggregated-log envelope (Hadoop 3 or Hadoop 2 form).
bool LooksLikeYarnEnvelope(std::string_view head);

std::unique_ptr<StreamFramer> MakeYarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source);

struct YarnFramerOptions {
  // A body up to this size is read ahead and checked against its end marker
  // before any of it is delivered, so a lying LogLength is caught before it
  // swallows the next sections. A larger body streams straight into the
  // reader's buffer and is checked when it ends.
  size_t verify_bytes = 4u << 20;
  size_t read_block = 1u << 20;  // bytes asked of the source per read
};

std::unique_ptr<StreamFramer> MakeYarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source,
                                             const YarnFramerOptions& options);

}  // namespace flinkscan
