#pragma once
// Kernel of all_reduce (symbolic: ops/collective.hpp). Over t = 1 device the sum is the value
// itself. Over more, the run's group (run_options::group: one process per device, as the MPI
// check `ordo validate --parallel` runs them) sums it; without a group of t devices the other
// parts are missing: E313. The sum happens in the group, on plain values: like the symbolic
// op, the kernel counts no FLOPs.

#include "layout.hpp"

#include <vector>

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::all_reduce> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        const std::int64_t devices = c.size(c.node().template data<payloads::extent_parameter>().value);
        auto* const group = c.options().group;  // run_options::group (ordo/runtime.hpp)
        if (devices != 1 && (group == nullptr || group->size() != devices))
            throw domain_error("E313", "ordo::runtime: " + c.describe() + " sums over " + std::to_string(devices) +
                                           " devices, and this process " +
                                           (group == nullptr ? std::string("is one")
                                                             : "is in a group of " + std::to_string(group->size())) +
                                           "; run one process per device, or t = 1.");
        auto out = c.output();  // a new contiguous buffer
        copy(c.operand(0), out);
        if (devices != 1) {
            std::vector<F> values(static_cast<std::size_t>(out.size()));
            for (std::size_t j = 0; j < values.size(); ++j) values[j] = plain(out.data[j]);
            group->all_reduce(values.data(), out.size());
            for (std::size_t j = 0; j < values.size(); ++j) out.data[j] = T(values[j]);
        }
        c.result(out);
    }
};

/// parallel_input: x itself (its all-reduce is in the backward graph).
template <>
struct kernel<op_kind::parallel_input> {
    template <typename C>
    static void run(C& c) { c.result(c.operand(0)); }
};

}  // namespace ordo::runtime::detail
