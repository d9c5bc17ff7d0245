#include <string>
#include <string_view>

#include "engine/analysis.h"

namespace flinkscan {

namespace {

bool EqualsIgnoringCase(const std::string& text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

// Case-insensitive so `--fail-on CRITICAL` works; -1 for anything else, so the
// CLI can reject an unknown level instead of silently treating it as info.
int SeverityRank(const std::string& severity) {
  if (EqualsIgnoringCase(severity, "critical")) return 2;
  if (EqualsIgnoringCase(severity, "warning")) return 1;
  if (EqualsIgnoringCase(severity, "info")) return 0;
  return -1;
}

}  // namespace flinkscan
