#include "engine/exception_signature.h"

#include <fmt/format.h>

namespace flinkscan {
namespace {

constexpr size_t kMaxQuotedLength = 200;  // a longer "quote" is more likely a stray apostrophe

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

bool StartsWith(std::string_view s, size_t at, std::string_view prefix) {
  return s.size() >= at + prefix.size() && s.compare(at, prefix.size(), prefix) == 0;
}

// End of a run of exactly `count` hex digits at `at`, or npos.
size_t HexGroup(std::string_view s, size_t at, size_t count) {
  for (size_t k = 0; k < count; ++k) {
    if (at + k >= s.size() || !IsHex(s[at + k])) return std::string_view::npos;
  }
  return at + count;
}

// End of the token-bounded match at `at`, or 0 when there is none; every
// matcher below is tried only where a token starts.
bool EndsToken(std::string_view s, size_t end) { return end >= s.size() || !IsAlnum(s[end]); }

size_t MatchUuid(std::string_view s, size_t at) {
  size_t p = at;
  constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (p >= s.size() || s[p] != '-') return 0;
      ++p;
    }
    p = HexGroup(s, p, kGroups[g]);
    if (p == std::string_view::npos) return 0;
  }
  return EndsToken(s, p) ? p : 0;
}

// container_1681961234567_0001_01_000002, container_e05_1681961234567_0001_01_000002.
size_t MatchContainer(std::string_view s, size_t at) {
  if (!StartsWith(s, at, "container_")) return 0;
  size_t p = at + 10;
  bool digit = false;
  while (p < s.size() && (IsAlnum(s[p]) || s[p] == '_')) digit |= IsDigit(s[p++]);
  return digit ? p : 0;
}

size_t DigitRun(std::string_view s, size_t at) {
  size_t p = at;
  while (p < s.size() && IsDigit(s[p])) ++p;
  return p;
}

// 10.0.1.11, 10.0.1.11:40213, 10.0.1.11:40213-5c2f1a (a TaskManager resource id).
size_t MatchIpv4(std::string_view s, size_t at) {
  size_t p = at;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (p >= s.size() || s[p] != '.') return 0;
      ++p;
    }
    const size_t end = DigitRun(s, p);
    if (end == p || end - p > 3) return 0;
    p = end;
  }
  if (!EndsToken(s, p)) return 0;
  if (p + 1 < s.size() && s[p] == ':' && IsDigit(s[p + 1])) {
    p = DigitRun(s, p + 1);
    if (p + 1 < s.size() && s[p] == '-' && IsHex(s[p + 1])) {
      size_t q = p + 1;
      while (q < s.size() && IsHex(s[q])) ++q;
      if (EndsToken(s, q)) p = q;
    }
  }
  return p;
}

bool EndsPath(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'' || c == '"' || c == ')' || c == ']' ||
         c == '}' || c == ',' || c == ';' || c == '>' || c == '<';
}

size_t PathEnd(std::string_view s, size_t from) {
  size_t p = from;
  while (p < s.size() && !EndsPath(s[p])) ++p;
  // A sentence that ends with a path: the full stop or colon is not part of it.
  while (p > from && (s[p - 1] == '.' || s[p - 1] == ':')) --p;
  return p;
}

// /data/flink/checkpoints/x, hdfs://nn:8020/flink, s3a://bucket/key, file:/tmp/x.
size_t MatchPath(std::string_view s, size_t at) {
  if (s[at] == '/') {
    if (at + 1 >= s.size() || !(IsAlnum(s[at + 1]) || s[at + 1] == '.' || s[at + 1] == '_' || s[at + 1] == '~')) {
      return 0;
    }
    return PathEnd(s, at + 1);
  }
  size_t p = at;
  while (p < s.size() && (IsAlnum(s[p]) || s[p] == '+' || s[p] == '-')) ++p;
  if (p == at || !IsAlpha(s[at])) return 0;
  if (StartsWith(s, p, "://") || (StartsWith(s, p, ":/") && p + 2 < s.size() && IsAlnum(s[p + 2]))) {
    return PathEnd(s, p + 1);
  }
  return 0;
}

// The closing quote of a quoted value opened at `at`, or npos.
size_t MatchQuoted(std::string_view s, size_t at) {
  const char quote = s[at];
  const size_t limit = std::min(s.size(), at + 1 + kMaxQuotedLength);
  for (size_t p = at + 1; p < limit; ++p) {
    if (s[p] == '\n') return std::string_view::npos;
    if (s[p] == quote) return p;
  }
  return std::string_view::npos;
}

void AppendToken(std::string& out, std::string_view token) {
  bool digit = false, letter = false, all_hex = true;
  for (char c : token) {
    digit |= IsDigit(c);
    letter |= IsAlpha(c);
    all_hex &= IsHex(c);
  }
  if (!letter) {
    out += "<n>";
    return;
  }
  if (digit && all_hex) {
    out += "<hex>";
    return;
  }
  for (size_t i = 0; i < token.size();) {
    if (IsDigit(token[i])) {
      while (i < token.size() && IsDigit(token[i])) ++i;
      out += "<n>";
    } else {
      out += token[i++];
    }
  }
}

}  // namespace

std::string NormalizeMessage(std::string_view m) {
  std::string out;
  out.reserve(m.size());
  for (size_t i = 0; i < m.size();) {
    const bool token_start = i == 0 || !IsAlnum(m[i - 1]);
    if (token_start) {
      if (size_t end = MatchUuid(m, i)) {
        out += "<uuid>";
        i = end;
        continue;
      }
      if (size_t end = MatchContainer(m, i)) {
        out += "<container>";
        i = end;
        continue;
      }
      if (size_t end = MatchIpv4(m, i)) {
        out += "<ip>";
        i = end;
        continue;
      }
      if (size_t end = MatchPath(m, i); end > i) {
        out += "<path>";
        i = end;
        continue;
      }
      if (m[i] == '\'' || m[i] == '"') {
        const size_t close = MatchQuoted(m, i);
        if (close != std::string_view::npos) {
          out += m[i];
          out += "<v>";
          out += m[i];
          i = close + 1;
          continue;
        }
      }
    }
    if (IsAlnum(m[i])) {
      size_t end = i;
      while (end < m.size() && IsAlnum(m[end])) ++end;
      AppendToken(out, m.substr(i, end - i));
      i = end;
      continue;
    }
    out += m[i++];
  }
  return out;
}

std::string NormalizeFrame(std::string_view frame) {
  std::string out;
  out.reserve(frame.size());
  const size_t open = frame.rfind('(');
  const std::string_view call = open == std::string_view::npos ? frame : frame.substr(0, open);
  for (size_t i = 0; i < call.size();) {
    if (StartsWith(call, i, "0x") && i + 2 < call.size() && IsHex(call[i + 2])) {
      i += 2;
      while (i < call.size() && IsHex(call[i])) ++i;
      out += "<hex>";
      continue;
    }
    const std::string_view before = std::string_view(call).substr(0, i);
    const bool counter = before.ends_with("Accessor") || before.ends_with("$$Lambda$") ||
                         before.ends_with("$$Lambda");
    if (counter && IsDigit(call[i])) {
      i = DigitRun(call, i);
      out += "<n>";
      continue;
    }
    out += call[i++];
  }
  if (open == std::string_view::npos) return out;
  // "(Scorer.java:53)" -> "(Scorer.java)"; "(Native Method)" and "(Unknown Source)" stay.
  std::string_view location = frame.substr(open);
  const size_t colon = location.rfind(':');
  if (colon != std::string_view::npos && colon + 1 < location.size()) {
    const size_t digits_end = DigitRun(location, colon + 1);
    if (digits_end > colon + 1 && digits_end < location.size() && location[digits_end] == ')') {
      out.append(location.substr(0, colon));
      out.append(location.substr(digits_end));
      return out;
    }
  }
  out.append(location);
  return out;
}

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string HexId(uint64_t value) { return fmt::format("{:016x}", value); }

std::string ExceptionSignatureId(std::string_view outer_class, std::string_view root_class,
                                 std::string_view normalized_root_message,
                                 const std::vector<std::string>& normalized_frames) {
  std::string key;
  key.reserve(outer_class.size() + root_class.size() + normalized_root_message.size() + 256);
  key.append(outer_class).push_back('\x1f');
  key.append(root_class).push_back('\x1f');
  key.append(normalized_root_message);
  for (const std::string& frame : normalized_frames) key.append("\x1f").append(frame);
  return HexId(Fnv1a64(key));
}

}  // namespace flinkscan
