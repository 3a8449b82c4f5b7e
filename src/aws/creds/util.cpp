#include "aws/creds/util.h"

#include <openssl/sha.h>

#include <cctype>
#include <cstdio>
#include <ctime>

namespace cs::aws::creds {
namespace {

bool digits(const std::string& s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's civil algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

std::optional<TimePoint> parse_iso8601(const std::string& in) {
  std::string s = in;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  s = s.substr(b);
  int Y, M, D, h, m, sec;
  if (!digits(s, 0, 4, Y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, M) || s[7] != '-' ||
      !digits(s, 8, 2, D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, m) || s[16] != ':' || !digits(s, 17, 2, sec))
    return std::nullopt;
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  long long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (n < 6) micros = micros * 10 + (s[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return std::nullopt;
    for (int i = n; i < 6; ++i) micros *= 10;
  }
  long long offset = 0;
  std::string rest = s.substr(pos);
  if (rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT" || rest.empty()) {
    // UTC (a missing zone is taken as UTC, as botocore's parser does for credential expiry)
  } else if ((rest[0] == '+' || rest[0] == '-') && (rest.size() == 6 || rest.size() == 5)) {
    int oh, om;
    size_t mpos = rest.size() == 6 ? 4 : 3;
    if (!digits(rest, 1, 2, oh) || (rest.size() == 6 && rest[3] != ':') || !digits(rest, mpos, 2, om))
      return std::nullopt;
    offset = (oh * 3600LL + om * 60LL) * (rest[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  long long secs = days_from_civil(Y, static_cast<unsigned>(M), static_cast<unsigned>(D)) * 86400LL +
                   h * 3600LL + m * 60LL + sec - offset;
  return TimePoint(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(secs) +
                                                               std::chrono::microseconds(micros)));
}

std::string format_iso8601(TimePoint t) {
  std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string sha1_hex(const std::string& data) {
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : md) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::optional<std::vector<std::string>> shell_split(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'') {
      size_t close = s.find('\'', i + 1);
      if (close == std::string::npos) return std::nullopt;
      cur += s.substr(i + 1, close - i - 1);
      in_word = true;
      i = close + 1;
    } else if (c == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '"') {
          closed = true;
          ++i;
          break;
        }
        if (s[i] == '\\' && i + 1 < s.size() &&
            (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '`' || s[i + 1] == '\n')) {
          cur += s[i + 1];
          i += 2;
          continue;
        }
        cur += s[i++];
      }
      if (!closed) return std::nullopt;
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 >= s.size()) return std::nullopt;
      cur += s[i + 1];
      in_word = true;
      i += 2;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) out.push_back(cur);
      cur.clear();
      in_word = false;
      ++i;
    } else {
      cur += c;
      in_word = true;
      ++i;
    }
  }
  if (in_word) out.push_back(cur);
  return out;
}

std::string scrub(const std::string& text, size_t max, const std::vector<std::string>& secrets) {
  std::string t = text;
  for (const auto& sec : secrets) {
    if (sec.size() < 4) continue;
    for (size_t p; (p = t.find(sec)) != std::string::npos;) t.replace(p, sec.size(), "<redacted>");
  }
  auto tokenish = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '+' || c == '=' || c == '_' ||
           c == '-';
  };
  std::string out;
  size_t i = 0;
  while (i < t.size()) {
    if (tokenish(t[i])) {
      size_t j = i;
      bool has_digit = false, has_alpha = false;
      while (j < t.size() && tokenish(t[j])) {
        has_digit |= std::isdigit(static_cast<unsigned char>(t[j])) != 0;
        has_alpha |= std::isalpha(static_cast<unsigned char>(t[j])) != 0;
        ++j;
      }
      if ((j - i >= 16 && has_digit && has_alpha) || j - i >= 32)
        out += "<redacted>";
      else
        out.append(t, i, j - i);
      i = j;
    } else {
      char c = t[i++];
      out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > max) out = out.substr(0, max) + "...";
  return out;
}

}  // namespace cs::aws::creds
