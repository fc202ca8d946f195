// Published analyses, derived from the catalog's graphs (see ../shared/references.md).
#include <ordo/ordo.hpp>
using namespace ordo;

constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = dim<"g">;
constexpr auto M = dim<"M">;
constexpr auto k = d / h;  // the head width of Shazeer 2019

// --- Shazeer 2019, table of §2.3-3.1: arithmetic Θ(bnd²) for every variant when n <= d.
constexpr auto mha = models::mha(b, n, d, h);
constexpr auto mha_inc = models::mha_incremental(b, n, d, h);
constexpr auto mqa_inc = models::mqa_incremental(b, n, d, h);
static_assert(theta(flops(mha), assume(n <= d)) == b * n * d * d);
static_assert(theta(flops(mha_inc), assume(n <= d)) == b * n * d * d);
static_assert(theta(flops(mqa_inc), assume(n <= d)) == b * n * d * d);
// ... and Θ(bnd² + bn²d) without the assumption: the seed's point.
static_assert(theta(flops(mha)) == b * n * d * d + b * n * n * d);

// Memory access. Batched multi-head: O(bnd + bhn² + d²); incremental: Θ(bn²d + nd²).
static_assert(theta(bytes_moved(mha)) == b * n * d + b * h * n * n + d * d);
static_assert(theta(bytes_moved(mha_inc)) == b * n * n * d + n * d * d);
// Incremental multi-query: the logits of every step are memory too, so unconditionally
// Θ(bnd + bn²k + bhn² + nd²). The paper's Θ(bnd + bn²k + nd²) needs bhn² = O(bn²k),
// i.e. h <= k: no more heads than the head width (h² <= d).
static_assert(theta(bytes_moved(mqa_inc)) == b * n * d + b * n * n * k + b * h * n * n + n * d * d);
static_assert(!is_theta(bytes_moved(mqa_inc), b * n * d + b * n * n * k + n * d * d));
static_assert(theta(bytes_moved(mqa_inc), assume(h * h <= d)) == b * n * d + b * n * n * k + n * d * d);
static_assert(theta(bytes_moved(mqa_inc), assume(h <= k)) == b * n * d + b * n * n * k + n * d * d);

// The ratio column: memory access / arithmetic.
static_assert(is_big_o(ratio(bytes_moved(mha), flops(mha), assume(n <= d)).value().candidates[0],
                       1 / k + 1 / (b * n), assume(n <= d)));
static_assert(is_theta(ratio(bytes_moved(mha_inc), flops(mha_inc), assume(n <= d)).value().candidates[0],
                       n / d + 1 / b));
static_assert(is_theta(ratio(bytes_moved(mqa_inc), flops(mqa_inc), assume(n <= d, h * h <= d))
                           .value().candidates[0],
                       1 / d + n / (d * h) + 1 / b, assume(h * h <= d)));

// --- Ainslie et al. 2023: GQA-1 is MQA, GQA-H is MHA, as polynomials.
constexpr auto gqa = models::gqa(b, n, d, h, g);
static_assert(substitute(flops(gqa).value().candidates[0], g, 1) == flops(models::mqa(b, n, d, h)));
static_assert(substitute(flops(gqa).value().candidates[0], g, h) == flops(mha));
static_assert(substitute(bytes_moved(gqa).value().candidates[0], g, 1) == bytes_moved(models::mqa(b, n, d, h)));
static_assert(substitute(bytes_moved(gqa).value().candidates[0], g, h) == bytes_moved(mha));
static_assert(flops(models::gqa(b, n, d, h, h)) == flops(mha));
// The KV cache (and the bytes per decoding step for keys and values) shrinks by h/g.
static_assert(params(models::mqa(b, n, d, h)) == 2 * d * d + 2 * d * k);

// --- Dao et al. 2022 (FlashAttention). Facts from the tiles: M/(4d) >= 1 and N·4d/M >= 1,
// i.e. d <= M <= N·d up to constants, the theorems' range, without restating it.
constexpr auto tiled = models::flash_attention(n, d, M);
constexpr auto standard = models::standard_attention(n, d);
static_assert(theta(flops(tiled)) == n * n * d);                 // Theorem 1: O(N²d) FLOPs
static_assert(theta(flops(standard)) == n * n * d);
static_assert(theta(bytes_moved(standard)) == n * d + n * n);    // Theorem 2: Θ(Nd + N²)
static_assert(theta(bytes_moved(tiled)) == n * n * d * d / M);   //            Θ(N²d²/M)
static_assert(is_little_o(bytes_moved(tiled), n * n, assume(d * d << M)));
// Peak memory: linear in N for the tiled form (no N² term), quadratic for the standard one.
static_assert(theta(peak_memory(tiled)) == n * d + M * M / (d * d));
static_assert(degree(peak_memory(tiled).value().sum(), n) == 1);
static_assert(degree(peak_memory(standard).value().sum(), n) == 2);

// --- Published figures as values (ordo::published_figure): the catalog's claims, checked.
constexpr published_figure shazeer_flops{"Shazeer 2019 §2.3", cost_kind::flops, bound_kind::theta, b * n * d * d,
                                         "n ≤ d", assume(n <= d)};
static_assert(satisfies(mha, shazeer_flops, shazeer_flops.assumed));
static_assert(!satisfies(mha, shazeer_flops, assume()));
static_assert(!satisfies(mha, shazeer_flops, assume(d << n)));
// The incremental MQA memory figure fails under the paper's n ≤ d and holds under h² ≤ d.
constexpr published_figure shazeer_mqa_bytes{"Shazeer 2019 §3.1", cost_kind::bytes_moved, bound_kind::theta,
                                             b * n * d + b * n * n * k + n * d * d, "n ≤ d", assume(n <= d)};
static_assert(!satisfies(mqa_inc, shazeer_mqa_bytes, shazeer_mqa_bytes.assumed));
static_assert(satisfies(mqa_inc, shazeer_mqa_bytes, assume(h * h <= d)));
// Exact figures compare the polynomial; O-figures are upper bounds only.
static_assert(satisfies(standard, published_figure{"", cost_kind::bytes_moved, bound_kind::big_o, n * n * d}, assume()));
static_assert(!satisfies(standard, published_figure{"", cost_kind::bytes_moved, bound_kind::big_o, n * d}, assume()));
static_assert(!satisfies(mha, published_figure{"", cost_kind::flops, bound_kind::exact, 8 * b * n * d * d}, assume()));
static_assert(satisfies(mha, published_figure{"", cost_kind::flops, bound_kind::exact, 8 * b * n * d * d + 4 * b * n * n * d,
                                              "", {}, &conventions::gemm_only},
                        assume()));
