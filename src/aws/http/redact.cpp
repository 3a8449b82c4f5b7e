#include "aws/http/redact.h"

#include "aws/http/http_client.h"

#include <cctype>

namespace cs::aws::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Replaces the values of sensitive "key=value" pairs in an '&'-separated list.
std::string redact_pairs(std::string_view s, std::vector<std::string>* removed) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t amp = s.find('&', pos);
    if (amp == std::string_view::npos) amp = s.size();
    std::string_view part = s.substr(pos, amp - pos);
    std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && is_sensitive_name(part.substr(0, eq))) {
      out.append(part.substr(0, eq + 1));
      out.append(kRedacted);
      if (removed) removed->emplace_back(part.substr(eq + 1));
    } else {
      out.append(part);
    }
    if (amp < s.size()) out.push_back('&');
    pos = amp + 1;
  }
  return out;
}

// Scans a JSON string starting at s[i] == '"'; returns the index one past the closing quote (or s.size()).
std::size_t skip_json_string(std::string_view s, std::size_t i) {
  ++i;
  while (i < s.size()) {
    if (s[i] == '\\') {
      i += 2;
      continue;
    }
    if (s[i] == '"') return i + 1;
    ++i;
  }
  return s.size();
}

std::string redact_json(std::string_view s, std::vector<std::string>* removed) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '"') {
      out.push_back(s[i++]);
      continue;
    }
    std::size_t end = skip_json_string(s, i);
    std::string_view token = s.substr(i, end - i);
    out.append(token);
    i = end;
    std::size_t j = i;
    while (j < s.size() && is_space(s[j])) ++j;
    if (j >= s.size() || s[j] != ':') continue;  // a value, not a key
    std::string_view name = token.size() >= 2 ? token.substr(1, token.size() - 2) : std::string_view();
    if (!is_sensitive_name(name)) continue;
    ++j;
    while (j < s.size() && is_space(s[j])) ++j;
    if (j >= s.size()) continue;
    if (s[j] == '"') {
      out.append(s.substr(i, j - i));
      out.push_back('"');
      out.append(kRedacted);
      out.push_back('"');
      i = skip_json_string(s, j);
      if (removed && i - j >= 2) removed->emplace_back(s.substr(j + 1, i - j - 2));
    } else if (s[j] != '{' && s[j] != '[') {  // scalar (number, true, null): replace it too
      std::size_t k = j;
      while (k < s.size() && s[k] != ',' && s[k] != '}' && s[k] != ']' && !is_space(s[k])) ++k;
      out.append(s.substr(i, j - i));
      out.push_back('"');
      out.append(kRedacted);
      out.push_back('"');
      if (removed) removed->emplace_back(s.substr(j, k - j));
      i = k;
    }
    // objects/arrays: their members are visited (and redacted by their own names) as the scan continues
  }
  return out;
}

std::string redact_xml(std::string_view s, std::vector<std::string>* removed) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '<') {
      out.push_back(s[i++]);
      continue;
    }
    std::size_t gt = s.find('>', i);
    if (gt == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    std::string_view tag = s.substr(i + 1, gt - i - 1);
    out.append(s.substr(i, gt - i + 1));
    i = gt + 1;
    if (tag.empty() || tag[0] == '/' || tag[0] == '?' || tag[0] == '!' || tag.back() == '/') continue;
    std::size_t name_end = 0;
    while (name_end < tag.size() && !is_space(tag[name_end])) ++name_end;
    std::string_view name = tag.substr(0, name_end);
    std::size_t colon = name.rfind(':');
    if (colon != std::string_view::npos) name = name.substr(colon + 1);
    if (!is_sensitive_name(name)) continue;
    std::size_t next = s.find('<', i);
    if (next == std::string_view::npos) next = s.size();
    if (next > i) {  // only text content; child elements are handled by their own names
      out.append(kRedacted);
      if (removed) removed->emplace_back(s.substr(i, next - i));
      i = next;
    }
  }
  return out;
}

}  // namespace

bool is_sensitive_name(std::string_view name) {
  std::string n = lower(name);
  if (n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie") return true;
  return n.find("secret") != std::string::npos || n.find("token") != std::string::npos ||
         n.find("password") != std::string::npos || n.find("signature") != std::string::npos;
}

std::string redact_header_value(std::string_view name, std::string_view value) {
  if (is_sensitive_name(name)) return std::string(kRedacted);
  return std::string(value);
}

std::string redact_url(std::string_view url, std::vector<std::string>* removed) {
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::size_t frag = url.find('#', q);
  std::string_view query =
      url.substr(q + 1, frag == std::string_view::npos ? std::string_view::npos : frag - q - 1);
  std::string out(url.substr(0, q + 1));
  out += redact_pairs(query, removed);
  if (frag != std::string_view::npos) out.append(url.substr(frag));
  return out;
}

std::string redact_body(std::string_view body, std::vector<std::string>* removed) {
  std::size_t i = 0;
  while (i < body.size() && is_space(body[i])) ++i;
  if (i == body.size()) return std::string(body);
  if (body[i] == '{' || body[i] == '[') return redact_json(body, removed);
  if (body[i] == '<') return redact_xml(body, removed);
  return redact_pairs(body, removed);
}

}  // namespace cs::aws::http

namespace cs::aws::http {

void SecretScrubber::add(std::string_view value) {
  if (value.size() >= 6) values_.emplace_back(value);
  // pieces of structured values (e.g. "Credential=AKID.../..., Signature=abcd...")
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t j = value.find_first_of(" ,=/;:", i);
    if (j == std::string_view::npos) j = value.size();
    if (j - i >= 8 && j - i < value.size()) values_.emplace_back(value.substr(i, j - i));
    i = j + 1;
  }
}

void SecretScrubber::add_header(std::string_view name, std::string_view value) {
  if (!is_sensitive_name(name)) return;
  // A SigV4 Authorization value is made of public pieces (algorithm, key id, date, region, service, the
  // signed header names) and the signature: remember the whole value and the signature only, or every
  // date and region in the log would be scrubbed.
  if (iequals(name, "Authorization") && value.substr(0, 5) == "AWS4-") {
    values_.emplace_back(value);
    std::size_t sig = value.find("Signature=");
    if (sig != std::string_view::npos) {
      std::string_view hex = value.substr(sig + 10);
      hex = hex.substr(0, hex.find_first_of(" ,"));
      if (hex.size() >= 16) values_.emplace_back(hex);
    }
    return;
  }
  add(value);
}

std::string SecretScrubber::scrub(std::string_view text) const {
  std::string out(text);
  for (const auto& v : values_) {
    std::size_t pos = 0;
    while ((pos = out.find(v, pos)) != std::string::npos) {
      out.replace(pos, v.size(), kRedacted);
      pos += kRedacted.size();
    }
  }
  return out;
}

}  // namespace cs::aws::http
