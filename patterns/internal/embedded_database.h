#pragma once
// The Hyperscan database of the built-in catalog, compiled and serialized at
// build time (patterns/tools/serialize_catalog_main.cpp) so that start-up
// skips hs_compile_multi (35–150 ms) on the CPU it was built for.

#include <cstdint>
#include <string_view>

namespace flinkscan::internal {

struct EmbeddedDatabase {
  // Matcher::Fingerprint of the catalog the bytes were compiled from; 0 with
  // empty bytes when no database was embedded.
  uint64_t fingerprint = 0;
  std::string_view bytes;  // hs_serialize_database output; static storage
};

// Defined by a generated source in flinkscan_patterns, and by an empty stub in
// the serializer tool itself (which must compile from scratch).
EmbeddedDatabase EmbeddedSerializedDatabase();

}  // namespace flinkscan::internal
