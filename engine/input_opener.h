#pragma once
// Turns an input into logical streams: opens it, recognises compression by
// magic bytes (not by name), unpacks archives, and frames `yarn logs` output
// by container and log type. The one place where input formats are chosen.

#include <memory>

#include "base/status.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

Result<std::unique_ptr<StreamFramer>> OpenInput(const InputFile& input);

}  // namespace flinkscan
