#include "syntax/xml/xml.h"

#include <cstring>
#include <optional>

#include "base/utf8.h"

namespace cs::xml {

const Element* Element::child(std::string_view n) const {
  for (const Element& c : children)
    if (c.name == n) return &c;
  return nullptr;
}

std::string Element::child_text(std::string_view n) const {
  const Element* c = child(n);
  return c ? c->text : std::string();
}

std::vector<const Element*> Element::children_named(std::string_view n) const {
  std::vector<const Element*> out;
  for (const Element& c : children)
    if (c.name == n) out.push_back(&c);
  return out;
}

const Element* Element::path(std::initializer_list<std::string_view> names) const {
  const Element* e = this;
  for (std::string_view n : names) {
    e = e->child(n);
    if (!e) return nullptr;
  }
  return e;
}

const std::string* Element::attribute(std::string_view n) const {
  for (const auto& [k, v] : attributes)
    if (k == n) return &v;
  return nullptr;
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool is_name_char(unsigned char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool is_xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Length of the valid UTF-8 sequence at s[i] that encodes an XML Char, or 0.
size_t utf8_char_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_xml_char(c) ? 1 : 0;
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;  // overlong / range
  return is_xml_char(cp) ? n : 0;
}

struct Open {
  Element el;
  std::string_view qname;  // as written, for matching the end tag
};

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<Element> run() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    // Every byte must be a valid XML character in UTF-8; checked up front so later code can assume it.
    for (size_t i = pos_; i < s_.size();) {
      size_t n = utf8_char_len(s_, i);
      if (n == 0) {
        unsigned char c = static_cast<unsigned char>(s_[i]);
        return fail(i, c < 0x80 ? "control character not allowed in XML" : "invalid UTF-8");
      }
      i += n;
    }
    if (starts("<?xml") && pos_ + 5 < s_.size() && is_space(s_[pos_ + 5])) {
      size_t end = s_.find("?>", pos_);
      if (end == std::string_view::npos) return fail(pos_, "unterminated XML declaration");
      pos_ = end + 2;
    }
    bool have_root = false;
    std::vector<Open> stack;
    std::optional<Element> root;
    while (true) {
      if (stack.empty()) {
        // Prolog or epilog: only whitespace, comments and PIs (and one root element).
        skip_space();
        if (pos_ >= s_.size()) break;
        if (s_[pos_] != '<')
          return fail(pos_, have_root ? "content after the root element" : "text before the root element");
      } else {
        // Content: character data up to the next '<'.
        if (pos_ >= s_.size())
          return fail(pos_, "unclosed element <" + std::string(stack.back().qname) + ">");
        if (s_[pos_] != '<') {
          if (auto e = text(stack.back().el.text); !e.ok()) return e.error();
          continue;
        }
      }
      // s_[pos_] == '<'
      if (starts("<!--")) {
        size_t end = s_.find("--", pos_ + 4);
        if (end == std::string_view::npos) return fail(pos_, "unterminated comment");
        if (end + 2 >= s_.size() || s_[end + 2] != '>') return fail(end, "'--' not allowed inside a comment");
        pos_ = end + 3;
        continue;
      }
      if (starts("<?")) {
        size_t name_start = pos_ + 2;
        size_t p = name_start;
        while (p < s_.size() && is_name_char(static_cast<unsigned char>(s_[p]))) ++p;
        if (p == name_start) return fail(name_start, "processing instruction without a target");
        std::string_view target = s_.substr(name_start, p - name_start);
        if (target.size() == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' &&
            (target[2] | 0x20) == 'l')
          return fail(pos_, "XML declaration not at the start of the document");
        size_t end = s_.find("?>", p);
        if (end == std::string_view::npos) return fail(pos_, "unterminated processing instruction");
        pos_ = end + 2;
        continue;
      }
      if (starts("<!DOCTYPE")) return fail(pos_, "DOCTYPE is not allowed");
      if (starts("<![CDATA[")) {
        if (stack.empty()) return fail(pos_, "CDATA outside the root element");
        size_t end = s_.find("]]>", pos_ + 9);
        if (end == std::string_view::npos) return fail(pos_, "unterminated CDATA section");
        append_normalized(stack.back().el.text, s_.substr(pos_ + 9, end - pos_ - 9));
        pos_ = end + 3;
        continue;
      }
      if (starts("<!")) return fail(pos_, "unexpected markup declaration");
      if (starts("</")) {
        if (stack.empty()) return fail(pos_, "end tag without a start tag");
        size_t tag = pos_;
        pos_ += 2;
        std::string_view qn = name();
        if (qn.empty()) return fail(pos_, "expected an element name");
        if (qn != stack.back().qname)
          return fail(tag, "end tag </" + std::string(qn) + "> does not match <" +
                               std::string(stack.back().qname) + ">");
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return fail(pos_, "expected '>'");
        ++pos_;
        Element done = std::move(stack.back().el);
        stack.pop_back();
        finish(done);
        if (stack.empty()) {
          root = std::move(done);
          have_root = true;
        } else {
          stack.back().el.children.push_back(std::move(done));
        }
        continue;
      }
      // Start tag.
      if (stack.empty() && have_root) return fail(pos_, "content after the root element");
      if (stack.size() >= kMaxDepth)
        return fail(pos_, "elements nested deeper than " + std::to_string(kMaxDepth));
      size_t tag = pos_;
      ++pos_;
      std::string_view qn = name();
      if (qn.empty()) return fail(pos_, "expected an element name");
      Open o;
      o.qname = qn;
      size_t colon = qn.rfind(':');
      o.el.name = std::string(colon == std::string_view::npos ? qn : qn.substr(colon + 1));
      if (o.el.name.empty()) return fail(tag + 1, "element name with an empty local part");
      auto [l, c] = line_col(tag);
      o.el.line = l;
      o.el.col = c;
      bool self_closing = false;
      while (true) {
        bool had_space = skip_space();
        if (pos_ >= s_.size()) return fail(pos_, "unterminated start tag <" + std::string(qn) + ">");
        if (s_[pos_] == '>') {
          ++pos_;
          break;
        }
        if (s_[pos_] == '/') {
          if (pos_ + 1 >= s_.size() || s_[pos_ + 1] != '>') return fail(pos_, "expected '/>'");
          pos_ += 2;
          self_closing = true;
          break;
        }
        if (!had_space) return fail(pos_, "expected whitespace before an attribute");
        size_t an_pos = pos_;
        std::string_view an = name();
        if (an.empty()) return fail(pos_, "expected an attribute name");
        for (const auto& kv : o.el.attributes)
          if (kv.first == an) return fail(an_pos, "duplicate attribute '" + std::string(an) + "'");
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '=') return fail(pos_, "expected '=' after attribute name");
        ++pos_;
        skip_space();
        if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
          return fail(pos_, "expected a quoted attribute value");
        char q = s_[pos_++];
        std::string value;
        while (true) {
          if (pos_ >= s_.size()) return fail(pos_, "unterminated attribute value");
          char ch = s_[pos_];
          if (ch == q) {
            ++pos_;
            break;
          }
          if (ch == '<') return fail(pos_, "'<' not allowed in an attribute value");
          if (ch == '&') {
            if (auto e = entity(value); !e.ok()) return e.error();
            continue;
          }
          // Attribute-value normalisation: whitespace characters become spaces.
          if (ch == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') ++pos_;
          value += is_space(ch) ? ' ' : ch;
          ++pos_;
        }
        o.el.attributes.emplace_back(std::string(an), std::move(value));
      }
      if (self_closing) {
        finish(o.el);
        if (stack.empty()) {
          root = std::move(o.el);
          have_root = true;
        } else {
          stack.back().el.children.push_back(std::move(o.el));
        }
      } else {
        stack.push_back(std::move(o));
      }
    }
    if (!root) return fail(pos_, "no root element");
    return std::move(*root);
  }

 private:
  bool starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }
  bool skip_space() {
    size_t b = pos_;
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    return pos_ != b;
  }
  std::string_view name() {
    size_t b = pos_;
    if (pos_ >= s_.size() || !is_name_start(static_cast<unsigned char>(s_[pos_]))) return {};
    while (pos_ < s_.size() && is_name_char(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    return s_.substr(b, pos_ - b);
  }
  static void finish(Element& e) {
    if (!e.children.empty()) {
      bool all_space = true;
      for (char c : e.text) all_space = all_space && is_space(c);
      if (all_space) e.text.clear();
    }
  }
  static void append_normalized(std::string& out, std::string_view t) {
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\r') {
        out += '\n';
        if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
      } else {
        out += t[i];
      }
    }
  }
  // Character data up to the next '<' (or the end).
  Result<void> text(std::string& out) {
    while (pos_ < s_.size() && s_[pos_] != '<') {
      char ch = s_[pos_];
      if (ch == '&') {
        if (auto e = entity(out); !e.ok()) return e;
        continue;
      }
      if (ch == ']' && starts("]]>")) return fail(pos_, "']]>' not allowed in character data");
      if (ch == '\r') {
        out += '\n';
        ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
        continue;
      }
      out += ch;
      ++pos_;
    }
    return {};
  }
  // At '&': decodes one reference into `out`.
  Result<void> entity(std::string& out) {
    size_t amp = pos_;
    size_t semi = s_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) return fail(amp, "unterminated entity reference");
    std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
    if (ref == "amp")
      out += '&';
    else if (ref == "lt")
      out += '<';
    else if (ref == "gt")
      out += '>';
    else if (ref == "apos")
      out += '\'';
    else if (ref == "quot")
      out += '"';
    else if (!ref.empty() && ref[0] == '#') {
      bool hex = ref.size() > 1 && ref[1] == 'x';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return fail(amp, "invalid character reference");
      uint32_t cp = 0;
      for (char d : digits) {
        int v;
        if (d >= '0' && d <= '9')
          v = d - '0';
        else if (hex && d >= 'a' && d <= 'f')
          v = d - 'a' + 10;
        else if (hex && d >= 'A' && d <= 'F')
          v = d - 'A' + 10;
        else
          return fail(amp, "invalid character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        if (cp > 0x10FFFF) return fail(amp, "character reference out of range");
      }
      if (!is_xml_char(cp)) return fail(amp, "character reference to a character not allowed in XML");
      append_utf8(out, cp);
    } else {
      return fail(amp, "undefined entity '&" + std::string(ref) + ";'");
    }
    pos_ = semi + 1;
    return {};
  }
  std::pair<uint32_t, uint32_t> line_col(size_t off) {
    // Offsets asked for are mostly increasing: continue from the last answer when possible.
    if (off < lc_off_) {
      lc_off_ = 0;
      lc_line_ = 1;
      lc_line_start_ = 0;
    }
    for (size_t i = lc_off_; i < off && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++lc_line_;
        lc_line_start_ = i + 1;
      }
    }
    lc_off_ = off;
    return {lc_line_, static_cast<uint32_t>(off - lc_line_start_ + 1)};
  }
  Error fail(size_t off, std::string msg) {
    auto [l, c] = line_col(off);
    Error e;
    e.message = std::move(msg);
    e.line = l;
    e.col = c;
    return e;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t lc_off_ = 0;
  uint32_t lc_line_ = 1;
  size_t lc_line_start_ = 0;
};

}  // namespace

Result<Element> parse(std::string_view doc) {
  if (doc.size() > 0xFFFFFFFFu) return Error{"document too large"};
  return Parser(doc).run();
}

}  // namespace cs::xml
