#pragma once
// The JSON sink: renders an Analysis as the "flinkscan/1" document described
// in docs/json-schema.md. Key order is fixed and the output depends only on
// the Analysis, so equal analyses render to equal bytes.

#include <string>

#include "engine/analysis.h"

namespace flinkscan {

inline constexpr char kJsonSchemaVersion[] = "flinkscan/1";

struct JsonOptions {
  // totals.seconds is the only field that differs between runs over the same
  // input; false writes it as null so outputs compare byte-for-byte.
  bool include_timing = true;
};

// Pretty-printed (2-space indent), newline-terminated, valid UTF-8.
std::string RenderJson(const Analysis& analysis, const JsonOptions& options = {});

}  // namespace flinkscan
