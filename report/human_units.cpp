#include "report/human_units.h"

#include <fmt/format.h>

#include <iterator>
#include <string_view>

namespace flinkscan {

std::string HumanBytes(uint64_t bytes) {
  constexpr std::string_view kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string HumanMillis(double ms) {
  if (ms < 1000) return fmt::format("{:g} ms", ms);
  return fmt::format("{:.3f} s", ms / 1000);
}

}  // namespace flinkscan
