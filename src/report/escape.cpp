#include "report/escape.h"

#include <cstdint>
#include <cstdio>

namespace cs::report {

namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes the UTF-8 sequence at s[i]; false for anything not well-formed (overlong forms, surrogates,
// code points past U+10FFFF, truncated sequences).
bool decode(std::string_view s, size_t i, uint32_t* cp, size_t* len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) {
    *cp = c;
    *len = 1;
    return true;
  }
  size_t n;
  uint32_t v, min;
  if ((c & 0xE0) == 0xC0) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    return false;
  }
  if (i + n > s.size()) return false;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return false;
    v = (v << 6) | (b(k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
  *cp = v;
  *len = n;
  return true;
}

// Calls f(cp, bytes) for each character; invalid bytes come as U+FFFD one at a time.
template <typename F>
void each_char(std::string_view s, F f) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t len;
    if (decode(s, i, &cp, &len)) {
      f(cp, s.substr(i, len));
      i += len;
    } else {
      f(0xFFFD, std::string_view(kReplacement));
      i += 1;
    }
  }
}

// Characters a terminal, a log viewer or a renderer would act on instead of showing: C0 controls, DEL,
// C1 controls (U+0080-U+009F, e.g. U+009B CSI), the bidirectional marks, embeddings, overrides and
// isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the Unicode line and paragraph
// separators (U+2028, U+2029).
bool is_unsafe(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The visible form of one unsafe character or invalid byte.
void append_visible(std::string& out, uint32_t cp) {
  static const char* hex = "0123456789abcdef";
  switch (cp) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (cp < 0x80) {
    out += "\\x";
    out += hex[(cp >> 4) & 0xF];
    out += hex[cp & 0xF];
  } else {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
  }
}

void append_invalid_byte(std::string& out, unsigned char b) {
  static const char* hex = "0123456789abcdef";
  out += "\\x";
  out += hex[b >> 4];
  out += hex[b & 0xF];
}

// Calls f(cp, bytes) for each character, and bad(byte) for each byte that is not valid UTF-8.
template <typename F, typename B>
void each_char_or_byte(std::string_view s, F f, B bad) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t len;
    if (decode(s, i, &cp, &len)) {
      f(cp, s.substr(i, len));
      i += len;
    } else {
      bad(static_cast<unsigned char>(s[i]));
      i += 1;
    }
  }
}

// True when s is printable ASCII only (the common case, copied as it is).
bool plain_ascii(std::string_view s) {
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F) return false;
  }
  return true;
}

}  // namespace

void text_escape_to(std::string& out, std::string_view s) {
  if (plain_ascii(s)) {
    out.append(s);
    return;
  }
  each_char_or_byte(
      s,
      [&](uint32_t cp, std::string_view bytes) {
        if (is_unsafe(cp)) {
          append_visible(out, cp);
        } else {
          out.append(bytes);
        }
      },
      [&](unsigned char b) { append_invalid_byte(out, b); });
}

std::string text_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  text_escape_to(out, s);
  return out;
}

std::ostream& operator<<(std::ostream& os, Escaped e) {
  if (plain_ascii(e.text)) return os.write(e.text.data(), static_cast<std::streamsize>(e.text.size()));
  std::string out = text_escape(e.text);
  return os.write(out.data(), static_cast<std::streamsize>(out.size()));
}

std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  each_char(s, [&](uint32_t, std::string_view bytes) { out.append(bytes); });
  return out;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  each_char(s, [&](uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&apos;";
        return;
      case '\t':
        out += "&#9;";
        return;
      case '\n':
        out += "&#10;";
        return;
      case '\r':
        out += "&#13;";
        return;
      default:
        break;
    }
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
      out += kReplacement;  // not allowed in XML 1.0, not even as a character reference
    } else if (is_unsafe(cp)) {
      // DEL, C1 controls, bidi overrides: the same character to an XML reader, inert in the raw file.
      char ref[16];
      std::snprintf(ref, sizeof ref, "&#x%X;", static_cast<unsigned>(cp));
      out += ref;
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string csv_field(std::string_view s) {
  std::string v;
  v.reserve(s.size());
  each_char(s, [&](uint32_t cp, std::string_view bytes) {
    if (is_unsafe(cp) && cp != '\t' && cp != '\r' && cp != '\n') {
      append_visible(v, cp);
    } else {
      v.append(bytes);
    }
  });
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string md_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  each_char(s, [&](uint32_t cp, std::string_view bytes) {
    if (is_unsafe(cp)) {
      out += '\\';  // the escape's own backslash, escaped so that it shows
      append_visible(out, cp);
    } else if (cp < 0x80 &&
               std::string_view("\\`*_[]<>|~&").find(static_cast<char>(cp)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string md_code(std::string_view s) {
  std::string body;
  size_t run = 0, longest = 0;
  each_char(s, [&](uint32_t cp, std::string_view bytes) {
    run = cp == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
    if (is_unsafe(cp)) {
      append_visible(body, cp);  // backslashes are literal in a code span
    } else if (cp == '|') {
      body += "\\|";
    } else {
      body.append(bytes);
    }
  });
  if (body.empty()) return "";
  std::string fence(longest + 1, '`');
  // A span that starts or ends with a backtick needs a space so the fence is not read as longer.
  bool pad = body.front() == '`' || body.back() == '`';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace cs::report
