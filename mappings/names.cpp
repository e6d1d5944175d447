#include "mappings/rules.hpp"

namespace sarcoma::mappings {

const char* to_string(SiteGroup g) {
  switch (g) {
    case SiteGroup::trunk_extremity: return "trunk-extremity";
    case SiteGroup::retroperitoneum: return "retroperitoneum";
    case SiteGroup::head_neck: return "head-neck";
    case SiteGroup::visceral: return "visceral";
    case SiteGroup::not_staged: return "not-staged";
  }
  return "not-staged";
}

const char* to_string(HistologyCategory c) {
  switch (c) {
    case HistologyCategory::soft_tissue_sarcoma: return "soft-tissue-sarcoma";
    case HistologyCategory::bone_sarcoma: return "bone-sarcoma";
    case HistologyCategory::benign_or_intermediate: return "benign-or-intermediate";
    case HistologyCategory::other_malignancy: return "other-malignancy";
  }
  return "other-malignancy";
}

}  // namespace sarcoma::mappings
