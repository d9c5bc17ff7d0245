#pragma once
// stuck_threads incidents from what the stack collector saw in thread dumps:
// Java-level deadlocks (critical) and monitors that threads stayed BLOCKED on
// across two or more dumps (warning), with the lock, the blocked frame and
// the holder's stack as evidence.

#include <vector>

#include "engine/analysis.h"
#include "engine/event_formatter.h"
#include "engine/stack_profile.h"

namespace flinkscan {

std::vector<Incident> BuildStackIncidents(const StackCollector& collector, const EventFormatter& fmt,
                                          size_t max_evidence);

}  // namespace flinkscan
