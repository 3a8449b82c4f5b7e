// SigV4 signing, matching botocore 1.43 SigV4Auth / S3SigV4Auth (facts: /work/shared/aws/API.md §2).
#include "aws/sigv4/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <set>
#include <utility>

namespace cs::aws::sigv4 {
namespace {

constexpr char kHex[] = "0123456789abcdef";

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

std::string to_hex(const unsigned char* p, size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

// Python's str.isspace() set (what str.split() with no argument splits on), as code points.
bool py_space(uint32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f)) return true;
  if (cp < 0x80) return false;
  return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

// Decodes one UTF-8 sequence at s[i]; returns its length (1 for an invalid byte, cp = 0xFFFFFFFF).
size_t utf8_next(std::string_view s, size_t i, uint32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    cp = 0xFFFFFFFF;
    return 1;
  }
  cp = len == 1 ? b : len == 2 ? (b & 0x1f) : len == 3 ? (b & 0x0f) : (b & 0x07);
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 2) {
      cp = 0xFFFFFFFF;
      return 1;
    }
    cp = (cp << 6) | (c & 0x3f);
  }
  return len;
}

bool hmac_sha256(std::string_view key, std::string_view msg, std::array<unsigned char, 32>& out) {
  unsigned int len = 0;
  unsigned char* r = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                          reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out.data(), &len);
  return r != nullptr && len == 32;
}

std::string_view as_view(const std::array<unsigned char, 32>& a) {
  return {reinterpret_cast<const char*>(a.data()), a.size()};
}

// botocore.utils.remove_dot_segments (RFC 3986 5.2.4 plus removal of empty segments).
std::string remove_dot_segments(std::string_view url) {
  if (url.empty()) return "";
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t slash = url.find('/', start);
    std::string_view seg =
        url.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!seg.empty() && seg != ".") {
      if (seg == "..") {
        if (!out.empty()) out.pop_back();
      } else {
        out.push_back(seg);
      }
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string r = url.front() == '/' ? "/" : "";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) r += '/';
    r += out[i];
  }
  if (url.back() == '/' && !out.empty()) r += '/';
  return r;
}

// Python email.utils.formatdate(t) (localtime=False, usegmt=False): "Sun, 30 Aug 2015 12:36:00 -0000".
std::string format_http_date(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto dp = floor<days>(t);
  year_month_day ymd{dp};
  weekday wd{dp};
  hh_mm_ss hms{t - dp};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d -0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

bool has_header(const Request& r, std::string_view name) {
  return std::any_of(r.headers.begin(), r.headers.end(),
                     [&](const Header& h) { return iequals(h.name, name); });
}

void erase_header(Request& r, std::string_view name) {
  std::erase_if(r.headers, [&](const Header& h) { return iequals(h.name, name); });
}

void set_header(Request& r, std::string_view name, std::string value) {
  erase_header(r, name);
  r.headers.push_back({std::string(name), std::move(value)});
}

std::string payload_hash(const Request& r) {
  if (r.payload_hash) return *r.payload_hash;
  if (r.body.empty()) return std::string(kEmptySha256);
  return sha256_hex(r.body);
}

}  // namespace

std::string amz_date(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  auto dp = floor<days>(t);
  year_month_day ymd{dp};
  hh_mm_ss hms{t - dp};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string uri_encode(std::string_view s, std::string_view safe) {
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.' || c == '~' || (c < 0x80 && safe.find(ch) != std::string_view::npos);
    if (keep) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back("0123456789ABCDEF"[c >> 4]);
      out.push_back("0123456789ABCDEF"[c & 15]);
    }
  }
  return out;
}

std::string canonical_uri(std::string_view path, bool normalize_and_encode) {
  if (!normalize_and_encode) return std::string(path);  // S3SigV4Auth._normalize_url_path
  std::string norm = path.empty() ? std::string("/") : remove_dot_segments(path);
  return uri_encode(norm, "/~");
}

std::string canonical_query(const Request& r) {
  std::vector<std::pair<std::string, std::string>> kv;
  if (!r.query_params.empty()) {
    for (const auto& p : r.query_params) kv.emplace_back(uri_encode(p.key, ""), uri_encode(p.value, ""));
  } else if (!r.raw_query.empty()) {
    std::string_view q = r.raw_query;
    size_t start = 0;
    while (true) {
      size_t amp = q.find('&', start);
      std::string_view pair =
          q.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos)
        kv.emplace_back(std::string(pair), std::string());
      else
        kv.emplace_back(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      start = amp + 1;
    }
  }
  std::sort(kv.begin(), kv.end());
  std::string out;
  for (size_t i = 0; i < kv.size(); ++i) {
    if (i) out += '&';
    out += kv[i].first;
    out += '=';
    out += kv[i].second;
  }
  return out;
}

std::string wire_query(const Request& r) {
  if (r.query_params.empty()) return r.raw_query;
  std::string out;
  for (size_t i = 0; i < r.query_params.size(); ++i) {
    if (i) out += '&';
    out += uri_encode(r.query_params[i].key, "");
    out += '=';
    out += uri_encode(r.query_params[i].value, "");
  }
  return out;
}

std::string collapse_whitespace(std::string_view v) {
  std::string out;
  bool pending_space = false;
  size_t i = 0;
  while (i < v.size()) {
    uint32_t cp = 0;
    size_t n = utf8_next(v, i, cp);
    if (py_space(cp)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(v.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) return "";
  return to_hex(md, len);
}

bool is_excluded_header(std::string_view n) {
  static constexpr std::string_view kExcluded[] = {"connection",
                                                   "expect",
                                                   "keep-alive",
                                                   "proxy-authenticate",
                                                   "proxy-authorization",
                                                   "te",
                                                   "trailer",
                                                   "transfer-encoding",
                                                   "upgrade",
                                                   "user-agent",
                                                   "x-amzn-trace-id"};
  return std::find(std::begin(kExcluded), std::end(kExcluded), n) != std::end(kExcluded);
}

Result<Signed> sign(Request& r, const Credentials& creds, std::string_view region, std::string_view service,
                    std::chrono::sys_seconds time, const Options& opt) {
  if (creds.access_key.empty()) return Error{"sigv4: missing access key id"};
  if (creds.secret_key.empty()) return Error{"sigv4: missing secret access key"};
  if (region.empty()) return Error{"sigv4: missing signing region"};
  if (service.empty()) return Error{"sigv4: missing signing service name"};
  if (r.method.empty()) return Error{"sigv4: missing HTTP method"};

  const std::string timestamp = amz_date(time);
  const std::string date = timestamp.substr(0, 8);

  // _modify_request_before_signing
  erase_header(r, "Authorization");
  if (has_header(r, "Date")) {
    set_header(r, "Date", format_http_date(time));
    erase_header(r, "X-Amz-Date");
  } else {
    set_header(r, "X-Amz-Date", timestamp);
  }
  if (!creds.session_token.empty()) set_header(r, "X-Amz-Security-Token", creds.session_token);
  std::string body_hash = payload_hash(r);
  if (body_hash.empty()) return Error{"sigv4: SHA-256 failed"};
  if (opt.add_content_sha256_header) set_header(r, "X-Amz-Content-SHA256", body_hash);

  // headers_to_sign + canonical_headers + signed_headers
  std::vector<std::pair<std::string, const std::string*>> hs;  // (lower name, value), wire order
  bool have_host = false;
  for (const auto& h : r.headers) {
    std::string ln = lower(h.name);
    if (is_excluded_header(ln)) continue;
    if (ln == "host") have_host = true;
    hs.emplace_back(std::move(ln), &h.value);
  }
  if (!have_host) hs.emplace_back("host", &r.host);
  std::set<std::string> names;
  for (const auto& [n, v] : hs) names.insert(n);

  std::string canonical_headers;
  for (const auto& n : names) {
    canonical_headers += n;
    canonical_headers += ':';
    bool first = true;
    for (const auto& [hn, hv] : hs) {
      if (hn != n) continue;
      if (!first) canonical_headers += ',';
      first = false;
      canonical_headers += collapse_whitespace(*hv);
    }
    canonical_headers += '\n';
  }
  std::vector<std::string> signed_list;
  for (const auto& n : names) {
    size_t b = n.find_first_not_of(" \t\n\r\f\v");
    size_t e = n.find_last_not_of(" \t\n\r\f\v");
    signed_list.push_back(b == std::string::npos ? std::string() : n.substr(b, e - b + 1));
  }
  std::sort(signed_list.begin(), signed_list.end());
  std::string signed_headers;
  for (size_t i = 0; i < signed_list.size(); ++i) {
    if (i) signed_headers += ';';
    signed_headers += signed_list[i];
  }

  // An X-Amz-Content-SHA256 header (set above or by the caller) is the payload hash botocore signs.
  for (const auto& h : r.headers) {
    if (iequals(h.name, "X-Amz-Content-SHA256")) {
      body_hash = h.value;
      break;
    }
  }

  Signed out;
  std::string method = r.method;
  for (char& c : method) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  out.canonical_request = method + '\n' + canonical_uri(r.path, opt.normalize_and_encode_path) + '\n' +
                          canonical_query(r) + '\n' + canonical_headers + '\n' + signed_headers + '\n' +
                          body_hash;
  out.credential_scope = date + '/' + std::string(region) + '/' + std::string(service) + "/aws4_request";
  std::string creq_hash = sha256_hex(out.canonical_request);
  if (creq_hash.empty()) return Error{"sigv4: SHA-256 failed"};
  out.string_to_sign = "AWS4-HMAC-SHA256\n" + timestamp + '\n' + out.credential_scope + '\n' + creq_hash;

  // Signing key: kDate = HMAC("AWS4"+secret, date), kRegion, kService, kSigning.
  std::string k_secret = "AWS4" + creds.secret_key;
  std::array<unsigned char, 32> k1{}, k2{}, k3{}, k4{}, sig{};
  bool ok = hmac_sha256(k_secret, date, k1) && hmac_sha256(as_view(k1), region, k2) &&
            hmac_sha256(as_view(k2), service, k3) && hmac_sha256(as_view(k3), "aws4_request", k4) &&
            hmac_sha256(as_view(k4), out.string_to_sign, sig);
  OPENSSL_cleanse(k_secret.data(), k_secret.size());
  for (auto* k : {&k1, &k2, &k3, &k4}) OPENSSL_cleanse(k->data(), k->size());
  if (!ok) return Error{"sigv4: HMAC-SHA256 failed"};

  out.signature = to_hex(sig.data(), sig.size());
  out.signed_headers = signed_headers;
  out.authorization = "AWS4-HMAC-SHA256 Credential=" + creds.access_key + '/' + out.credential_scope +
                      ", SignedHeaders=" + signed_headers + ", Signature=" + out.signature;
  r.headers.push_back({"Authorization", out.authorization});
  return out;
}

std::string redact_header(std::string_view name, std::string_view value) {
  if (iequals(name, "X-Amz-Security-Token")) return "<redacted>";
  if (iequals(name, "Authorization")) {
    // Keep only the documented, non-secret parts: algorithm, Credential, SignedHeaders, Signature.
    std::string out;
    size_t sp = value.find(' ');
    out = std::string(value.substr(0, sp));
    if (sp == std::string_view::npos) return out;
    std::string_view rest = value.substr(sp + 1);
    bool first = true;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view part = rest.substr(0, comma);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      bool known = part.starts_with("Credential=") || part.starts_with("SignedHeaders=") ||
                   part.starts_with("Signature=");
      out += first ? " " : ", ";
      first = false;
      if (known) {
        out += part;
      } else {
        size_t eq = part.find('=');
        out += std::string(part.substr(0, eq == std::string_view::npos ? 0 : eq)) + "=<redacted>";
      }
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
    return out;
  }
  return std::string(value);
}

std::string redact_canonical_request(std::string_view creq) {
  std::string out;
  size_t start = 0;
  while (start <= creq.size()) {
    size_t nl = creq.find('\n', start);
    std::string_view line =
        creq.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (line.starts_with("x-amz-security-token:"))
      out += "x-amz-security-token:<redacted>";
    else
      out += line;
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace cs::aws::sigv4
