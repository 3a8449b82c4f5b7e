// A minimal JSON reader for the SigV4 tests and the cs_sigv4_sign oracle CLI only (not used by the library):
// objects, arrays, strings (with \u escapes and surrogate pairs, decoded to UTF-8), integers,
// true/false/null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/sigv4/sigv4.h"

namespace cs::aws::sigv4::testjson {

struct Member;

struct Value {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  int64_t num = 0;
  std::string str;
  std::vector<Value> arr;
  // Members, not std::pair<std::string, Value>: a pair needs Value complete where it is named, which
  // libstdc++ under clang enforces (a vector of an incomplete type is fine since C++17).
  std::vector<Member> obj;

  const Value* get(std::string_view key) const;
  std::string get_str(std::string_view key, std::string dflt = "") const {
    const Value* v = get(key);
    return v && v->kind == String ? v->str : dflt;
  }
  bool get_bool(std::string_view key) const {
    const Value* v = get(key);
    return v && v->kind == Bool && v->b;
  }
};

struct Member {
  std::string first;
  Value second;
  Member(std::string k, Value v) : first(std::move(k)), second(std::move(v)) {}
};

inline const Value* Value::get(std::string_view key) const {
  for (const auto& m : obj)
    if (m.first == key) return &m.second;
  return nullptr;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}
  bool parse(Value& out) {
    bool ok = value(out);
    ws();
    return ok && i_ == s_.size();
  }

 private:
  std::string_view s_;
  size_t i_ = 0;

  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  static void put_utf8(std::string& o, uint32_t cp) {
    if (cp < 0x80) {
      o += static_cast<char>(cp);
    } else if (cp < 0x800) {
      o += static_cast<char>(0xC0 | (cp >> 6));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      o += static_cast<char>(0xE0 | (cp >> 12));
      o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      o += static_cast<char>(0xF0 | (cp >> 18));
      o += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool hex4(uint32_t& cp) {
    if (i_ + 4 > s_.size()) return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      cp <<= 4;
      if (c >= '0' && c <= '9')
        cp |= c - '0';
      else if (c >= 'a' && c <= 'f')
        cp |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        cp |= c - 'A' + 10;
      else
        return false;
    }
    return true;
  }
  bool string(std::string& o) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') {
        o += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"':
          o += '"';
          break;
        case '\\':
          o += '\\';
          break;
        case '/':
          o += '/';
          break;
        case 'b':
          o += '\b';
          break;
        case 'f':
          o += '\f';
          break;
        case 'n':
          o += '\n';
          break;
        case 'r':
          o += '\r';
          break;
        case 't':
          o += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            size_t save = i_;
            i_ += 2;
            uint32_t lo = 0;
            if (hex4(lo) && lo >= 0xDC00 && lo < 0xE000)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else
              i_ = save;
          }
          put_utf8(o, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }
  bool value(Value& v) {
    ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') {
      v.kind = Value::Object;
      ++i_;
      ws();
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      while (true) {
        ws();
        std::string k;
        if (!string(k)) return false;
        ws();
        if (i_ >= s_.size() || s_[i_++] != ':') return false;
        Value child;
        if (!value(child)) return false;
        v.obj.emplace_back(std::move(k), std::move(child));
        ws();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_] == '}') return ++i_, true;
        return false;
      }
    }
    if (c == '[') {
      v.kind = Value::Array;
      ++i_;
      ws();
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      while (true) {
        Value child;
        if (!value(child)) return false;
        v.arr.push_back(std::move(child));
        ws();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_] == ']') return ++i_, true;
        return false;
      }
    }
    if (c == '"') {
      v.kind = Value::String;
      return string(v.str);
    }
    if (lit("true")) {
      v.kind = Value::Bool;
      v.b = true;
      return true;
    }
    if (lit("false")) {
      v.kind = Value::Bool;
      return true;
    }
    if (lit("null")) return true;
    v.kind = Value::Number;
    bool neg = false;
    if (s_[i_] == '-') {
      neg = true;
      ++i_;
    }
    size_t st = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') v.num = v.num * 10 + (s_[i_++] - '0');
    if (neg) v.num = -v.num;
    return i_ > st;
  }
};

inline bool parse(std::string_view s, Value& out) {
  return Parser(s).parse(out);
}

// A request description (tests/oracle/sigv4_common.py documents the fields) turned into signer inputs.
struct Case {
  std::string name;
  Request request;
  Credentials credentials;
  std::string region, service;
  std::chrono::sys_seconds time{};
  Options options;
};

inline std::string from_hex(std::string_view h) {
  auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(nib(h[i]) * 16 + nib(h[i + 1]));
  return out;
}

inline Case case_from_json(const Value& v) {
  Case c;
  c.name = v.get_str("name");
  c.request.method = v.get_str("method");
  c.request.host = v.get_str("host");
  c.request.path = v.get_str("path");
  if (const Value* p = v.get("params"))
    for (const auto& kv : p->arr)
      if (kv.arr.size() == 2) c.request.query_params.push_back({kv.arr[0].str, kv.arr[1].str});
  c.request.raw_query = v.get_str("query");
  if (const Value* h = v.get("headers"))
    for (const auto& kv : h->arr)
      if (kv.arr.size() == 2) c.request.headers.push_back({kv.arr[0].str, kv.arr[1].str});
  c.request.body = from_hex(v.get_str("body_hex"));
  c.credentials = {v.get_str("access_key"), v.get_str("secret_key"), v.get_str("token")};
  c.region = v.get_str("region");
  c.service = v.get_str("service");
  if (const Value* e = v.get("epoch")) c.time = std::chrono::sys_seconds{std::chrono::seconds{e->num}};
  if (v.get_bool("s3")) {
    c.options.normalize_and_encode_path = false;
    c.options.add_content_sha256_header = true;
  }
  return c;
}

}  // namespace cs::aws::sigv4::testjson
