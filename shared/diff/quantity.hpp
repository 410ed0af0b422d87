#pragma once

#include <optional>
#include <string>

namespace gitops::diff {

// The value of a Kubernetes resource quantity ("500m", "0.5", "1Gi", "1024Mi", "1e3"), so that
// equal amounts in different spellings compare equal. nullopt when the text is not a quantity.
std::optional<long double> parse_quantity(const std::string& text);

}  // namespace gitops::diff
