#pragma once
// One kernel entry per op: `kernel<K>` runs a node of kind K, beside its siblings in the file
// of its op family (elementwise, reduce, layout, select, linear, experts, loops), as the
// symbolic ops are grouped. Each entry performs exactly the arithmetic its op_traits state, on
// the interpreter's scalar type, so that with counting scalars the counts are the symbolic
// FLOPs — and, where it has one, the fast path (BLAS) lives in the same entry.
//
// An entry is `template <typename C> static void run(C& c)`; C is the interpreter's
// node_context (interpreter.hpp): the node, its operands, its new buffer, its sizes. The
// primary template has no `run`: an op without an entry is a run-time error (E303), found by
// the dispatcher, never a crash.

#include "../strided.hpp"

#include <ordo/graph/op_table.hpp>
#include <ordo/runtime/counted.hpp>
#include <ordo/symbolic/diagnostics.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace ordo::runtime::detail {

/// The kernel of op kind K (specialised per op; see the file comment).
template <op_kind K>
struct kernel {};

/// Whether op kind K has a kernel the context type C can run.
template <op_kind K, typename C>
inline constexpr bool has_kernel = requires(C& c) { kernel<K>::run(c); };

using std::cos;
using std::exp;
using std::sin;
using std::sqrt;
using std::tanh;

template <typename T>
T larger(T a, T b) { return a < b ? b : a; }  // one comparison

template <typename T>
T minus_infinity() { return T(-std::numeric_limits<typename plain_type<T>::type>::infinity()); }

/// Calls visit(index) for every multi-index of `shape[0..rank)` in row-major order (once for
/// rank 0): for kernels that need the index itself (gathers, routed contractions).
template <typename Visit>
void for_each_index(int rank, const extents& shape, Visit&& visit) {
    for (int k = 0; k < rank; ++k)
        if (shape[k] == 0) return;
    extents index{};
    for (;;) {
        visit(static_cast<const extents&>(index));
        int axis = rank - 1;
        for (; axis >= 0; --axis) {
            if (++index[axis] < shape[axis]) break;
            index[axis] = 0;
        }
        if (axis < 0) return;
    }
}

/// Σ index[k] · strides[k] over axes [first, last).
inline std::int64_t offset_of(const extents& index, const extents& strides, int first, int last) {
    std::int64_t o = 0;
    for (int k = first; k < last; ++k) o += index[k] * strides[k];
    return o;
}

/// The integer id stored (as a T, like every value of the interpreter) at `value`, checked to
/// be a position below `length`: E306 names the node, the id, what it indexes and its length.
template <typename T>
std::int64_t checked_id(T value, std::int64_t length, const std::string& user, const std::string& what) {
    const auto plain_value = plain(value);
    const auto id = static_cast<std::int64_t>(plain_value);
    const bool integral = static_cast<decltype(plain_value)>(id) == plain_value;
    if (!integral || id < 0 || id >= length)
        throw domain_error("E306", "ordo::runtime: " + user + ": id " +
                                       (integral ? std::to_string(id) : std::to_string(plain_value)) + " is outside " +
                                       what + ", of length " + std::to_string(length) + ".");
    return id;
}

}  // namespace ordo::runtime::detail
