// The Terraform IAM mapper (aws/iam.cpp) on in-memory trees: exact model contents for each resource
// kind, documents written every way, instances, unknowns, marks, modules, and the link on the role.
#include <gtest/gtest.h>

#include "sources/terraform/mappers.h"
#include "sources/terraform/scan.h"

namespace cs::tf {
namespace {

using model::Origin;

ScanOutput run(io::MemoryFileSystem& fs, const std::string& root, const std::set<std::string>& only = {}) {
  std::map<std::string, std::unique_ptr<ModuleConfig>> mods;
  mods[root] = load_module(fs, root);
  return scan_modules(fs, std::move(mods), only, ScanOptions{});
}

const std::string kJsonDoc =
    R"({"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"})";
const std::string kHeredocDoc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";

TEST(TerraformIam, EveryResourceKindAndTheLinkOnTheRole) {
  io::MemoryFileSystem fs;
  const std::string text =
      "resource \"aws_iam_role\" \"r\" {\n"
      "  name = \"app\"\n"
      "  assume_role_policy = \"{}\"\n"
      "  managed_policy_arns = [\"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\", aws_iam_policy.p.arn]\n"
      "  permissions_boundary = aws_iam_policy.boundary.arn\n"
      "  inline_policy {\n"
      "    name = \"inline\"\n"
      "    policy = jsonencode({\n"
      "      Version = \"2012-10-17\"\n"
      "      Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }]\n"
      "    })\n"
      "  }\n"
      "}\n"
      "resource \"aws_iam_policy\" \"p\" {\n"
      "  name = \"p\"\n"
      "  policy = <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\nEOF\n"
      "}\n"
      "resource \"aws_iam_policy\" \"boundary\" {\n  policy = \"{}\"\n}\n"
      "resource \"aws_iam_role_policy\" \"rp\" {\n"
      "  name = \"apart\"\n"
      "  role = aws_iam_role.r.id\n"
      "  policy = <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\nEOF\n"
      "}\n"
      "resource \"aws_iam_role_policy\" \"by_name\" {\n"
      "  role = \"app\"\n"
      "  policy = \"{\\\"Version\\\":\\\"2012-10-17\\\"}\"\n"
      "}\n"
      "resource \"aws_iam_role_policy_attachment\" \"same\" {\n"
      "  role = aws_iam_role.r.name\n"
      "  policy_arn = aws_iam_policy.p.arn\n"
      "}\n"
      "resource \"aws_iam_role_policy_attachment\" \"lit\" {\n"
      "  role = \"other\"\n"
      "  policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n"
      "}\n"
      "resource \"aws_iam_policy_attachment\" \"many\" {\n"
      "  name = \"many\"\n"
      "  roles = [aws_iam_role.r.name, \"other\"]\n"
      "  policy_arn = \"arn:aws:iam::aws:policy/AWSLambdaExecute\"\n"
      "}\n";
  fs.add("r/main.tf", text);
  auto out = run(fs, "r");
  const auto& m = out.model;

  ASSERT_EQ(m.iam_managed_policies.size(), 2u);
  const auto& p = m.iam_managed_policies[0];
  EXPECT_EQ(p.address, "aws_iam_policy.p");
  EXPECT_EQ(p.type, "aws_iam_policy");
  EXPECT_EQ(p.kind, "terraform");
  EXPECT_EQ(p.name, "p");
  EXPECT_EQ(p.document.name, "aws_iam_policy.p");
  EXPECT_EQ(p.document.json.origin, Origin::Explicit);
  EXPECT_EQ(p.document.json.value, kHeredocDoc);
  EXPECT_EQ(p.document.json.raw, "");
  EXPECT_FALSE(p.document.json.raw_is_label);
  EXPECT_EQ(p.document.where.line, 16u);
  EXPECT_EQ(p.document.where.file, "r/main.tf");
  EXPECT_EQ(p.declared.begin, text.find("resource \"aws_iam_policy\" \"p\""));

  ASSERT_EQ(m.iam_role_policies.size(), 2u);
  EXPECT_EQ(m.iam_role_policies[0].address, "aws_iam_role_policy.rp");
  EXPECT_EQ(m.iam_role_policies[0].role.address, "aws_iam_role.r");
  EXPECT_EQ(m.iam_role_policies[0].role.arn, "");
  EXPECT_EQ(m.iam_role_policies[0].document.name, "apart");
  EXPECT_EQ(m.iam_role_policies[0].document.json.value, kHeredocDoc);
  EXPECT_EQ(m.iam_role_policies[1].role.address, "");
  EXPECT_EQ(m.iam_role_policies[1].role.arn, "app");  // a name: matched against the role's name
  EXPECT_EQ(m.iam_role_policies[1].document.json.value, "{\"Version\":\"2012-10-17\"}");

  ASSERT_EQ(m.iam_role_policy_attachments.size(), 4u);
  const auto& same = m.iam_role_policy_attachments[0];
  EXPECT_EQ(same.address, "aws_iam_role_policy_attachment.same");
  EXPECT_EQ(same.role.address, "aws_iam_role.r");
  EXPECT_EQ(same.policy.address, "aws_iam_policy.p");
  const auto& lit = m.iam_role_policy_attachments[1];
  EXPECT_EQ(lit.role.arn, "other");
  EXPECT_EQ(lit.policy.arn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
  // aws_iam_policy_attachment: one per role, in order.
  EXPECT_EQ(m.iam_role_policy_attachments[2].address, "aws_iam_policy_attachment.many");
  EXPECT_EQ(m.iam_role_policy_attachments[2].role.address, "aws_iam_role.r");
  EXPECT_EQ(m.iam_role_policy_attachments[2].policy.arn, "arn:aws:iam::aws:policy/AWSLambdaExecute");
  EXPECT_EQ(m.iam_role_policy_attachments[3].role.arn, "other");
  EXPECT_EQ(m.iam_role_policy_attachments[3].policy.arn, "arn:aws:iam::aws:policy/AWSLambdaExecute");

  // The role, with what Model::link put on it: its own inline policy then the two aws_iam_role_policy
  // (one by address, one by name); its managed policies then the attachments (aws_iam_policy.p once).
  ASSERT_EQ(m.iam_roles.size(), 1u);
  const auto& r = m.iam_roles[0];
  EXPECT_EQ(r.address, "aws_iam_role.r");
  EXPECT_EQ(r.type, "aws_iam_role");
  EXPECT_EQ(r.name, "app");
  EXPECT_EQ(r.policies_unknown, "");
  EXPECT_EQ(r.note, "");
  EXPECT_EQ(r.permissions_boundary.address, "aws_iam_policy.boundary");
  ASSERT_EQ(r.inline_policies.size(), 3u);
  EXPECT_EQ(r.inline_policies[0].name, "inline");
  EXPECT_EQ(r.inline_policies[0].json.origin, Origin::Explicit);
  EXPECT_EQ(r.inline_policies[0].json.value, kJsonDoc);
  EXPECT_EQ(r.inline_policies[0].where.line, 8u);
  EXPECT_EQ(r.inline_policies[1].name, "apart");
  EXPECT_EQ(r.inline_policies[2].json.value, "{\"Version\":\"2012-10-17\"}");
  ASSERT_EQ(r.managed_policies.size(), 3u);
  EXPECT_EQ(r.managed_policies[0].arn, "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
  EXPECT_EQ(r.managed_policies[1].address, "aws_iam_policy.p");
  EXPECT_EQ(r.managed_policies[2].arn, "arn:aws:iam::aws:policy/AWSLambdaExecute");
  const auto* doc = model::aws::iam::find_managed_policy(m.iam_managed_policies, r.managed_policies[1]);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->document.json.value, kHeredocDoc);
}

TEST(TerraformIam, RoleInstancesFromCountAndForEach) {
  io::MemoryFileSystem fs;
  fs.add(
      "r/main.tf",
      "resource \"aws_iam_role\" \"c\" {\n  count = 2\n  name = \"c-${count.index}\"\n}\n"
      "resource \"aws_iam_role_policy\" \"c\" {\n  count = 2\n  role = aws_iam_role.c[count.index].name\n"
      "  policy = jsonencode({ Version = \"2012-10-17\", Id = \"p${count.index}\" })\n}\n"
      "resource \"aws_iam_role\" \"e\" {\n  for_each = toset([\"a\", \"b\"])\n  name = \"e-${each.key}\"\n}\n"
      "resource \"aws_iam_role_policy_attachment\" \"e\" {\n  for_each = aws_iam_role.e\n"
      "  role = aws_iam_role.e[each.key].name\n  policy_arn = \"arn:aws:iam::aws:policy/P\"\n}\n");
  auto out = run(fs, "r");
  const auto& m = out.model;
  ASSERT_EQ(m.iam_roles.size(), 4u);
  EXPECT_EQ(m.iam_roles[0].address, "aws_iam_role.c[0]");
  EXPECT_EQ(m.iam_roles[0].name, "c-0");
  EXPECT_EQ(m.iam_roles[1].address, "aws_iam_role.c[1]");
  EXPECT_EQ(m.iam_roles[1].name, "c-1");
  EXPECT_EQ(m.iam_roles[2].address, "aws_iam_role.e[\"a\"]");
  EXPECT_EQ(m.iam_roles[2].name, "e-a");
  EXPECT_EQ(m.iam_roles[3].address, "aws_iam_role.e[\"b\"]");
  ASSERT_EQ(m.iam_role_policies.size(), 2u);
  EXPECT_EQ(m.iam_role_policies[1].address, "aws_iam_role_policy.c[1]");
  EXPECT_EQ(m.iam_role_policies[1].role.address, "aws_iam_role.c[1]");
  // Each role got its own instance's policy (linked by address with the instance key).
  ASSERT_EQ(m.iam_roles[0].inline_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[0].inline_policies[0].json.value, R"({"Id":"p0","Version":"2012-10-17"})");
  ASSERT_EQ(m.iam_roles[1].inline_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[1].inline_policies[0].json.value, R"({"Id":"p1","Version":"2012-10-17"})");
  // for_each over the roles themselves is not known before apply: one attachment stands for them; its
  // role is still followed by address, with the key that is not known.
  ASSERT_EQ(m.iam_role_policy_attachments.size(), 1u);
  EXPECT_EQ(m.iam_role_policy_attachments[0].address, "aws_iam_role_policy_attachment.e");
  EXPECT_EQ(m.iam_role_policy_attachments[0].role.address, "aws_iam_role.e");
  EXPECT_EQ(m.iam_role_policy_attachments[0].note,
            "instances of aws_iam_role_policy_attachment.e are not known before apply: for_each is unknown: "
            "aws_iam_role.e is known only after apply");
  EXPECT_TRUE(m.iam_roles[2].managed_policies.empty());
}

TEST(TerraformIam, UnknownPoliciesAndDocumentsSayWhy) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "variable \"arns\" {\n  type = list(string)\n}\n"
         "data \"aws_iam_policy_document\" \"d\" {\n  statement {\n    actions = [\"s3:*\"]\n  }\n}\n"
         "data \"aws_iam_policy\" \"x\" {\n  name = \"x\"\n}\n"
         "resource \"aws_iam_role\" \"var\" {\n  managed_policy_arns = var.arns\n}\n"
         "resource \"aws_iam_role\" \"data\" {\n  managed_policy_arns = [\"arn:aws:iam::aws:policy/A\", "
         "data.aws_iam_policy.x.arn]\n"
         "  inline_policy {\n    name = \"d\"\n    policy = data.aws_iam_policy_document.d.json\n  }\n}\n"
         "resource \"aws_iam_role_policy\" \"rp\" {\n  role = aws_iam_role.var.id\n"
         "  policy = data.aws_iam_policy_document.d.json\n}\n"
         "resource \"aws_iam_policy\" \"p\" {\n  policy = aws_iam_role.var.arn\n}\n"
         "resource \"aws_iam_role\" \"maybe\" {\n  count = length(var.arns)\n  name = \"m\"\n}\n");
  auto out = run(fs, "r");
  const auto& m = out.model;
  ASSERT_EQ(m.iam_roles.size(), 3u);
  // Instances that are not known: one role stands for them, and says so; its policies are still its own.
  EXPECT_EQ(m.iam_roles[2].address, "aws_iam_role.maybe");
  EXPECT_EQ(m.iam_roles[2].name, "m");
  EXPECT_EQ(
      m.iam_roles[2].note,
      "instances of aws_iam_role.maybe are not known before apply: count is unknown: var.arns has no value "
      "(no default, and not set by --var, --var-file, a tfvars file or TF_VAR_arns)");
  EXPECT_EQ(m.iam_roles[2].policies_unknown, "");
  EXPECT_EQ(m.iam_roles[0].policies_unknown,
            "managed_policy_arns is unknown: var.arns has no value (no default, and not set by --var, "
            "--var-file, a tfvars file or TF_VAR_arns)");
  EXPECT_TRUE(m.iam_roles[0].managed_policies.empty());
  EXPECT_EQ(m.iam_roles[1].policies_unknown,
            "an element of managed_policy_arns is unknown: data.aws_iam_policy.x is read during plan");
  ASSERT_EQ(m.iam_roles[1].managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[1].managed_policies[0].arn, "arn:aws:iam::aws:policy/A");
  ASSERT_EQ(m.iam_roles[1].inline_policies.size(), 1u);
  // data "aws_iam_policy_document" is rendered as the provider renders it; this one has no resources,
  // which IAM refuses: the document is known and read as not valid.
  EXPECT_EQ(m.iam_roles[1].inline_policies[0].json.origin, Origin::Explicit);
  EXPECT_EQ(m.iam_roles[1].inline_policies[0].json.value,
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]})");
  EXPECT_EQ(m.iam_roles[1].inline_policies[0].invalid, "a statement has neither Resource nor NotResource");
  ASSERT_EQ(m.iam_role_policies.size(), 1u);
  EXPECT_EQ(m.iam_role_policies[0].document.json.value, m.iam_roles[1].inline_policies[0].json.value);
  ASSERT_EQ(m.iam_roles[0].inline_policies.size(), 1u);  // linked by address
  ASSERT_EQ(m.iam_managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_managed_policies[0].document.json.origin, Origin::Unknown);
  EXPECT_EQ(m.iam_managed_policies[0].document.json.unknown_reason,
            "aws_iam_role.var.arn is known only after apply");
}

TEST(TerraformIam, MarkedDocumentsAreKeptButShownByLabel) {
  io::MemoryFileSystem fs;
  fs.add("r/p.json", "{\"Version\":\"2012-10-17\"}");
  fs.add("r/main.tf",
         "variable \"doc\" {\n  default = \"{}\"\n  sensitive = true\n}\n"
         "resource \"aws_iam_policy\" \"f\" {\n  policy = file(\"${path.module}/p.json\")\n}\n"
         "resource \"aws_iam_policy\" \"s\" {\n  policy = var.doc\n}\n"
         "resource \"aws_iam_role_policy\" \"s\" {\n  role = var.doc\n  policy = \"{}\"\n}\n");
  auto out = run(fs, "r");
  const auto& m = out.model;
  ASSERT_EQ(m.iam_managed_policies.size(), 2u);
  const auto& f = m.iam_managed_policies[0].document.json;
  EXPECT_EQ(f.origin, Origin::Explicit);
  EXPECT_EQ(f.value, "{\"Version\":\"2012-10-17\"}");
  EXPECT_TRUE(f.raw_is_label);
  EXPECT_EQ(f.raw.rfind("(from file ", 0), 0u) << f.raw;
  const auto& s = m.iam_managed_policies[1].document.json;
  EXPECT_EQ(s.value, "{}");
  EXPECT_TRUE(s.raw_is_label);
  EXPECT_EQ(s.raw, "(sensitive)");
  // A sensitive role name is not kept as text.
  ASSERT_EQ(m.iam_role_policies.size(), 1u);
  EXPECT_TRUE(m.iam_role_policies[0].role.empty());
  EXPECT_EQ(m.iam_role_policies[0].note, "role is (sensitive), not shown");
}

TEST(TerraformIam, RoleInAChildModuleIsReferencedByItsAddress) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "module \"m\" {\n  source = \"./m\"\n}\n");
  fs.add("r/m/main.tf",
         "resource \"aws_iam_role\" \"r\" {\n  name = \"fn\"\n}\n"
         "resource \"aws_iam_role_policy_attachment\" \"xray\" {\n  role = aws_iam_role.r.name\n"
         "  policy_arn = \"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\"\n}\n"
         "resource \"aws_lambda_function\" \"f\" {\n  role = aws_iam_role.r.arn\n}\n");
  auto out = run(fs, "r");
  const auto& m = out.model;
  ASSERT_EQ(m.lambda_functions.size(), 1u);
  EXPECT_EQ(m.lambda_functions[0].role.address, "module.m.aws_iam_role.r");
  ASSERT_EQ(m.iam_roles.size(), 1u);
  EXPECT_EQ(m.iam_roles[0].address, "module.m.aws_iam_role.r");
  ASSERT_EQ(m.iam_roles[0].enclosing.size(), 1u);
  EXPECT_EQ(m.iam_roles[0].enclosing[0].file, "r/main.tf");
  ASSERT_EQ(m.iam_roles[0].managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[0].managed_policies[0].arn, "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
}

TEST(TerraformIam, ReadWhicheverFilesWereNamed) {
  io::MemoryFileSystem fs;
  fs.add("r/fn.tf", "resource \"aws_lambda_function\" \"f\" {\n  role = aws_iam_role.r.arn\n}\n");
  fs.add("r/iam.tf",
         "resource \"aws_iam_role\" \"r\" {\n  name = \"fn\"\n}\n"
         "resource \"aws_lambda_function\" \"other\" {}\n");
  auto out = run(fs, "r", {"r/fn.tf"});
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);  // only the named file's function
  ASSERT_EQ(out.model.iam_roles.size(), 1u);         // but the role it names
  EXPECT_EQ(out.model.iam_roles[0].name, "fn");
}

TEST(TerraformMappers, RegistryIsSortedAndFindsByType) {
  const auto& all = mappers();
  ASSERT_FALSE(all.empty());
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].type, all[i].type);
  ASSERT_NE(find_mapper("aws_iam_role"), nullptr);
  EXPECT_TRUE(find_mapper("aws_iam_role")->all_files);
  ASSERT_NE(find_mapper("aws_lambda_function"), nullptr);
  EXPECT_FALSE(find_mapper("aws_lambda_function")->all_files);
  EXPECT_EQ(find_mapper("aws_s3_bucket"), nullptr);
  EXPECT_EQ(find_mapper("aws_iam"), nullptr);
  ASSERT_NE(find_module_mapper("terraform-aws-modules/lambda/aws"), nullptr);
  EXPECT_EQ(find_module_mapper("terraform-aws-modules/lambda/aws//modules/alias"), nullptr);
}

}  // namespace
}  // namespace cs::tf
