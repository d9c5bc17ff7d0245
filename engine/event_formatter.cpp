#include "engine/event_formatter.h"

namespace flinkscan {

std::string EventFormatter::Time(uint32_t stream, WallTime t) const {
  return FormatIso(t, streams_[stream].resolution);
}

std::string EventFormatter::Time(const StoredEvent& e) const {
  if (e.time_inherited) return "";
  return Time(e.stream, e.time);
}

std::string EventFormatter::Source(uint32_t stream) const {
  return streams_[stream].info.Source();
}

Evidence EventFormatter::MakeEvidence(const StoredEvent& e) const {
  Evidence ev;
  ev.source = Source(e.stream);
  ev.line = e.line;
  ev.time = Time(e);
  ev.text = e.header_text;
  return ev;
}

void AddEvidence(Incident& incident, const EventFormatter& fmt, const StoredEvent& e, size_t max) {
  for (const Evidence& have : incident.evidence) {
    if (have.line == e.line && have.source == fmt.Source(e.stream)) return;  // one record, several events
  }
  if (incident.evidence.size() >= max) {
    ++incident.evidence_dropped;
    return;
  }
  incident.evidence.push_back(fmt.MakeEvidence(e));
}

}  // namespace flinkscan
