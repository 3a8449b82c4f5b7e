// Plans and states written out for the mappers' tests (aws/*_test.cpp): a plan of resource changes with
// the configuration entries given, scanned from a file system of its own.
#pragma once

#include <string>
#include <vector>

#include "io/fs.h"
#include "sources/tfplan/tfplan.h"

namespace cs::tfplan::plan_test {

struct Out {
  model::Model model;
  Diagnostics diags;
};

inline Out scan_text(const std::string& text, const std::string& path = "plan.json") {
  io::MemoryFileSystem fs;
  fs.add(path, text);
  Out o;
  scan(fs, path, text, o.model, o.diags);
  return o;
}

// A plan of resource changes (each a JSON object text) with the configuration resources given.
inline std::string plan(const std::vector<std::string>& changes, const std::string& config_resources = "") {
  std::string p = R"({"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[)";
  for (size_t i = 0; i < changes.size(); ++i) p += (i ? ",\n" : "\n") + changes[i];
  p += "]";
  if (!config_resources.empty())
    p += R"(,"configuration":{"root_module":{"resources":[)" + config_resources + "]}}";
  return p + "}\n";
}

inline std::string change(const std::string& address, const std::string& type, const std::string& after,
                          const std::string& after_unknown = "{}", const std::string& after_sensitive = "{}",
                          const std::string& actions = R"(["create"])") {
  return R"({"address":")" + address + R"(","mode":"managed","type":")" + type +
         R"(","name":"x","change":{"actions":)" + actions + R"(,"before":null,"after":)" + after +
         R"(,"after_unknown":)" + after_unknown + R"(,"after_sensitive":)" + after_sensitive + "}}";
}

inline std::string config(const std::string& type, const std::string& name, const std::string& expressions) {
  return R"({"address":")" + type + "." + name + R"(","mode":"managed","type":")" + type + R"(","name":")" +
         name + R"(","expressions":)" + expressions + "}";
}

// Scans PATH of a file system holding it and the .tf files given (path, text).
inline Out scan_files(const std::string& path, const std::string& text,
                      const std::vector<std::pair<std::string, std::string>>& tf_files) {
  io::MemoryFileSystem fs;
  fs.add(path, text);
  for (const auto& [p, t] : tf_files) fs.add(p, t);
  Out o;
  scan(fs, path, text, o.model, o.diags);
  return o;
}

}  // namespace cs::tfplan::plan_test
