#include "poolbook/reports/render/html.hpp"

namespace poolbook::reports {

std::string render_html(const Document& document) { return "<!doctype html><title>" + document.title + "</title>"; }

}  // namespace poolbook::reports
