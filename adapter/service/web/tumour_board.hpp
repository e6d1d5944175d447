#pragma once
// The tumour-board list of the cases a worklist filter selects: as CSV (RFC 4180, one row per
// tumour, cells that a spreadsheet would run as a formula neutralised) and as a FHIR R4 List of
// the review Tasks. Pure functions of the rows and the time.
#include <string>
#include <vector>

#include "adapter/service/web/pages.hpp"

namespace sarcoma::service::web {

std::string tumour_board_csv(const std::vector<WorklistRow>& rows);

// A List (status current, mode snapshot) whose entries reference the Tasks, each with its report
// and summary as display; `now` is List.date.
std::string tumour_board_list(const std::vector<WorklistRow>& rows, const std::string& now);

// One CSV cell: quoted when needed; a leading = + - @ tab or CR prefixed with ' (CSV injection).
std::string csv_cell(const std::string& value);

}  // namespace sarcoma::service::web
