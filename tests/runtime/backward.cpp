// The backward pass on the runtime: backward(g)'s counted FLOPs equal its symbolic FLOPs under
// every convention for each catalog model without loops (so each
// gradient rule's constant is checked by counting), and the gradients it computes agree with
// central finite differences (double).
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include "../../tools/report.hpp"

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>
#include <catch2/catch.hpp>
#include <xtensor/xrandom.hpp>

#include <memory>
#include <set>
#include <string>

using namespace ordo;
namespace rt = ordo::runtime;

namespace {
constexpr auto r = dim<"r">;
constexpr auto q = dim<"q">;
constexpr auto k = dim<"k">;
constexpr auto v = dim<"v">;
constexpr auto w = dim<"w">;
constexpr auto b = dim<"b">;
constexpr auto d = dim<"d">;
constexpr auto L = dim<"L">;
constexpr auto l = dim<"l">;
constexpr auto n = dim<"n">;
constexpr auto i = dim<"i">;

const std::array<const convention*, 4> every_convention{&conventions::standard, &conventions::gemm_only, &conventions::macs,
                                                        &conventions::chinchilla};

/// The largest difference between backward(g)'s gradient of each f64 leaf of g and central
/// differences of Σ dy·g(leaves), at `at`, from `given` inputs (the rest drawn at random).
/// Also checks that the backward graph's counted FLOPs are its symbolic ones.
double worst_derivative_error(const graph& g, const bindings& at, const rt::named_arrays& given = {}) {
    const auto built = ordo::detail::build_backward(g, backward_options{true});  // replays the forward
    graph bw = built.b.g;
    rt::named_arrays inputs = rt::random_inputs(g, at, 7);
    for (const auto& [name, value] : given) inputs[name] = value;
    rt::named_arrays with_dy = inputs;
    with_dy["grad_output"] = rt::random_inputs(bw, at, 7)["grad_output"];
    for (const convention* c : every_convention)  // a convention may count gathers as one-hot products
        CHECK(rt::counted_flops(rt::count_operations(bw, at, *c, with_dy), *c) == eval(flops(bw, *c), at));
    std::vector<std::string> leaves;
    bw.output_count = 0;
    for (int id = 0; id < g.node_count; ++id) {
        const node& n = g.nodes[id];
        if ((n.kind != op_kind::input && n.kind != op_kind::param) || n.type != dtype::f64 || built.grad[id] < 0) continue;
        bw.outputs[bw.output_count++] = built.grad[id];
        leaves.emplace_back(ordo::detail::unpack_name(leaf_name(n)).view());
    }
    bw.output = bw.outputs[0];
    const xt::xarray<double> y = rt::execute<double>(g, at, inputs);
    const xt::xarray<double> dy = xt::random::randn<double>(y.shape());
    with_dy["grad_output"] = dy;
    const std::vector<xt::xarray<double>> analytic = rt::execute_all<double>(bw, at, with_dy);
    const auto loss = [&](const rt::named_arrays& at_inputs) { return xt::sum(rt::execute<double>(g, at, at_inputs) * dy)(); };
    double worst = 0;
    for (std::size_t l = 0; l < leaves.size(); ++l) {
        const xt::xarray<double> theta = std::get<xt::xarray<double>>(inputs[leaves[l]]);
        for (std::size_t j = 0; j < theta.size(); ++j) {
            constexpr double step = 1e-6;
            xt::xarray<double> up = theta, down = theta;
            up.flat(j) += step;
            down.flat(j) -= step;
            rt::named_arrays plus = inputs, minus = inputs;
            plus[leaves[l]] = up;
            minus[leaves[l]] = down;
            const double numeric = (loss(plus) - loss(minus)) / (2 * step);
            INFO("d/d" << leaves[l] << "[" << j << "]");
            CHECK(std::abs(numeric - analytic[l].flat(j)) < 1e-5);
            worst = std::max(worst, std::abs(numeric - analytic[l].flat(j)));
        }
    }
    return worst;
}

/// The bytes the tracking allocator holds for bw's inputs but the output's gradient: a graph of
/// those inputs alone, each an output, measured.
std::int64_t saved_inputs_bytes(const graph& bw, const bindings& at) {
    auto inputs = std::make_unique<graph>();
    for (int id = 0; id < bw.node_count; ++id) {
        node x = bw.nodes[id];
        if (x.kind != op_kind::input || leaf_name(x) == ordo::detail::pack_name("grad_output")) continue;
        x.region = 0;
        inputs->outputs[inputs->output_count++] = inputs->node_count;
        inputs->nodes[inputs->node_count++] = x;
    }
    inputs->output = inputs->outputs[0];
    return rt::measure(*inputs, at).peak_bytes;
}

/// Whether a steps loop of g has a value whose extent is its index (the stacks are padded).
bool has_stepped_extent(const graph& g) {
    for (int id = 0; id < g.node_count; ++id)
        for (int r = 1; r < g.region_count; ++r)
            for (int a = 0; a < g.nodes[id].shape.rank; ++a)
                if (g.regions[r].kind == region_kind::steps && g.nodes[id].shape[a] == ordo::detail::extent_of_dimension(g.regions[r].index))
                    return true;
    return false;
}
}  // namespace

TEST_CASE("backward graphs: counted FLOPs and a training step's peak equal the symbolic ones, model by model", "[runtime][backward]") {
    std::set<std::string> ran;
    models::for_each_entry([&](const auto& entry) {
        const graph g = entry.make();
        const graph bw = backward(g);
        const bindings at = ordo_tool::parse_sizes(std::string(entry.checks[0]), "");
        INFO(entry.name << " at " << entry.checks[0]);
        const rt::op_counts counts = rt::count_operations(bw, at);  // every gradient outside loops has a kernel
        for (const convention* c : every_convention) CHECK(rt::counted_flops(counts, *c) == eval(flops(bw, *c), at));
        // a training step, the forward replayed and then the backward: the tracking allocator's
        // high-water mark is the symbolic peak
        const graph step = backward(g, backward_options{true});
        CHECK(rt::measure(step, at).peak_bytes == eval(peak_memory(step), at));
        // saved activations: what the backward graph takes from the forward pass (its inputs but
        // the output's gradient), held by the tracking allocator, is saved_activation_bytes; two
        // derivations, the builder's stacks and the forward's buffers per iteration. A steps
        // loop's stacks are padded to its count (rectangular), so there they hold more.
        const std::int64_t kept = saved_inputs_bytes(bw, at), saved = eval(saved_activation_bytes(g), at);
        if (has_stepped_extent(g)) CHECK(kept >= saved);
        else CHECK(kept == saved);
        ran.insert(std::string(entry.name));
    });
    // every model: attention (contractions, softmax, the accumulating adds), a window, a GPT layer
    // (layer_norm, gelu), experts (gather, expert_matmul), latent attention with rotary keys, the
    // decoders (DeepSeek-V2-style: 330 backward nodes), whose layers run backward in reverse,
    // incremental decoding, whose steps do, carrying the KV caches' gradients, and the tiles of
    // FlashAttention, a loop inside a loop
    for (const char* name : {"mha", "mqa", "gqa", "cross_attention", "standard_attention", "sliding_window",
                             "decoder_layer", "moe_mlp", "mla", "decoder", "llama_decoder", "mistral_decoder",
                             "mixtral_decoder", "deepseek_decoder", "flash_attention", "mha_incremental", "mqa_incremental", "gqa_incremental", "mla_incremental"}) {
        INFO(name);
        CHECK(ran.count(name) == 1);
    }
}

TEST_CASE("backward graphs compute the gradient: central differences agree", "[runtime][backward]") {
    constexpr auto n = dim<"n">;
    // add, multiply (both with a broadcast operand), causal_mask, softmax, and x and s used twice
    const graph g = trace([](auto x, auto s) { return softmax(causal_mask(x * s)) * x + s; }, input<"x", double>(n, n),
                          param<"s", double>(n));
    // every leaf's gradient (x and s), against central differences, and counted == symbolic
    CHECK(worst_derivative_error(g, bind(n = 5)) < 1e-6);
}

TEST_CASE("a repeat loop runs backward: reversed, its state's gradient carried, values and weight gradients stacked",
          "[runtime][backward]") {
    // the state read by the weight's gradient (x_l), a value saved inside (the product, for
    // gelu), a stacked weight, and a weight from outside the loop whose gradient sums the layers
    const graph g = trace(
        [](auto x, auto w, auto s) {
            return repeat(l, L, x, [&](auto state) { return gelu(matmul(state, at(w, l))) * s + state; });
        },
        input<"x", double>(b, d), param<"w", double>(L, d, d), param<"s", double>(d));
    CHECK(worst_derivative_error(g, bind(b = 2, d = 3, L = 3)) < 1e-6);
    // without recomputation the kept values are inputs [L, ...]: the same FLOPs are counted
    const graph kept = backward(g);
    const auto at = bind(b = 2, d = 3, L = 3);
    CHECK(rt::counted_flops(rt::count_operations(kept, at), conventions::standard) == eval(flops(kept), at));
    const graph step = backward(g, backward_options{true});
    CHECK(rt::measure(step, at).peak_bytes == eval(peak_memory(step), at));
}

TEST_CASE("layer loops run backward in every form a state and a weight take: central differences agree",
          "[runtime][backward]") {
    namespace hana = boost::hana;
    const graph forms[] = {
        // two states, the second not returned: its gradient starts from zeros in the last layer
        trace([](auto x, auto y) {
            return hana::at_c<0>(repeat(l, L, hana::make_tuple(x, y), [](auto p, auto q) { return hana::make_tuple(p * q, exp(q)); }));
        },
              input<"x", double>(b, d), input<"y", double>(b, d)),
        // a state the body returns unchanged: one tensor read by every layer
        trace([](auto x, auto s) {
            return hana::at_c<0>(repeat(l, L, hana::make_tuple(x, s), [](auto p, auto q) { return hana::make_tuple(gelu(p * q), q); }));
        },
              input<"x", double>(b, d), input<"s", double>(b, d)),
        // a stacked weight also used whole, after the loop
        trace([](auto x, auto w) {
            return matmul(repeat(l, L, x, [&](auto state) { return gelu(matmul(state, ordo::at(w, l))); }), sum<0>(w));
        },
              input<"x", double>(b, d), param<"w", double>(L, d, d)),
        // one input through two loops, one after the other
        trace([](auto x, auto w) {
            const auto first = repeat(l, L, x, [&](auto state) { return exp(state) * ordo::at(w, l); });
            return repeat(l, L, first, [&](auto state) { return state * x; }) + repeat(l, L, x, [&](auto state) { return gelu(state); });
        },
              input<"x", double>(b, d), param<"w", double>(L, b, d)),
    };
    for (const graph& g : forms) CHECK(worst_derivative_error(g, bind(b = 2, d = 3, L = 3)) < 1e-6);
}

TEST_CASE("a steps loop runs backward: reversed, KV caches' gradients carried, ragged values stacked padded",
          "[runtime][backward]") {
    // incremental attention over a growing cache of keys, read twice (scores and mixing): the
    // cache's gradient sums what every later step read of each entry
    const graph g = trace(
        [](auto x, auto wk) {
            return steps(i, n, x, [&](auto token) {  // token [1, d]
                const auto keys = kv_cache(matmul(token, wk), i);                  // [i, d]
                const auto weights = softmax(einsum<"md,jd->mj">(token, keys));  // [1, i]
                return einsum<"mj,jd->md">(weights, keys);                         // [1, d]
            });
        },
        input<"x", double>(n, d), param<"wk", double>(d, d));
    CHECK(worst_derivative_error(g, bind(n = 4, d = 3)) < 1e-6);
    // the catalog's incremental MHA: key and value caches over heads, the cache axis third
    constexpr auto h = dim<"h">;
    CHECK(worst_derivative_error(models::mha_incremental<double>(dim<"b">, n, d, h), bind(dim<"b"> = 2, n = 3, d = 4, h = 2)) < 1e-6);
    const graph kept = backward(g);  // the kept values as inputs [n, ...], ragged ones padded to n
    CHECK(rt::counted_flops(rt::count_operations(kept, bind(n = 4, d = 3)), conventions::standard) ==
          eval(flops(kept), bind(n = 4, d = 3)));
}

TEST_CASE("a loop inside a loop runs backward: stacked over both, accumulated per outer iteration", "[runtime][backward]") {
    // FlashAttention's tiles: query blocks (steps) around key blocks (repeat) whose states are
    // the running output, row sum and row max; the key and value blocks are slices of a tensor
    // from outside both loops, the query tile a value of the outer loop the inner one reads
    constexpr auto M = dim<"M">;
    const graph g = models::flash_attention<double>(n, d, M);
    CHECK(worst_derivative_error(g, bind(n = 8, d = 2, M = 16)) < 1e-6);  // blocks of 2 rows, 4 of them
    // kept rather than replayed: the inner loop's values are inputs [T, T, ...]
    const graph kept = backward(g);
    const auto at = bind(n = 8, d = 2, M = 16);
    for (const convention* c : every_convention)
        CHECK(rt::counted_flops(rt::count_operations(kept, at), *c) == eval(flops(kept, *c), at));
    // two loops each inside a repeat, one state carried through both, and a weight from outside
    // both whose gradient sums over every (l, i)
    const graph twice = trace(
        [](auto x, auto w) {
            return repeat(l, L, x, [&](auto s) { return repeat(dim<"i">, n, s, [&](auto t) { return gelu(t * w) + t; }); });
        },
        input<"x", double>(d), param<"w", double>(d));
    CHECK(worst_derivative_error(twice, bind(d = 3, n = 2, L = 3)) < 1e-6);
}

TEST_CASE("each gradient kernel performs the operations its rule counts, and is a derivative", "[runtime][backward]") {
    const auto at = bind(r = 3, q = 4, k = 9);
    const graph activations[] = {
        trace([](auto x) { return gelu(x); }, input<"x", double>(r, q)),
        trace([](auto x) { return silu(x); }, input<"x", double>(r, q)),
        trace([](auto x) { return rsqrt_scale(x, k); }, input<"x", double>(r, q)),
        trace([](auto x) { return softmax(causal_mask(x)); }, input<"x", double>(r, q)),
    };
    for (const graph& g : activations) CHECK(worst_derivative_error(g, at) < 1e-6);  // counted == symbolic, and d/dx
}

TEST_CASE("every gradient kernel of an elementwise, reduction or norm op counts its rule and is a derivative",
          "[runtime][backward]") {
    const auto at = bind(r = 3, q = 4, k = 9);
    const graph graphs[] = {
        trace([](auto x, auto s) { return x / s - maximum(x, s) * exp(s); }, input<"x", double>(r, q), param<"s", double>(q)),
        trace([](auto x) { return sin(x) * cos(x) - scale(-x, rational(3, 2)); }, input<"x", double>(r, q)),
        trace([](auto x) { return reshape(sum<0>(x) + mean<1>(x) * max<0>(x), c<1>, q) * x; }, input<"x", double>(q, q)),
        trace([](auto x, auto g, auto b) { return layer_norm(x, g, b); }, input<"x", double>(r, q), param<"g", double>(q),
              param<"b", double>(q)),
        trace([](auto x, auto g) { return rms_norm(x, g); }, input<"x", double>(r, q), param<"g", double>(q)),
    };
    for (const graph& g : graphs) CHECK(worst_derivative_error(g, at) < 1e-5);
}

TEST_CASE("the gradients of gather, window, rotary and expert_matmul count their rules and are derivatives",
          "[runtime][backward]") {
    const auto at = bind(r = 3, q = 4, k = 2, v = 5, w = 2);
    const xt::xarray<std::int32_t> ids{{4, 0, 4}, {1, 1, 2}};  // [k, r]: repeats accumulate
    const graph gathered = trace([](auto t, auto i) { return embedding(i, t); }, param<"t", double>(v, q),
                                 input<"ids", std::int32_t>(k, r));
    CHECK(worst_derivative_error(gathered, at, {{"ids", ids}}) < 1e-5);
    const graph windowed = trace([](auto x) { return window(x, w); }, input<"x", double>(r, q));
    CHECK(worst_derivative_error(windowed, at) < 1e-5);
    const graph rotated = trace([](auto x, auto cosines, auto sines) { return rotary<-1>(x, cosines, sines); },
                                input<"x", double>(k, r, q), input<"cos", double>(r, q), input<"sin", double>(r, q));
    CHECK(worst_derivative_error(rotated, at) < 1e-5);
    const xt::xarray<std::int32_t> experts{{{3, 0}, {1, 3}, {3, 3}}};  // [1, r, k]: two of v = 5 experts per token
    const graph routed = trace([](auto x, auto m, auto e) { return expert_matmul(x, m, e); }, input<"x", double>(c<1>, r, q),
                               param<"m", double>(v, q, k), input<"experts", std::int32_t>(c<1>, r, k));
    CHECK(worst_derivative_error(routed, at, {{"experts", experts}}) < 1e-5);
}

TEST_CASE("the gradients of split_heads and merge_heads are each other, and derivatives", "[runtime][backward]") {
    const auto at = bind(v = 2, r = 3, q = 6, k = 3);  // [v, r, q]: q = 6 split into k = 3 heads
    // a product after each, so that dy differs from element to element of the copy
    const graph split = trace([](auto x, auto y) { return split_heads(x, k) * y; }, input<"x", double>(v, r, q),
                              input<"y", double>(v, k, r, q / k));
    CHECK(worst_derivative_error(split, at) < 1e-6);
    const graph merged = trace([](auto x, auto y) { return merge_heads(x) * y; }, input<"x", double>(v, k, r, q / k),
                               input<"y", double>(v, r, q));
    CHECK(worst_derivative_error(merged, at) < 1e-6);
}

TEST_CASE("the gradients of concat and slice are dy's parts and dy put back, and derivatives", "[runtime][backward]") {
    const auto at = bind(v = 2, r = 3, q = 4, k = 2);
    // joined along the last axis and along the first, with operands of different extents (the
    // joined extent is a monomial)
    const graph last = trace([](auto x, auto y) { return concat<-1>(x, y); }, input<"x", double>(v, r, q),
                             input<"y", double>(v, r, c<3> * q));
    CHECK(worst_derivative_error(last, at) < 1e-6);
    const graph first = trace([](auto x, auto y) { return concat<0>(x, y); }, input<"x", double>(k, r, q),
                              input<"y", double>(c<2> * k, r, q));
    CHECK(worst_derivative_error(first, at) < 1e-6);
    // the middle third of an axis that is not the last, and the first half of the last
    const graph middle = trace([](auto x) { return slice<1>(x, q, q); }, input<"x", double>(v, c<3> * q, r));
    CHECK(worst_derivative_error(middle, at) < 1e-6);
    const graph front = trace([](auto x) { return exp(slice<-1>(x, zero, q / c<2>)); }, input<"x", double>(r, q));
    CHECK(worst_derivative_error(front, at) < 1e-6);
}

TEST_CASE("the GPT training layer's backward pass, dropout masks and all: counted FLOPs equal the symbolic ones",
          "[runtime][backward]") {
    constexpr auto b = dim<"b">;
    constexpr auto n = dim<"n">;
    constexpr auto d = dim<"d">;
    constexpr auto h = dim<"h">;
    const graph layer = models::gpt_training_layer<float>(b, n, d, h);
    const auto at = bind(b = 2, n = 8, d = 16, h = 2);
    for (const bool recompute : {false, true}) {  // a training step: the forward replayed, then the backward
        const graph bw = backward(layer, backward_options{recompute});
        for (const convention* c : every_convention) {
            INFO("recompute " << recompute << ", " << c->name);
            CHECK(rt::counted_flops(rt::count_operations(bw, at, *c), *c) == eval(flops(bw, *c), at));
        }
    }
    // as Megatron trains it, in bf16 with one-byte masks: the training step's tracked peak (each
    // tensor counted at its declared width, computed in counted<float>) is the symbolic peak,
    // and counted at float's 4 bytes it would not be (the check can fail)
    const graph step = backward(models::gpt_training_layer<bfloat16>(b, n, d, h), backward_options{true});
    const std::int64_t measured = rt::measure(step, at).peak_bytes;
    CHECK(measured == eval(peak_memory(step), at));
    CHECK(measured < eval(peak_memory(backward(layer, backward_options{true})), at));
}
