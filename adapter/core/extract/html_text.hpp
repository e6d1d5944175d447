#pragma once
// Plain text from an HTML presentedForm: tags dropped, entities decoded, block elements and <br>
// turned into line breaks (so "Label: value" lines survive), table cells and <dt>/<dd> joined as
// "first cell: rest". One forward pass; never fails (malformed markup degrades to text).
#include <string>
#include <string_view>

namespace sarcoma::core::extraction {

std::string html_to_text(std::string_view html);

// True when the text looks like HTML (used when contentType is missing): a tag near the start.
bool looks_like_html(std::string_view text);

}  // namespace sarcoma::core::extraction
