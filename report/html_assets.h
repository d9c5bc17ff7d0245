#pragma once
// The HTML report's stylesheet and script, embedded at build time from
// report/html_*.css and report/html_*.js (report/embed_html_assets.cmake):
// written and reviewed as CSS and JavaScript, shipped inside the one binary.
// Internal to report/.

#include <string_view>

namespace flinkscan {

// Every report/html_*.css, in name order.
std::string_view HtmlStylesheet();

// report/html_core.js first, then every report/html_page_*.js in name order:
// each page file registers itself, so adding a page is adding a file.
std::string_view HtmlScript();

}  // namespace flinkscan
