// Endpoint resolution (API.md §1): partitions, regional and global hosts, botocore's override precedence.
#include <cctype>

#include "aws/api/api.h"

namespace cs::aws::api {

std::string_view signing_name(Service s) {
  switch (s) {
    case Service::kLambda:
      return "lambda";
    case Service::kSts:
      return "sts";
    case Service::kOrganizations:
      return "organizations";
    case Service::kEc2:
      return "ec2";
    case Service::kApiGateway:
      return "apigateway";
  }
  return "";
}

std::string_view env_suffix(Service s) {
  switch (s) {
    case Service::kLambda:
      return "LAMBDA";
    case Service::kSts:
      return "STS";
    case Service::kOrganizations:
      return "ORGANIZATIONS";
    case Service::kEc2:
      return "EC2";
    case Service::kApiGateway:
      return "API_GATEWAY";
  }
  return "";
}

Partition partition_of(std::string_view region) {
  if (region.substr(0, 3) == "cn-") return {"aws-cn", "amazonaws.com.cn", "cn-northwest-1"};
  if (region.substr(0, 7) == "us-gov-") return {"aws-us-gov", "amazonaws.com", "us-gov-west-1"};
  return {"aws", "amazonaws.com", "us-east-1"};
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_region(std::string_view r) {
  if (r.empty() || r.size() > 64) return false;
  for (char c : r)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return r.front() != '-' && r.back() != '-';
}

// http(s)://host[:port][/path] -> Endpoint (url without a trailing '/', host as the Host header).
Result<Endpoint> parse_override(std::string_view url, const std::string& source) {
  auto bad = [&](const std::string& why) {
    return Error{"invalid endpoint URL '" + std::string(url) + "' from " + source + ": " + why +
                 " (expected http(s)://host[:port][/path])"};
  };
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return bad("no scheme");
  std::string scheme = lower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return bad("scheme must be http or https");
  std::string_view rest = url.substr(sep + 3);
  size_t path_at = rest.find('/');
  std::string_view authority = rest.substr(0, path_at);
  std::string_view path = path_at == std::string_view::npos ? std::string_view() : rest.substr(path_at);
  if (authority.find('@') != std::string_view::npos) return bad("user information is not allowed");
  if (rest.find_first_of("?#") != std::string_view::npos) return bad("a query or fragment is not allowed");
  for (char c : rest)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
      return bad("invalid character");
  std::string_view host, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected characters after the host");
      port = after.substr(1);
      if (port.empty()) return bad("empty port");
    }
    for (char c : host.substr(1, host.size() - 2))
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'))
        return bad("invalid IPv6 address");
    if (host.size() < 3) return bad("empty host");
  } else {
    size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return bad("empty port");
    }
    if (host.empty()) return bad("no host");
    for (char c : host)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'))
        return bad("invalid host");
  }
  long port_num = 0;
  if (!port.empty()) {
    if (port.size() > 5) return bad("invalid port");
    for (char c : port) {
      if (c < '0' || c > '9') return bad("invalid port");
      port_num = port_num * 10 + (c - '0');
    }
    if (port_num < 1 || port_num > 65535) return bad("port out of range");
  }
  std::string p(path);
  while (!p.empty() && p.back() == '/') p.pop_back();
  Endpoint ep;
  std::string h = lower(host);
  std::string port_part = port.empty() ? "" : ":" + std::to_string(port_num);
  ep.url = scheme + "://" + h + port_part + p;
  // libcurl leaves the port out of Host for the scheme's default port (and so does botocore).
  bool default_port = (scheme == "https" && port_num == 443) || (scheme == "http" && port_num == 80);
  ep.host = h + (port.empty() || default_port ? "" : port_part);
  ep.overridden = true;
  return ep;
}

}  // namespace

void add_configured_endpoints(const creds::ConfigFiles& files, const std::string& profile,
                              EndpointOverrides& out) {
  const creds::Profile* p = files.profile(profile);
  if (!p) return;
  if (auto v = p->get("endpoint_url")) out.config_url = {*v, p->location("endpoint_url")};
  if (auto v = p->get("ignore_configured_endpoint_urls")) out.config_ignore = lower(*v) == "true";
  auto name = p->get("services");
  if (!name) return;
  auto it = files.services.find(*name);
  if (it == files.services.end()) {
    out.services_error = "profile " + profile + " uses the services section \"" + *name + "\" (" +
                         p->location("services") + ") but there is no [services " + *name + "]";
    return;
  }
  const creds::Profile& sec = it->second;
  for (const auto& [key, value] : sec.values) {
    if (!value.is_nested) continue;
    auto url = value.nested.find("endpoint_url");
    if (url != value.nested.end()) out.config_service_urls[key] = {url->second, sec.location(key)};
  }
}

Result<Endpoint> resolve_endpoint(Service s, std::string_view region, const EndpointOverrides& overrides) {
  const bool global = s == Service::kOrganizations;
  if (!global && region.empty()) return Error{"no region for " + std::string(signing_name(s))};
  if (!region.empty() && !valid_region(region))
    return Error{"invalid region name '" + std::string(region) + "'"};
  Partition part = partition_of(region);
  std::string signing_region = global ? part.global_region : std::string(region);

  std::string url, source;
  if (!overrides.endpoint_url.empty()) {
    url = overrides.endpoint_url;
    source = "--endpoint-url";
  } else {
    // botocore: the variable when it is set (even to "" or "false"), else the profile's key.
    auto ignore_var = overrides.env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    bool ignore = ignore_var ? lower(*ignore_var) == "true" : overrides.config_ignore;
    if (!ignore) {
      std::string var = "AWS_ENDPOINT_URL_" + std::string(env_suffix(s));
      if (auto v = overrides.env.get_nonempty(var)) {
        url = *v;
        source = var;
      } else if (auto g = overrides.env.get_nonempty("AWS_ENDPOINT_URL")) {
        url = *g;
        source = "AWS_ENDPOINT_URL";
      } else {
        if (!overrides.services_error.empty()) return Error{overrides.services_error};
        auto it = overrides.config_service_urls.find(lower(env_suffix(s)));
        if (it != overrides.config_service_urls.end() && !it->second.url.empty()) {
          url = it->second.url;
          source = "endpoint_url of " + lower(env_suffix(s)) + " in the services section (" +
                   it->second.where + ")";
        } else if (!overrides.config_url.url.empty()) {
          url = overrides.config_url.url;
          source = "endpoint_url of the profile (" + overrides.config_url.where + ")";
        }
      }
    }
  }
  if (!url.empty()) {
    auto ep = parse_override(url, source);
    if (!ep) return ep.error();
    ep->signing_region = signing_region;
    return ep;
  }
  Endpoint ep;
  ep.host = std::string(signing_name(s)) + "." + (global ? part.global_region : std::string(region)) + "." +
            part.dns_suffix;
  ep.url = "https://" + ep.host;
  ep.signing_region = signing_region;
  return ep;
}

}  // namespace cs::aws::api
