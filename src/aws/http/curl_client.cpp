// libcurl multi-interface implementation of HttpClient: one event-loop thread per client.
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <new>
#include <thread>

#include "aws/http/http_client.h"
#include "aws/http/redact.h"

namespace cs::aws::http {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

std::string_view to_string(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::kNone:
      return "none";
    case TransportErrorKind::kConnect:
      return "connect failure";
    case TransportErrorKind::kTimeout:
      return "timeout";
    case TransportErrorKind::kConnectionReset:
      return "connection reset";
    case TransportErrorKind::kTls:
      return "TLS error";
    case TransportErrorKind::kTruncatedBody:
      return "truncated body";
    case TransportErrorKind::kCancelled:
      return "cancelled";
    case TransportErrorKind::kResponseTooLarge:
      return "response too large";
    case TransportErrorKind::kOther:
      return "transport error";
  }
  return "transport error";
}

std::string format_bytes(std::uint64_t n) {
  if (n && n % (1ull << 30) == 0) return std::to_string(n >> 30) + " GiB";
  if (n && n % (1ull << 20) == 0) return std::to_string(n >> 20) + " MiB";
  if (n && n % (1ull << 10) == 0) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

HttpResult HttpClient::send(HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpResult>>();
  auto fut = promise->get_future();
  submit(std::move(request), [promise](HttpResult r) { promise->set_value(std::move(r)); });
  return fut.get();
}

namespace {

using Clock = std::chrono::steady_clock;

std::once_flag g_curl_init;

// Which bound a response crossed (CurlClientOptions::max_response_bytes / max_header_bytes).
// kMemory: an allocation failed while buffering it (no exception may cross libcurl's C frames).
enum class Over { kNone, kBody, kReceived, kHeaders, kMemory };

struct Transfer {
  HttpRequest req;
  Callback cb;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  HttpResponse resp;
  std::uint64_t max_body = 0, max_headers = 0;
  std::uint64_t header_bytes = 0;  // of every response of this transfer, interim ones included
  Over over = Over::kNone;
  Clock::time_point started;
  char errbuf[CURL_ERROR_SIZE] = {0};
  SecretScrubber scrubber;  // --debug only
  ~Transfer() {
    if (header_list) curl_slist_free_all(header_list);
    if (easy) curl_easy_cleanup(easy);
  }
};

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

// Gets the body as decoded (libcurl undoes Content-Encoding before this), so the bound holds for gzip bombs.
size_t on_body(char* ptr, size_t size, size_t nmemb, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  const size_t n = size * nmemb;
  std::string& body = t->resp.body;
  if (n > t->max_body - body.size()) {  // body.size() <= max_body always
    t->over = Over::kBody;
    return 0;  // != n: libcurl stops the transfer with CURLE_WRITE_ERROR
  }
  // Growth would double the capacity past the bound: move to exactly the bound instead (once; libstdc++'s
  // reserve would still double).
  try {
    if (n > body.capacity() - body.size() && body.capacity() > t->max_body / 2) {
      std::string exact;
      exact.reserve(t->max_body);
      exact.append(body);
      body.swap(exact);
    }
    body.append(ptr, n);
  } catch (const std::bad_alloc&) {
    t->over = Over::kMemory;
    return 0;
  }
  return n;
}

// The body bytes as they come off the wire (before decoding): a compressed stream that yields nothing is
// bounded too.
int on_progress(void* userdata, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(userdata);
  if (dlnow > 0 && static_cast<std::uint64_t>(dlnow) > t->max_body) {
    t->over = Over::kReceived;
    return 1;  // CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

size_t on_header(char* ptr, size_t size, size_t nmemb, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  std::string_view line(ptr, size * nmemb);
  t->header_bytes += line.size();
  if (t->header_bytes > t->max_headers) {
    t->over = Over::kHeaders;
    return 0;
  }
  if (line.rfind("HTTP/", 0) == 0) {  // a new status line: drop headers of interim responses
    t->resp.headers.clear();
    return size * nmemb;
  }
  std::size_t colon = line.find(':');
  try {
    if (colon != std::string_view::npos && colon > 0)
      t->resp.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  } catch (const std::bad_alloc&) {
    t->over = Over::kMemory;
    return 0;
  }
  return size * nmemb;
}

TransportError classify(CURLcode code, const char* errbuf, bool connected) {
  TransportError e;
  e.code = static_cast<int>(code);
  e.message = (errbuf && *errbuf) ? std::string(errbuf) : std::string(curl_easy_strerror(code));
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      e.kind = TransportErrorKind::kConnect;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      e.kind = TransportErrorKind::kTimeout;
      e.connect_phase = !connected;
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      e.kind = TransportErrorKind::kConnectionReset;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      e.kind = TransportErrorKind::kTls;
      e.cert_verification = true;
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
      e.kind = TransportErrorKind::kTls;
      break;
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
      e.kind = TransportErrorKind::kTruncatedBody;
      break;
    default:
      e.kind = TransportErrorKind::kOther;
      break;
  }
  return e;
}

class CurlClient final : public HttpClient {
 public:
  explicit CurlClient(CurlClientOptions opts) : opts_(std::move(opts)) {
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (opts_.max_concurrent == 0) opts_.max_concurrent = 1;
    if (opts_.ca_bundle.empty()) {
      if (const char* env = std::getenv("AWS_CA_BUNDLE"); env && *env) opts_.ca_bundle = env;
    }
    multi_ = curl_multi_init();
    if (multi_) {
      curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, opts_.max_cached_connections);
      if (opts_.max_host_connections > 0)
        curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, opts_.max_host_connections);
      curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
      thread_ = std::thread([this] { loop(); });
    }
  }

  ~CurlClient() override {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    if (multi_) {
      curl_multi_wakeup(multi_);
      if (thread_.joinable()) thread_.join();
      curl_multi_cleanup(multi_);
    }
  }

  void submit_after(std::chrono::milliseconds delay, HttpRequest request, Callback callback) override {
    auto t = std::make_unique<Transfer>();
    t->req = std::move(request);
    t->cb = std::move(callback);
    if (!multi_) {
      HttpResult r;
      r.error.kind = TransportErrorKind::kOther;
      r.error.message = "libcurl multi handle could not be created";
      if (t->cb) t->cb(std::move(r));
      return;
    }
    bool rejected = false;
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (stop_) {
        rejected = true;
      } else if (delay.count() > 0) {
        delayed_.emplace(Clock::now() + delay, std::move(t));
      } else {
        ready_.push_back(std::move(t));
      }
    }
    if (rejected) {
      HttpResult r;
      r.error.kind = TransportErrorKind::kCancelled;
      r.error.message = "client is shutting down";
      // NOLINTNEXTLINE(bugprone-use-after-move): t is moved only when not rejected
      if (t->cb) t->cb(std::move(r));
      return;
    }
    curl_multi_wakeup(multi_);
  }

 private:
  void log(const Transfer& t, std::string_view line) {
    if (!opts_.debug) return;
    if (t.scrubber.empty())
      opts_.debug(line);
    else
      opts_.debug(t.scrubber.scrub(line));
  }
  void log_body(const Transfer& t, char dir, std::string_view body) {
    if (!opts_.debug || body.empty()) return;
    std::string shown = redact_body(body.substr(0, std::min(body.size(), opts_.debug_body_limit)));
    if (body.size() > opts_.debug_body_limit) shown += " ...(" + std::to_string(body.size()) + " bytes)";
    log(t, std::string(1, dir) + " body: " + shown);
  }

  // Sets up and adds one transfer; on failure completes it immediately.
  void start(std::unique_ptr<Transfer> t) {
    Transfer* p = t.get();
    p->easy = curl_easy_init();
    if (!p->easy) {
      HttpResult r;
      r.error.kind = TransportErrorKind::kOther;
      r.error.message = "curl_easy_init failed";
      finish_cb(std::move(t), std::move(r));
      return;
    }
    CURL* e = p->easy;
    const HttpRequest& rq = p->req;
    curl_easy_setopt(e, CURLOPT_URL, rq.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, p);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, p->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!opts_.ca_bundle.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, opts_.ca_bundle.c_str());
    // Proxies: CURLOPT_PROXY is left unset so libcurl reads http_proxy / https_proxy / no_proxy itself.
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opts_.connect_timeout.count()));
    auto total = rq.timeout.count() > 0 ? rq.timeout : opts_.total_timeout;
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
    if (opts_.low_speed_time.count() > 0) {
      curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, opts_.low_speed_limit_bytes);
      curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(opts_.low_speed_time.count()));
    }
    if (!opts_.user_agent.empty()) curl_easy_setopt(e, CURLOPT_USERAGENT, opts_.user_agent.c_str());
    p->max_body = opts_.max_response_bytes;
    p->max_headers = opts_.max_header_bytes;
    // An announced Content-Length over the bound fails before any body is read (CURLE_FILESIZE_EXCEEDED).
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(
                         std::min<std::uint64_t>(p->max_body, std::numeric_limits<curl_off_t>::max())));
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, p);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, p);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, p);

    const bool has_body = !rq.body.empty();
    if (rq.method == "GET" && !has_body) {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else if (rq.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else {
      if (has_body || rq.method == "POST" || rq.method == "PUT" || rq.method == "PATCH") {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(rq.body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, rq.body.data());
      }
      if (rq.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, rq.method.c_str());
    }
    bool has_ct = false;
    for (const auto& [k, v] : rq.headers) {
      if (iequals(k, "Content-Type")) has_ct = true;
      std::string line = v.empty() ? k + ";" : k + ": " + v;  // "Name;" sends an empty header
      p->header_list = curl_slist_append(p->header_list, line.c_str());
    }
    p->header_list = curl_slist_append(p->header_list, "Expect:");  // no 100-continue round trip
    if (!has_ct) p->header_list = curl_slist_append(p->header_list, "Content-Type:");  // no form default
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, p->header_list);

    if (opts_.debug) {
      std::vector<std::string> removed;
      (void)redact_url(rq.url, &removed);
      (void)redact_body(rq.body, &removed);
      for (const auto& v : removed) p->scrubber.add(v);
      for (const auto& [k, v] : rq.headers) p->scrubber.add_header(k, v);
      log(*p, "> " + rq.method + " " + redact_url(rq.url));
      for (const auto& [k, v] : rq.headers) log(*p, "> " + k + ": " + redact_header_value(k, v));
      log_body(*p, '>', rq.body);
    }
    p->started = Clock::now();
    if (curl_multi_add_handle(multi_, e) != CURLM_OK) {
      HttpResult r;
      r.error.kind = TransportErrorKind::kOther;
      r.error.message = "curl_multi_add_handle failed";
      finish_cb(std::move(t), std::move(r));
      return;
    }
    active_.emplace(p, std::move(t));
  }

  // Names the bound a response crossed; nothing of the response is kept.
  static void too_large(Transfer& t, TransportError& e) {
    e.kind = TransportErrorKind::kResponseTooLarge;
    const std::string limit = format_bytes(t.max_body);
    switch (t.over) {
      case Over::kHeaders:
        e.message = "the response headers exceed the " + format_bytes(t.max_headers) + " limit";
        break;
      case Over::kReceived:
        e.message = "the response body exceeds the " + limit + " limit as received (before decoding)";
        break;
      case Over::kBody:
        e.message = find_header(t.resp.headers, "Content-Encoding")
                        ? "the response body exceeds the " + limit + " limit once decoded (Content-Encoding)"
                        : "the response body exceeds the " + limit + " limit";
        break;
      case Over::kMemory:  // handled by the caller
      case Over::kNone:    // CURLE_FILESIZE_EXCEEDED: libcurl stops at the header, before the body
        e.message = "the response announces a body larger than the " + limit + " limit (Content-Length)";
        break;
    }
    t.resp = HttpResponse{};
  }

  void finish_cb(std::unique_ptr<Transfer> t, HttpResult r) {
    Callback cb = std::move(t->cb);
    t.reset();  // frees the easy handle before the callback (which may submit more)
    if (cb) cb(std::move(r));
  }

  void complete(CURL* e, CURLcode code) {
    Transfer* p = nullptr;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, reinterpret_cast<char**>(&p));
    auto it = active_.find(p);
    if (it == active_.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    active_.erase(it);
    curl_multi_remove_handle(multi_, e);

    HttpResult r;
    r.elapsed_seconds = std::chrono::duration<double>(Clock::now() - t->started).count();
    long conns = 0;
    curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &conns);
    r.new_connections = conns;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
      t->resp.status = status;
      if (opts_.debug) {
        log(*t, "< HTTP " + std::to_string(status) + " " + redact_url(t->req.url));
        for (const auto& [k, v] : t->resp.headers) log(*t, "< " + k + ": " + redact_header_value(k, v));
        log_body(*t, '<', t->resp.body);
      }
      r.response = std::move(t->resp);
    } else {
      curl_off_t connect_us = 0;
      curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connect_us);
      r.error = classify(code, t->errbuf, connect_us > 0);
      if (t->over == Over::kMemory) {
        r.error.kind = TransportErrorKind::kOther;  // retryable: memory may be free on the next attempt
        r.error.message = "out of memory while receiving the response";
        t->resp = HttpResponse{};
      } else if (t->over != Over::kNone || code == CURLE_FILESIZE_EXCEEDED) {
        too_large(*t, r.error);
      }
      if (opts_.debug)
        log(*t, "< error " + std::string(to_string(r.error.kind)) + ": " + r.error.message + " " +
                    redact_url(t->req.url));
    }
    finish_cb(std::move(t), std::move(r));
  }

  void loop() {
    for (;;) {
      std::vector<std::unique_ptr<Transfer>> to_start;
      bool stopping;
      std::chrono::milliseconds wait(1000);
      {
        std::lock_guard<std::mutex> lk(mu_);
        stopping = stop_;
        auto now = Clock::now();
        while (!delayed_.empty() && delayed_.begin()->first <= now) {
          ready_.push_back(std::move(delayed_.begin()->second));
          delayed_.erase(delayed_.begin());
        }
        while (!stopping && !ready_.empty() && active_.size() + to_start.size() < opts_.max_concurrent) {
          to_start.push_back(std::move(ready_.front()));
          ready_.pop_front();
        }
        if (!delayed_.empty()) {
          auto d = std::chrono::duration_cast<std::chrono::milliseconds>(delayed_.begin()->first - now) +
                   std::chrono::milliseconds(1);
          wait = std::min(wait, d);
        }
      }
      if (stopping) break;
      for (auto& t : to_start) start(std::move(t));

      int running = 0;
      curl_multi_perform(multi_, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
        if (m->msg == CURLMSG_DONE) complete(m->easy_handle, m->data.result);
      }
      {
        std::lock_guard<std::mutex> lk(mu_);
        // More work can start right away: don't sleep.
        if (!ready_.empty() && active_.size() < opts_.max_concurrent) continue;
        if (stop_) continue;
      }
      long curl_wait = -1;
      curl_multi_timeout(multi_, &curl_wait);
      if (curl_wait >= 0 && curl_wait < wait.count()) wait = std::chrono::milliseconds(curl_wait);
      if (wait.count() > 0) curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait.count()), nullptr);
    }
    // Shutdown: cancel everything still pending or in flight.
    std::vector<std::unique_ptr<Transfer>> cancelled;
    for (auto& [p, t] : active_) {
      curl_multi_remove_handle(multi_, p->easy);
      cancelled.push_back(std::move(t));
    }
    active_.clear();
    {
      std::lock_guard<std::mutex> lk(mu_);
      for (auto& t : ready_) cancelled.push_back(std::move(t));
      for (auto& [_, t] : delayed_) cancelled.push_back(std::move(t));
      ready_.clear();
      delayed_.clear();
    }
    for (auto& t : cancelled) {
      HttpResult r;
      r.error.kind = TransportErrorKind::kCancelled;
      r.error.message = "client shut down before the transfer finished";
      finish_cb(std::move(t), std::move(r));
    }
  }

  CurlClientOptions opts_;
  CURLM* multi_ = nullptr;
  std::thread thread_;
  std::mutex mu_;
  bool stop_ = false;
  std::deque<std::unique_ptr<Transfer>> ready_;                          // guarded by mu_
  std::multimap<Clock::time_point, std::unique_ptr<Transfer>> delayed_;  // guarded by mu_
  std::map<Transfer*, std::unique_ptr<Transfer>> active_;                // loop thread only
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_client(CurlClientOptions options) {
  return std::make_unique<CurlClient>(std::move(options));
}

}  // namespace cs::aws::http
