#pragma once
// Exact LP feasibility for the asymptotic decisions: does z >= 0 with A z = b exist?
//
// Phase one of the simplex method with Bland's rule (so it terminates) on an *integer*
// tableau: every pivot updates entry (i, j) to (T_ij·p − T_is·T_rj) / D, where p is the pivot
// and D the previous pivot. Entries stay minors of the input, so the division is exact and no
// fractions (no gcds) are needed — the cheapest exact arithmetic in constant evaluation.
// The inputs are small exponent differences, so 128-bit entries are ample; overflow is still
// checked (E001).

#include <ordo/symbolic/detail/integers.hpp>

#include <ordo/symbolic/detail/scratch.hpp>

namespace ordo::detail {

struct lp_problem {
    int rows = 0;
    int cols = 0;
    scratch<i64> a;  // rows × cols, row-major
    scratch<i64> b;  // rows

    constexpr lp_problem(int r, int c) : rows(r), cols(c), a(r * c), b(r) {}
    constexpr i64& at(int i, int j) { return a[i * cols + j]; }
};

constexpr bool lp_feasible(const lp_problem& lp) {
    const int m = lp.rows;
    const int n = lp.cols;
    const int width = n + m + 1;  // structural, artificial, right-hand side
    const int rhs = n + m;
    scratch<i128> storage((m + 1) * width);
    scratch<int> basis(m);
    i128* t = &storage[0];  // raw indexing: in constant evaluation every call costs
    for (int i = 0; i < m; ++i) {
        const i64 sign = lp.b[i] < 0 ? -1 : 1;
        for (int j = 0; j < n; ++j) t[i * width + j] = sign * lp.a[i * n + j];
        t[i * width + n + i] = 1;
        t[i * width + rhs] = sign * lp.b[i];
        basis[i] = n + i;
    }
    // Phase-one objective: minimise the sum of the artificials, priced out of the basis.
    i128* objective = t + m * width;
    for (int i = 0; i < m; ++i) {
        for (int j = 0; j < n; ++j) objective[j] -= t[i * width + j];
        objective[rhs] -= t[i * width + rhs];
    }

    constexpr i128 small = i128{1} << 62;  // below this, a·b − c·d cannot overflow 128 bits
    i128 denominator = 1;
    for (;;) {
        int s = -1;
        for (int j = 0; j < n + m && s < 0; ++j)
            if (objective[j] < 0) s = j;  // Bland: the first improving column
        if (s < 0) break;
        int r = -1;
        for (int i = 0; i < m; ++i) {
            if (t[i * width + s] <= 0) continue;
            if (r < 0) {
                r = i;
                continue;
            }
            const i128 lhs = mul128(t[i * width + rhs], t[r * width + s], "simplex");
            const i128 rhs_ratio = mul128(t[r * width + rhs], t[i * width + s], "simplex");
            if (lhs < rhs_ratio || (lhs == rhs_ratio && basis[i] < basis[r])) r = i;
        }
        if (r < 0) break;  // unbounded direction: impossible in phase one, kept as a guard
        bool all_small = true;  // one range check per pivot instead of one per product
        for (int k = 0; k < (m + 1) * width && all_small; ++k)
            all_small = t[k] < small && t[k] > -small;
        const i128 p = t[r * width + s];
        const i128* pivot_row = t + r * width;
        for (int i = 0; i <= m; ++i) {
            if (i == r) continue;
            i128* row = t + i * width;
            const i128 f = row[s];
            if (all_small) {
                for (int j = 0; j < width; ++j) row[j] = (row[j] * p - f * pivot_row[j]) / denominator;
            } else {
                for (int j = 0; j < width; ++j)
                    row[j] = sub128(mul128(row[j], p, "simplex"), mul128(f, pivot_row[j], "simplex"),
                                    "simplex") / denominator;
            }
        }
        denominator = p;
        basis[r] = s;
    }
    return objective[rhs] == 0;
}

}  // namespace ordo::detail
