// Test doubles for the credential chain: clock, HTTP, STS, process runner.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "aws/creds/chain.h"
#include "aws/creds/util.h"
#include "io/fs.h"

namespace cs::aws::creds::testing {

class FakeClock : public TimeSource {
 public:
  explicit FakeClock(const char* iso = "2026-01-01T00:00:00Z") : t_(*parse_iso8601(iso)) {}
  TimePoint now() const override {
    std::lock_guard<std::mutex> lk(mu_);
    return t_;
  }
  void advance(std::chrono::seconds s) {
    std::lock_guard<std::mutex> lk(mu_);
    t_ += s;
  }

 private:
  mutable std::mutex mu_;
  TimePoint t_;
};

// Responses per "METHOD url"; the last one repeats. A transport error when `status` is -1.
class FakeHttp : public HttpGetter {
 public:
  void on(const std::string& method, const std::string& url, int status, std::string body) {
    routes_[method + " " + url].push_back(HttpResponse{status, std::move(body)});
  }
  // Replace every queued response of a route.
  void set(const std::string& method, const std::string& url, int status, std::string body) {
    routes_[method + " " + url].clear();
    on(method, url, status, std::move(body));
  }
  Result<HttpResponse> send(const HttpRequest& req) override {
    std::lock_guard<std::mutex> lk(mu_);
    requests.push_back(req);
    auto it = routes_.find(req.method + " " + req.url);
    if (it == routes_.end() || it->second.empty()) return Error{"connect timeout to " + req.url};
    HttpResponse r = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    if (r.status == -1) return Error{"read timeout"};
    return r;
  }
  std::string header(size_t i, const std::string& name) const {
    for (const auto& [k, v] : requests.at(i).headers)
      if (k == name) return v;
    return "<absent>";
  }
  std::vector<HttpRequest> requests;

 private:
  std::mutex mu_;
  std::map<std::string, std::deque<HttpResponse>> routes_;
};

class FakeSts : public StsClient {
 public:
  explicit FakeSts(const TimeSource& clock) : clock_(clock) {}
  Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& p) override {
    std::lock_guard<std::mutex> lk(mu_);
    ++calls;
    sources.push_back(source);
    params.push_back(p);
    if (!fail_with.empty()) return Error{fail_with};
    return issue("ASIAROLE" + std::to_string(calls));
  }
  Result<Credentials> assume_role_with_web_identity(const WebIdentityParams& p) override {
    std::lock_guard<std::mutex> lk(mu_);
    ++calls;
    web.push_back(p);
    if (!fail_with.empty()) return Error{fail_with};
    return issue("ASIAWEB" + std::to_string(calls));
  }
  Credentials issue(const std::string& akid) {
    Credentials c;
    c.access_key_id = akid;
    c.secret_access_key = Secret("sts-secret-" + akid);
    c.session_token = Secret("sts-token-" + akid);
    c.expiration = clock_.now() + lifetime;
    return c;
  }
  std::atomic<int> calls{0};
  std::vector<Credentials> sources;
  std::vector<AssumeRoleParams> params;
  std::vector<WebIdentityParams> web;
  std::string fail_with;
  std::chrono::seconds lifetime{3600};

 private:
  std::mutex mu_;
  const TimeSource& clock_;
};

class FakeRunner : public ProcessRunner {
 public:
  Result<ProcessOutput> run(const std::vector<std::string>& argv) override {
    ++calls;
    last_argv = argv;
    if (!start_error.empty()) return Error{start_error};
    return outputs.size() > 1 ? pop() : outputs.front();
  }
  ProcessOutput pop() {
    ProcessOutput o = outputs.front();
    outputs.pop_front();
    return o;
  }
  std::deque<ProcessOutput> outputs;
  std::vector<std::string> last_argv;
  std::string start_error;
  int calls = 0;
};

}  // namespace cs::aws::creds::testing
