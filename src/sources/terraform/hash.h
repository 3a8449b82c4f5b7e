// Small message digests for Terraform's md5(), sha1(), sha256(), sha512() and their file/base64
// variants. Internal to the Terraform source layer.
#pragma once

#include <string>
#include <string_view>

namespace cs::tf::detail {

// Raw digests (binary bytes).
std::string md5_raw(std::string_view data);
std::string sha1_raw(std::string_view data);
std::string sha256_raw(std::string_view data);
std::string sha512_raw(std::string_view data);

std::string hex(std::string_view raw);
std::string base64_encode(std::string_view raw);
// false when `in` is not valid padded standard base64.
bool base64_decode(std::string_view in, std::string& out);

}  // namespace cs::tf::detail
