#pragma once
/// \file
/// The roofline: each op takes max(FLOPs / peak, bytes / bandwidth) on a machine, and a graph
/// the sum of its ops' times (Williams, Waterman and Patterson 2009, per op as LLM-Viewer
/// applies it).
///
///     const auto r = ordo::roofline(g, ordo::hardware::h100_sxm, ordo::bind(b = 1, ...));
///     r.seconds;                         // exact rational seconds
///     r.ops[k].memory_bound;             // which side of the ridge op k is on
///     ordo::memory_bound_share(g, gpu, at);  // the fraction of the time in memory-bound ops
///
/// The graph's time is a sum of per-op maxima, not one max over the graph's totals, so it is
/// kept in its own form (a list of ops) rather than as a piecewise_max, whose cross product
/// would grow as 2^ops. Inside loops each iteration is its own max (a decoding step's cost
/// grows with its index). Exact: FLOPs and bytes are integers at the sizes, peaks and
/// bandwidths integers per second, times rationals; E001 where a sum would not fit.
///
/// `balance_point` is where an op (or any FLOP and byte polynomials) turns compute-bound
/// along one dimension: where FLOPs / peak overtakes bytes / bandwidth, as a crossover.

#include <ordo/graph/costs.hpp>
#include <ordo/graph/crossover.hpp>
#include <ordo/graph/hardware.hpp>

namespace ordo {

/// One op on the roofline, at sizes.
struct op_roofline {
    int id = -1;
    std::int64_t flops = 0;    ///< over all iterations of its loops
    std::int64_t bytes = 0;
    rational seconds;          ///< Σ over iterations of max(FLOPs / peak, bytes / bandwidth)
    rational memory_seconds;   ///< the part of `seconds` spent in memory-bound iterations
    bool memory_bound = false; ///< most of its time is memory-bound
};

/// A graph on the roofline, at sizes.
struct roofline_result {
    int count = 0;
    op_roofline ops[max_nodes]{};
    rational seconds;          ///< Σ of the ops' times
    rational compute_seconds;  ///< Σ FLOPs / peak: the time were memory free
    rational memory_seconds;   ///< Σ bytes / bandwidth: the time were arithmetic free
    rational memory_bound_seconds;  ///< the part of `seconds` in memory-bound op iterations
};

namespace detail {

struct roofline_step {
    std::int64_t flops = 0, bytes = 0;
    rational seconds, memory_seconds;
};

/// The regions enclosing node `id`, outermost first.
struct region_chain {
    int count = 0;
    int regions[max_regions]{};
};
constexpr region_chain chain_of(const graph& g, int id) {
    region_chain c;
    for (int r = g.nodes[id].region; r != 0; r = g.regions[r].parent) c.regions[c.count++] = r;
    for (int i = 0; i < c.count / 2; ++i) {
        const int t = c.regions[i];
        c.regions[i] = c.regions[c.count - 1 - i];
        c.regions[c.count - 1 - i] = t;
    }
    return c;
}

constexpr rational seconds_of(std::int64_t amount, std::int64_t per_second) {
    if (amount == 0) return rational(0);
    if (per_second <= 0) diagnostic::E009_eval_result_overflows_int64("roofline: a peak or bandwidth of 0");
    return rational(amount, per_second);
}

/// Node `f`/`b` polynomials over the loops of `chain` from level k, at `at`.
constexpr roofline_step roofline_of(const graph& g, const region_chain& chain, int k, const polynomial& f,
                                    const polynomial& b, std::int64_t peak, std::int64_t bandwidth,
                                    const bindings& at) {
    roofline_step out;
    if (k == chain.count) {
        out.flops = eval(f, at);
        out.bytes = eval(b, at);
        const rational compute = seconds_of(out.flops, peak), memory = seconds_of(out.bytes, bandwidth);
        const bool memory_bound = compute < memory;
        out.seconds = memory_bound ? memory : compute;
        if (memory_bound) out.memory_seconds = memory;
        return out;
    }
    const region& reg = g.regions[chain.regions[k]];
    const std::int64_t count = eval(to_polynomial(reg.count), at);
    if (f.slot_of(reg.index) < 0 && b.slot_of(reg.index) < 0) {  // every iteration alike
        const roofline_step one = roofline_of(g, chain, k + 1, f, b, peak, bandwidth, at);
        out.flops = detail::to_i64(detail::mul128(one.flops, count, "roofline FLOPs"), "roofline FLOPs");
        out.bytes = detail::to_i64(detail::mul128(one.bytes, count, "roofline bytes"), "roofline bytes");
        out.seconds = one.seconds * rational(count);
        out.memory_seconds = one.memory_seconds * rational(count);
        return out;
    }
    for (std::int64_t i = 1; i <= count; ++i) {
        bindings here = at;
        here.add(binding{reg.index, i});
        const roofline_step one = roofline_of(g, chain, k + 1, f, b, peak, bandwidth, here);
        out.flops = detail::to_i64(detail::add128(out.flops, one.flops, "roofline FLOPs"), "roofline FLOPs");
        out.bytes = detail::to_i64(detail::add128(out.bytes, one.bytes, "roofline bytes"), "roofline bytes");
        out.seconds = out.seconds + one.seconds;
        out.memory_seconds = out.memory_seconds + one.memory_seconds;
    }
    return out;
}

}  // namespace detail

/// Graph `g` on machine `hw` at sizes `at`, FLOPs under convention `c`.
constexpr roofline_result roofline(const graph& g, const hardware& hw, const bindings& at,
                                   const convention& c = conventions::standard) {
    const memory_spaces spaces = memory_spaces_of(g);
    roofline_result r;
    for (int id = 0; id < g.node_count; ++id) {
        const polynomial f = node_flops(g, id, c), b = node_bytes(g, id, spaces);
        if (f.is_zero() && b.is_zero()) continue;  // views, inputs: no time of their own
        const std::int64_t peak = hw.peak(g.nodes[id].type);
        const detail::roofline_step s =
            detail::roofline_of(g, detail::chain_of(g, id), 0, f, b, peak, hw.bandwidth, at);
        op_roofline& op = r.ops[r.count++];
        op = {id, s.flops, s.bytes, s.seconds, s.memory_seconds, s.seconds < rational(2) * s.memory_seconds};
        r.seconds = r.seconds + s.seconds;
        r.compute_seconds = r.compute_seconds + detail::seconds_of(s.flops, peak);
        r.memory_seconds = r.memory_seconds + detail::seconds_of(s.bytes, hw.bandwidth);
        r.memory_bound_seconds = r.memory_bound_seconds + s.memory_seconds;
    }
    return r;
}

/// The fraction of the roofline time spent in memory-bound op iterations (exact; 0 for a
/// graph that takes no time).
constexpr rational memory_bound_share(const graph& g, const hardware& hw, const bindings& at,
                                      const convention& c = conventions::standard) {
    const roofline_result r = roofline(g, hw, at, c);
    return r.seconds.is_zero() ? rational(0) : r.memory_bound_seconds / r.seconds;
}

/// Where FLOPs `f` at `peak` overtake bytes `b` at `bandwidth` along dimension `x`, the others
/// at `others`: the size from which the work turns compute-bound (`found == false`: never,
/// within the sizes whose values fit).
constexpr crossover_point balance_point(const polynomial& f, const polynomial& b, std::int64_t peak,
                                        std::int64_t bandwidth, detail::u128 x, const bindings& others) {
    // f/peak > b/bandwidth  ⇔  f·bandwidth > b·peak, with both reduced by their gcd (data-sheet
    // figures share powers of ten: 989.4e12 : 3.35e12 = 19788 : 67), so coefficients stay small
    const std::int64_t common = detail::to_i64(detail::gcd128(peak, bandwidth), "balance_point");
    return crossover(b * polynomial(peak / common), f * polynomial(bandwidth / common), x, others);
}

/// Where op `id` of `g` turns compute-bound on `hw` along dimension `x`.
template <fixed_string Name>
constexpr crossover_point balance_point(const graph& g, int id, const hardware& hw, const symbol<Name>&,
                                        const bindings& others, const convention& c = conventions::standard) {
    return balance_point(node_flops(g, id, c), node_bytes(g, id), hw.peak(g.nodes[id].type), hw.bandwidth,
                         detail::pack_name(Name.view()), others);
}

}  // namespace ordo
