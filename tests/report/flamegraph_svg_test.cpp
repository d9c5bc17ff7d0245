#include "report/flamegraph_svg.h"

#include <gtest/gtest.h>

#include <string>

namespace flinkscan {
namespace {

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(FlameGraphSvg, FramesWidthsAndTooltips) {
  const std::vector<FoldedStack> stacks = {{"RUNNABLE;a.Main.run;a.Work.loop", 3}, {"RUNNABLE;a.Main.run", 1},
                                           {"BLOCKED;a.Main.run;a.Lock.get", 4}};
  FlameGraphOptions options;
  options.title = "Flame graph: dumps";
  const std::string svg = RenderFlameGraphSvg(stacks, options);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("data-total=\"8\""), std::string::npos);
  // BLOCKED, RUNNABLE, two a.Main.run, a.Lock.get, a.Work.loop.
  EXPECT_EQ(Count(svg, "<g class=\"fg-f\""), 6u);
  EXPECT_NE(svg.find("data-n=\"BLOCKED\" data-x=\"0.000000000\" data-w=\"0.500000000\" data-d=\"0\""), std::string::npos);
  EXPECT_NE(svg.find("data-n=\"a.Work.loop\" data-x=\"0.500000000\" data-w=\"0.375000000\" data-d=\"2\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title>a.Lock.get (4 samples, 50.00%)</title>"), std::string::npos);
  EXPECT_NE(svg.find("Reset zoom"), std::string::npos);
  EXPECT_NE(svg.find("<![CDATA["), std::string::npos);
}

TEST(FlameGraphSvg, FrameTextIsEscaped) {
  const std::vector<FoldedStack> stacks = {{"RUNNABLE;<script>alert(1)</script>;a&b\"c", 1}};
  FlameGraphOptions options;
  options.title = "<b>title</b>";
  const std::string svg = RenderFlameGraphSvg(stacks, options);
  EXPECT_EQ(Count(svg, "<script"), 1u);  // only our own script element
  EXPECT_NE(svg.find("data-n=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), std::string::npos);
  EXPECT_NE(svg.find("a&amp;b&quot;c"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
}

TEST(FlameGraphSvg, BoundedAndEmpty) {
  std::vector<FoldedStack> stacks;
  for (int i = 0; i < 100; ++i) stacks.push_back({"G;f" + std::to_string(i), 1});
  FlameGraphOptions options;
  options.max_frames = 10;
  options.id = "x\"y";
  const std::string svg = RenderFlameGraphSvg(stacks, options);
  EXPECT_EQ(Count(svg, "<g class=\"xy-f\""), 10u);
  EXPECT_NE(svg.find("91 frames too narrow to draw or beyond the frame cap"), std::string::npos);
  EXPECT_NE(RenderFlameGraphSvg({}, FlameGraphOptions{}).find("No stacks in the input"), std::string::npos);
}

}  // namespace
}  // namespace flinkscan
