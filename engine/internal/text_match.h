#pragma once
// Substring tests on names and message text, written once for engine/.
// Internal to engine/.

#include <string_view>

namespace flinkscan::text {

inline bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
inline bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
inline bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

}  // namespace flinkscan::text
