#pragma once
// Who may sign in to the review worklist: a JSON file named by `review.users_file`,
//   {"users": [{"username": "akumar", "display": "Dr A. Kumar", "password_hash": "pbkdf2-sha256$..."}]}
// kept apart from the main configuration so it can have tighter file permissions. Loading
// validates every entry (names, display, a verifiable hash) and names the entry on error.
#include <string>
#include <string_view>
#include <vector>

#include "fhir/result.hpp"

namespace sarcoma::service::web {

struct Reviewer {
  std::string username;  // [a-z0-9._-], 1..64 characters; shown in Provenance as the identifier
  std::string display;   // the name written into Provenance.agent.who.display and Task.owner
  std::string password_hash;
};

Result<std::vector<Reviewer>, std::vector<std::string>> parse_reviewers(std::string_view json);

// Finds by username (exact match); nullptr when unknown.
const Reviewer* find_reviewer(const std::vector<Reviewer>& reviewers, std::string_view username);

}  // namespace sarcoma::service::web
