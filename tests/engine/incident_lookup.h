#pragma once
// Looking up incidents and their facts in an Analysis, in a form that reads
// well inside EXPECT_EQ.

#include <string>
#include <string_view>
#include <vector>

#include "engine/analysis.h"

namespace flinkscan::testing {

// The incidents of `kind`, in the Analysis' order. The pointers live as long as `a`.
inline std::vector<const Incident*> OfKind(const Analysis& a, std::string_view kind) {
  std::vector<const Incident*> out;
  for (const Incident& inc : a.incidents) {
    if (inc.kind == kind) out.push_back(&inc);
  }
  return out;
}

// The first value of fact `key`, or "<missing>" so that an absent fact fails
// an EXPECT_EQ with a readable message.
inline std::string Fact(const Incident& inc, std::string_view key) {
  for (const auto& [k, v] : inc.facts) {
    if (k == key) return v;
  }
  return "<missing>";
}

}  // namespace flinkscan::testing
