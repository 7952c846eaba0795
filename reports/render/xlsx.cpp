#include "poolbook/reports/render/xlsx.hpp"

namespace poolbook::reports {

Status write_xlsx(const Document&, const std::filesystem::path&) {
  return make_error("render.xlsx", "not written yet");
}

}  // namespace poolbook::reports
