#pragma once
// Renders a Document as one self-contained HTML file. TO BE WRITTEN (helper).
#include <string>

#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

std::string render_html(const Document& document);

}  // namespace poolbook::reports
