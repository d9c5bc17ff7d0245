#pragma once
// Pieces shared by the incident builders (engine/*_incidents.cpp). Internal.

#include <string>
#include <vector>

#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/checkpoint_table.h"
#include "engine/event_formatter.h"
#include "engine/stored_event.h"

namespace flinkscan::incident {

Incident Start(std::string kind, std::string severity, const StoredEvent& first, const EventFormatter& fmt);
void SetEnd(Incident& incident, const StoredEvent& last, const EventFormatter& fmt);
RootCause MakeRootCause(const StoredThrowable& t);
void AddFact(Incident& incident, std::string key, std::string value);
// Fills scope.taskmanager/host/container/pod from an event and its stream.
void ScopeFromEvent(Incident& incident, const StoredEvent& e, const EventFormatter& fmt);
// A TaskManager's identity for grouping: container id, pod, resource id or host.
std::string TaskManagerIdentity(const StoredEvent& e);
std::string FormatDuration(int64_t ms);

// engine/cluster_incidents.cpp
void AddClusterIncidents(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                         const AggregatorOptions& options, std::vector<Incident>& out);
// engine/checkpoint_incidents.cpp
void AddCheckpointIncidents(const std::vector<CheckpointState>& checkpoints, const EventFormatter& fmt,
                            const AggregatorOptions& options, std::vector<Incident>& out);

}  // namespace flinkscan::incident
