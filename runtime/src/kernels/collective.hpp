#pragma once
// Kernel of all_reduce (symbolic: ops/collective.hpp). One process is a group of one: over
// t = 1 device the sum is the value itself. A group of more needs its other devices, which
// one process does not have: E313 (the MPI check, `ordo validate --parallel`, runs each
// device's part in a process of its own).

#include "layout.hpp"

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::all_reduce> {
    template <typename C>
    static void run(C& c) {
        const std::int64_t devices = c.size(c.node().template data<payloads::extent_parameter>().value);
        if (devices != 1)
            throw domain_error("E313", "ordo::runtime: " + c.describe() + " sums over " + std::to_string(devices) +
                                           " devices, and this process is one; run one process per device, or t = 1.");
        copy_kernel::run(c);
    }
};

}  // namespace ordo::runtime::detail
