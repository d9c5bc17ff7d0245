#include "base/wall_time.h"

#include <fmt/format.h>

#include <cstdlib>

namespace flinkscan {

int64_t DaysFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

namespace {
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

std::string FormatIso(WallTime t, const TimeResolution& resolution) {
  if (!t.known()) return "";
  int64_t ms = t.ms;
  bool has_date = t.has_date;
  if (!has_date && resolution.date_base_days) {
    ms += *resolution.date_base_days * kMillisPerDay;
    has_date = true;
  }
  const int64_t days = FloorDiv(ms, kMillisPerDay);
  const int64_t in_day = ms - days * kMillisPerDay;
  const int hh = static_cast<int>(in_day / 3'600'000);
  const int mm = static_cast<int>(in_day / 60'000 % 60);
  const int ss = static_cast<int>(in_day / 1000 % 60);
  const int sss = static_cast<int>(in_day % 1000);
  std::string out;
  if (has_date) {
    const CivilDate d = CivilFromDays(days);
    out = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}", d.year, d.month, d.day, hh, mm,
                      ss, sss);
    if (resolution.offset_minutes) {
      const int32_t off = *resolution.offset_minutes;
      out += fmt::format("{}{:02d}:{:02d}", off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
    }
  } else {
    out = fmt::format("T{:02d}:{:02d}:{:02d}.{:03d}", hh, mm, ss, sss);
  }
  return out;
}

std::optional<int64_t> ToEpochMillis(WallTime t, const TimeResolution& resolution) {
  if (!t.known() || !resolution.offset_minutes) return std::nullopt;
  int64_t ms = t.ms;
  if (!t.has_date) {
    if (!resolution.date_base_days) return std::nullopt;
    ms += *resolution.date_base_days * kMillisPerDay;
  }
  return ms - int64_t{*resolution.offset_minutes} * 60'000;
}

std::optional<int32_t> InferOffsetMinutes(WallTime wall, int64_t epoch_ms) {
  if (!wall.known()) return std::nullopt;
  int64_t diff;
  if (wall.has_date) {
    diff = wall.ms - epoch_ms;
  } else {
    const int64_t wall_tod = wall.ms % kMillisPerDay;
    const int64_t epoch_tod = ((epoch_ms % kMillisPerDay) + kMillisPerDay) % kMillisPerDay;
    diff = wall_tod - epoch_tod;
    if (diff > 14 * 3'600'000) diff -= kMillisPerDay;
    if (diff < -12 * 3'600'000) diff += kMillisPerDay;
  }
  constexpr int64_t kQuarter = 15 * 60'000;
  const int64_t quarters = (diff >= 0 ? diff + kQuarter / 2 : diff - kQuarter / 2) / kQuarter;
  const int64_t minutes = quarters * 15;
  if (minutes < -12 * 60 || minutes > 14 * 60) return std::nullopt;
  // The line is written a few milliseconds after the epoch it carries; a
  // residue of minutes means the epoch is not this line's clock.
  if (std::llabs(diff - minutes * 60'000) > 60'000) return std::nullopt;
  return static_cast<int32_t>(minutes);
}

}  // namespace flinkscan
