// The serializer tool links the matcher without an embedded database: it is
// the program that produces one, so it always compiles.
#include "patterns/internal/embedded_database.h"

namespace flinkscan::internal {

EmbeddedDatabase EmbeddedSerializedDatabase() { return {}; }

}  // namespace flinkscan::internal
