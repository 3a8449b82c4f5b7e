// The flag-spec parser and help generator (cli/command.h), on a command made up for the test.
#include "cli/command.h"

#include <gtest/gtest.h>

#include <sstream>

namespace cs::cli {
namespace {

Command test_command() {
  Command c;
  c.name = "demo";
  c.usage = "cloudsift demo [X ...]";
  c.about = "A demo.";
  c.positional = "X";
  c.examples = "cloudsift demo --name a";
  c.flags = {
      Flag{.name = "name",
           .kind = Flag::Value,
           .value_name = "N",
           .help = "a name\nsecond line",
           .default_text = "none",
           .empty_is_missing = true,
           .apply =
               [](Options& o, const std::string& v) {
                 o.output = v;
                 return v == "bad" ? std::string("--name: bad") : std::string();
               }},
      Flag{.name = "item",
           .kind = Flag::List,
           .value_name = "I[,I...]",
           .help = "items",
           .apply =
               [](Options& o, const std::string& v) {
                 o.checks.push_back(v);
                 return std::string();
               }},
      Flag{.name = "loud",
           .short_name = 'l',
           .help = "be loud",
           .apply =
               [](Options& o, const std::string&) {
                 o.quiet = true;
                 return std::string();
               }},
  };
  return c;
}

struct Run {
  int rc;
  std::string out, err;
  Options o;
};

Run run(const std::vector<std::string>& args) {
  Run r;
  std::ostringstream out, err;
  Io io{out, err};
  r.rc = parse(test_command(), args, r.o, io);
  r.out = out.str();
  r.err = err.str();
  return r;
}

TEST(Parse, BothValueFormsRepeatsAndPositionals) {
  auto r = run({"--name", "a", "p1", "--item=x", "--item", "y", "-l", "-", "--name=b"});
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.o.output, "b");
  EXPECT_EQ(r.o.checks, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(r.o.quiet);
  EXPECT_EQ(r.o.positional, (std::vector<std::string>{"p1", "-"}));
  EXPECT_EQ(r.err, "");
}

TEST(Parse, ValueMayStartWithDash) {
  auto r = run({"--item", "-x"});
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.o.checks, (std::vector<std::string>{"-x"}));
}

TEST(Parse, UsageErrorsExactly) {
  EXPECT_EQ(run({"--name"}).err, "cloudsift: --name needs a value\nRun 'cloudsift demo --help' for usage.\n");
  EXPECT_EQ(run({"--name="}).err,
            "cloudsift: --name needs a value\nRun 'cloudsift demo --help' for usage.\n");
  EXPECT_EQ(run({"--loud=yes"}).err,
            "cloudsift: --loud takes no value\nRun 'cloudsift demo --help' for usage.\n");
  EXPECT_EQ(run({"--nope"}).err,
            "cloudsift: unknown option --nope\nRun 'cloudsift demo --help' for usage.\n");
  EXPECT_EQ(run({"-z"}).err, "cloudsift: unknown option -z\nRun 'cloudsift demo --help' for usage.\n");
  auto r = run({"--name", "bad", "--nope"});  // the first error in command-line order
  EXPECT_EQ(r.rc, kExitUsage);
  EXPECT_EQ(r.err, "cloudsift: --name: bad\nRun 'cloudsift demo --help' for usage.\n");
  // --item= is an empty value, not a missing one, for a flag without empty_is_missing.
  EXPECT_EQ(run({"--item="}).rc, -1);
}

TEST(Parse, HelpAnywhere) {
  auto r = run({"--nope", "--help"});
  EXPECT_EQ(r.rc, kExitClean);
  EXPECT_EQ(r.out, help_text(test_command()));
}

TEST(Help, GeneratedFromTheSpecs) {
  EXPECT_EQ(help_text(test_command()),
            "Usage: cloudsift demo [X ...]\n"
            "\n"
            "A demo.\n"
            "\n"
            "Options:\n"
            "  --name N                 a name\n"
            "                           second line (default none)\n"
            "  --item I[,I...]          items\n"
            "  -l, --loud               be loud\n"
            "  -h, --help               this help\n"
            "\n"
            "Example:\n"
            "  cloudsift demo --name a\n");
}

}  // namespace
}  // namespace cs::cli
