#include "adapter/allocator.hpp"

#ifdef SARCOMA_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace sarcoma {

std::string allocator_description() {
#ifdef SARCOMA_WITH_MIMALLOC
  // The version of the library actually loaded (it can differ from the headers' on an upgraded host).
  const int v = mi_version();
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v % 100 / 10) + "." +
         std::to_string(v % 10);
#else
  return "system malloc";
#endif
}

}  // namespace sarcoma
