#pragma once

#include <optional>
#include <string>

#include "manifest/object.hpp"

namespace gitops::diff {

using manifest::Value;

// Secrets are compared key by key inside the comparer and leave it masked: "***" where both sides
// hold the same value, "*** (before)" and "*** (after)" where they differ (kubectl diff's markers).
// No presenter, log line or JSON field can then leak a value, not even as a hash.
inline constexpr const char* kMasked = "***";
inline constexpr const char* kMaskedBefore = "*** (before)";
inline constexpr const char* kMaskedAfter = "*** (after)";

bool is_secret(const manifest::ObjectId& id);

// Moves stringData into data, base64-encoded, as the API server does on write; stringData wins
// over data for the same key.
void fold_string_data(Value& secret);

// Replaces every value of data (and stringData) with `marker`.
void mask_secret_values(Value& secret, const char* marker);

// Every value the Secret declares (data, decoded and as written, and stringData) replaced by
// kMasked in `text`: for words that come from elsewhere, an admission policy's message say.
std::string mask_secret_values_in(std::string text, const Value& secret);

}  // namespace gitops::diff
