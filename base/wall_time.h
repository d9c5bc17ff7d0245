#pragma once
// Times as Flink writes them: a wall clock with no zone. The zone (and, for
// time-only layouts, the date) is resolved per stream at the end of a scan,
// so events carry the naive value and formatting happens in one place.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flinkscan {

inline constexpr int64_t kMillisPerDay = 86'400'000;

struct WallTime {
  static constexpr int64_t kUnknown = INT64_MIN;

  // With a date: milliseconds since 1970-01-01T00:00:00.000 of the written
  // wall clock (as if it were UTC). Without a date: milliseconds since the
  // midnight of the stream's first day (midnight rollovers add whole days).
  int64_t ms = kUnknown;
  bool has_date = false;

  bool known() const { return ms != kUnknown; }
  friend bool operator==(const WallTime&, const WallTime&) = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int year, unsigned month, unsigned day);
struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};
CivilDate CivilFromDays(int64_t days);

// How a stream's naive times map to absolute ones.
struct TimeResolution {
  std::optional<int32_t> offset_minutes;   // wall clock minus UTC, when known
  std::optional<int64_t> date_base_days;   // for time-only streams: day 0 as days since epoch
};

// ISO-8601 per the JSON contract: "YYYY-MM-DDTHH:MM:SS.sss" plus "±HH:MM"
// when the offset is known; "THH:MM:SS.sss" when the date is unknown (the
// day count of midnight rollovers then only orders events, it is not printed).
// Returns "" for an unknown time.
std::string FormatIso(WallTime t, const TimeResolution& resolution = {});

// Absolute UTC milliseconds when both date and offset are known.
std::optional<int64_t> ToEpochMillis(WallTime t, const TimeResolution& resolution);

// Offset (minutes, rounded to the nearest quarter hour) between a written
// wall clock and the epoch the same line carries; nullopt when implausible
// (outside -12h..+14h). For time-only walls only the time of day is compared.
std::optional<int32_t> InferOffsetMinutes(WallTime wall, int64_t epoch_ms);

}  // namespace flinkscan
