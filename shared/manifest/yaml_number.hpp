#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gitops::manifest {

// The number forms of plain YAML scalars: what go-yaml v2 (which sigs.k8s.io/yaml and so the API
// server use) parses as a number, and the forms other YAML 1.1 readers take for a number or a time.
// yaml_scalar.hpp decides with them; its callers need not.

// Go's strconv.ParseInt(s, 0, 64): an optional sign, then a 0x, 0o or 0b prefix, or a leading 0
// for octal, or decimal digits; nullopt beyond int64.
std::optional<std::int64_t> parse_go_int(std::string_view s);

// Go's strconv.ParseUint(s, 0, 64): as parse_go_int without a sign, within uint64.
std::optional<std::uint64_t> parse_go_uint(std::string_view s);

// The fork sigs.k8s.io/yaml vendors reads an unsigned integer beyond 64 bits that is no decimal
// float (0x1FFFFFFFFFFFFFFFFF) as a big.Int; a double is as near as a Value comes.
std::optional<double> parse_go_big_uint(std::string_view s);

// go-yaml v2's yamlStyleFloat, ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, which is
// also every decimal number of YAML 1.2 and JSON readers ("1e3", "1.").
bool is_yaml_style_float(std::string_view s);

// A decimal float Go's ParseFloat would accept: overflow fails (the text stays a string), underflow
// rounds to zero.
std::optional<double> parse_finite_double(std::string_view s);

// A YAML 1.1 timestamp ("2024-01-31", "2024-01-31T10:00:00Z"), which go-yaml v2 leaves a string
// but other readers turn into a time.
bool looks_like_timestamp(std::string_view s);

// A YAML 1.1 base-60 number ("1:20" is 80 to PyYAML): go-yaml's isBase60Float,
// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool looks_like_base60(std::string_view s);

}  // namespace gitops::manifest
