// cs_sigv4_sign: signs request descriptions with cloudsift's SigV4 signer (oracle helper for
// tests/oracle/sigv4_property.py). Reads one JSON object per line on stdin (fields:
// tests/oracle/sigv4_common.py) and writes one JSON line per request: {"authorization": ...,
// "canonical_request": ..., "string_to_sign": ...} or {"error": ...}.
#include <cstdio>
#include <iostream>
#include <string>

#include "aws/sigv4/sigv4.h"
#include "aws/sigv4/test_json.h"

namespace {
std::string quote(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}
}  // namespace

int main() {
  namespace sv = cs::aws::sigv4;
  std::string line;
  std::ios::sync_with_stdio(false);
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    sv::testjson::Value v;
    if (!sv::testjson::parse(line, v)) {
      std::cout << "{\"error\": \"bad json\"}\n";
      continue;
    }
    sv::testjson::Case c = sv::testjson::case_from_json(v);
    auto r = sv::sign(c.request, c.credentials, c.region, c.service, c.time, c.options);
    if (!r) {
      std::cout << "{\"error\": " << quote(r.error().message) << "}\n";
      continue;
    }
    std::cout << "{\"authorization\": " << quote(r->authorization)
              << ", \"canonical_request\": " << quote(r->canonical_request)
              << ", \"string_to_sign\": " << quote(r->string_to_sign) << "}\n";
  }
  std::cout.flush();
  return 0;
}
