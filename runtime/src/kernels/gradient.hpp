#pragma once
// Kernels of backward graphs' gradient nodes (symbolic: ops/gradient.hpp; each op's rule is
// its op_traits' `backward` and `gradient_work`). A gradient node names the forward op and the
// operand it differentiates; its operands are the incoming gradient dy, then the forward
// values the rule saved. `gradient_kernel<K>` is op K's gradient, beside the others here; a
// forward op whose gradient has no kernel yet is E303, naming it. Each performs the
// operations its rule counts (every one an operation of the `other` group), so that counted
// and symbolic backward FLOPs can be compared: the rules' constants are checked by counting,
// not typed a second time.

#include "gradient_axis.hpp"
#include "gradient_elementwise.hpp"
#include "gradient_layout.hpp"
#include "gradient_select.hpp"

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::gradient> {
    template <typename C>
    static void run(C& c) {
        const payloads::gradient of = c.node().template data<payloads::gradient>();
        visit_op(of.of, [&](auto kind) {
            constexpr op_kind K = decltype(kind)::value;
            if constexpr (requires { gradient_kernel<K>::run(c, of.which); })
                gradient_kernel<K>::run(c, of.which);
            else
                throw domain_error("E303", "ordo::runtime: " + c.describe() + " is the gradient of " +
                                               std::string(name_of(K)) + ", which has no runtime kernel yet.");
        });
    }
};

}  // namespace ordo::runtime::detail
