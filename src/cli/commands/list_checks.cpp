// cloudsift list-checks [--format text|json]
#include "checks/registry.h"
#include "cli/commands/commands.h"

namespace cs::cli {

int cmd_list_checks(const std::vector<std::string>& args, Io& io) {
  static const Command cmd{
      .name = "list-checks",
      .usage = "cloudsift list-checks [--format text|json]",
      .about =
          "Lists every check: id, severity and title, then its aliases (ids used by Checkov, Trivy/tfsec,\n"
          "KICS and Security Hub, accepted wherever a check id is). As JSON: {\"checks\": [{\"id\", "
          "\"title\",\n"
          "\"severity\", \"aliases\", \"resource_types\"}]}.",
      .flags = {Flag{.name = "format",
                     .kind = Flag::Value,
                     .value_name = "NAME",
                     .help = "text or json (any case)",
                     .default_text = "text",
                     .config = false,
                     .empty_is_missing = true,
                     .apply =
                         [](Options& o, const std::string& v) {
                           if (!report::parse_format(v, &o.list_format) ||
                               (o.list_format != report::Format::Text &&
                                o.list_format != report::Format::Json))
                             return "list-checks: unknown format \"" + v + "\" (expected text or json)";
                           return std::string();
                         }}},
      .examples = "cloudsift list-checks\ncloudsift list-checks --format json",
  };
  Options o;
  if (int rc = parse(cmd, args, o, io); rc >= 0) return rc;
  if (o.list_format == report::Format::Json)
    report::write_check_list_json(io.out);
  else
    report::write_check_list(io.out);
  return kExitClean;
}

}  // namespace cs::cli
