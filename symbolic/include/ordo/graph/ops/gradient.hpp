#pragma once
/// \file
/// The `gradient` op of backward graphs: the gradient of a forward op with respect to one of
/// its operands. Its FLOPs are the forward op's `gradient_work` (rules.hpp dispatches on the
/// payload's `of`); backward graphs are not differentiated again.

#include <ordo/graph/op_traits.hpp>

namespace ordo {

template <>
struct op_traits<op_kind::gradient> : op_defaults {
    static constexpr std::string_view name = "gradient";
    template <typename Builder>
    static constexpr void backward(Builder&, int) {}
};

}  // namespace ordo
