// Hash and crypto functions: md5 ... base64sha512, uuid, uuidv5, bcrypt, rsadecrypt (the file* hashes read
// files: filesystem.cpp).
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_crypto_functions(Registry& r) {
  // ----- hashes -----
  auto hashfn = [&](const char* name, std::string (*raw)(std::string_view), bool b64) {
    r.add(name, 1, 1, {"str"}, [raw, b64](const Args& a, EvalContext&) {
      std::string s;
      Value err;
      if (!get_string(a[0], "str", s, err)) return err;
      std::string d = raw(s);
      return Value::string(b64 ? detail::base64_encode(d) : detail::hex(d));
    });
  };
  hashfn("md5", detail::md5_raw, false);
  hashfn("sha1", detail::sha1_raw, false);
  hashfn("sha256", detail::sha256_raw, false);
  hashfn("sha512", detail::sha512_raw, false);
  hashfn("base64sha256", detail::sha256_raw, true);
  hashfn("base64sha512", detail::sha512_raw, true);
  r.unknown_fn("uuid", 0, 0, "is not knowable before apply");
  r.unknown_fn("uuidv5", 2, 2, "is not supported");
  r.unknown_fn("bcrypt", 1, 2, "is not knowable before apply (it uses a random salt)");
  r.unknown_fn("rsadecrypt", 2, 2, "is not supported");
}

}  // namespace cs::tf::fnlib
