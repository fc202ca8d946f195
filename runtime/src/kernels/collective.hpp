#pragma once
// Kernels of the collectives (symbolic: ops/collective.hpp). Over t = 1 device each is the
// value itself. Over more, the run's group (run_options::group: one process per device, as the
// MPI check `ordo validate --parallel` runs them) combines the parts; without a group of t
// devices the other parts are missing: E313. The sums happen in the group, on plain values:
// like the symbolic ops, the kernels count no FLOPs.

#include "layout.hpp"

#include <vector>

namespace ordo::runtime::detail {

/// The run's group of the node's t devices (nullptr for t = 1), or E313.
template <typename C>
auto group_of(C& c, const char* verb) {
    const std::int64_t devices = c.size(c.node().template data<payloads::collective>().devices);
    auto* const group = c.options().group;  // run_options::group (ordo/runtime.hpp)
    if (devices != 1 && (group == nullptr || group->size() != devices))
        throw domain_error("E313", "ordo::runtime: " + c.describe() + " " + verb + " " + std::to_string(devices) +
                                       " devices, and this process " +
                                       (group == nullptr ? std::string("is one") : "is in a group of " + std::to_string(group->size())) +
                                       "; run one process per device, or t = 1.");
    return devices == 1 ? decltype(group){} : group;
}

/// v's elements as plain values, in row-major order (the parts the group exchanges).
template <typename T>
std::vector<typename plain_type<T>::type> plain_values(const view<T>& v) {
    std::vector<typename plain_type<T>::type> values;
    values.reserve(static_cast<std::size_t>(v.size()));
    for_each_index(v.rank, v.shape, [&](const extents& i) { values.push_back(plain(v.data[offset_of(i, v.strides, 0, v.rank)])); });
    return values;
}

template <>
struct kernel<op_kind::all_reduce> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        auto* const group = group_of(c, "sums over");
        auto out = c.output();  // a new contiguous buffer
        copy(c.operand(0), out);
        if (group != nullptr) {
            std::vector values = plain_values(out);
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

/// all_gather and reduce_scatter along the node's axis: the group exchanges the parts in
/// device order, each part the elements of one slice of that axis laid out row-major.
template <op_kind Kind>
struct gather_or_scatter_kernel {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        constexpr bool gather = Kind == op_kind::all_gather;
        auto* const group = group_of(c, gather ? "gathers from" : "sums over");
        const auto x = c.operand(0);
        auto out = c.output();
        if (group == nullptr) {
            copy(x, out);
            c.result(out);
            return;
        }
        const int axis = c.node().template data<payloads::collective>().axis;
        const auto devices = group->size();
        const view<T>& whole = gather ? out : x;  // the tensor of all the parts
        const std::int64_t length = whole.shape[axis] / devices, count = whole.size() / devices;
        // part r of `whole`: its slice [r·length, (r + 1)·length) of the axis
        const auto part = [&](std::int64_t r) {
            view<T> p = whole;
            p.shape[axis] = length;
            p.data = whole.data + r * length * whole.strides[axis];
            return p;
        };
        using F = typename plain_type<T>::type;
        std::vector<F> all(static_cast<std::size_t>(count * devices)), mine(static_cast<std::size_t>(count));
        if constexpr (gather) {
            const std::vector<F> values = plain_values(x);
            group->all_gather(values.data(), count, all.data());
            for (std::int64_t r = 0; r < devices; ++r) {
                const view<T> p = part(r);
                std::int64_t j = r * count;
                for_each_index(p.rank, p.shape, [&](const extents& i) { p.data[offset_of(i, p.strides, 0, p.rank)] = T(all[static_cast<std::size_t>(j++)]); });
            }
        } else {
            for (std::int64_t r = 0; r < devices; ++r) {
                const std::vector<F> values = plain_values(part(r));
                std::copy(values.begin(), values.end(), all.begin() + r * count);
            }
            group->reduce_scatter(all.data(), count, mine.data());
            for (std::int64_t j = 0; j < count; ++j) out.data[j] = T(mine[static_cast<std::size_t>(j)]);  // new, contiguous
        }
        c.result(out);
    }
};
template <> struct kernel<op_kind::all_gather> : gather_or_scatter_kernel<op_kind::all_gather> {};
template <> struct kernel<op_kind::reduce_scatter> : gather_or_scatter_kernel<op_kind::reduce_scatter> {};

}  // namespace ordo::runtime::detail
