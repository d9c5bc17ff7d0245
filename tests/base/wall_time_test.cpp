#include "base/wall_time.h"

#include <gtest/gtest.h>

namespace flinkscan {
namespace {

constexpr int64_t kHour = 3'600'000;

WallTime Dated(int year, unsigned month, unsigned day, int hh, int mm, int ss, int ms) {
  return {DaysFromCivil(year, month, day) * kMillisPerDay + hh * kHour + mm * 60'000 + ss * 1000 + ms, true};
}

TEST(WallTime, DaysFromCivilKnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1970, 1, 2), 1);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2024, 2, 29) + 1, DaysFromCivil(2024, 3, 1));
  EXPECT_EQ(DaysFromCivil(2023, 2, 28) + 1, DaysFromCivil(2023, 3, 1));
  EXPECT_EQ(DaysFromCivil(2100, 2, 28) + 1, DaysFromCivil(2100, 3, 1)) << "2100 is not a leap year";
  EXPECT_EQ(DaysFromCivil(2000, 2, 29) + 1, DaysFromCivil(2000, 3, 1)) << "2000 is";
  // 2023-04-20T00:55:45.946Z = 1681952145946 ms (the MiniCluster sample's epoch).
  EXPECT_EQ(DaysFromCivil(2023, 4, 20) * kMillisPerDay + 55 * 60'000 + 45'946, 1681952145946);
}

TEST(WallTime, CivilFromDaysRoundTrips) {
  for (int64_t days = -800'000; days <= 800'000; days += 7) {
    const CivilDate d = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(d.year, d.month, d.day), days) << d.year << "-" << d.month << "-" << d.day;
    ASSERT_GE(d.month, 1u);
    ASSERT_LE(d.month, 12u);
    ASSERT_GE(d.day, 1u);
    ASSERT_LE(d.day, 31u);
  }
  const CivilDate leap = CivilFromDays(DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(leap.year, 2024);
  EXPECT_EQ(leap.month, 2u);
  EXPECT_EQ(leap.day, 29u);
}

TEST(WallTime, FormatIsoWithDateAndNoOffsetIsNaive) {
  EXPECT_EQ(FormatIso(Dated(2024, 3, 1, 10, 5, 0, 123)), "2024-03-01T10:05:00.123");
  EXPECT_EQ(FormatIso(Dated(1999, 12, 31, 23, 59, 59, 999)), "1999-12-31T23:59:59.999");
  EXPECT_EQ(FormatIso(Dated(2024, 3, 1, 0, 0, 0, 0)), "2024-03-01T00:00:00.000");
}

TEST(WallTime, FormatIsoWithOffset) {
  const WallTime t = Dated(2024, 3, 1, 10, 5, 0, 123);
  EXPECT_EQ(FormatIso(t, {480, std::nullopt}), "2024-03-01T10:05:00.123+08:00");
  EXPECT_EQ(FormatIso(t, {0, std::nullopt}), "2024-03-01T10:05:00.123+00:00");
  EXPECT_EQ(FormatIso(t, {-330, std::nullopt}), "2024-03-01T10:05:00.123-05:30");
  EXPECT_EQ(FormatIso(t, {345, std::nullopt}), "2024-03-01T10:05:00.123+05:45");
  EXPECT_EQ(FormatIso(t, {-720, std::nullopt}), "2024-03-01T10:05:00.123-12:00");
  EXPECT_EQ(FormatIso(t, {840, std::nullopt}), "2024-03-01T10:05:00.123+14:00");
}

TEST(WallTime, FormatIsoWithoutDate) {
  const WallTime t{8 * kHour + 55 * 60'000 + 45'960, false};
  EXPECT_EQ(FormatIso(t), "T08:55:45.960");
  // An offset without a date cannot be printed honestly: still time only.
  EXPECT_EQ(FormatIso(t, {480, std::nullopt}).rfind("T08:55:45.960", 0), 0u);
  // A borrowed date turns it into a full timestamp.
  EXPECT_EQ(FormatIso(t, {480, DaysFromCivil(2023, 4, 20)}), "2023-04-20T08:55:45.960+08:00");
  EXPECT_EQ(FormatIso(t, {std::nullopt, DaysFromCivil(2023, 4, 20)}), "2023-04-20T08:55:45.960");
  // A rolled-over time (one day later) lands on the next date.
  const WallTime next_day{kMillisPerDay + 1000, false};
  EXPECT_EQ(FormatIso(next_day, {60, DaysFromCivil(2024, 2, 28)}), "2024-02-29T00:00:01.000+01:00");
}

TEST(WallTime, FormatIsoOfUnknownTimeIsEmpty) {
  EXPECT_EQ(FormatIso(WallTime{}), "");
  EXPECT_EQ(FormatIso(WallTime{}, {480, 19000}), "");
}

TEST(WallTime, ToEpochMillisNeedsOffsetAndDate) {
  const WallTime t = Dated(2023, 4, 20, 8, 55, 45, 946);
  EXPECT_EQ(ToEpochMillis(t, {480, std::nullopt}), std::optional<int64_t>(1681952145946));
  EXPECT_EQ(ToEpochMillis(t, {}), std::nullopt);
  const WallTime time_only{8 * kHour + 55 * 60'000 + 45'946, false};
  EXPECT_EQ(ToEpochMillis(time_only, {480, std::nullopt}), std::nullopt);
  EXPECT_EQ(ToEpochMillis(time_only, {480, DaysFromCivil(2023, 4, 20)}), std::optional<int64_t>(1681952145946));
  EXPECT_EQ(ToEpochMillis(WallTime{}, {0, 0}), std::nullopt);
}

TEST(WallTime, InferOffsetPlusEight) {
  // The MiniCluster sample: the line says 08:55:45,960 for epoch 1681952145946.
  EXPECT_EQ(InferOffsetMinutes(Dated(2023, 4, 20, 8, 55, 45, 960), 1681952145946), std::optional<int32_t>(480));
  const WallTime time_only{8 * kHour + 55 * 60'000 + 45'960, false};
  EXPECT_EQ(InferOffsetMinutes(time_only, 1681952145946), std::optional<int32_t>(480));
}

TEST(WallTime, InferOffsetUtc) {
  // jm-k8s-operator sample: 21:46:04,458 for @ 1647035164458.
  EXPECT_EQ(InferOffsetMinutes(Dated(2022, 3, 11, 21, 46, 4, 458), 1647035164458), std::optional<int32_t>(0));
  // The line is written a few ms after the epoch.
  EXPECT_EQ(InferOffsetMinutes(Dated(2022, 12, 11, 16, 6, 18, 799), 1670774778787), std::optional<int32_t>(0));
}

TEST(WallTime, InferOffsetMinusFiveThirty) {
  const int64_t epoch = DaysFromCivil(2024, 3, 1) * kMillisPerDay + 15 * kHour + 30 * 60'000;  // 15:30:00Z
  EXPECT_EQ(InferOffsetMinutes(Dated(2024, 3, 1, 10, 0, 0, 7), epoch), std::optional<int32_t>(-330));
  const WallTime time_only{10 * kHour + 7, false};
  EXPECT_EQ(InferOffsetMinutes(time_only, epoch), std::optional<int32_t>(-330));
}

TEST(WallTime, InferOffsetAcrossMidnightForTimeOnly) {
  // 00:00:05 local at UTC+8 is 16:00:05Z of the previous day.
  const int64_t epoch = DaysFromCivil(2024, 2, 29) * kMillisPerDay + 16 * kHour + 5000;
  const WallTime time_only{5003, false};
  EXPECT_EQ(InferOffsetMinutes(time_only, epoch), std::optional<int32_t>(480));
  // 23:30 local at UTC-5 is 04:30Z of the next day.
  const int64_t epoch2 = DaysFromCivil(2024, 3, 2) * kMillisPerDay + 4 * kHour + 30 * 60'000;
  const WallTime late{23 * kHour + 30 * 60'000 + 2, false};
  EXPECT_EQ(InferOffsetMinutes(late, epoch2), std::optional<int32_t>(-300));
}

TEST(WallTime, InferOffsetRejectsNonsenseEpochs) {
  const WallTime wall = Dated(2023, 4, 20, 8, 55, 45, 960);
  EXPECT_EQ(InferOffsetMinutes(wall, 0), std::nullopt) << "epoch 0";
  EXPECT_EQ(InferOffsetMinutes(wall, 1681952145), std::nullopt) << "seconds, not milliseconds";
  EXPECT_EQ(InferOffsetMinutes(wall, 1681952145946 - 3 * kMillisPerDay), std::nullopt) << "days away";
  EXPECT_EQ(InferOffsetMinutes(wall, 1681952145946 + 21 * kHour), std::nullopt) << "beyond -12h";
  EXPECT_EQ(InferOffsetMinutes(wall, 1681952145946 - 7 * 60'000), std::nullopt)
      << "7 minutes of residue is not a zone";
  EXPECT_EQ(InferOffsetMinutes(WallTime{}, 1681952145946), std::nullopt) << "unknown wall time";
}

}  // namespace
}  // namespace flinkscan
