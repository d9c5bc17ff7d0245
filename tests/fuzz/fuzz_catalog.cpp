// The catalog loader (what `--patterns FILE` reads) and its lint, on
// arbitrary documents; small catalogs are also compiled, so a pattern
// Hyperscan refuses must come back as an error naming it, never a crash.

#include <string>
#include <string_view>

#include "patterns/catalog.h"
#include "patterns/matcher.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  const std::string_view json(reinterpret_cast<const char*>(bytes), size);
  Result<Catalog> catalog = Catalog::Parse(json, "fuzz.json");
  if (!catalog.ok()) {
    FUZZ_CHECK(!catalog.message().empty());
    return 0;
  }
  (void)LintCatalog(catalog.value());
  // Compiling is milliseconds per pattern: only small catalogs, so the
  // fuzzer keeps its pace on the loader itself.
  if (catalog.value().size() <= 3) {
    Result<std::shared_ptr<const Matcher>> matcher = Matcher::Compile(catalog.value());
    if (!matcher.ok()) FUZZ_CHECK(!matcher.message().empty());
  }
  return 0;
}
