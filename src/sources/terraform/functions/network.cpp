// IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets (not supported: unknown).
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_network_functions(Registry& r) {
  for (const char* n : {"cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets"})
    r.unknown_fn(n, 1, -1, "is not supported");
}

}  // namespace cs::tf::fnlib
