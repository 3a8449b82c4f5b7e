// Tests for the SigV4 signer:
//  1. the AWS SigV4 test suite (botocore's copy), read in place from ../shared/sigv4-suite;
//  2. vectors produced by the installed botocore (testdata/botocore_vectors.json,
//  tests/oracle/sigv4_vectors.py);
//  3. unit tests of the pieces, redaction and error handling.
// The random-request comparison against botocore is the ctest `sigv4_property`
// (tests/oracle/sigv4_property.py).
#include "aws/sigv4/sigv4.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aws/sigv4/test_json.h"

namespace fs = std::filesystem;
namespace sv = cs::aws::sigv4;

namespace {

const fs::path kSuiteDir = fs::path(CS_SOURCE_DIR) / ".." / "shared" / "sigv4-suite";
constexpr const char* kAk = "AKIDEXAMPLE";
constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const std::chrono::sys_seconds kSuiteTime{std::chrono::seconds{1440938160}};  // 20150830T123600Z

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string strip_cr(std::string s) {
  std::erase(s, '\r');
  return s;
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// Python urllib.parse.unquote_plus (what parse_qsl applies to each key and value).
std::string unquote_plus(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Parses a suite .req the way botocore's driver (tests/unit/auth/test_sigv4.py) builds its AWSRequest:
// request line -> method and path; "?query" -> parse_qsl (decoded, blank values dropped) -> request.params;
// headers in order (obs-fold continuation lines appended to the previous value; whitespace is collapsed
// by the signer anyway); body = everything after the blank line.
// Deliberate differences from botocore's driver, which let us run the four cases it skips:
//  * the request line is split at its first and last space, so `normalize-path/get-space`
//    ("GET /example space/ HTTP/1.1", rejected by Python's HTTP parser) parses;
//  * parameters stay an ordered list (botocore's driver makes a dict, losing repeated keys), so
//    `get-vanilla-query-order-key`, `-order-value` and `-order-key-case` are signed as AWS specifies.
sv::Request parse_req(const std::string& raw_in) {
  std::string raw = strip_cr(raw_in);
  sv::Request r;
  size_t blank = raw.find("\n\n");
  std::string head = raw.substr(0, blank);
  if (blank != std::string::npos) r.body = raw.substr(blank + 2);
  std::vector<std::string> lines;
  std::stringstream hs(head);
  for (std::string l; std::getline(hs, l);) lines.push_back(l);
  const std::string& rl = lines.at(0);
  size_t sp1 = rl.find(' ');
  size_t sp2 = rl.rfind(' ');
  r.method = rl.substr(0, sp1);
  std::string target = rl.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string_view query = std::string_view(target).substr(q + 1);
    size_t start = 0;
    while (start <= query.size()) {
      size_t amp = query.find('&', start);
      std::string_view pair =
          query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && eq + 1 < pair.size())  // parse_qsl drops blank values
        r.query_params.push_back({unquote_plus(pair.substr(0, eq)), unquote_plus(pair.substr(eq + 1))});
      if (amp == std::string_view::npos) break;
      start = amp + 1;
    }
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !r.headers.empty()) {
      r.headers.back().value += "\n" + l;
      continue;
    }
    size_t colon = l.find(':');
    if (colon == std::string::npos) continue;
    std::string value = l.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    r.headers.push_back({l.substr(0, colon), value});
  }
  for (const auto& h : r.headers) {
    if (h.name.size() == 4 && (h.name[0] | 0x20) == 'h' && (h.name[1] | 0x20) == 'o' &&
        (h.name[2] | 0x20) == 's' && (h.name[3] | 0x20) == 't') {
      r.host = h.value;
      std::transform(r.host.begin(), r.host.end(), r.host.begin(),
                     [](unsigned char c) { return std::tolower(c); });
    }
  }
  return r;
}

std::vector<fs::path> suite_cases() {
  std::vector<fs::path> out;
  for (auto it = fs::recursive_directory_iterator(kSuiteDir); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_directory() && it->path().filename().string().starts_with("_")) {
      it.disable_recursion_pending();  // _variants-aws-c-auth: reference only (SOURCE.md)
      continue;
    }
    if (it->is_directory() && fs::exists(it->path() / (it->path().filename().string() + ".req")))
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// 1. AWS SigV4 test suite. Token rule as botocore's driver: the session token is the value of the
// x-amz-security-token line of the .creq, if any (so post-sts-header-after signs without a token, and
// post-sts-header-before / get-vanilla-with-session-token with it).
TEST(SigV4Suite, AllCasesMatchCreqStsAuthz) {
  if (!fs::is_directory(kSuiteDir)) GTEST_SKIP() << "no test suite at " << kSuiteDir;
  std::vector<fs::path> cases = suite_cases();
  EXPECT_EQ(cases.size(), 34u);
  int passed = 0;
  for (const auto& dir : cases) {
    std::string base = (dir / dir.filename()).string();
    std::string name = fs::relative(dir, kSuiteDir).string();
    SCOPED_TRACE(name);
    sv::Request req = parse_req(read_file(base + ".req"));
    std::string creq = strip_cr(read_file(base + ".creq"));
    std::string sts = strip_cr(read_file(base + ".sts"));
    std::string authz = strip_cr(read_file(base + ".authz"));
    std::string token;
    if (size_t p = creq.find("\nx-amz-security-token:"); p != std::string::npos) {
      size_t b = p + 22;
      token = creq.substr(b, creq.find('\n', b) - b);
    }
    auto r = sv::sign(req, {kAk, kSk, token}, "us-east-1", "service", kSuiteTime);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->canonical_request, creq);
    EXPECT_EQ(r->string_to_sign, sts);
    EXPECT_EQ(r->authorization, authz);
    if (r->canonical_request == creq && r->string_to_sign == sts && r->authorization == authz) ++passed;
  }
  EXPECT_EQ(passed, 34);
  std::printf("[ sigv4 suite ] %d/%zu cases passed\n", passed, cases.size());
}

// 2. Vectors computed by botocore's SigV4Auth / S3SigV4Auth.
TEST(SigV4Botocore, VectorsMatch) {
  fs::path p = fs::path(CS_SOURCE_DIR) / "src/aws/sigv4/testdata/botocore_vectors.json";
  std::string text = read_file(p);
  ASSERT_FALSE(text.empty()) << p;
  sv::testjson::Value root;
  ASSERT_TRUE(sv::testjson::parse(text, root));
  const sv::testjson::Value* cases = root.get("cases");
  ASSERT_NE(cases, nullptr);
  EXPECT_GE(cases->arr.size(), 20u);
  int passed = 0;
  for (const auto& c : cases->arr) {
    sv::testjson::Case tc = sv::testjson::case_from_json(c);
    SCOPED_TRACE(tc.name);
    const sv::testjson::Value* exp = c.get("expected");
    ASSERT_NE(exp, nullptr);
    auto r = sv::sign(tc.request, tc.credentials, tc.region, tc.service, tc.time, tc.options);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->canonical_request, exp->get_str("canonical_request"));
    EXPECT_EQ(r->string_to_sign, exp->get_str("string_to_sign"));
    EXPECT_EQ(r->authorization, exp->get_str("authorization"));
    // Headers after signing, in order, as botocore leaves them.
    std::vector<std::pair<std::string, std::string>> want, got;
    for (const auto& kv : exp->get("headers")->arr) want.emplace_back(kv.arr[0].str, kv.arr[1].str);
    for (const auto& h : tc.request.headers) got.emplace_back(h.name, h.value);
    EXPECT_EQ(got, want);
    if (r->authorization == exp->get_str("authorization") && got == want) ++passed;
  }
  EXPECT_EQ(passed, static_cast<int>(cases->arr.size()));
  std::printf("[ botocore vectors ] %d/%zu passed\n", passed, cases->arr.size());
}

// The worked vector in API.md §2 (Lambda ListFunctions with a session token).
TEST(SigV4, ApiMdWorkedVector) {
  sv::Request r;
  r.method = "GET";
  r.host = "lambda.us-east-1.amazonaws.com";
  r.path = "/2015-03-31/functions";
  r.raw_query = "FunctionVersion=ALL&MaxItems=50&Marker=exampleMarker%3D%3D";
  auto s = sv::sign(r, {kAk, kSk, "EXAMPLE-SESSION-TOKEN"}, "us-east-1", "lambda",
                    std::chrono::sys_seconds{std::chrono::seconds{1736942400}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(sv::sha256_hex(s->canonical_request),
            "f648ef6e4d98cea075cfaff84cfabd8171456a66911812104a47f0e27b6dfc42");
  EXPECT_EQ(s->signature, "046e7207ed6d72e423d7005d8aeb0fe6301ab603fb3f93b21eb5c4cdc613fe4b");
  EXPECT_EQ(s->signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(s->credential_scope, "20250115/us-east-1/lambda/aws4_request");
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[0].name, "X-Amz-Date");
  EXPECT_EQ(r.headers[1].name, "X-Amz-Security-Token");
  EXPECT_EQ(r.headers[2].name, "Authorization");
  EXPECT_EQ(r.headers[2].value, s->authorization);
}

TEST(SigV4, PrecomputedPayloadHashEqualsHashingBody) {
  sv::Request a;
  a.method = "POST";
  a.host = "sts.us-east-1.amazonaws.com";
  a.path = "/";
  a.body = "Action=GetCallerIdentity&Version=2011-06-15";
  sv::Request b = a;
  b.body.clear();
  b.payload_hash = sv::sha256_hex(a.body);
  auto t = std::chrono::sys_seconds{std::chrono::seconds{1736942400}};
  auto ra = sv::sign(a, {kAk, kSk, ""}, "us-east-1", "sts", t);
  auto rb = sv::sign(b, {kAk, kSk, ""}, "us-east-1", "sts", t);
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ(ra->authorization, rb->authorization);
}

TEST(SigV4, SigningTwiceReplacesHeaders) {
  sv::Request r;
  r.method = "get";
  r.host = "example.amazonaws.com";
  auto t = std::chrono::sys_seconds{std::chrono::seconds{1440938160}};
  auto a = sv::sign(r, {kAk, kSk, "T"}, "us-east-1", "service", t);
  auto b = sv::sign(r, {kAk, kSk, "T"}, "us-east-1", "service", t);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->authorization, b->authorization);
  EXPECT_EQ(r.headers.size(), 3u);
  EXPECT_TRUE(a->canonical_request.starts_with("GET\n/\n\n"));
}

TEST(SigV4, Pieces) {
  EXPECT_EQ(sv::amz_date(std::chrono::sys_seconds{std::chrono::seconds{1440938160}}), "20150830T123600Z");
  EXPECT_EQ(sv::amz_date(std::chrono::sys_seconds{std::chrono::seconds{1709251199}}), "20240229T235959Z");
  EXPECT_EQ(sv::uri_encode("a b/~:\xc3\xa9%", "/~"), "a%20b/~%3A%C3%A9%25");
  EXPECT_EQ(sv::uri_encode("-_.~*'()!", ""), "-_.~%2A%27%28%29%21");
  EXPECT_EQ(sv::canonical_uri("", true), "/");
  EXPECT_EQ(sv::canonical_uri("//a/./b/../c//", true), "/a/c/");
  EXPECT_EQ(sv::canonical_uri("/..", true), "/");
  EXPECT_EQ(sv::canonical_uri("/x%3Ay", true), "/x%253Ay");
  EXPECT_EQ(sv::canonical_uri("/x%3Ay//z/../", false), "/x%3Ay//z/../");
  EXPECT_EQ(sv::collapse_whitespace("  a \t b\xc2\xa0"
                                    "c\xe3\x80\x80 "),
            "a b c");
  EXPECT_EQ(sv::collapse_whitespace("\xc3\xa9  \xc3\xa9"), "\xc3\xa9 \xc3\xa9");
  EXPECT_TRUE(sv::is_excluded_header("user-agent"));
  EXPECT_FALSE(sv::is_excluded_header("content-type"));
  sv::Request r;
  r.query_params = {{"b", "x y"}, {"a", ""}, {"a", "/"}};
  EXPECT_EQ(sv::canonical_query(r), "a=&a=%2F&b=x%20y");
  EXPECT_EQ(sv::wire_query(r), "b=x%20y&a=&a=%2F");
  sv::Request q;
  q.raw_query = "b=2&a&c=";
  EXPECT_EQ(sv::canonical_query(q), "a=&b=2&c=");
  EXPECT_EQ(sv::wire_query(q), "b=2&a&c=");
}

TEST(SigV4, ErrorsNeverQuoteSecrets) {
  sv::Request r;
  r.method = "GET";
  r.host = "h";
  auto t = std::chrono::sys_seconds{};
  const std::string secret_token = "SECRET-TOKEN-VALUE";
  for (auto creds : {sv::Credentials{"", kSk, secret_token}, sv::Credentials{kAk, "", secret_token}}) {
    auto s = sv::sign(r, creds, "us-east-1", "svc", t);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message.find(kSk), std::string::npos);
    EXPECT_EQ(s.error().message.find(secret_token), std::string::npos);
  }
  auto s = sv::sign(r, {kAk, kSk, secret_token}, "", "svc", t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.find(kSk), std::string::npos);
}

TEST(SigV4, Redaction) {
  sv::Request r;
  r.method = "GET";
  r.host = "lambda.us-east-1.amazonaws.com";
  r.path = "/";
  const std::string token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";
  auto s = sv::sign(r, {"AKIAEXAMPLE", kSk, token}, "us-east-1", "lambda",
                    std::chrono::sys_seconds{std::chrono::seconds{1736942400}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->authorization.find(kSk), std::string::npos);
  EXPECT_EQ(s->string_to_sign.find(token), std::string::npos);
  for (const auto& h : r.headers) {
    std::string red = sv::redact_header(h.name, h.value);
    EXPECT_EQ(red.find(token), std::string::npos) << h.name;
    EXPECT_EQ(red.find(kSk), std::string::npos) << h.name;
    if (h.name == "X-Amz-Security-Token") {
      EXPECT_EQ(red, "<redacted>");
    }
    if (h.name == "Authorization") {
      EXPECT_EQ(red, s->authorization);  // nothing secret in it
    }
  }
  EXPECT_EQ(sv::redact_header("x-amz-security-token", token), "<redacted>");
  EXPECT_EQ(sv::redact_header("authorization", "AWS4-HMAC-SHA256 Credential=AKIA/x, Junk=abc, Signature=ff"),
            "AWS4-HMAC-SHA256 Credential=AKIA/x, Junk=<redacted>, Signature=ff");
  EXPECT_EQ(sv::redact_header("Content-Type", "text/plain"), "text/plain");
  std::string red = sv::redact_canonical_request(s->canonical_request);
  EXPECT_EQ(red.find(token), std::string::npos);
  EXPECT_NE(red.find("x-amz-security-token:<redacted>\n"), std::string::npos);
  EXPECT_EQ(std::count(red.begin(), red.end(), '\n'),
            std::count(s->canonical_request.begin(), s->canonical_request.end(), '\n'));
}
