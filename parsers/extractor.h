#pragma once
// Hand-written field extractors, one per event kind, dispatched by a switch
// (no virtual call). They run only on records a pattern nominated.

#include "base/status.h"
#include "parsers/event.h"
#include "parsers/record.h"

namespace flinkscan {

// Fills `out` (already reset by the caller, with kind/pattern/level/time/line/
// stream/record set from the record) with the fields of `kind`. Returns an
// error Status when the record does not have the shape the kind needs (the
// record is then counted as matched-but-unparsed, never dropped silently).
// Also parses the record's throwable into out.exception when one is present.
Status Extract(EventKind kind, const RecordView& record, Event& out);

// Convenience: reset `out`, copy the record's common fields and Extract.
Status ExtractEvent(EventKind kind, const RecordView& record, Event& out);

}  // namespace flinkscan
