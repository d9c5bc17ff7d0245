#include "engine/sigbus_guard.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>

#include <sys/mman.h>

namespace flinkscan {
namespace {

struct GuardedRange {
  std::atomic<int> claimed{0};
  std::atomic<uintptr_t> begin{0};  // 0: not live; published last
  std::atomic<uintptr_t> end{0};
  std::atomic<uintptr_t> lost_from{0};
};

// Static storage: nothing to allocate or free, readable from the handler.
GuardedRange g_ranges[kMaxGuardedRanges];
struct sigaction g_previous;
uintptr_t g_page_mask = 0;
std::once_flag g_install_once;

static_assert(std::atomic<uintptr_t>::is_always_lock_free, "the SIGBUS handler needs lock-free atomics");

void OnSigbus(int signal, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  const uintptr_t address = reinterpret_cast<uintptr_t>(info->si_addr);
  for (GuardedRange& range : g_ranges) {
    const uintptr_t begin = range.begin.load(std::memory_order_acquire);
    if (begin == 0 || address < begin) continue;
    const uintptr_t end = range.end.load(std::memory_order_relaxed);
    if (address >= end) continue;
    const uintptr_t page = address & g_page_mask;
    void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                         MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (zeros == MAP_FAILED) break;
    uintptr_t lost = range.lost_from.load(std::memory_order_relaxed);
    while ((lost == 0 || page < lost) &&
           !range.lost_from.compare_exchange_weak(lost, page, std::memory_order_release)) {
    }
    errno = saved_errno;
    return;
  }
  // Not ours: the previous action decides, as if this handler had never been installed.
  ::sigaction(SIGBUS, &g_previous, nullptr);
  if (info->si_code <= 0) {
    ::raise(signal);  // sent by kill/sigqueue: returning would not repeat it
  } else if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
    g_previous.sa_sigaction(signal, info, context);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    g_previous.sa_handler(signal);
  }
  // SIG_DFL: returning repeats the faulting access, which now takes the default action.
  errno = saved_errno;
}

void InstallHandler() {
  g_page_mask = ~(static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE)) - 1);
  struct sigaction action {};
  action.sa_sigaction = OnSigbus;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, &g_previous);
}

}  // namespace

int GuardMappedRange(const void* begin, size_t length) {
  std::call_once(g_install_once, InstallHandler);
  for (int slot = 0; slot < kMaxGuardedRanges; ++slot) {
    GuardedRange& range = g_ranges[slot];
    int expected = 0;
    if (!range.claimed.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) continue;
    const uintptr_t at = reinterpret_cast<uintptr_t>(begin);
    range.end.store(at + length, std::memory_order_relaxed);
    range.lost_from.store(0, std::memory_order_relaxed);
    range.begin.store(at, std::memory_order_release);
    return slot;
  }
  return -1;
}

void UnguardMappedRange(int slot) {
  if (slot < 0) return;
  GuardedRange& range = g_ranges[slot];
  range.begin.store(0, std::memory_order_release);
  range.claimed.store(0, std::memory_order_release);
}

uintptr_t LostFrom(int slot) {
  return slot < 0 ? 0 : g_ranges[slot].lost_from.load(std::memory_order_acquire);
}

}  // namespace flinkscan
