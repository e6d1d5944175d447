#include "adapter/core/facts.hpp"

namespace sarcoma::core {

const char* to_string(Method m) { return m == Method::coded ? "coded" : "narrative"; }

const char* to_string(Scope s) {
  switch (s) {
    case Scope::soft_tissue_sarcoma: return "soft-tissue-sarcoma";
    case Scope::bone_sarcoma: return "bone-sarcoma";
    case Scope::not_sarcoma: return "not-sarcoma";
    case Scope::undetermined: return "undetermined";
  }
  return "undetermined";
}

}  // namespace sarcoma::core
