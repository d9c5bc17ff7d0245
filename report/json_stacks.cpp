#include "report/json_stacks.h"

#include <algorithm>

namespace flinkscan {

SelectedStacks SelectHeaviestStacks(const StackProfileSummary& profile, size_t max_stacks) {
  SelectedStacks out;
  if (profile.stacks.size() <= max_stacks) {
    out.stacks = profile.stacks;
    return out;
  }
  std::vector<const FoldedStack*> order;
  order.reserve(profile.stacks.size());
  for (const FoldedStack& s : profile.stacks) order.push_back(&s);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(max_stacks), order.end(),
                    [](const FoldedStack* a, const FoldedStack* b) {
                      return a->count != b->count ? a->count > b->count : a->stack < b->stack;
                    });
  out.stacks.reserve(max_stacks);
  for (size_t i = 0; i < order.size(); ++i) {
    if (i < max_stacks) {
      out.stacks.push_back(*order[i]);
    } else {
      ++out.stacks_omitted;
      out.omitted_samples += order[i]->count;
    }
  }
  std::sort(out.stacks.begin(), out.stacks.end(),
            [](const FoldedStack& a, const FoldedStack& b) { return a.stack < b.stack; });
  return out;
}

void WriteStacksJson(JsonWriter& json, const StackSummary& stacks) {
  json.Key("stacks");
  json.BeginObject();
  json.Key("thread_dumps");
  json.Uint(stacks.thread_dumps);
  json.Key("threads");
  json.Uint(stacks.threads);
  json.Key("deadlocks");
  json.Uint(stacks.deadlocks);
  json.Key("profiles");
  json.BeginArray();
  for (const StackProfileSummary& profile : stacks.profiles) {
    const SelectedStacks selected = SelectHeaviestStacks(profile, kMaxJsonStacksPerProfile);
    json.BeginObject();
    json.Key("kind");
    json.String(profile.kind);
    json.Key("samples");
    json.Uint(profile.samples);
    json.Key("overflow_samples");
    json.Uint(profile.overflow_samples);
    json.Key("distinct");
    json.Uint(profile.stacks.size());
    json.Key("stacks");
    json.BeginArray();
    for (const FoldedStack& s : selected.stacks) {
      json.BeginObject();
      json.Key("stack");
      json.String(s.stack);
      json.Key("count");
      json.Uint(s.count);
      json.EndObject();
    }
    json.EndArray();
    json.Key("stacks_omitted");
    json.Uint(selected.stacks_omitted);
    json.Key("omitted_samples");
    json.Uint(selected.omitted_samples);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

}  // namespace flinkscan
