// Arithmetic intensity and the Θ-class of a roofline time (issue "Time on real hardware"),
// against figures derived here by hand from the ops' definitions.
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;

constexpr graph mha = models::mha(b, n, d, h);

// The first einsum of MHA is a projection (q, k or v, by the compiler's order of arguments; in
// MHA they are alike): 2·b·n·d·d FLOPs (k = d/h per head, h heads), reading x (b·n·d floats)
// and the weight (d² floats), writing b·n·d floats.
constexpr int first_einsum(const graph& g) {
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == op_kind::einsum) return id;
    return -1;
}
constexpr intensity projection = arithmetic_intensity(mha, first_einsum(mha));
static_assert(projection.flops == 2 * b * n * d * d);
static_assert(projection.bytes == 8 * b * n * d + 4 * d * d);
// Exact at sizes: 2·2·8·16·16 = 8192 FLOPs over 4·(256 + 256 + 256) = 3072 bytes.
static_assert(eval(projection, bind(b = 2, n = 8, d = 16, h = 4)) == rational(8, 3));

// Θ: FLOPs / bytes ≍ min(b·n·d² / b·n·d, b·n·d² / d²) = min(d, b·n): two regimes.
constexpr laurent_envelope both = theta(projection);
static_assert(both.count == 2 && !both.is_laurent());
static_assert(both.terms[0] == polynomial(d) || both.terms[1] == polynomial(d));
static_assert(both.terms[0] == b * n || both.terms[1] == b * n);
// Where the weight dominates the bytes (d ≫ b·n, as in decoding) the intensity is Θ(b·n), a
// Laurent polynomial; where the activations do (n ≥ d), Θ(d).
static_assert(theta(projection, assume(b * n << d)).only() == b * n);
static_assert(is_theta(projection, polynomial(d), assume(d <= n)));
static_assert(!is_theta(projection, b * n, assume(d <= n)));

// The whole of MHA: Θ(b·n·d² + b·n²·d) FLOPs over Θ(b·n·d + b·h·n² + d²) bytes. Where the
// scores dominate the bytes (d ≤ n) the intensity is Θ(b·n²·d / b·h·n²) = Θ(d/h): the scores
// are read and written about as often as they are computed.
constexpr intensity whole = arithmetic_intensity(mha);
static_assert(theta(whole).count == 3);
static_assert(is_theta(whole, d / h, assume(d <= n)));
static_assert(is_theta(whole, polynomial(d), assume(d <= n, constant(h))));
// ordo::ratio needs that regime up front; with it, the same answer.
static_assert(is_theta(ratio(flops(mha), bytes_moved(mha), assume(d <= n, constant(h))).polynomial_value(),
                       polynomial(d), assume(d <= n, constant(h))));

// A Laurent comparison: d/h = O(d), not the converse unless h is constant.
static_assert(laurent_big_o(d / h, polynomial(d)));
static_assert(!laurent_big_o(polynomial(d), d / h));
static_assert(laurent_big_o(polynomial(d), d / h, assume(constant(h))));

// The roofline time, Σ max(FLOPs / peak, bytes / bandwidth), on any machine: Θ(FLOPs + bytes)
// = Θ(b·n·d² + b·n²·d) for MHA — the bytes' b·h·n² is at most b·n²·d (h ≤ d) and d² at most
// b·n·d²: the MQA paper's Θ(b·n·d²) holds only where n ≤ d.
static_assert(is_theta(roofline_theta(mha), b * n * d * d + b * n * n * d));
static_assert(is_theta(roofline_theta(mha, assume(n <= d)), b * n * d * d));

// An op without bytes (a view) has no intensity: 0, and an empty envelope.
static_assert(theta(intensity{}).count == 0);
