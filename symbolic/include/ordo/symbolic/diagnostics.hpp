#pragma once
// ordo's errors and the diagnostics that raise them.
//
// One mechanism serves both worlds. Each diagnostic is a deliberately *non-constexpr*
// function whose name is the message: reaching it during constant evaluation (inside a
// `static_assert` or a `constexpr` variable) stops compilation, and g++ and clang++ both
// print the function's name ("call to non-constexpr function ...E007_eval_of_an_unbound_
// dimension..."). Reaching it at run time throws an `ordo::error` whose `what()` names the
// diagnostic ID, the offending symbol or value, and the fix. Each ID has a section in
// docs/troubleshooting.md and a compile-fail test (tests/compile_fail/); the runtime's own
// IDs (E3xx) have run-fail tests (tests/run_fail/) instead.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ordo {

/// Base of every exception ordo throws; `id()` is the stable diagnostic ID ("E007").
class error : public std::runtime_error {
public:
    error(std::string_view id, const std::string& message)
        : std::runtime_error("[ordo:" + std::string(id) + "] " + message +
                             " See docs/troubleshooting.md#" + lower(id) + "."),
          id_(id), message_(message) {}
    [[nodiscard]] std::string_view id() const noexcept { return id_; }
    /// The message alone, without the ID and the link: for an error that adds context to it.
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

private:
    static std::string lower(std::string_view id) {
        std::string s(id);
        for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return s;
    }
    std::string_view id_;
    std::string message_;
};

/// Exact arithmetic would overflow (a coefficient, an exponent or a result).
class overflow_error : public error {
    using error::error;
};
/// A value or binding is outside the domain of an operation.
class domain_error : public error {
    using error::error;
};
/// A binding of dimensions to sizes is missing, duplicated or invalid.
class binding_error : public error {
    using error::error;
};
/// An asymptotic question is malformed or cannot be decided.
class asymptotic_error : public error {
    using error::error;
};

namespace diagnostic {
// Names are long on purpose: during constant evaluation the name is the whole message.
// clang-format off
[[noreturn]] inline void E001_coefficient_overflow_exact_arithmetic_would_wrap(std::string_view where) {
    throw overflow_error("E001", "Coefficient overflow in " + std::string(where) +
        ": an exact rational coefficient no longer fits 64 bits (intermediates use 128). "
        "Scale the polynomial (e.g. count in thousands) or split the computation.");
}
[[noreturn]] inline void E002_exponent_overflow_exponents_are_limited_to_plus_minus_127(std::string_view where) {
    throw overflow_error("E002", "Exponent overflow in " + std::string(where) +
        ": exponents of a dimension must lie in [-127, 127].");
}
[[noreturn]] inline void E003_too_many_terms_a_polynomial_holds_at_most_max_terms(std::string_view where) {
    throw overflow_error("E003", "Too many terms in " + std::string(where) +
        ": a polynomial holds at most ordo::max_terms terms.");
}
[[noreturn]] inline void E004_too_many_dimensions_a_polynomial_uses_at_most_max_dims(std::string_view where) {
    throw overflow_error("E004", "Too many dimensions in " + std::string(where) +
        ": one polynomial can mention at most ordo::max_dims distinct dimensions.");
}
[[noreturn]] inline void E004_too_many_sizes_one_bind_holds_at_most_max_bindings() {
    throw overflow_error("E004", "Too many sizes in one bind: a set of bindings holds at most ordo::max_bindings (32) sizes.");
}
[[noreturn]] inline void E005_division_by_zero(std::string_view where) {
    throw domain_error("E005", "Division by zero in " + std::string(where) + ".");
}
[[noreturn]] inline void E006_division_by_a_polynomial_that_is_not_a_monomial(std::string_view where) {
    throw domain_error("E006", "Division by a polynomial that is not a monomial in " +
        std::string(where) + ": the result would not be a Laurent polynomial. Divide by a "
        "monomial (d/h, 2*n) or an integer instead.");
}
[[noreturn]] inline void E007_eval_of_an_unbound_dimension_bind_every_dimension_the_polynomial_uses(std::string_view name) {
    throw binding_error("E007", "Dimension '" + std::string(name) +
        "' is not bound: ordo::eval needs a size for every dimension of the polynomial, "
        "e.g. ordo::bind(" + std::string(name) + " = 64, ...).");
}
[[noreturn]] inline void E008_eval_result_is_not_an_integer(std::string_view detail) {
    throw domain_error("E008", "The evaluated result is not an integer (" + std::string(detail) +
        "): check that every extent divides exactly at these sizes (e.g. d divisible by h).");
}
[[noreturn]] inline void E009_eval_result_overflows_int64(std::string_view detail) {
    throw overflow_error("E009", "The evaluated result does not fit a signed 64-bit integer (" +
        std::string(detail) + ").");
}
[[noreturn]] inline void E010_dimension_size_must_be_at_least_1(std::string_view name) {
    throw binding_error("E010", "Dimension '" + std::string(name) +
        "' is bound to a size below 1: every dimension is a positive integer.");
}
[[noreturn]] inline void E011_malformed_assumption_each_side_must_be_a_monomial(std::string_view what) {
    throw asymptotic_error("E011", "Malformed assumption: " + std::string(what) +
        ". Write x <= y, x << y with monomials (n, d/h, b*n) or ordo::constant(h) with one dimension.");
}
[[noreturn]] inline void E012_contradictory_assumptions(std::string_view what) {
    throw asymptotic_error("E012", "The assumptions contradict each other (" + std::string(what) +
        "): no growth of the dimensions satisfies all of them.");
}
[[noreturn]] inline void E013_theta_undetermined_polynomial_is_not_eventually_positive(std::string_view what) {
    throw asymptotic_error("E013", "Cannot determine the Θ-class of " + std::string(what) +
        ": a negative term is not dominated by the positive terms under these assumptions, so the "
        "polynomial may vanish or turn negative as the dimensions grow.");
}
[[noreturn]] inline void E014_sum_needs_a_polynomial_in_the_index_and_bounds_free_of_it(std::string_view what) {
    throw domain_error("E014", "ordo::sum: " + std::string(what) + ".");
}
[[noreturn]] inline void E015_invalid_dimension_name(std::string_view name) {
    throw binding_error("E015", "Invalid dimension name '" + std::string(name) +
        "': use 1 to 15 letters, digits or '_', not starting with a digit.");
}
[[noreturn]] inline void E016_dimension_bound_twice(std::string_view name) {
    throw binding_error("E016", "Dimension '" + std::string(name) + "' is bound twice in one ordo::bind.");
}
[[noreturn]] inline void E018_graph_has_too_many_nodes_or_regions(std::string_view where) {
    throw domain_error("E018", "The traced graph is too large (" + std::string(where) +
        "): at most ordo::max_nodes nodes and ordo::max_regions loops.");
}
[[noreturn]] inline void E019_loop_index_used_outside_its_loop(std::string_view name) {
    throw domain_error("E019", "Loop index '" + std::string(name) +
        "' is used outside the ordo::steps / ordo::repeat body that defines it.");
}
[[noreturn]] inline void E020_sliced_axis_is_not_the_loop_count(std::string_view name) {
    throw domain_error("E020", "ordo::at(w, " + std::string(name) +
        "): the first axis of w must have the loop's count as its extent (one slice per iteration).");
}
[[noreturn]] inline void E021_peak_has_too_many_incomparable_candidates(std::string_view where) {
    throw overflow_error("E021", "Peak memory in " + std::string(where) +
        " has more than ordo::max_candidates program points that no other bounds.");
}
[[noreturn]] inline void E022_live_memory_in_a_loop_is_not_increasing_in_its_index(std::string_view name) {
    throw domain_error("E022", "Live memory inside the loop over '" + std::string(name) +
        "' is not increasing in the index, so its peak is not at the last step.");
}
[[noreturn]] inline void E023_ratio_needs_a_denominator_whose_theta_is_one_monomial(std::string_view where) {
    throw asymptotic_error("E023", std::string(where) +
        ": the denominator's Θ-class has several monomials, so the ratio is not a Laurent "
        "polynomial. Add an assumption that makes one term dominate.");
}
[[noreturn]] inline void E025_kv_cache_needs_the_index_of_a_steps_loop(std::string_view name) {
    throw domain_error("E025", "kv_cache(t, " + std::string(name) +
        "): '" + std::string(name) + "' is the index of an ordo::repeat; a KV cache grows over the "
        "steps of an ordo::steps loop, so pass that loop's index.");
}
[[noreturn]] inline void E026_backward_of_an_einsum_index_found_in_one_operand_only(std::string_view spec) {
    throw domain_error("E026", "backward: einsum \"" + std::string(spec) +
        "\" sums an index that appears in one operand only; its gradient is a broadcast ordo does "
        "not derive. Reduce that operand first (ordo::sum), then contract.");
}
[[noreturn]] inline void E027_store_of_a_tensor_that_is_not_on_chip(std::string_view op) {
    throw domain_error("E027", std::string(op) + ": the tensor is already in main memory; ordo::store "
        "copies an on-chip tensor (one computed from ordo::load) back.");
}
[[noreturn]] inline void E017_too_many_assumptions(std::string_view where) {
    throw asymptotic_error("E017", "Too many assumptions in " + std::string(where) +
        ": at most ordo::max_assumptions relations fit in one ordo::assume.");
}
[[noreturn]] inline void E029_sizes_make_an_extent_of_the_graph_below_1(std::string_view detail) {
    throw domain_error("E029", "The sizes make " + std::string(detail) + " less than 1: a graph's extents are sizes of "
        "tensors, so every one must be at least 1 (h <= d for d/h, k <= E for top_k).");
}
[[noreturn]] inline void E032_dropout_probability_must_be_in_0_to_1(std::int64_t num, std::int64_t den) {
    throw domain_error("E032", "dropout: the probability p = " + std::to_string(num) + (den == 1 ? "" : "/" + std::to_string(den)) + " is outside [0, 1): p is the "
        "share of elements dropped, and p = 1 would drop them all (the kept ones are scaled by 1/(1 - p)).");
}
[[noreturn]] inline void E033_difference_of_costs_that_are_peaks() {
    throw domain_error("E033", "cost - cost: one of them is a peak over incomparable program points (a maximum of "
        "polynomials), and a difference of maxima is not one; compare the peaks with eval at sizes, or subtract "
        "the candidates (cost.value().candidates) you mean.");
}
[[noreturn]] inline void E028_graph_implies_more_facts_than_max_assumptions() {
    throw asymptotic_error("E028", "The graph's extents imply more than ordo::max_assumptions (8) facts (each extent "
        "with a denominator, such as d/h, and each top_k adds one); they would be dropped, and every asymptotic "
        "question about its costs would lack them.");
}
// clang-format on
}  // namespace diagnostic
}  // namespace ordo
