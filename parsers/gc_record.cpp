// TEMPORARY: replaced by the GC log parser (issue 3).
#include "parsers/gc_record.h"

namespace flinkscan {

bool StartsGcRecord(const char*, const char*) { return false; }

Result<RecordHeader> ParseGcHeader(std::string_view) { return Status::Error("not a GC record"); }

}  // namespace flinkscan
