#pragma once
// What makes two exceptions "the same failure": the signature that groups the
// exception table and that `--baseline` compares across days. It must not
// change with the values a failure carries (ids, hosts, offsets, paths) nor
// with the build of the code that threw it (line numbers), so both the
// message and the frames are normalised before they are hashed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flinkscan {

// Masks the variable parts of an exception message, so that the same failure
// with other values yields the same text:
//   UUIDs → <uuid>; YARN container ids → <container>; IPv4 addresses (with a
//   port and a TaskManager resource-id suffix) → <ip>; paths and URIs
//   (/a/b, hdfs://…, s3a://…) → <path>; quoted values ('x', "x") → '<v>' / "<v>";
//   alphanumeric tokens: digits only → <n>, hex digits with at least one
//   digit and one letter (job, vertex and attempt ids, hex hashes) → <hex>,
//   other tokens keep their letters and lose their digit runs (worker12 → worker<n>).
// "Heartbeat of TaskManager with id 10.0.0.1:35016-a4d337 timed out" ->
// "Heartbeat of TaskManager with id <ip> timed out".
std::string NormalizeMessage(std::string_view message);

// "org.example.Scorer.score(Scorer.java:53)" -> "org.example.Scorer.score(Scorer.java)": line
// numbers change with every build. Generated classes lose their counters
// ("GeneratedMethodAccessor12" -> "GeneratedMethodAccessor<n>", "$$Lambda$77/0x0000000800c0b440" ->
// "$$Lambda$<n>/<hex>").
std::string NormalizeFrame(std::string_view frame);

// 64-bit FNV-1a over `bytes`, the hash behind signature ids: simple, stable
// across platforms and releases (it is part of the JSON contract).
uint64_t Fnv1a64(std::string_view bytes);

// The signature id: 16 lower-case hex digits of Fnv1a64 over the outer class,
// root class, normalised root message and normalised top frames, joined by
// U+001F (which none of them contains).
std::string ExceptionSignatureId(std::string_view outer_class, std::string_view root_class,
                                 std::string_view normalized_root_message,
                                 const std::vector<std::string>& normalized_frames);

// 16 lower-case hex digits.
std::string HexId(uint64_t value);

}  // namespace flinkscan
