#pragma once
// Synoptic "Label: value" lines (CAP style): which fact a label announces. The label decides how
// the value is read and keeps other patterns off the line ("Margins: 1.5 cm" is not a size).
#include <string_view>

namespace sarcoma::core::extraction {

enum class Field {
  free,  // no label, or a label of running text (diagnosis, comment, history)
  histology,
  site,
  size,
  mitoses,
  necrosis,
  grade,
  differentiation_score,
  mitotic_score,
  necrosis_score,
  nodes,           // regional lymph nodes: status
  nodes_involved,  // number of involved nodes
  distant,
  tnm,    // pTNM / primary tumour (pT) / stage classification
  stage,  // stage group
  treatment_effect,
  treatment_history,  // neoadjuvant / presurgical therapy
  multifocal,
  extent,   // "Tumor extent": the value names a T-category finding (read as running text)
  ignored,  // margins, additional dimensions, lymphovascular invasion, specimen size, ...
};

struct LabelInfo {
  Field field = Field::free;
  std::string_view unit;  // "cm" / "mm" / "[in_i]" when the label names the unit ("Greatest dimension (cm)")
  // The label holds a procedure word (excision, resection, biopsy, amputation, ...ectomy) and no
  // element word: with a site before the colon it is a specimen description ("Right thigh,
  // re-excision of margins:"), not a synoptic label (the scanner checks the site).
  bool procedure_only = false;
};

// `label` is the raw text before the colon.
LabelInfo classify_label(std::string_view label);

}  // namespace sarcoma::core::extraction
