#pragma once
// The interpreter: runs a traced graph at concrete sizes on scalar type T. Loops really run
// (n decoding steps with KV caches growing to length i; L layers carrying their state; tile
// by tile). Buffers are freed after their last use, by its own liveness analysis of the
// program below; the tracking allocator measures what that does.

#include "contraction.hpp"
#include "kernels.hpp"

#include <ordo/graph/rules.hpp>

#include <ordo/runtime.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace ordo::runtime::detail {

/// Evaluates extent `e` of node `id` at `at`; an error names the node, the extent and the sizes.
std::int64_t size_of(const extent& e, const bindings& at, const graph& g, int id);
/// "x (input)", "node 7 (softmax)": for error messages.
std::string describe(const graph& g, int id);

template <typename T>
class interpreter {
public:
    interpreter(const graph& g, const bindings& at, const run_options& options)
        : g_(g), at_(at), options_(options), env_(static_cast<std::size_t>(g.node_count)),
          slots_(static_cast<std::size_t>(g.node_count)), iteration_(static_cast<std::size_t>(g.region_count), 0),
          caches_(static_cast<std::size_t>(g.node_count)), shapes_(static_cast<std::size_t>(g.node_count)) {
        analyse();
    }

    /// Runs the program; inputs not in `given` are drawn from the seed.
    view<T> run(const named_arrays& given) {
        load_inputs(given);
        run_region(0);
        return *env_[static_cast<std::size_t>(g_.output)];
    }

    /// The inputs as loaded (after load_inputs), by name.
    template <typename Visit>
    void each_input(const named_arrays& given, Visit&& visit) {
        load_inputs(given);
        for (int id = 0; id < g_.node_count; ++id)
            if (at(id).kind == op_kind::input || at(id).kind == op_kind::param) visit(id, *env_[static_cast<std::size_t>(id)]);
    }

private:
    struct item {
        bool is_region = false;
        int id = 0;
    };
    static constexpr int never = 1 << 30;

    const graph& g_;
    bindings at_;
    run_options options_;
    std::vector<std::optional<view<T>>> env_;
    std::vector<std::optional<view<T>>> slots_;  // per repeat loop_result: the carried state
    std::vector<std::int64_t> iteration_;        // per region: the current iteration (1-based)
    std::vector<std::vector<item>> items_;       // per region: its nodes and child loops in order
    std::vector<int> own_item_;                  // per node / region: index in its parent's items
    std::vector<int> region_item_;
    std::vector<int> release_;                   // per node: drop after this item of its region
    std::vector<bool> early_;                    // ... or when that item (a loop) starts
    std::vector<int> slot_release_;              // per repeat loop_result: last use in the body
    std::vector<std::vector<std::vector<int>>> drops_[2];  // [early][region][item]: values to drop
    std::vector<std::vector<std::vector<int>>> slot_drops_;  // [region][item]: loop states to drop
    std::vector<std::vector<view<T>>> caches_;  // per kv_cache node: one per layer
    std::vector<std::optional<extents>> shapes_;  // per node: its shape, when free of loop indices

    const node& at(int id) const { return g_.nodes[id]; }
    const region& reg(int r) const { return g_.regions[r]; }

    bool contains(int r, int id) const {
        for (int q = at(id).region;; q = reg(q).parent) {
            if (q == r) return true;
            if (q == 0) return false;
        }
    }
    int item_of(int r, int id) const {
        if (at(id).region == r) return own_item_[static_cast<std::size_t>(id)];
        int c = at(id).region;
        while (reg(c).parent != r) c = reg(c).parent;
        return region_item_[static_cast<std::size_t>(c)];
    }
    /// The loop_result whose carried state `o` is, for a use inside its loop by node `user`.
    int state_result(int o, int user) const {
        for (int r = at(user).region; r != 0; r = reg(r).parent) {
            if (reg(r).kind != region_kind::repeat) continue;
            for (int s = reg(r).last + 1; s < g_.node_count && at(s).kind == op_kind::loop_result; ++s)
                if (at(s).loop == r && at(s).carried == o && contains(r, at(s).operands[0])) return s;
        }
        return -1;
    }
    bool resident(int id) const {
        return at(id).kind == op_kind::input || at(id).kind == op_kind::param || id == g_.output;
    }

    void analyse() {
        const auto n = static_cast<std::size_t>(g_.node_count);
        items_.assign(static_cast<std::size_t>(g_.region_count), {});
        own_item_.assign(n, 0);
        region_item_.assign(static_cast<std::size_t>(g_.region_count), 0);
        std::vector<bool> opened(static_cast<std::size_t>(g_.region_count), false);
        for (int id = 0; id < g_.node_count; ++id) {
            // open the loops that start here, outermost first
            std::vector<int> chain;
            for (int r = at(id).region; r != 0 && !opened[static_cast<std::size_t>(r)]; r = reg(r).parent) chain.push_back(r);
            for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
                opened[static_cast<std::size_t>(*it)] = true;
                auto& parent = items_[static_cast<std::size_t>(reg(*it).parent)];
                region_item_[static_cast<std::size_t>(*it)] = static_cast<int>(parent.size());
                parent.push_back({true, *it});
            }
            auto& mine = items_[static_cast<std::size_t>(at(id).region)];
            own_item_[id] = static_cast<int>(mine.size());
            mine.push_back({false, id});
        }
        release_.assign(n, 0);
        early_.assign(n, false);
        slot_release_.assign(n, -1);
        for (int id = 0; id < g_.node_count; ++id) release_[id] = resident(id) ? never : own_item_[id];
        for (int p = 0; p < g_.node_count; ++p) {
            const node& user = at(p);
            if (user.kind == op_kind::loop_result) continue;  // the loops hand these over
            for (int k = 0; k < user.operand_count; ++k) {
                const int o = user.operands[k];
                if (const int s = state_result(o, p); s >= 0) {
                    slot_release_[s] = std::max(slot_release_[s], item_of(at(s).loop, p));
                    continue;
                }
                if (!contains(at(o).region, p))
                    throw domain_error("E304", "ordo::runtime: " + describe(g_, o) + " is made inside a loop and used "
                                       "outside it by " + describe(g_, p) + "; return it from the loop body instead.");
                if (!resident(o)) release_[o] = std::max(release_[o], item_of(at(o).region, p));
            }
        }
        for (int s = 0; s < g_.node_count; ++s) {
            const node& result = at(s);
            if (result.kind != op_kind::loop_result || reg(result.loop).kind != region_kind::repeat) continue;
            release_[result.operands[0]] = never;  // the body's result becomes the next state
            const int x = result.carried;
            if (state_result(x, reg(result.loop).first) != s || resident(x)) continue;
            const int start = item_of(at(x).region, reg(result.loop).first);
            if (start > release_[x]) release_[x] = start, early_[x] = true;
        }
        for (auto& lists : drops_) {
            lists.resize(items_.size());
            for (std::size_t r = 0; r < items_.size(); ++r) lists[r].assign(items_[r].size(), {});
        }
        slot_drops_ = drops_[0];
        for (int id = 0; id < g_.node_count; ++id)
            if (release_[id] != never) drops_[early_[id]][static_cast<std::size_t>(at(id).region)][static_cast<std::size_t>(release_[id])].push_back(id);
        for (int s = 0; s < g_.node_count; ++s)
            if (slot_release_[s] >= 0) slot_drops_[static_cast<std::size_t>(at(s).loop)][static_cast<std::size_t>(slot_release_[s])].push_back(s);
    }

    std::int64_t extent_size(const extent& e, int id) const { return size_of(e, at_, g_, id); }

    /// Node `id`'s shape at the current sizes; evaluated once unless it uses a loop index.
    extents shape_of(int id, int& rank) {
        const shape_value& s = at(id).shape;
        rank = s.rank;
        auto& cached = shapes_[static_cast<std::size_t>(id)];
        if (cached) return *cached;
        extents out{};
        bool uses_index = false;
        for (int k = 0; k < s.rank; ++k) {
            out[k] = extent_size(s[k], id);
            const polynomial p = to_polynomial(s[k]);
            for (int r = 1; r < g_.region_count; ++r) uses_index |= p.slot_of(reg(r).index) >= 0;
        }
        if (!uses_index) cached = out;
        return out;
    }

    view<T> allocate_for(int id) {
        int rank = 0;
        const extents shape = shape_of(id, rank);
        std::int64_t bytes = sizeof(T);
        for (int k = 0; k < rank; ++k)
            if (__builtin_mul_overflow(bytes, shape[k], &bytes))
                throw overflow_error("E009", "ordo::runtime: the size in bytes of " + describe(g_, id) + ", shape " +
                                     to_string(at(id).shape) + ", overflows a 64-bit integer at these sizes.");
        return allocate<T>(rank, shape);
    }

    view<T> lookup(int o, int user) const {
        if (const int s = state_result(o, user); s >= 0) return *slots_[static_cast<std::size_t>(s)];
        return *env_[static_cast<std::size_t>(o)];
    }

    void load_inputs(const named_arrays& given);

    /// Drops the values whose last use is item `index` of region r (`early`: those a loop
    /// starting there takes over as its state), and the loop states last used there.
    void release_after(int r, int index, bool early) {
        for (int id : drops_[early][static_cast<std::size_t>(r)][static_cast<std::size_t>(index)]) env_[id].reset();
        if (!early)
            for (int s : slot_drops_[static_cast<std::size_t>(r)][static_cast<std::size_t>(index)]) slots_[s].reset();
    }

    void run_region(int r) {
        const auto& items = items_[static_cast<std::size_t>(r)];
        for (int index = 0; index < static_cast<int>(items.size()); ++index) {
            if (items[index].is_region) {
                run_loop(items[index].id, r, index);
            } else if (options_.seconds_per_node != nullptr) {
                const auto start = std::chrono::steady_clock::now();
                execute(items[index].id);
                const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
                options_.seconds_per_node->resize(static_cast<std::size_t>(g_.node_count), 0.0);
                (*options_.seconds_per_node)[static_cast<std::size_t>(items[index].id)] += took.count();
            } else {
                execute(items[index].id);
            }
            release_after(r, index, false);
        }
    }

    void run_loop(int c, int parent, int index);
    void execute(int id);
    void layout(const node& n, int id, view<T>& out);
};

/// A copy of `at` with loop index `name` bound to `value` (replacing an earlier binding).
bindings with_index(bindings at, ordo::detail::u128 name, std::int64_t value);

template <typename T>
void interpreter<T>::run_loop(int c, int parent, int index) {
    const region& loop = reg(c);
    std::vector<int> results;
    for (int s = loop.last + 1; s < g_.node_count && at(s).kind == op_kind::loop_result; ++s)
        if (at(s).loop == c) results.push_back(s);
    const bindings outer = at_;
    const std::int64_t count = extent_size(loop.count, loop.first);
    if (loop.kind == region_kind::steps) {
        // the output and the KV caches (one per layer of any repeat in between) exist for the loop
        for (int s : results) slots_[s] = allocate_for(s);
        for (int id = loop.first; id <= loop.last; ++id) {
            if (at(id).kind != op_kind::kv_cache || at(id).loop != c) continue;
            std::int64_t layers = 1;
            for (int r = at(id).region; r != c; r = reg(r).parent) layers *= extent_size(reg(r).count, id);
            at_ = with_index(outer, loop.index, count);  // the full length
            auto& per_layer = caches_[static_cast<std::size_t>(id)];
            for (std::int64_t k = 0; k < layers; ++k) per_layer.push_back(allocate_for(id));
            at_ = outer;
        }
    } else {
        for (int s : results) slots_[s] = lookup(at(s).carried, s);  // as seen outside the loop
    }
    release_after(parent, index, true);
    for (std::int64_t i = 1; i <= count; ++i) {
        iteration_[c] = i;
        at_ = with_index(outer, loop.index, i);
        if (loop.kind == region_kind::repeat)
            for (int s : results)
                if (slot_release_[s] < 0) slots_[s].reset();  // the body ignores its state
        run_region(c);
        if (loop.kind == region_kind::repeat)
            for (int s : results) {
                const int y = at(s).operands[0];
                slots_[s] = env_[y];
                env_[y].reset();
            }
    }
    at_ = outer;
    for (int s : results) {
        env_[s] = slots_[s];
        slots_[s].reset();
    }
    for (int id = loop.first; id <= loop.last; ++id)
        if (at(id).kind == op_kind::kv_cache && at(id).loop == c) caches_[id].clear();
}

/// Which counting group node `n` belongs to.
inline op_group group_of(const node& n, bool embedding_as_matmul) {
    if (ordo::detail::is_contraction(n)) return op_group::contraction;
    if (n.kind == op_kind::embedding && embedding_as_matmul) return op_group::contraction;
    return n.kind == op_kind::softmax ? op_group::softmax : op_group::other;
}

template <typename T>
void interpreter<T>::execute(int id) {
    const node& n = at(id);
    auto operand = [&](int k) { return lookup(n.operands[k], id); };
    using F = typename plain_type<T>::type;
    switch (n.kind) {  // views and loop plumbing: no allocation, no arithmetic
        case op_kind::input:
        case op_kind::param:
        case op_kind::loop_result: return;  // loaded before the run; handed over by the loops
        case op_kind::reshape: {
            view<T> v = operand(0);
            if (!v.contiguous())
                throw domain_error("E305", "ordo::runtime: " + describe(g_, id) +
                                   " reshapes a strided view; reshape before slicing.");
            v.shape = shape_of(id, v.rank);
            v.strides = row_major_strides(v.rank, v.shape);
            env_[id] = v;
            return;
        }
        case op_kind::step_slice: {
            view<T> v = operand(0);
            v.data += (iteration_[n.region] - 1) * v.strides[n.axis];
            v.shape[n.axis] = 1;
            env_[id] = v;
            return;
        }
        case op_kind::layer_slice: {
            view<T> v = operand(0);
            v.data += (iteration_[n.loop] - 1) * v.strides[0];
            for (int k = 0; k + 1 < v.rank; ++k) v.shape[k] = v.shape[k + 1], v.strides[k] = v.strides[k + 1];
            --v.rank;
            env_[id] = v;
            return;
        }
        case op_kind::step_output: {  // writes row i of the loop's output
            int s = id + 1;
            while (!(at(s).kind == op_kind::loop_result && at(s).operands[0] == id)) ++s;
            view<T> row = *slots_[s];
            row.data += (iteration_[n.region] - 1) * row.strides[n.axis];
            row.shape[n.axis] = 1;
            copy(operand(0), row);
            env_[id] = row;
            return;
        }
        case op_kind::kv_cache: {  // appends at position i, then the first i positions
            std::int64_t layer = 0;
            for (int r = n.region; r != n.loop; r = reg(r).parent)
                layer = layer * extent_size(reg(r).count, id) + (iteration_[r] - 1);
            view<T> cache = caches_[id][static_cast<std::size_t>(layer)];
            const std::int64_t i = iteration_[n.loop];
            view<T> slot = cache;
            slot.data += (i - 1) * cache.strides[n.axis];
            slot.shape[n.axis] = 1;
            copy(operand(0), slot);
            cache.shape[n.axis] = i;
            env_[id] = cache;
            return;
        }
        case op_kind::gradient:
            throw domain_error("E303", "ordo::runtime: " + describe(g_, id) +
                               " is a gradient node; the runtime executes forward graphs.");
        default: break;
    }
    view<T> out = allocate_for(id);
    const group_scope scope(group_of(n, options_.embedding_as_matmul));
    switch (n.kind) {
        case op_kind::matmul: {
            const view<T> a = operand(0), b = operand(1);
            const view<T>* ops[] = {&a, &b};
            contract(matmul_spec(a.rank, b.rank), ops, out, options_.fast);
            break;
        }
        case op_kind::einsum: {
            view<T> v[max_operands];
            const view<T>* ops[max_operands]{};
            for (int k = 0; k < n.operand_count; ++k) v[k] = operand(k), ops[k] = &v[k];
            contract(ordo::detail::spec_of(n.spec), ops, out, options_.fast);
            break;
        }
        case op_kind::add:
        case op_kind::subtract:
        case op_kind::multiply:
        case op_kind::divide:
        case op_kind::maximum: binary(n.kind, operand(0), operand(1), out); break;
        case op_kind::scale:
            unary(n.kind, operand(0), out, T(static_cast<F>(n.factor.num) / static_cast<F>(n.factor.den)));
            break;
        case op_kind::rsqrt_scale:
            unary(n.kind, operand(0), out, T(F(1) / std::sqrt(static_cast<F>(extent_size(n.parameter, id)))));
            break;
        case op_kind::exp:
        case op_kind::gelu:
        case op_kind::silu: unary(n.kind, operand(0), out, T(F(1))); break;
        case op_kind::causal_mask: causal_mask(operand(0), out); break;
        case op_kind::softmax: softmax(operand(0), out); break;
        case op_kind::sum:
        case op_kind::max:
        case op_kind::mean: reduce(n.kind, n.axis, operand(0), out); break;
        case op_kind::layer_norm: {
            const view<T> bias = operand(2);
            norm(n.kind, operand(0), operand(1), &bias, out);
            break;
        }
        case op_kind::rms_norm: norm<T>(n.kind, operand(0), operand(1), nullptr, out); break;
        case op_kind::load:
        case op_kind::store: copy(operand(0), out); break;
        case op_kind::fill: fill(out, T(static_cast<F>(n.factor.num) / static_cast<F>(n.factor.den))); break;
        default: layout(n, id, out); break;
    }
    env_[id] = out;
}

/// Copies that rearrange: split_heads, merge_heads, concat, window, embedding.
template <typename T>
void interpreter<T>::layout(const node& n, int id, view<T>& out) {
    auto operand = [&](int k) { return lookup(n.operands[k], id); };
    switch (n.kind) {
        case op_kind::split_heads: {  // [..., n, d] -> [..., h, n, d/h]: read d as (h, d/h)
            const view<T> in = operand(0);
            view<T> src = out;
            src.data = in.data;
            const int r = out.rank;
            for (int k = 0; k < r - 3; ++k) src.strides[k] = in.strides[k];
            src.strides[r - 3] = out.shape[r - 1] * in.strides[in.rank - 1];
            src.strides[r - 2] = in.strides[in.rank - 2];
            src.strides[r - 1] = in.strides[in.rank - 1];
            copy(src, out);
            return;
        }
        case op_kind::merge_heads: {  // [..., h, n, k] -> [..., n, h·k]: write h·k as (h, k)
            const view<T> in = operand(0);
            view<T> dst = in;
            dst.data = out.data;
            const int r = in.rank;
            for (int k = 0; k < r - 3; ++k) dst.strides[k] = out.strides[k];
            dst.strides[r - 3] = in.shape[r - 1];
            dst.strides[r - 2] = out.strides[out.rank - 2];
            dst.strides[r - 1] = 1;
            copy(in, dst);
            return;
        }
        case op_kind::concat: {
            const view<T> a = operand(0), b = operand(1);
            view<T> part = out;
            part.shape[n.axis] = a.shape[n.axis];
            copy(a, part);
            part.data += a.shape[n.axis] * out.strides[n.axis];
            part.shape[n.axis] = b.shape[n.axis];
            copy(b, part);
            return;
        }
        case op_kind::window: {  // out[..., p, s, :] = in[..., p − w + 1 + s, :], 0 before the start
            const view<T> in = operand(0);
            const int r = in.rank;
            const std::int64_t positions = in.shape[r - 2], width = in.shape[r - 1], w = out.shape[r - 1];
            view<T> lead = in;  // the leading axes, walked once per (p, s)
            lead.rank = r - 2;
            extents out_lead = out.strides;
            for_each_row<2>(r - 2, in.shape, {&out_lead, &in.strides}, [&](auto o, std::int64_t len, auto st) {
                for (std::int64_t j = 0; j < len; ++j)
                    for (std::int64_t p = 0; p < positions; ++p)
                        for (std::int64_t s = 0; s < w; ++s) {
                            const std::int64_t source = p - w + 1 + s;
                            T* y = out.data + o[0] + j * st[0] + p * out.strides[r - 2] + s * out.strides[r - 1];
                            for (std::int64_t c = 0; c < width; ++c)
                                y[c * out.strides[r]] = source < 0 ? T(0)
                                    : in.data[o[1] + j * st[1] + source * in.strides[r - 2] + c * in.strides[r - 1]];
                        }
            });
            return;
        }
        case op_kind::embedding: {  // rows of the table; as a one-hot matmul under chinchilla
            const view<T> ids = operand(0), table = operand(1);
            const std::int64_t vocabulary = table.shape[0], width = table.shape[1];
            std::int64_t token = 0;
            for_each_row<1>(ids.rank, ids.shape, {&ids.strides}, [&](auto o, std::int64_t len, auto st) {
                for (std::int64_t j = 0; j < len; ++j, ++token) {
                    const auto value = plain(ids.data[o[0] + j * st[0]]);
                    const auto row = static_cast<std::int64_t>(value);
                    if (row < 0 || row >= vocabulary || static_cast<decltype(value)>(row) != value)
                        throw domain_error("E306", "ordo::runtime: token id " +
                                           (static_cast<decltype(value)>(row) == value ? std::to_string(row) : std::to_string(value)) +
                                           " is not a row of the embedding table (" + std::to_string(vocabulary) + " rows).");
                    T* y = out.data + token * width;
                    for (std::int64_t c = 0; c < width; ++c) {
                        if (!options_.embedding_as_matmul) {
                            y[c] = table.data[row * table.strides[0] + c * table.strides[1]];
                            continue;
                        }
                        T acc = T(0);
                        for (std::int64_t v = 0; v < vocabulary; ++v)
                            acc = acc + T(v == row ? 1 : 0) * table.data[v * table.strides[0] + c * table.strides[1]];
                        y[c] = acc;
                    }
                }
            });
            return;
        }
        default:
            throw domain_error("E303", "ordo::runtime: " + describe(g_, id) + " has no kernel.");
    }
}

}  // namespace ordo::runtime::detail
