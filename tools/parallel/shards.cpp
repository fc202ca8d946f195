#include "shards.hpp"

#include <xtensor/xview.hpp>

#include <map>
#include <stdexcept>
#include <string>

namespace ordo_tool {

namespace {
/// The axis along which each split weight is cut (absent: held whole).
const std::map<std::string, std::size_t>& split_axis() {
    static const std::map<std::string, std::size_t> axes{
        {"w_q", 0}, {"b_q", 0}, {"w_k", 0}, {"b_k", 0}, {"w_v", 0}, {"b_v", 0},  // heads, column-parallel
        {"w_o", 0},                                                              // heads, row-parallel
        {"w_1", 1}, {"b_1", 0},                                                  // MLP width, column-parallel
        {"w_2", 0}};                                                             // MLP width, row-parallel
    return axes;
}

xt::xarray<float> part(const xt::xarray<float>& a, std::size_t axis, int rank, int devices, const std::string& name) {
    const std::size_t length = a.shape()[axis];
    if (length % static_cast<std::size_t>(devices) != 0)
        throw std::invalid_argument("ordo-parallel: " + name + "'s axis " + std::to_string(axis) + " (" +
                                    std::to_string(length) + ") does not split " + std::to_string(devices) + " ways");
    const auto lo = static_cast<std::ptrdiff_t>(length) / devices * rank;
    const auto hi = lo + static_cast<std::ptrdiff_t>(length) / devices;
    if (axis == 0) return xt::view(a, xt::range(lo, hi));
    return xt::view(a, xt::all(), xt::range(lo, hi));
}
}  // namespace

ordo::runtime::named_arrays shard_of(const ordo::runtime::named_arrays& whole, int rank, int devices, bool sequence) {
    ordo::runtime::named_arrays out;
    for (const auto& [name, array] : whole) {
        const auto axis = split_axis().find(name);
        if (sequence && (name == "x" || name == "grad_output")) {  // [b, n, d]: this device's positions
            out.emplace(name, part(std::get<xt::xarray<float>>(array), 1, rank, devices, name));
            continue;
        }
        if (axis == split_axis().end()) {
            out.emplace(name, array);
            continue;
        }
        const auto* values = std::get_if<xt::xarray<float>>(&array);
        if (values == nullptr) throw std::invalid_argument("ordo-parallel: " + name + " is not a float array");
        out.emplace(name, part(*values, axis->second, rank, devices, name));
    }
    return out;
}

}  // namespace ordo_tool
