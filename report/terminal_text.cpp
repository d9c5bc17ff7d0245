#include "report/terminal_text.h"

#include "report/utf8_sequence.h"

namespace flinkscan {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// One displayable piece of the input: either the input bytes themselves or an
// escape standing for them.
struct Piece {
  std::string_view text;  // what to print
  size_t input_length;    // bytes of input it stands for
  size_t columns;
  char escape_storage[8];  // backing for `text` when it is an escape
};

void MakeByteEscape(Piece* piece, unsigned char byte) {
  piece->escape_storage[0] = '\\';
  piece->escape_storage[1] = 'x';
  piece->escape_storage[2] = kHexDigits[byte >> 4];
  piece->escape_storage[3] = kHexDigits[byte & 0xF];
  piece->text = std::string_view(piece->escape_storage, 4);
  piece->columns = 4;
}

void MakeCodePointEscape(Piece* piece, unsigned code_point) {
  piece->escape_storage[0] = '\\';
  piece->escape_storage[1] = 'u';
  for (int k = 0; k < 4; ++k) piece->escape_storage[2 + k] = kHexDigits[(code_point >> (12 - 4 * k)) & 0xF];
  piece->text = std::string_view(piece->escape_storage, 6);
  piece->columns = 6;
}

unsigned DecodeCodePoint(std::string_view sequence) {
  const auto byte = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(sequence[k])); };
  switch (sequence.size()) {
    case 2:
      return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3:
      return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default:
      return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
}

bool IsHiddenFormatting(unsigned code_point) {
  const bool c1_control = code_point >= 0x80 && code_point <= 0x9F;
  const bool bidi_embedding_or_override = code_point >= 0x202A && code_point <= 0x202E;
  const bool bidi_isolate = code_point >= 0x2066 && code_point <= 0x2069;
  return c1_control || bidi_embedding_or_override || bidi_isolate;
}

// The piece that starts at text[i] (for a run of plain ASCII, the whole run).
void NextPiece(std::string_view text, size_t i, Piece* piece) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= 0x20 && c < 0x7F) {
    size_t end = i + 1;
    while (end < text.size()) {
      const auto next = static_cast<unsigned char>(text[end]);
      if (next < 0x20 || next >= 0x7F) break;
      ++end;
    }
    piece->text = text.substr(i, end - i);
    piece->input_length = end - i;
    piece->columns = end - i;
    return;
  }
  if (c == '\t') {
    piece->text = text.substr(i, 1);
    piece->input_length = 1;
    piece->columns = 1;
    return;
  }
  if (c < 0x80) {  // C0 control or DEL
    MakeByteEscape(piece, c);
    piece->input_length = 1;
    return;
  }
  size_t bad_length = 0;
  const size_t length = utf8::MultiByteSequenceLength(text, i, &bad_length);
  if (length == 0) {
    MakeByteEscape(piece, c);
    piece->input_length = 1;
    return;
  }
  const std::string_view sequence = text.substr(i, length);
  const unsigned code_point = DecodeCodePoint(sequence);
  piece->input_length = length;
  if (IsHiddenFormatting(code_point)) {
    MakeCodePointEscape(piece, code_point);
    return;
  }
  piece->text = sequence;
  piece->columns = 1;
}

}  // namespace

void AppendTerminalSafe(std::string* out, std::string_view text, size_t max_columns) {
  if (max_columns == kNoColumnLimit) {
    Piece piece;
    for (size_t i = 0; i < text.size(); i += piece.input_length) {
      NextPiece(text, i, &piece);
      out->append(piece.text);
    }
    return;
  }
  // "…" takes the last column, so remember where the output stood when at
  // most max_columns - 1 columns were used; cut back to it if more follows.
  const size_t budget = max_columns == 0 ? 0 : max_columns - 1;
  size_t columns = 0;
  size_t cut_size = out->size();
  Piece piece;
  for (size_t i = 0; i < text.size(); i += piece.input_length) {
    NextPiece(text, i, &piece);
    // Only a run of printable ASCII can be cut inside; escapes and code points cannot.
    const bool splittable = piece.text.data() == text.data() + i && piece.text.size() == piece.columns;
    if (splittable && columns < budget && columns + piece.columns > budget) {
      cut_size = out->size() + (budget - columns);
    }
    if (columns + piece.columns > max_columns) {
      if (cut_size > out->size()) {
        out->append(piece.text.substr(0, cut_size - out->size()));
      } else {
        out->resize(cut_size);
      }
      if (max_columns > 0) out->append(kEllipsis);
      return;
    }
    out->append(piece.text);
    columns += piece.columns;
    if (columns <= budget) cut_size = out->size();
  }
}

std::string TerminalSafe(std::string_view text, size_t max_columns) {
  std::string out;
  out.reserve(text.size() + 8);
  AppendTerminalSafe(&out, text, max_columns);
  return out;
}

size_t CountColumns(std::string_view text) {
  size_t columns = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;
  }
  return columns;
}

}  // namespace flinkscan
