// The --rules loader (engine/alert_rules.h ParseAlertRules) on arbitrary
// documents: an error names the file, a success only knows the known rules.

#include <string>
#include <string_view>

#include "engine/alert_rules.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  const std::string_view json(reinterpret_cast<const char*>(bytes), size);
  Result<AlertRules> rules = ParseAlertRules(json, "rules.json");
  if (!rules.ok()) {
    FUZZ_CHECK(rules.message().find("rules.json") != std::string::npos);
    return 0;
  }
  const std::vector<AlertRule> defaults = DefaultAlertRules();
  FUZZ_CHECK(rules.value().rules.size() == defaults.size());
  for (const AlertRule& rule : rules.value().rules) FUZZ_CHECK(rules.value().Find(rule.name) != nullptr);
  return 0;
}
