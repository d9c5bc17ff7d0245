#pragma once
// Compressed and archived inputs: gzip and zstd layers recognised by magic
// bytes (never by name alone), and tar archives (plain, .tar.gz/.tgz,
// .tar.zst) unpacked as a stream, one logical stream per member.

#include <memory>
#include <string_view>

#include "engine/byte_source.h"
#include "engine/peek_source.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

// "x.log.gz" -> "x.log", "x.tar.zst" -> "x.tar"; other names unchanged.
// Lets a compressed file be classified by the name of what it holds.
std::string_view WithoutCompressionSuffix(std::string_view name);

// Unwraps gzip and zstd layers found by their magic bytes (a gzip file named
// .log, a .tar.gz, a .zst of a .gz), at most a few deep. `layers` counts the
// decoders put in front; 0 means the bytes were returned as they were. The
// decoded bytes are capped at `max_decoded_bytes` (engine/decoded_size_cap.h).
std::unique_ptr<PeekSource> Decompress(std::unique_ptr<PeekSource> source, int& layers,
                                       uint64_t max_decoded_bytes = kDefaultMaxDecodedBytes);

// True when `head` (at least the first 512 decoded bytes) is a tar header
// block: ustar/GNU magic or an old v7 header, with a valid checksum.
bool LooksLikeTar(std::string_view head);

// A tar stream read in one pass with bounded memory (members are never
// buffered whole). Each regular member is judged like a file found in a
// directory (by its name, else by its first 4 KiB being text with a log
// record) after undoing its own gzip/zstd layer; a log member becomes a
// stream keyed by its path (StreamInfo::member, kind from its base name), and
// YARN output inside a member is framed per container.
//
// Nothing is dropped silently: a member that is not a log (a jar, a binary,
// a pid file, an empty file, a link, a nested archive) yields a count-only,
// zero-byte stream whose one error says "skipped: <why> (<size> bytes)", and
// archive-level damage (a corrupt header, truncation between members) is
// reported on a count-only stream of the archive itself (member ""). Damage
// inside a member is that member's error; members read before it are kept.
std::unique_ptr<StreamFramer> MakeArchiveFramer(const InputFile& input, std::unique_ptr<ByteSource> tar);

}  // namespace flinkscan
