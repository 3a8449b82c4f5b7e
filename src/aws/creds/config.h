// Shared config and credentials files, profile and region selection (API.md §12 "Profile and region
// selection"). Reads files only through io::FileSystem and the environment only through Environment.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "aws/creds/ini.h"
#include "aws/creds/types.h"
#include "base/result.h"
#include "io/fs.h"

namespace cs::aws::creds {

// One profile's keys; `where` remembers the file:line of each key for error messages.
struct Profile {
  std::string name;
  std::map<std::string, IniValue> values;
  std::map<std::string, std::string> where;  // key -> "file:line"

  std::optional<std::string> get(const std::string& key) const;  // plain (non-nested) values only
  bool has(const std::string& key) const { return values.count(key) != 0; }
  std::string location(const std::string& key) const;  // "file:line" or ""
};

struct ConfigFiles {
  std::string config_path;  // after ~ and $VAR expansion
  std::string credentials_path;
  std::map<std::string, Profile> config_profiles;       // [default], [profile x] of the config file
  std::map<std::string, Profile> credentials_profiles;  // every [x] of the credentials file
  std::map<std::string, Profile> profiles;              // merged view (credentials keys win)
  std::map<std::string, Profile> sso_sessions;          // [sso-session x]
  std::map<std::string, Profile> services;              // [services x]

  const Profile* profile(const std::string& name) const;
  const Profile* sso_session(const std::string& name) const;
};

// ~ and $VAR / ${VAR} expansion (os.path.expanduser + expandvars) with HOME from `env`.
std::string expand_path(const std::string& path, const Environment& env);

// The home directory: HOME (then USERPROFILE) from env; "" when unknown.
std::string home_dir(const Environment& env);

// Load both files. A missing file is an empty file; a malformed one is an Error naming file:line.
Result<ConfigFiles> load_config_files(const Environment& env, const io::FileSystem& fs);

// Where the selected profile name came from.
enum class ProfileSource { Explicit, EnvDefaultProfile, EnvProfile, Default };

struct ProfileSelection {
  std::string name;
  ProfileSource source = ProfileSource::Default;
};

// --profile > AWS_DEFAULT_PROFILE > AWS_PROFILE > "default". botocore checks AWS_DEFAULT_PROFILE
// before AWS_PROFILE (API.md §12, verified against botocore 1.43.11).
ProfileSelection select_profile(const std::optional<std::string>& explicit_profile, const Environment& env);

// --region > AWS_REGION > AWS_DEFAULT_REGION > profile `region` (botocore itself ignores AWS_REGION;
// the AWS CLI v2 and the other SDKs honour it). "" when none.
std::string select_region(const std::optional<std::string>& explicit_region, const Environment& env,
                          const Profile* profile);

}  // namespace cs::aws::creds
