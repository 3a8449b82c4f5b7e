// JSON parser throughput on a generated ~20 MB document shaped like a Terraform plan
// (`terraform show -json`): pretty-printed, deeply nested objects, many short strings, numbers,
// booleans, nulls, a few escapes and non-ASCII text. Reports bytes/second.
#include <benchmark/benchmark.h>

#include <string>

#include "syntax/json/json.h"

namespace {

void indent(std::string& out, int depth) {
  out.push_back('\n');
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

std::string make_plan(size_t target_bytes, bool pretty) {
  std::string out;
  out.reserve(target_bytes + 4096);
  auto nl = [&](int d) {
    if (pretty) indent(out, d);
  };
  out += "{";
  nl(1);
  out += "\"format_version\": \"1.2\",";
  nl(1);
  out += "\"resource_changes\": [";
  for (unsigned i = 0; out.size() < target_bytes; ++i) {
    if (i) out += ",";
    nl(2);
    out += "{";
    nl(3);
    std::string name = "fn_" + std::to_string(i);
    out += "\"address\": \"aws_lambda_function." + name + "\",";
    nl(3);
    out += "\"type\": \"aws_lambda_function\", \"name\": \"" + name + "\", \"index\": " + std::to_string(i) +
           ",";
    nl(3);
    out += "\"change\": {";
    nl(4);
    out += "\"actions\": [\"create\"],";
    nl(4);
    out += "\"before\": null,";
    nl(4);
    out += "\"after\": {";
    nl(5);
    out += "\"function_name\": \"" + name + "\", \"memory_size\": 128, \"timeout\": 3.5,";
    nl(5);
    out += "\"description\": \"Handler for \\\"orders\\\" \\u00e9v\xC3\xA9nements \\n line two\",";
    nl(5);
    out += "\"publish\": false, \"reserved_concurrent_executions\": -1, \"ratio\": 1.25e-3,";
    nl(5);
    out += "\"tracing_config\": [{\"mode\": \"PassThrough\"}],";
    nl(5);
    out += "\"environment\": [{\"variables\": {\"STAGE\": \"prod\", \"TABLE\": \"orders-" +
           std::to_string(i * 7) + "\", \"REGION\": \"eu-west-1\"}}],";
    nl(5);
    out +=
        "\"tags\": {\"team\": \"payments\", \"cost-center\": \"12345\", \"owner\": \"someone@example.com\"}";
    nl(4);
    out += "},";
    nl(4);
    out += "\"after_unknown\": {\"arn\": true, \"id\": true, \"qualified_arn\": true, \"version\": true}";
    nl(3);
    out += "}";
    nl(2);
    out += "}";
  }
  nl(1);
  out += "]";
  nl(0);
  out += "}";
  return out;
}

void parse_doc(benchmark::State& state, bool pretty) {
  const std::string doc = make_plan(20u << 20, pretty);
  for (auto _ : state) {
    state.PauseTiming();
    std::string copy = doc;  // the parser takes ownership of its source; copying is not parsing
    state.ResumeTiming();
    auto d = cs::json::parse("plan.json", std::move(copy));
    if (!d->ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(d->root);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(doc.size()));
}

void BM_JsonParsePlanPretty(benchmark::State& state) {
  parse_doc(state, true);
}
void BM_JsonParsePlanCompact(benchmark::State& state) {
  parse_doc(state, false);
}

BENCHMARK(BM_JsonParsePlanPretty)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonParsePlanCompact)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
