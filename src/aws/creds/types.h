// Credentials and the injected OS/network boundaries of the credential chain (DESIGN.md §2 "aws",
// API.md §12). Nothing here prints, throws across the API or aborts; secrets never appear in any
// to_string() or error message.
#pragma once

#include <chrono>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace cs::aws::creds {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

// A secret string: it has no to_string and no stream operator; reach the value only with reveal().
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string v) : v_(std::move(v)) {}
  const std::string& reveal() const { return v_; }
  bool empty() const { return v_.empty(); }
  bool operator==(const Secret& o) const = default;

 private:
  std::string v_;
};

struct Credentials {
  std::string access_key_id;  // not secret (it identifies, it does not authenticate)
  Secret secret_access_key;
  Secret session_token;                 // empty when none
  std::optional<TimePoint> expiration;  // absent: never expires
  std::string account_id;               // optional
  std::string method;                   // botocore's provider name: "env", "assume-role", ...

  // "Credentials(method=env, access_key_id=AKIA..., secret=<redacted>, session_token=<redacted>|none,
  // expires=2026-01-01T00:00:00Z)": never the secret or the token.
  std::string to_string() const;
};

// The environment as a map (tests inject one; from_process_environment() reads environ).
class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}
  Environment(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}
  static Environment from_process_environment();
  // The value when the variable is set (possibly empty), else nullopt.
  std::optional<std::string> get(const std::string& name) const;
  // The value when set and non-empty, else nullopt (how botocore treats most variables).
  std::optional<std::string> get_nonempty(const std::string& name) const;
  void set(const std::string& name, std::string value) { vars_[name] = std::move(value); }

 private:
  std::map<std::string, std::string> vars_;
};

class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual TimePoint now() const = 0;
};
class SystemTimeSource final : public TimeSource {
 public:
  TimePoint now() const override { return Clock::now(); }
};

// Runs a program without a shell (argv[0] looked up on PATH).
struct ProcessOutput {
  int exit_code = 0;
  std::string out;
  std::string err;
};
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // An Error only when the program could not be started or waited for.
  virtual Result<ProcessOutput> run(const std::vector<std::string>& argv) = 0;
};
// fork/execvp with pipes for stdout and stderr.
class PosixProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessOutput> run(const std::vector<std::string>& argv) override;
};

// Plain HTTP for the metadata endpoints (IMDS, container) and the SSO portal. The HTTP layer
// (src/aws/http) supplies the real one.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{1000};
};
struct HttpResponse {
  int status = 0;
  std::string body;
};
class HttpGetter {
 public:
  virtual ~HttpGetter() = default;
  // An Error for transport failures (connect/read timeout, refused, DNS); any HTTP status is a response.
  virtual Result<HttpResponse> send(const HttpRequest& req) = 0;
};

// STS behind an interface: the client (signing, XML) lives in the HTTP/client layer.
struct AssumeRoleParams {
  std::string region;  // session region ("" = the client's default / global endpoint)
  std::string role_arn;
  std::string role_session_name;
  std::string external_id;  // empty when not set
  std::optional<int> duration_seconds;
};
struct WebIdentityParams {
  std::string region;
  std::string role_arn;
  std::string role_session_name;
  Secret web_identity_token;
  std::optional<int> duration_seconds;
};
class StsClient {
 public:
  virtual ~StsClient() = default;
  // AssumeRole signed with `source`; the result's method is filled in by the caller.
  virtual Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& p) = 0;
  // AssumeRoleWithWebIdentity (unsigned).
  virtual Result<Credentials> assume_role_with_web_identity(const WebIdentityParams& p) = 0;
};

}  // namespace cs::aws::creds
