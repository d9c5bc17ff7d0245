#pragma once
// The catalog files compiled into the binary. The definition is generated at
// build time from patterns/catalog/*.json (see patterns/embed_catalog.cmake).

#include <span>
#include <string_view>

namespace flinkscan::internal {

struct EmbeddedCatalogFile {
  std::string_view name;  // file name, e.g. "checkpoint.json"
  std::string_view text;  // the file's bytes
};

// Sorted by file name; static storage, valid for the life of the program.
std::span<const EmbeddedCatalogFile> EmbeddedCatalogFiles();

}  // namespace flinkscan::internal
