#pragma once
/// \file
/// Loops whose body is traced once and costed in closed form.
///
/// Incremental decoding: `steps(i, n, x, body)` runs body(x_i) for i = 1..n, where x_i is
/// step i of `x` along its axis of extent n (extent 1 there); the results form an output
/// with extent n on that axis. Inside, `kv_cache(t, i)` appends this step's keys or values
/// (extent 1 on the sequence axis) to a cache and returns the cache, of extent i. Costs of
/// the body are polynomials in i, summed exactly over i = 1..n (ordo::sum).
///
///     auto y = steps(i, n, x, [&](auto x_i) {
///         auto q = split_heads(matmul(x_i, wq), h);
///         auto K = kv_cache(split_heads(matmul(x_i, wk), h), i);  // [b, h, i, d/h]
///         ...
///     });
///
/// Layers: `repeat(l, L, x, body)` applies body L times (same shapes each time); inside,
/// `at(w, l)` is layer l's slice of a stacked weight w of shape [L, ...]. Costs multiply by L.

#include <ordo/graph/ops/layout.hpp>

#include <boost/hana/drop_front.hpp>
#include <boost/hana/front.hpp>
#include <boost/hana/length.hpp>
#include <boost/hana/transform.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>
#include <boost/hana/zip.hpp>
#include <boost/hana/at.hpp>
#include <boost/hana/core/is_a.hpp>

namespace ordo {

/// The plumbing of loops: views that move through a loop's data (no arithmetic, no bytes),
/// except the writes of a step's result and of a KV cache's new entries.
template <>
struct op_traits<op_kind::step_slice> : view_defaults {  ///< x[:, i] for the index of a steps region
    static constexpr std::string_view name = "step_slice";
    template <typename Builder>  // step i's gradient is row i of x's
    static constexpr void backward(Builder& w, int id) { w.stack_slice_gradient(id); }
};
template <>
struct op_traits<op_kind::layer_slice> : view_defaults {  ///< w[l] for the index of a repeat region
    static constexpr std::string_view name = "layer_slice";
    template <typename Builder>  // layer l's gradient is slice l of the stacked weight's
    static constexpr void backward(Builder& w, int id) { w.stack_slice_gradient(id); }
};
template <>
struct op_traits<op_kind::loop_result> : view_defaults {  ///< steps: all rows; repeat: the last state
    static constexpr std::string_view name = "loop_result";
    template <typename Builder>  // a repeat loop's backward carries its state's gradient
    static constexpr void backward(Builder& w, int id) { w.loop_result_backward(id); }
};

namespace detail {
/// The new entries: read (unless on chip) and written to main memory once.
constexpr polynomial appended_bytes(const graph& g, int id, const memory_spaces& m) {
    const int source = g.nodes[id].operands[0];
    return main_memory_bytes(g, source, m) + volume_of(g, source) * size_in_bytes(g.nodes[source].type);
}
}  // namespace detail

template <>
struct op_traits<op_kind::step_output> : view_defaults {  ///< writes this step's result into the loop's output
    static constexpr std::string_view name = "step_output";
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) { return detail::appended_bytes(g, id, m); }
};
template <>
struct op_traits<op_kind::kv_cache> : op_defaults {  ///< appends this step's keys/values; the cache of length i
    static constexpr std::string_view name = "kv_cache";
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) { return detail::appended_bytes(g, id, m); }
    static constexpr work gradient_work(const graph& g, const node& n) {  // accumulate: 1 per element of dK_i
        return work(op_group::other, elements(g.nodes[n.operands[0]].shape), mix(operation::add));
    }
    template <typename Builder>  // the cache's gradient, carried back through the steps
    static constexpr void backward(Builder& w, int id) { w.kv_cache_backward(id); }
};

namespace detail {

constexpr int open_region(builder* b, region_kind kind, u128 index, const extent& count, int axis) {
    if (b->g.region_count == max_regions) diagnostic::E018_graph_has_too_many_nodes_or_regions("regions");
    const int r = b->g.region_count++;
    region& reg = b->g.regions[r];
    reg.kind = kind;
    reg.index = index;
    reg.count = count;
    reg.parent = b->current_region;
    reg.first = b->g.node_count;
    reg.step_axis = axis;
    b->current_region = r;
    return r;
}

constexpr void close_region(builder* b, int r) {
    b->g.regions[r].last = b->g.node_count - 1;
    b->current_region = b->g.regions[r].parent;
}

/// The innermost open region whose index is `name` (E019 if none).
constexpr int region_of_index(const builder* b, u128 name) {
    for (int r = b->current_region; r != 0; r = b->g.regions[r].parent)
        if (b->g.regions[r].index == name) return r;
    diagnostic::E019_loop_index_used_outside_its_loop(unpack_name(name).view());
}

template <typename X, typename N>
constexpr int step_axis() {
    for (int a = 0; a < X::shape.rank; ++a)
        if (X::shape[a] == N::extent_value) return a;
    return -1;
}

}  // namespace detail

namespace detail {
/// E106 for a sequence of `steps` none of whose axes has the step count N.
template <typename T, typename N>
constexpr void raise_no_step_axis() {
    ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] {
                               detail::text_buffer t;
                               t << "steps: no axis of ";
                               detail::write_shape(t, T::shape);
                               t << " has the step count ";
                               detail::write_extent(t, N::extent_value);
                               return t;
                           }));
}

/// `steps` over x (whose axis gives the output's), with `others` stepped alongside.
template <typename I, typename N, SymbolicTensor X, typename Others, typename Body>
constexpr auto run_steps(const X& x, const Others& others, Body body) {
    constexpr int axis = detail::step_axis<X, N>();
    if constexpr (!X::valid) {
        return x;
    } else if constexpr (axis < 0) {
        raise_no_step_axis<X, N>();
        return detail::poisoned(x);
    } else {
        detail::builder* b = x.owner;
        const int r = detail::open_region(b, region_kind::steps, detail::pack_name(I::name.view()),
                                          N::extent_value, axis);
        const auto x_i = detail::record<X::type, X::shape.with(axis, extent{})>(
            b, detail::make_node_with(op_kind::step_slice, payloads::loop{r, axis}, x));
        const auto others_i = boost::hana::transform(others, [&](const auto& o) {
            using O = std::remove_cvref_t<decltype(o)>;
            constexpr int o_axis = detail::step_axis<O, N>();
            if constexpr (!O::valid || o_axis < 0) {
                if constexpr (O::valid) raise_no_step_axis<O, N>();
                return detail::poisoned(o);
            } else {
                return detail::record<O::type, O::shape.with(o_axis, extent{})>(
                    b, detail::make_node_with(op_kind::step_slice, payloads::loop{r, o_axis}, o));
            }
        });
        const auto y_i = boost::hana::unpack(others_i, [&](const auto&... o) { return body(x_i, o...); });
        using Y = std::remove_cvref_t<decltype(y_i)>;
        if constexpr (!Y::valid) {
            detail::close_region(b, r);
            return y_i;
        } else if constexpr (Y::shape.rank <= axis || !(Y::shape[axis] == extent{})) {
            ::ordo::diagnostic::raise<diagnostic::E108_operand_extents_differ>(([] {
                                       detail::text_buffer t;
                                       t << "steps: the body must return extent 1 on the step axis " << axis << ", got ";
                                       detail::write_shape(t, Y::shape);
                                       return t;
                                   }));
            detail::close_region(b, r);
            return detail::poisoned(y_i);
        } else {
            const auto written =
                detail::record<Y::type, Y::shape>(b, detail::make_node_with(op_kind::step_output, payloads::loop{r, axis}, y_i));
            detail::close_region(b, r);
            return detail::record<Y::type, Y::shape.with(axis, N::extent_value)>(
                b, detail::make_node_with(op_kind::loop_result, payloads::loop{r, axis}, written));
        }
    }
}
}  // namespace detail

/// Runs `body` on each step of `x` along its axis of extent `count` (see the file comment).
template <Dimension I, TypedExtent N, SymbolicTensor X, typename Body>
constexpr auto steps(const I&, const N&, const X& x, Body body) {
    return detail::run_steps<I, N>(x, boost::hana::make_tuple(), body);
}
/// The same with further sequences stepped alongside (rotary tables [n, k], say): `xs` is a
/// hana::tuple whose first tensor gives the output's axis; body takes one step of each.
template <Dimension I, TypedExtent N, typename X, typename... More, typename Body>
constexpr auto steps(const I&, const N&, const boost::hana::tuple<X, More...>& xs, Body body) {
    return detail::run_steps<I, N>(boost::hana::front(xs), boost::hana::drop_front(xs), body);
}

/// Appends `t` (extent 1 on axis Axis) to this step's cache and returns the cache, whose
/// extent on that axis is the step index i.
template <int Axis = -2, SymbolicTensor T, Dimension I>
constexpr auto kv_cache(const T& t, const I&) {
    if constexpr (!T::valid) {
        return t;
    } else if constexpr (!detail::axis_exists<Axis, T>() ||
                         !(T::shape[detail::resolved_axis<Axis, T>()] == extent{})) {
        ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] {
                                   detail::text_buffer t;
                                   t << "kv_cache: axis " << Axis << " of ";
                                   detail::write_shape(t, T::shape);
                                   t << " must exist and have extent 1 (one new position)";
                                   return t;
                               }));
        return detail::poisoned(t);
    } else {
        const int r = detail::region_of_index(t.owner, detail::pack_name(I::name.view()));
        if (t.owner->g.regions[r].kind != region_kind::steps)
            diagnostic::E025_kv_cache_needs_the_index_of_a_steps_loop(I::name.view());
        constexpr int axis = detail::resolved_axis<Axis, T>();
        return detail::record<T::type, T::shape.with(axis, I::extent_value)>(
            t.owner, detail::make_node_with(op_kind::kv_cache, payloads::loop{r, axis}, t));
    }
}

namespace detail {
/// Whether some extent of `s` has the dimension named `name`.
constexpr bool shape_uses(const shape_value& s, u128 name) {
    for (int a = 0; a < s.rank; ++a)
        for (int i = 0; i < s[a].count; ++i)
            if (s[a].names[i] == name) return true;
    return false;
}

template <typename T>
constexpr auto as_tuple(const T& t) {
    if constexpr (boost::hana::is_a<boost::hana::tuple_tag, T>) return t;
    else return boost::hana::make_tuple(t);
}
}  // namespace detail

/// Applies `body` `count` times to the loop state: one tensor `x` (body returns the next x),
/// or a hana::tuple of tensors (body takes them as arguments and returns a hana::tuple). Each
/// state keeps its shape. Returns the final state in the same form.
template <Dimension I, TypedExtent N, typename State, typename Body>
constexpr auto repeat(const I&, const N&, const State& state, Body body) {
    const auto states = detail::as_tuple(state);
    const auto& first = boost::hana::front(states);
    detail::builder* b = first.owner;
    const int r = detail::open_region(b, region_kind::repeat, detail::pack_name(I::name.view()),
                                      N::extent_value, 0);
    const auto next = detail::as_tuple(boost::hana::unpack(states, body));
    detail::close_region(b, r);
    static_assert(decltype(boost::hana::length(states))::value == decltype(boost::hana::length(next))::value,
                  "[ordo:E108] repeat: the body must return as many tensors as the loop state has. "
                  "See docs/troubleshooting.md#e108");
    const auto results = boost::hana::transform(boost::hana::zip(states, next), [&](const auto& pair) {
        const auto& x = boost::hana::at_c<0>(pair);
        const auto& y = boost::hana::at_c<1>(pair);
        using X = std::remove_cvref_t<decltype(x)>;
        using Y = std::remove_cvref_t<decltype(y)>;
        if constexpr (!detail::all_valid<X, Y>) {
            return detail::poisoned(x);
        } else if constexpr (!(Y::shape == X::shape) || Y::type != X::type) {
            // A state grown along this loop's own index is kv_cache inside a repeat loop, which
            // E025 reports; a second error about the shape would only repeat it.
            if constexpr (!detail::shape_uses(Y::shape, detail::pack_name(I::name.view())))
                ::ordo::diagnostic::raise<diagnostic::E108_operand_extents_differ>(([] {
                                           detail::text_buffer t;
                                           t << "repeat: the body must keep the state's shape ";
                                           detail::write_shape(t, X::shape);
                                           t << ", got ";
                                           detail::write_shape(t, Y::shape);
                                           return t;
                                       }));
            return detail::poisoned(x);
        } else {
            // the runtime feeds y back in place of x; costs model its lifetime
            return detail::record<Y::type, Y::shape>(b, detail::make_node_with(op_kind::loop_result, payloads::loop{r, 0, x.id}, y));
        }
    });
    if constexpr (boost::hana::is_a<boost::hana::tuple_tag, State>) return results;
    else return boost::hana::front(results);
}

/// Layer l's slice of a stacked weight [L, ...] inside `repeat(l, L, ...)` (a view).
template <SymbolicTensor W, Dimension I>
constexpr auto at(const W& w, const I&) {
    if constexpr (!W::valid) {
        return w;
    } else if constexpr (W::shape.rank < 2) {
        detail::raise_rank_error<"at: a stacked weight needs 2 or more axes", W>();
        return detail::poisoned(w);
    } else {
        const int r = detail::region_of_index(w.owner, detail::pack_name(I::name.view()));
        if (!(w.owner->g.regions[r].count == W::shape[0]))
            diagnostic::E020_sliced_axis_is_not_the_loop_count(I::name.view());
        return detail::record<W::type, W::shape.without(0)>(w.owner,
                                                           detail::make_node_with(op_kind::layer_slice, payloads::loop{r}, w));
    }
}

}  // namespace ordo
