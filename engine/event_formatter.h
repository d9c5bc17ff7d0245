#pragma once
// Turns stored events into report text once streams' times are resolved:
// ISO times per the JSON contract, `source` names and evidence rows.

#include <string>
#include <vector>

#include "engine/aggregator.h"
#include "engine/analysis.h"
#include "engine/stored_event.h"

namespace flinkscan {

class EventFormatter {
 public:
  explicit EventFormatter(const std::vector<StreamAccount>& streams) : streams_(streams) {}

  std::string Time(const StoredEvent& e) const;
  std::string Time(uint32_t stream, WallTime t) const;
  // Input path, plus "!member" / "#container/logtype" when the stream is part of one.
  std::string Source(uint32_t stream) const;
  Evidence MakeEvidence(const StoredEvent& e) const;
  StreamKind Kind(uint32_t stream) const { return streams_[stream].kind; }
  const StreamAccount& Stream(uint32_t stream) const { return streams_[stream]; }
  size_t StreamCount() const { return streams_.size(); }

 private:
  const std::vector<StreamAccount>& streams_;
};

// Appends evidence, keeping at most `max` rows and counting the rest.
void AddEvidence(Incident& incident, const EventFormatter& fmt, const StoredEvent& e, size_t max);

}  // namespace flinkscan
