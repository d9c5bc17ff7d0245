#include "engine/sigbus_guard.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::TempDir;

// A mapping of a 4-page file that is then truncated to 1 page.
struct ShrunkMapping {
  explicit ShrunkMapping(const TempDir& dir) {
    page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    path = dir.Write("a.log", std::string(4 * page, 'x'));
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    base = static_cast<const char*>(::mmap(nullptr, 4 * page, PROT_READ, MAP_PRIVATE, fd, 0));
    (void)::truncate(path.c_str(), static_cast<off_t>(page));
  }
  ~ShrunkMapping() {
    ::munmap(const_cast<char*>(base), 4 * page);
    ::close(fd);
  }
  size_t page = 0;
  std::string path;
  int fd = -1;
  const char* base = nullptr;
};

TEST(SigbusGuard, AFaultInAGuardedRangeTurnsTheRestIntoZeros) {
  TempDir dir;
  ShrunkMapping m(dir);
  ASSERT_NE(m.base, MAP_FAILED);
  const int slot = GuardMappedRange(m.base, 4 * m.page);
  ASSERT_GE(slot, 0);
  EXPECT_EQ(LostFrom(slot), 0u);
  EXPECT_EQ(static_cast<const volatile char*>(m.base)[2 * m.page + 5], '\0');
  EXPECT_EQ(LostFrom(slot), reinterpret_cast<uintptr_t>(m.base) + 2 * m.page);
  EXPECT_EQ(static_cast<const volatile char*>(m.base)[3 * m.page], '\0');
  EXPECT_EQ(static_cast<const volatile char*>(m.base)[0], 'x');
  UnguardMappedRange(slot);
}

TEST(SigbusGuard, AnEarlierFaultLowersWhereTheLossStarts) {
  TempDir dir;
  ShrunkMapping m(dir);
  const int slot = GuardMappedRange(m.base, 4 * m.page);
  ASSERT_GE(slot, 0);
  EXPECT_EQ(static_cast<const volatile char*>(m.base)[3 * m.page], '\0');
  EXPECT_EQ(static_cast<const volatile char*>(m.base)[m.page + 1], '\0');
  EXPECT_EQ(LostFrom(slot), reinterpret_cast<uintptr_t>(m.base) + m.page);
  UnguardMappedRange(slot);
}

// Killed by the SIGBUS, or (under AddressSanitizer, whose handler was there first and is handed the
// signal) exited with its error or aborted (abort_on_error=1, as the asan test preset sets it):
// anything but carrying on past the fault.
bool DiedOfTheFault(int status) {
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGBUS || WTERMSIG(status) == SIGABRT;
  return WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 3 &&
         WEXITSTATUS(status) != 4 && WEXITSTATUS(status) != 5;
}

TEST(SigbusGuardDeathTest, AFaultOutsideEveryGuardedRangeStillKills) {
  TempDir dir;
  EXPECT_EXIT(
      {
        ShrunkMapping m(dir);
        (void)GuardMappedRange(m.base, m.page);  // only the first page is guarded
        std::_Exit(static_cast<const volatile char*>(m.base)[2 * m.page] == 'x' ? 3 : 4);
      },
      DiedOfTheFault, "");
  EXPECT_EXIT(
      {
        (void)GuardMappedRange(&dir, 1);  // the handler is installed
        ::raise(SIGBUS);
        std::_Exit(5);
      },
      DiedOfTheFault, "");
}

TEST(SigbusGuard, AFullTableRefusesAndFreedSlotsAreReused) {
  std::vector<int> slots;
  for (;;) {
    const int slot = GuardMappedRange(reinterpret_cast<const void*>(uintptr_t{1} << 40), 4096);
    if (slot < 0) break;
    slots.push_back(slot);
    ASSERT_LE(slots.size(), static_cast<size_t>(kMaxGuardedRanges));
  }
  EXPECT_GT(slots.size(), static_cast<size_t>(kMaxGuardedRanges) - 8);
  UnguardMappedRange(slots.back());
  EXPECT_EQ(GuardMappedRange(reinterpret_cast<const void*>(uintptr_t{1} << 40), 4096), slots.back());
  for (const int slot : slots) UnguardMappedRange(slot);
}

}  // namespace
}  // namespace flinkscan
