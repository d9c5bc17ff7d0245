#pragma once
// Maps what an incident's evidence shows to a cause from the diagnosis table
// (DEVELOPERS.md: subtask crashes — OOM / deserialization / data skew / user
// code; checkpoint failures — timeout / state size / external storage / tasks
// not running; lost TaskManagers) and a concrete next step. Keys on
// exception class names, not on (possibly translated) message text.

#include "engine/analysis.h"
#include "engine/stored_event.h"

namespace flinkscan {

// For a failure whose root cause is `t` (may be absent).
Diagnosis DiagnoseFailure(const StoredThrowable& t);

// For memory kinds reported without a throwable (container/pod kills).
Diagnosis DiagnoseOom(OomKind kind);

// For a checkpoint failure streak, by its dominant reason class
// (timeout | declined | tasks_not_running | external_storage | state_size | failover | other).
Diagnosis DiagnoseCheckpointFailures(const std::string& reason_class);

// OOM kind named by a throwable chain, kNone when it is not an OOM.
OomKind OomKindOf(const StoredThrowable& t);

}  // namespace flinkscan
