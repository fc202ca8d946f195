#pragma once
// Kernels of dropout (symbolic: ops/dropout.hpp): the mask drawn from the run's seed, and the
// masked, scaled product.

#include "elementwise.hpp"

#include <cstdint>

namespace ordo::runtime::detail {

/// 1 where element `index` of mask node `id` is kept, 0 where dropped (probability p): a
/// counter-based draw (splitmix64 of the seed, the node and the index), so a run is the same
/// whatever order or threads its elements take, and the fast and counted paths agree.
inline bool kept(std::uint64_t seed, int id, std::int64_t index, double p) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + (static_cast<std::uint64_t>(id) << 40) + static_cast<std::uint64_t>(index);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53 >= p;  // uniform in [0, 1), 53 bits
}

/// The mask, 1 or 0 per element, in x's shape (no arithmetic).
template <>
struct kernel<op_kind::dropout_mask> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const rational p = c.node().template data<payloads::constant>().value;
        const double drop = c.options().dropout_keeps_all ? 0.0 : static_cast<double>(p.num) / static_cast<double>(p.den);
        auto out = c.output();
        const std::uint64_t seed = c.options().seed;
        for (std::int64_t j = 0, count = out.size(); j < count; ++j)
            out.data[j] = T(kept(seed, c.id(), j, drop) ? 1 : 0);
        c.result(out);
    }
};

/// x · mask / (1 − p): one multiply per element, by 1/(1 − p) where kept and by 0 where dropped.
template <>
struct kernel<op_kind::dropout> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        const rational p = c.node().template data<payloads::constant>().value;
        const F keep_scale = static_cast<F>(p.den) / static_cast<F>(p.den - p.num);
        auto out = c.output();
        map_binary(c.operand(0), c.operand(1), out, [keep_scale](T x, T mask) {
            return x * T(plain(mask) != F(0) ? keep_scale : F(0));
        });
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
