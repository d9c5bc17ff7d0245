#pragma once
// Sizes and durations as people read them, shared by the text and Markdown
// reports so both print the same figures.

#include <cstdint>
#include <string>

namespace flinkscan {

std::string HumanBytes(uint64_t bytes);  // "847 B", "27.8 KiB", "1.2 GiB"
std::string HumanMillis(double ms);      // "53 ms", "16.377 s"

}  // namespace flinkscan
