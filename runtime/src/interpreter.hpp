#pragma once
// The interpreter: runs a traced graph at concrete sizes on scalar type T. Loops really run
// (n decoding steps with KV caches growing to length i; L layers carrying their state; tile
// by tile). Buffers are freed after their last use, by its own liveness analysis of the
// program below; the tracking allocator measures what that does. Each node runs through its
// op's kernel entry (kernels/*.hpp), found with ordo::visit_op; the interpreter itself knows
// no op but the loop plumbing its liveness analysis needs.

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
/// Refuses (E310) an array given under a name that is no input or weight of g.
void check_names(const graph& g, const named_arrays& given);

/// E312 when g's symbolic peak at `at`, for scalars of `scalar_bytes` (f32 tensors counted at
/// that width), passes `budget` (0: available_memory()).
void check_memory_budget(const graph& g, const bindings& at, std::int64_t budget, std::size_t scalar_bytes);

template <typename T>
class interpreter;

/// What a kernel entry sees of the node it runs: the node, its operands, a new buffer of its
/// shape, its sizes at the current bindings and loop iterations, and where it writes its result.
template <typename T>
class node_context {
public:
    using scalar = T;
    node_context(interpreter<T>& run, int id) : run_(run), id_(id) {}

    [[nodiscard]] const ordo::node& node() const { return run_.at(id_); }
    [[nodiscard]] int id() const { return id_; }
    [[nodiscard]] view<T> operand(int k) const { return run_.lookup(node().operands[k], id_); }
    /// A new tracked buffer of the node's shape.
    [[nodiscard]] view<T> output() const { return run_.allocate_for(id_); }
    void result(const view<T>& v) const { run_.env_[static_cast<std::size_t>(id_)] = v; }
    [[nodiscard]] std::int64_t size(const extent& e) const { return run_.extent_size(e, id_); }
    [[nodiscard]] extents shape(int& rank) const { return run_.shape_of(id_, rank); }
    [[nodiscard]] const run_options& options() const { return run_.options_; }
    /// The current iteration (1-based) of loop region r.
    [[nodiscard]] std::int64_t iteration(int r) const { return run_.iteration_[static_cast<std::size_t>(r)]; }
    /// step_output: the output of its loop (all steps), allocated when the loop started.
    [[nodiscard]] view<T> loop_output() const { return run_.loop_output_of(id_); }
    /// kv_cache: the current layer's cache at its full length.
    [[nodiscard]] view<T> cache() const { return run_.cache_of(id_); }
    /// Whether operand k is a weight (a param, or a view of one): constant for the run.
    [[nodiscard]] bool operand_is_weight(int k) const {
        return run_.at(ordo::detail::buffer_of(run_.g_, node().operands[k])).kind == op_kind::param;
    }
    /// The run's gemm-layout copies of weights (contraction.hpp).
    [[nodiscard]] packed_weights<T>& packed() const { return run_.packed_; }
    [[nodiscard]] std::string describe() const { return detail::describe(run_.g_, id_); }
    [[nodiscard]] std::string describe_operand(int k) const { return detail::describe(run_.g_, node().operands[k]); }

private:
    interpreter<T>& run_;
    int id_;
};

template <typename T>
class interpreter {
public:
    interpreter(const graph& g, const bindings& at, const run_options& options)
        : g_(g), at_(at), options_(options), env_(static_cast<std::size_t>(g.node_count)),
          slots_(static_cast<std::size_t>(g.node_count)), iteration_(static_cast<std::size_t>(g.region_count), 0),
          caches_(static_cast<std::size_t>(g.node_count)), shapes_(static_cast<std::size_t>(g.node_count)) {
        check_memory_budget(g, at, options.memory_budget, sizeof(T));
        analyse();
    }

    /// Runs the program; inputs not in `given` are drawn from the seed. Returns its outputs,
    /// in the order the traced function returned them.
    std::vector<view<T>> run(const named_arrays& given) {
        const single_threaded_blas one_pool;  // the thread pool owns the cores (gemm_batch.hpp)
        load_inputs(given);
        run_region(0);
        std::vector<view<T>> results;
        for (int id : outputs()) results.push_back(*env_[static_cast<std::size_t>(id)]);
        return results;
    }

    /// The inputs as loaded (after load_inputs), by name.
    template <typename Visit>
    void each_input(const named_arrays& given, Visit&& visit) {
        load_inputs(given);
        for (int id = 0; id < g_.node_count; ++id)
            if (at(id).kind == op_kind::input || at(id).kind == op_kind::param) visit(id, *env_[static_cast<std::size_t>(id)]);
    }

private:
    friend class node_context<T>;
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
    std::vector<std::vector<std::vector<int>>> slot_drops_[2];  // [early][region][item]: loop states to drop
    std::vector<bool> slot_early_;               // per loop_result: last used as the start of a loop inside
    std::vector<std::vector<view<T>>> caches_;  // per kv_cache node: one per layer
    std::vector<std::optional<extents>> shapes_;  // per node: its shape, when free of loop indices
    packed_weights<T> packed_;                    // weights copied into gemm's layout, for the run

    const node& at(int id) const { return g_.nodes[id]; }
    const region& reg(int r) const { return g_.regions[r]; }
    int loop_region(int id) const { return loop_of(at(id)).region; }
    /// The graph's outputs (a graph built by hand may name only `output`).
    std::vector<int> outputs() const {
        if (g_.output_count == 0) return {g_.output};
        return {g_.outputs, g_.outputs + g_.output_count};
    }

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
            for (int s = reg(r).last + 1; s < g_.node_count && at(s).kind == op_kind::loop_result; ++s)
                if (loop_region(s) == r && loop_of(at(s)).carried == o && contains(r, at(s).operands[0])) return s;
        }
        return -1;
    }
    /// Whether loop_result s collects a step_output per iteration (rather than carrying a state).
    bool stacks(int s) const { return at(at(s).operands[0]).kind == op_kind::step_output; }
    bool is_leaf(int id) const { return at(id).kind == op_kind::input || at(id).kind == op_kind::param; }
    bool resident(int id) const {
        return at(id).kind == op_kind::input || at(id).kind == op_kind::param || id == g_.output || g_.is_output(id);
    }

    /// A loop runs backward reversed, its values stacked per iteration (backward.hpp), inside a
    /// parent loop that runs reversed too; a gradient in a loop that does not (one nested more
    /// deeply, whose stacks backward() does not build) is refused (E303) rather than run in the
    /// forward order, which would be a wrong gradient.
    void refuse_gradient_in_loop(int id) const {
        const node& n = at(id);
        if (n.kind != op_kind::gradient || n.region == 0) return;
        int r = n.region;
        while (r != 0 && reg(r).reversed) r = reg(r).parent;
        if (r == 0) return;
        const region& loop = reg(r);
        throw domain_error("E303", "ordo::runtime: " + describe(g_, id) + " is the gradient of " +
                                       std::string(name_of(n.data<payloads::gradient>().of)) + " inside the loop over '" +
                                       std::string(ordo::detail::unpack_name(loop.index).view()) +
                                       "', which does not run in reverse: the runtime runs a top-level loop and a loop "
                                       "inside one backward, not a loop nested deeper.");
    }

    void analyse() {
        const auto n = static_cast<std::size_t>(g_.node_count);
        items_.assign(static_cast<std::size_t>(g_.region_count), {});
        own_item_.assign(n, 0);
        region_item_.assign(static_cast<std::size_t>(g_.region_count), 0);
        std::vector<bool> opened(static_cast<std::size_t>(g_.region_count), false);
        for (int id = 0; id < g_.node_count; ++id) refuse_gradient_in_loop(id);
        for (int id : outputs())
            if (at(id).region != 0)
                throw domain_error("E304", "ordo::runtime: " + describe(g_, id) + " is made inside a loop and is an output "
                                   "of the graph; return it from the loop body instead.");
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
                    slot_release_[s] = std::max(slot_release_[s], item_of(loop_region(s), p));
                    continue;
                }
                if (!contains(at(o).region, p) && !is_leaf(o))  // a leaf is loaded before the run, wherever it is
                    throw domain_error("E304", "ordo::runtime: " + describe(g_, o) + " is made inside a loop and used "
                                       "outside it by " + describe(g_, p) + "; return it from the loop body instead.");
                if (!resident(o)) release_[o] = std::max(release_[o], item_of(at(o).region, p));
            }
        }
        // a loop inside another that starts from the outer loop's state (a backward loop's
        // carried gradient, passed to the inner backward loop) uses that state when it starts,
        // and hands it over there (as a value taken over as a loop's state, below)
        slot_early_.assign(n, false);
        for (int s = 0; s < g_.node_count; ++s) {
            if (at(s).kind != op_kind::loop_result || stacks(s)) continue;
            const int outer = state_result(loop_of(at(s)).carried, s);
            if (outer < 0) continue;
            const int start = item_of(loop_region(outer), reg(loop_region(s)).first);
            if (start > slot_release_[outer]) slot_release_[outer] = start, slot_early_[outer] = true;
        }
        for (int s = 0; s < g_.node_count; ++s) {
            const node& result = at(s);
            if (result.kind != op_kind::loop_result || stacks(s)) continue;  // a stack is written step by step
            release_[result.operands[0]] = never;  // the body's result becomes the next state
            const int x = loop_of(result).carried;
            if (state_result(x, reg(loop_region(s)).first) != s || resident(x)) continue;
            const int start = item_of(at(x).region, reg(loop_region(s)).first);
            if (start > release_[x]) release_[x] = start, early_[x] = true;
        }
        for (auto& lists : drops_) {
            lists.resize(items_.size());
            for (std::size_t r = 0; r < items_.size(); ++r) lists[r].assign(items_[r].size(), {});
        }
        slot_drops_[0] = slot_drops_[1] = drops_[0];
        for (int id = 0; id < g_.node_count; ++id)
            if (release_[id] != never) drops_[early_[id]][static_cast<std::size_t>(at(id).region)][static_cast<std::size_t>(release_[id])].push_back(id);
        for (int s = 0; s < g_.node_count; ++s)
            if (slot_release_[s] >= 0)
                slot_drops_[slot_early_[s]][static_cast<std::size_t>(loop_region(s))][static_cast<std::size_t>(slot_release_[s])].push_back(s);
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

    /// E009 naming node `id` when its size in bytes passes 64 bits.
    void check_bytes(int id, int rank, const extents& shape) const {
        std::int64_t bytes = sizeof(T);
        for (int k = 0; k < rank; ++k)
            if (__builtin_mul_overflow(bytes, shape[k], &bytes))
                throw overflow_error("E009", "ordo::runtime: the size in bytes of " + describe(g_, id) + ", shape " +
                                     to_string(at(id).shape) + ", overflows a 64-bit integer at these sizes.");
    }

    view<T> allocate_for(int id) {
        int rank = 0;
        const extents shape = shape_of(id, rank);
        check_bytes(id, rank, shape);
        // counted at the node's declared width: a bf16 graph's peak is its bf16 bytes, whatever T
        return allocate<T>(rank, shape, static_cast<std::size_t>(size_in_bytes(g_.nodes[id].type)));
    }

    view<T> lookup(int o, int user) const {
        if (const int s = state_result(o, user); s >= 0) return *slots_[static_cast<std::size_t>(s)];
        return *env_[static_cast<std::size_t>(o)];
    }

    void load_inputs(const named_arrays& given);
    /// Random ids for integer input `id` are drawn below this: the shortest axis it indexes.
    std::int64_t id_bound(int id) const;

    /// Drops the values whose last use is item `index` of region r (`early`: those a loop
    /// starting there takes over as its state), and the loop states last used there.
    void release_after(int r, int index, bool early) {
        for (int id : drops_[early][static_cast<std::size_t>(r)][static_cast<std::size_t>(index)]) env_[id].reset();
        for (int s : slot_drops_[early][static_cast<std::size_t>(r)][static_cast<std::size_t>(index)]) slots_[s].reset();
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

    view<T> loop_output_of(int id) const {
        for (int s = id + 1; s < g_.node_count; ++s)
            if (at(s).kind == op_kind::loop_result && at(s).operands[0] == id) return *slots_[static_cast<std::size_t>(s)];
        throw domain_error("E303", "ordo::runtime: " + describe(g_, id) + " writes into no loop result.");
    }
    view<T> cache_of(int id) const {
        std::int64_t layer = 0;  // the layer of every repeat between the node and its steps loop
        for (int r = at(id).region; r != loop_region(id); r = reg(r).parent)
            layer = layer * extent_size(reg(r).count, id) + (iteration_[static_cast<std::size_t>(r)] - 1);
        return caches_[static_cast<std::size_t>(id)][static_cast<std::size_t>(layer)];
    }
};

/// A copy of `at` with loop index `name` bound to `value` (replacing an earlier binding).
bindings with_index(bindings at, ordo::detail::u128 name, std::int64_t value);

template <typename T>
void interpreter<T>::run_loop(int c, int parent, int index) {
    const region& loop = reg(c);
    std::vector<int> results;
    for (int s = loop.last + 1; s < g_.node_count && at(s).kind == op_kind::loop_result; ++s)
        if (loop_region(s) == c) results.push_back(s);
    const bindings outer = at_;
    const std::int64_t count = extent_size(loop.count, loop.first);
    for (int s : results)  // a stack (a steps loop's output), allocated for the loop; a state, as seen outside
        slots_[s] = stacks(s) ? allocate_for(s) : lookup(loop_of(at(s)).carried, s);
    if (loop.kind == region_kind::steps) {
        // the KV caches (one per layer of any repeat in between) exist for the loop
        for (int id = loop.first; id <= loop.last; ++id) {
            if (at(id).kind != op_kind::kv_cache || loop_region(id) != c) continue;
            std::int64_t layers = 1;
            for (int r = at(id).region; r != c; r = reg(r).parent) layers *= extent_size(reg(r).count, id);
            at_ = with_index(outer, loop.index, count);  // the full length
            auto& per_layer = caches_[static_cast<std::size_t>(id)];
            for (std::int64_t k = 0; k < layers; ++k) per_layer.push_back(allocate_for(id));
            at_ = outer;
        }
    }
    release_after(parent, index, true);
    for (std::int64_t k = 1; k <= count; ++k) {
        const std::int64_t i = loop.reversed ? count + 1 - k : k;  // a backward loop: the last layer first
        iteration_[c] = i;
        at_ = with_index(outer, loop.index, i);
        for (int s : results)
            if (slot_release_[s] < 0 && !stacks(s)) slots_[s].reset();  // the body ignores its state
        run_region(c);
        for (int s : results) {
            if (stacks(s)) continue;
            const int y = at(s).operands[0];
            slots_[s] = env_[y];
            if (contains(c, y)) env_[y].reset();  // (a state returned unchanged stays where it is)
        }
    }
    at_ = outer;
    for (int s : results) {
        env_[s] = slots_[s];
        slots_[s].reset();
    }
    for (int id = loop.first; id <= loop.last; ++id)
        if (at(id).kind == op_kind::kv_cache && loop_region(id) == c) caches_[id].clear();
}

template <typename T>
void interpreter<T>::execute(int id) {
    node_context<T> context(*this, id);
    const group_scope scope(ordo::group_of(g_, id));  // the symbolic rule's group: one attribution
    visit_op(at(id).kind, [&](auto kind) {
        constexpr op_kind K = decltype(kind)::value;
        if constexpr (has_kernel<K, node_context<T>>)
            kernel<K>::run(context);
        else
            throw domain_error("E303", "ordo::runtime: " + describe(g_, id) + " has no runtime kernel.");
    });
}

}  // namespace ordo::runtime::detail
