#pragma once
// Makes a file mapping survive the file shrinking under it. When a log is
// truncated (copytruncate rotation, `> file`) while it is mapped, touching a
// page past its new end raises SIGBUS, which would kill the scan. A mapping
// registered here is healed instead: a process-wide handler (installed once)
// finds the faulting address in a fixed, lock-free table of guarded ranges,
// maps anonymous zero pages over the rest of that range (mmap with MAP_FIXED
// is async-signal-safe) and records the first healed address, then returns so
// the faulting load is retried and reads zeros. Whoever reads the mapping
// checks LostFrom() (and the file's size) afterwards and drops those bytes.
// A SIGBUS outside every guarded range restores the previous action and lets
// the fault happen again (or re-raises one sent by kill), so real crashes
// still crash.

#include <cstddef>
#include <cstdint>

namespace flinkscan {

// How many ranges may be guarded at once; a scan keeps a handful (one per
// mapping window still referenced by a chunk in flight).
inline constexpr int kMaxGuardedRanges = 1024;

// Guards [begin, begin + length) (page-aligned, as mmap returns it). Returns
// the slot to pass to the other calls, or -1 when the table is full (then do
// not map). Installs the handler on first use.
int GuardMappedRange(const void* begin, size_t length);

// Before the range is unmapped.
void UnguardMappedRange(int slot);

// The first address of the range a SIGBUS replaced by zero pages, or 0 when
// none was.
uintptr_t LostFrom(int slot);

}  // namespace flinkscan
