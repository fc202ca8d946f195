#pragma once
/// \file
/// Formatting the pages share: LaTeX math spans, grouped integers, sizes from text, and the
/// crossover of activation-only work over weight work, in words.

#include <ordo/graph.hpp>

#include <cstdint>
#include <string>

namespace ordo::pages {

/// `$…$` LaTeX of a polynomial, `order` naming the dimensions printed first.
std::string math(const polynomial& p, const std::string& order);
/// `$\max\left(…\right)$` of a peak's candidates (plain math when it is one polynomial).
std::string math(const piecewise_max& m, const std::string& order);

/// 1234567 -> "1,234,567".
std::string grouped(std::int64_t v);

/// `name=value,...` into bindings, `overrides` replacing `defaults`' values by name; throws
/// std::invalid_argument naming the item for text that is not `name=integer`.
bindings parse_sizes(const std::string& defaults, const std::string& overrides = "");

/// Bindings as `name=value,...`, in their order (what parse_sizes reads back).
std::string sizes_text(const bindings& at);

/// A cost's value at `at`, grouped, or "—" when it cannot be evaluated there (an unbound
/// dimension, an overflow).
std::string value_at(const piecewise_max& value, const bindings& at);

/// Where the FLOPs of ops between activations only overtake those of ops on a weight as the
/// dimension `along` grows, the other sizes taken from `at`: "n = 8,113 (exactly
/// 4194304/517)" or "never".
std::string crossover_text(const graph& g, const bindings& at, const std::string& along = "n");
/// The same crossover as a formula `$n^{*} = …$` when the difference of the two sides has two
/// powers of `along` (c_p·x^p + c_q·x^q, coefficients free of it); empty otherwise.
std::string crossover_formula(const graph& g, const std::string& order, const std::string& along = "n");

/// A published figure as text with LaTeX: "FLOPs $Θ\left(b n d^{2}\right)$".
std::string claim_text(const published_figure& p, const std::string& order);

}  // namespace ordo::pages
