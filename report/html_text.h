#pragma once
// Escaping for the HTML sink. Log text is untrusted: a log line can hold
// "<script>" or a quote that ends an attribute. Internal to report/.

#include <string>
#include <string_view>

namespace flinkscan {

// Text safe in element content and in a double- or single-quoted attribute:
// & < > " ' become entities, control characters other than tab and newline
// become U+FFFD, and ill-formed UTF-8 becomes U+FFFD.
std::string HtmlEscape(std::string_view text);

// A JSON document made safe inside <script type="application/json">: every
// < > & becomes \u003c \u003e \u0026, so no "</script>" or "<!--" can close or
// confuse the element, and U+2028/U+2029 become \u2028/\u2029 (JavaScript
// line terminators). `json` must be valid JSON; the result parses to the same value.
std::string JsonForScriptElement(std::string_view json);

}  // namespace flinkscan
