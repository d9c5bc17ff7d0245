#pragma once
// Builds per-job timelines and incidents from time-ordered events:
// failover episodes (root cause = innermost cause of the FIRST failure;
// JM and TM lines about one attempt count once), terminal failures, lost
// TaskManagers, OOMs, checkpoint failure streaks, slow checkpoints, resource
// shortages and process stops. One incident per episode, never per line.

#include <vector>

#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/checkpoint_table.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan {

struct IncidentBuild {
  std::vector<JobSummary> jobs;
  std::vector<Incident> incidents;  // sorted worst first
};

IncidentBuild BuildIncidents(const std::vector<StoredEvent>& sorted, const std::vector<CheckpointState>& checkpoints,
                             const EventFormatter& fmt, const AggregatorOptions& options);

// "<resourceId> @ <host> (dataPort=n)" -> resource id and host; other shapes
// (slot object names, "[unassigned resource]") give empty parts.
struct TaskLocation {
  std::string resource_id;
  std::string host;
};
TaskLocation ParseTaskLocation(const std::string& location);

// Orders incidents worst first: severity, then time, then kind.
void SortIncidents(std::vector<Incident>& incidents);

}  // namespace flinkscan
