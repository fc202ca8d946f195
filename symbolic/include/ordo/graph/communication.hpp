#pragma once
/// \file
/// Communication, the cost of collectives (ops/collective.hpp): `communication_bytes(g)` is
/// what each device sends, in bytes. An all-reduce of a buffer of B bytes over t devices by the
/// ring algorithm sends 2·(t − 1)/t·B per device: a reduce-scatter, then an all-gather, each
/// passing t − 1 chunks of B/t (Patarasuk & Yuan 2009; what NCCL and Open MPI's ring do). An
/// all-gather into, and a reduce-scatter from, a buffer of B bytes is one of those halves:
/// (t − 1)/t·B.
/// Loops aggregate as the other costs do.
///
///     static_assert(communication_bytes(tensor_parallel(layer, t)) == 8 * b * n * d - 8 * b * n * d / t);

#include <ordo/graph/costs.hpp>

namespace ordo {

namespace detail {
/// Bytes node `id` sends per device.
constexpr polynomial sent_bytes(const graph& g, int id) {
    const node& n = g.nodes[id];
    const bool whole = n.kind == op_kind::all_reduce, gather = n.kind == op_kind::all_gather;
    if (!whole && !gather && n.kind != op_kind::reduce_scatter) return {};
    const polynomial t = to_polynomial(n.data<payloads::collective>().devices);
    const shape_value& buffer = gather || whole ? n.shape : g.nodes[n.operands[0]].shape;  // the whole buffer
    const polynomial halves(whole ? 2 : 1);
    return buffer.volume() * polynomial(size_in_bytes(n.type)) * (halves - halves / t);
}
}  // namespace detail

/// Bytes each device sends in g's collectives (see the file comment).
constexpr cost<units::bytes> communication_bytes(const graph& g) {
    return {detail::aggregate(g, [&](int id) { return detail::sent_bytes(g, id); }), g.facts};
}

}  // namespace ordo
