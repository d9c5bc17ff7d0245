// The JSON record parser: record start test, header fields and the text form
// (unescaping, thrown/error objects, frame arrays) of arbitrary lines.

#include <string>
#include <string_view>

#include "parsers/json_record.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  const std::string copy(reinterpret_cast<const char*>(bytes), size);
  const std::string_view text(copy);
  (void)StartsJsonRecord(text.data(), text.data() + text.size());
  (void)ParseJsonHeader(text.substr(0, std::min(text.find('\n'), text.size())));
  std::string out;
  Result<JsonTextRecord> converted = JsonToText(text, out);
  if (converted.ok()) {
    const std::string_view form = converted.value().text;
    FUZZ_CHECK(form.data() >= out.data() && form.data() + form.size() <= out.data() + out.size());
  }
  return 0;
}
