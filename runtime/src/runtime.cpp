// The runtime's compiled part: the interpreter instantiated for float, double and their
// counted forms, BLAS calls, inputs, and the public entry points.

#include "interpreter.hpp"

#include <ordo/symbolic/format.hpp>

#include <xtensor-blas/xblas.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace ordo::runtime {
namespace detail {

std::string describe(const graph& g, int id) {
    const node& n = g.nodes[id];
    if (n.kind == op_kind::input || n.kind == op_kind::param)
        return "'" + std::string(ordo::detail::unpack_name(leaf_name(n)).view()) + "'";
    return "node " + std::to_string(id) + " (" + std::string(name_of(n.kind)) + ")";
}

std::int64_t size_of(const extent& e, const bindings& at, const graph& g, int id) {
    const polynomial p = to_polynomial(e);
    try {
        return eval(p, at);
    } catch (const ordo::error& failure) {
        std::ostringstream sizes;
        for (int i = 0; i < p.dim_count; ++i) {
            const std::string name(ordo::detail::unpack_name(p.dims[i]).view());
            const std::int64_t size = at.size_of(p.dims[i]);
            sizes << (i ? ", " : "") << name << " = " << (size ? std::to_string(size) : "unbound");
        }
        const std::string context = "extent " + to_string(p) + " of " + describe(g, id) + " at " + sizes.str() + ": ";
        const std::string id(failure.id());
        if (id == "E008")
            throw domain_error("E008", context + "not an integer; the sizes must divide exactly (e.g. d by h).");
        if (id == "E009") throw overflow_error("E009", context + "overflows a 64-bit integer.");
        throw binding_error(failure.id(), context + failure.message());
    }
}

bindings with_index(bindings at, ordo::detail::u128 name, std::int64_t value) {
    for (int i = 0; i < at.count; ++i)
        if (at.items[i].name == name) {
            at.items[i].size = value;
            return at;
        }
    at.add(binding{name, value});
    return at;
}

// OpenBLAS's thread control, when the BLAS is OpenBLAS (weak: other libraries lack them).
extern "C" {
int openblas_get_num_threads() __attribute__((weak));
void openblas_set_num_threads(int) __attribute__((weak));
}

single_threaded_blas::single_threaded_blas() {
    if (openblas_get_num_threads == nullptr || openblas_set_num_threads == nullptr) return;
    threads_ = openblas_get_num_threads();
    if (threads_ > 1) openblas_set_num_threads(1);
}
single_threaded_blas::~single_threaded_blas() {
    if (threads_ > 1) openblas_set_num_threads(threads_);
}

template <>
void gemm<float>(bool ta, bool tb, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta,
                 float* c, int ldc) {
    cxxblas::gemm(cxxblas::RowMajor, ta ? cxxblas::Trans : cxxblas::NoTrans, tb ? cxxblas::Trans : cxxblas::NoTrans,
                  m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
}
template <>
void gemm<double>(bool ta, bool tb, int m, int n, int k, const double* a, int lda, const double* b, int ldb,
                  double beta, double* c, int ldc) {
    cxxblas::gemm(cxxblas::RowMajor, ta ? cxxblas::Trans : cxxblas::NoTrans, tb ? cxxblas::Trans : cxxblas::NoTrans,
                  m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc);
}

namespace {
dtype dtype_of_array(const any_array& a) {
    switch (a.index()) {
        case 0: return dtype::f32;
        case 1: return dtype::f64;
        case 2: return dtype::i32;
        default: return dtype::i64;
    }
}
std::string shape_text(int rank, const extents& shape) {
    std::string s = "[";
    for (int k = 0; k < rank; ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
    return s + "]";
}
}  // namespace

void check_memory_budget(const graph& g, const bindings& at, std::int64_t budget, std::size_t scalar_bytes) {
    std::int64_t peak = 0;
    try {
        peak = eval(peak_memory(g), at);
    } catch (const ordo::error&) {
        return;  // sizes the run itself rejects, each with its own error naming them (E007, E008, E009)
    }
    const std::int64_t widen = std::max<std::int64_t>(1, static_cast<std::int64_t>(scalar_bytes) / 4);
    const std::int64_t limit = budget > 0 ? budget : available_memory();
    if (peak <= limit / widen) return;
    std::ostringstream sizes;
    for (int i = 0; i < at.count; ++i)
        sizes << (i ? ", " : "") << ordo::detail::unpack_name(at.items[i].name).view() << " = " << at.items[i].size;
    throw domain_error("E312", "ordo::runtime: the run needs " + std::to_string(peak) + " bytes at its peak" +
                                   (widen > 1 ? " (f32 tensors; ×" + std::to_string(widen) + " at this scalar width)" : "") +
                                   ", over the memory budget of " + std::to_string(limit) + " bytes (" +
                                   (budget > 0 ? "run_options::memory_budget" : "the memory available now") +
                                   "), at " + sizes.str() + ".");
}

/// E310 for an array given under a name the graph does not have: a misspelt name would
/// otherwise be ignored and its input drawn at random.
void check_names(const graph& g, const named_arrays& given) {
    std::vector<std::string> inputs, weights;
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == op_kind::input || g.nodes[id].kind == op_kind::param)
            (g.nodes[id].kind == op_kind::input ? inputs : weights)
                .emplace_back(ordo::detail::unpack_name(leaf_name(g.nodes[id])).view());
    // inputs, then weights, each sorted: node order follows the compiler's order of arguments
    std::sort(inputs.begin(), inputs.end());
    std::sort(weights.begin(), weights.end());
    inputs.insert(inputs.end(), weights.begin(), weights.end());
    for (const auto& entry : given) {
        if (std::find(inputs.begin(), inputs.end(), entry.first) != inputs.end()) continue;
        std::string names;
        for (const std::string& name : inputs) names += (names.empty() ? "" : ", ") + name;
        throw domain_error("E310", "ordo::runtime: input '" + entry.first + "' is not an input or weight of the graph; it has: " +
                                       (names.empty() ? std::string("none") : names) + ".");
    }
}

template <typename T>
std::int64_t interpreter<T>::id_bound(int id) const {
    std::int64_t bound = 2;  // ids nothing indexes with: 0 or 1
    bool found = false;
    auto below = [&](std::int64_t length) {
        bound = found ? std::min(bound, length) : length;
        found = true;
    };
    for (int u = id + 1; u < g_.node_count; ++u) {
        const node& user = at(u);
        if (user.kind == op_kind::gather && user.operands[1] == id)
            below(extent_size(at(user.operands[0]).shape[axis_of(user)], u));
        if (user.kind == op_kind::expert_matmul && user.operands[2] == id)
            below(extent_size(at(user.operands[1]).shape[0], u));
    }
    return std::max<std::int64_t>(bound, 1);
}

template <typename T>
void interpreter<T>::load_inputs(const named_arrays& given) {
    using F = typename plain_type<T>::type;
    std::mt19937_64 random(options_.seed);
    check_names(g_, given);
    for (int id = 0; id < g_.node_count; ++id) {
        const node& n = at(id);
        if (n.kind != op_kind::input && n.kind != op_kind::param) continue;
        view<T> v;
        v.shape = shape_of(id, v.rank);
        check_bytes(id, v.rank, v.shape);  // E009 naming the input before its strides are computed
        v.strides = row_major_strides(v.rank, v.shape);
        const std::string name(ordo::detail::unpack_name(leaf_name(n)).view());
        if (const auto found = given.find(name); found != given.end()) {
            if (dtype_of_array(found->second) != n.type)
                throw domain_error("E302", "ordo::runtime: input '" + name + "' must be " + std::string(name_of(n.type)) +
                                   ", got " + std::string(name_of(dtype_of_array(found->second))) + ".");
            std::visit([&](const auto& array) {
                bool same = static_cast<int>(array.dimension()) == v.rank;
                for (int k = 0; same && k < v.rank; ++k) same = static_cast<std::int64_t>(array.shape()[k]) == v.shape[k];
                if (!same) {
                    std::string got = "[";
                    for (std::size_t k = 0; k < array.dimension(); ++k) got += (k ? ", " : "") + std::to_string(array.shape()[k]);
                    throw domain_error("E301", "ordo::runtime: input '" + name + "' must have shape " +
                                       shape_text(v.rank, v.shape) + ", got " + got + "].");
                }
                using E = typename std::decay_t<decltype(array)>::value_type;
                if constexpr (std::is_same_v<E, T>) {  // the fast path reads the caller's array in place
                    if (!options_.copy_inputs) {
                        v.data = const_cast<T*>(array.data());  // inputs are never written
                        return;
                    }
                }
                v = allocate_for(id);
                std::size_t j = 0;
                for (const auto& x : array) v.data[j++] = T(static_cast<F>(x));
            }, found->second);
        } else if (v = allocate_for(id); is_integer(n.type)) {  // ids: valid for every consumer
            const std::int64_t bound = id_bound(id);
            std::uniform_int_distribution<std::int64_t> pick(0, bound - 1);
            for (std::int64_t j = 0; j < v.size(); ++j) v.data[j] = T(static_cast<F>(pick(random)));
        } else {  // inputs in [-1, 1]; weights scaled by 1/sqrt(fan-in) so activations stay O(1)
            const F scale = n.kind == op_kind::param && v.rank >= 2 ? F(1) / std::sqrt(static_cast<F>(v.shape[v.rank - 2])) : F(1);
            std::uniform_real_distribution<F> pick(-1, 1);
            for (std::int64_t j = 0; j < v.size(); ++j) v.data[j] = T(pick(random) * scale);
        }
        env_[id] = v;
    }
}

template <typename T>
xt::xarray<typename plain_type<T>::type> to_array(const view<T>& v) {
    std::vector<std::size_t> shape(v.shape.begin(), v.shape.begin() + v.rank);
    xt::xarray<typename plain_type<T>::type> out(shape);
    const extents contiguous = row_major_strides(v.rank, v.shape);
    for_each_row<2>(v.rank, v.shape, {&contiguous, &v.strides}, [&](auto o, std::int64_t len, auto s) {
        for (std::int64_t k = 0; k < len; ++k) out.data()[o[0] + k * s[0]] = plain(v.data[o[1] + k * s[1]]);
    });
    return out;
}

template <typename F>
measurement measure_with(const graph& g, const bindings& at, const convention& c, const named_arrays& inputs,
                         std::uint64_t seed) {
    measurement m;
    memory_tracker& tracker = memory_tracker::current();
    const memory_tracker saved = tracker;
    tracker.reset();
    {
        const counting_scope counting(m.counts);
        // gathers run as one-hot matmuls exactly when the convention counts those
        interpreter<counted<F>> run(g, at, run_options{seed, false, c.counts(op_group::one_hot), nullptr, true});
        static_cast<void>(run.run(inputs));
        m.peak_bytes = tracker.peak;
        m.allocations = tracker.allocations;
    }
    tracker = saved;
    m.flops = counted_flops(m.counts, c);
    return m;
}

template <typename F>
op_counts count_with(const graph& g, const bindings& at, const convention& c, const named_arrays& inputs,
                     run_options options) {
    op_counts counts;
    const counting_scope counting(counts);
    options.fast = false;
    options.embedding_as_matmul = c.counts(op_group::one_hot);
    options.seconds_per_node = nullptr;
    options.copy_inputs = true;
    interpreter<counted<F>> run(g, at, options);
    static_cast<void>(run.run(inputs));
    return counts;
}

}  // namespace detail

std::int64_t available_memory() {
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);) {
        std::istringstream fields(line);
        std::string key;
        std::int64_t kilobytes = 0;
        if (fields >> key >> kilobytes && key == "MemAvailable:") return kilobytes * 1024;
    }
    const long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? static_cast<std::int64_t>(pages) * page : std::numeric_limits<std::int64_t>::max();
}

template <typename T>
xt::xarray<T> execute(const graph& g, const bindings& at, const named_arrays& inputs, run_options options) {
    detail::interpreter<T> run(g, at, options);
    return detail::to_array(run.run(inputs).front());
}
template xt::xarray<float> execute<float>(const graph&, const bindings&, const named_arrays&, run_options);
template xt::xarray<double> execute<double>(const graph&, const bindings&, const named_arrays&, run_options);

template <typename T>
std::vector<xt::xarray<T>> execute_all(const graph& g, const bindings& at, const named_arrays& inputs, run_options options) {
    detail::interpreter<T> run(g, at, options);
    std::vector<xt::xarray<T>> results;
    for (const auto& v : run.run(inputs)) results.push_back(detail::to_array(v));
    return results;
}
template std::vector<xt::xarray<float>> execute_all<float>(const graph&, const bindings&, const named_arrays&, run_options);
template std::vector<xt::xarray<double>> execute_all<double>(const graph&, const bindings&, const named_arrays&, run_options);

named_arrays random_inputs(const graph& g, const bindings& at, std::uint64_t seed) {
    named_arrays out;
    detail::interpreter<double> run(g, at, run_options{seed, true, false, nullptr, true});
    run.each_input({}, [&](int id, const detail::view<double>& v) {
        const xt::xarray<double> values = detail::to_array(v);
        const std::string name(ordo::detail::unpack_name(leaf_name(g.nodes[id])).view());
        switch (g.nodes[id].type) {
            case dtype::f64: out[name] = values; break;
            case dtype::i32: out[name] = xt::xarray<std::int32_t>(xt::cast<std::int32_t>(values)); break;
            case dtype::i64: out[name] = xt::xarray<std::int64_t>(xt::cast<std::int64_t>(values)); break;
            default: out[name] = xt::xarray<float>(xt::cast<float>(values)); break;
        }
    });
    return out;
}

std::int64_t counted_flops(const op_counts& counts, const convention& c) {
    std::int64_t flops = 0;  // the symbolic side's weighing (rules.hpp: node_flops), on what ran
    for (int g = 0; g < op_group_count; ++g)
        for (int o = 0; o < operation_count; ++o)
            flops += counts.of(static_cast<op_group>(g), static_cast<operation>(o)) *
                     c.flops_per(static_cast<op_group>(g), static_cast<operation>(o));
    return flops;
}

op_counts count_operations(const graph& g, const bindings& at, const convention& c, const named_arrays& inputs,
                           run_options options) {
    const bool wide = g.node_count > 0 && size_in_bytes(g.nodes[g.output].type) == 8;
    return wide ? detail::count_with<double>(g, at, c, inputs, options) : detail::count_with<float>(g, at, c, inputs, options);
}

measurement measure(const graph& g, const bindings& at, const convention& c, const named_arrays& inputs,
                    std::uint64_t seed) {
    const bool wide = g.node_count > 0 && size_in_bytes(g.nodes[g.output].type) == 8;
    return wide ? detail::measure_with<double>(g, at, c, inputs, seed) : detail::measure_with<float>(g, at, c, inputs, seed);
}

}  // namespace ordo::runtime
