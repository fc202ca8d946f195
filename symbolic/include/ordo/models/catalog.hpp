#pragma once
/// \file
/// The catalog as a compile-time sequence (a hana::tuple): each entry names a model, its
/// source, how to print it, sizes to evaluate it at, the regimes its Θ-classes are reported
/// under, and a function that traces it. `ordo report`, the docs generator and `ordo
/// validate` iterate this one list.
///
///     ordo::models::for_each_entry([](const auto& entry) {  // or hana::for_each(catalog(), ...)
///         const ordo::graph g = entry.make();
///         ...
///     });

#include <ordo/models/decode_step.hpp>
#include <ordo/models/decoder.hpp>
#include <ordo/models/deepseek.hpp>
#include <ordo/models/flash.hpp>
#include <ordo/models/incremental.hpp>
#include <ordo/models/latent_attention.hpp>

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>

#include <array>
#include <string_view>
#include <type_traits>

namespace ordo::models {

/// A named set of assumptions under which Θ-classes are reported.
struct regime {
    std::string_view name;
    assumptions assumed;
};

/// One catalog model.
template <typename Make>
struct entry {
    std::string_view name;
    std::string_view title;
    std::string_view source;        ///< where the model and its published analysis come from
    std::string_view header;        ///< the header that defines it (docs include its source)
    std::string_view print_order;   ///< dimensions first in printed terms
    std::string_view sizes;         ///< default sizes, `name=value,...`
    std::string_view sweep;         ///< the dimension a crossover moves along (n; w for a window)
    std::array<std::string_view, 3> checks;  ///< small sizes `ordo validate` runs the model at
    std::array<regime, 4> regimes;  ///< none, n ≪ d, d ≪ n, and one model-specific regime
    std::array<published_figure, 2> published;  ///< its sources' figures (empty source: none)
    Make make;                      ///< traces the model: () -> graph
};

template <typename Make>
entry(std::string_view, std::string_view, std::string_view, std::string_view, std::string_view,
      std::string_view, std::string_view, std::array<std::string_view, 3>, std::array<regime, 4>,
      std::array<published_figure, 2>, Make) -> entry<Make>;

namespace symbols {
inline constexpr auto b = dim<"b">;
inline constexpr auto n = dim<"n">;
inline constexpr auto d = dim<"d">;
inline constexpr auto h = dim<"h">;
inline constexpr auto g = dim<"g">;
inline constexpr auto f = dim<"f">;
inline constexpr auto L = dim<"L">;
inline constexpr auto V = dim<"V">;
inline constexpr auto w = dim<"w">;
inline constexpr auto M = dim<"M">;
inline constexpr auto m = dim<"m">;  ///< memory positions (cross-attention)
inline constexpr auto k = dim<"k">;  ///< head width, independent of d/h
inline constexpr auto E = dim<"E">;  ///< experts
inline constexpr auto e = dim<"e">;  ///< experts active per token
inline constexpr auto r = dim<"r">;  ///< MLA's latent width
inline constexpr auto p = dim<"p">;  ///< MLA's rotary key width
}  // namespace symbols

/// No published figure.
inline constexpr std::array<published_figure, 2> no_figures{};

namespace detail {
/// The catalog's symbols as members of a class template: through it each entry's call of its
/// model is dependent, so no compiler instantiates a model until the catalog is used.
template <typename>
struct dependent_symbols {
    static constexpr auto b = symbols::b;
    static constexpr auto n = symbols::n;
    static constexpr auto m = symbols::m;
    static constexpr auto d = symbols::d;
    static constexpr auto h = symbols::h;
    static constexpr auto g = symbols::g;
    static constexpr auto k = symbols::k;
    static constexpr auto r = symbols::r;
    static constexpr auto p = symbols::p;
    static constexpr auto f = symbols::f;
    static constexpr auto E = symbols::E;
    static constexpr auto e = symbols::e;
    static constexpr auto L = symbols::L;
    static constexpr auto V = symbols::V;
    static constexpr auto w = symbols::w;
    static constexpr auto M = symbols::M;
    static constexpr auto q = dim<"q">;  // DeepSeek's query latent
    static constexpr auto s = dim<"s">;  // DeepSeek's shared experts
};

template <typename T = void>  // instantiated only where used: including the catalog costs no model
auto make_catalog() {
    using namespace symbols;
    using D = dependent_symbols<T>;  // the models' calls depend on T: nothing is traced until used
    constexpr std::string_view order = "b n m d h g k r p q f s E e L V w M i";
    const regime none{"none", assume()};
    const regime short_context{"n ≪ d", assume(n << d)};
    const regime long_context{"d ≪ n", assume(d << n)};
    const regime small_heads{"h² ≤ d", assume(h * h <= d)};
    // Shazeer 2019 states m = n, k = d/h and n ≤ d (§2.3.1) for every figure.
    const auto shazeer = [](std::string_view source, cost_kind cost, bound_kind bound, const polynomial& figure) {
        return published_figure{source, cost, bound, figure, "n ≤ d", assume(n <= d)};
    };
    const std::string_view llm = "b=1,n=4096,d=4096,h=32,g=8,f=16384,L=32,V=32000,w=1024,m=1024,k=128,E=8,e=2,r=512,p=64,q=1536,s=2";
    // Small sizes for validation: every extent integral (h | d, g | h), two or more layers.
    const std::array<std::string_view, 3> small{"b=2,n=8,d=16,h=4,g=2,f=24,L=2,V=11,w=3,m=5,k=6,E=4,e=2,r=6,p=4,q=5,s=1",
                                                "b=1,n=24,d=32,h=8,g=4,f=16,L=3,V=7,w=5,m=12,k=4,E=3,e=1,r=8,p=2,q=6,s=2",
                                                "b=2,n=16,d=24,h=2,g=1,f=40,L=2,V=13,w=4,m=7,k=10,E=5,e=3,r=4,p=6,q=3,s=1"};
    return boost::hana::make_tuple(
        entry{"mha", "Multi-head attention, all positions at once", "Shazeer 2019 §2.3", "ordo/models/attention.hpp",
              order, llm, "n", small, {none, short_context, long_context, small_heads},
              {shazeer("Shazeer 2019 §2.3", cost_kind::flops, bound_kind::theta, b * n * d * d),
               shazeer("Shazeer 2019 §2.3", cost_kind::bytes_moved, bound_kind::big_o,
                       b * n * d + b * h * n * n + d * d)},
              [] { return mha(D::b, D::n, D::d, D::h); }},
        entry{"mqa", "Multi-query attention (one key/value head)", "Shazeer 2019 §3", "ordo/models/attention.hpp",
              order, llm, "n", small, {none, short_context, long_context, small_heads},
              no_figures, [] { return mqa(D::b, D::n, D::d, D::h); }},
        entry{"gqa", "Grouped-query attention (g key/value heads)", "Ainslie et al. 2023", "ordo/models/attention.hpp",
              order, llm, "n", small, {none, short_context, long_context, small_heads},
              no_figures, [] { return gqa(D::b, D::n, D::d, D::h, D::g); }},
        entry{"mha_incremental", "Multi-head attention, incremental decoding with a KV cache",
              "Shazeer 2019 §2.4", "ordo/models/incremental.hpp", order, llm, "n", small,
              {none, short_context, long_context, small_heads},
              {shazeer("Shazeer 2019 §2.4", cost_kind::flops, bound_kind::theta, b * n * d * d),
               shazeer("Shazeer 2019 §2.4", cost_kind::bytes_moved, bound_kind::theta, b * n * n * d + n * d * d)},
              [] { return mha_incremental(D::b, D::n, D::d, D::h); }},
        entry{"mqa_incremental", "Multi-query attention, incremental decoding with a KV cache",
              "Shazeer 2019 §3.1", "ordo/models/incremental.hpp", order, llm, "n", small,
              {none, short_context, long_context, small_heads},
              {shazeer("Shazeer 2019 §3.1", cost_kind::flops, bound_kind::theta, b * n * d * d),
               shazeer("Shazeer 2019 §3.1", cost_kind::bytes_moved, bound_kind::theta,
                       b * n * d + b * n * n * (d / h) + n * d * d)},
              [] { return mqa_incremental(D::b, D::n, D::d, D::h); }},
        entry{"gqa_incremental", "Grouped-query attention, incremental decoding with a KV cache",
              "Ainslie et al. 2023", "ordo/models/incremental.hpp", order, llm, "n", small,
              {none, short_context, long_context, small_heads}, no_figures,
              [] { return gqa_incremental(D::b, D::n, D::d, D::h, D::g); }},
        entry{"sliding_window", "Sliding-window attention (window w)", "Beltagy et al. 2020; Jiang et al. 2023",
              "ordo/models/attention.hpp", order, llm, "w", small,
              {none, short_context, long_context, regime{"w ≪ n", assume(w << n)}},
              no_figures, [] { return sliding_window(D::b, D::n, D::d, D::h, D::w); }},
        entry{"standard_attention", "Standard attention, one head (N×N scores in main memory)",
              "Dao et al. 2022 Thm. 2", "ordo/models/flash.hpp", order, "n=4096,d=128", "n",
              {"n=16,d=8", "n=32,d=4", "n=12,d=6"},
              {none, short_context, long_context, regime{"d ≤ n", assume(d <= n)}},
              {published_figure{"Dao et al. 2022 Thm. 2", cost_kind::bytes_moved, bound_kind::theta, n * d + n * n},
               published_figure{}},
              [] { return standard_attention(D::n, D::d); }},
        entry{"flash_attention", "Tiled attention with on-chip memory M (FlashAttention)",
              "Dao et al. 2022 Thm. 1-2", "ordo/models/flash.hpp", order, "n=4096,d=128,M=32768", "n",
              {"n=16,d=4,M=64", "n=24,d=4,M=32", "n=32,d=8,M=128"},
              {none, short_context, long_context, regime{"d² ≪ M", assume(d * d << M)}},
              {published_figure{"Dao et al. 2022 Thm. 1", cost_kind::flops, bound_kind::big_o, n * n * d, "d ≤ M ≤ Nd",
                                assume(d <= M, M <= n * d)},
               published_figure{"Dao et al. 2022 Thm. 2", cost_kind::bytes_moved, bound_kind::theta, n * n * d * d / M,
                                "d ≤ M ≤ Nd", assume(d <= M, M <= n * d)}},
              [] { return flash_attention(D::n, D::d, D::M); }},
        entry{"decoder_layer", "GPT-style decoder layer (pre-norm, causal MHA, GELU MLP)",
              "Radford et al. 2019", "ordo/models/decoder.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"f ≤ d", assume(f <= d, d <= f)}},
              no_figures, [] { return decoder_layer(D::b, D::n, D::d, D::h, D::f); }},
        entry{"decoder", "GPT-style decoder: tied embedding, L layers, final norm, logits",
              "Radford et al. 2019; Hoffmann et al. 2022 App. F", "ordo/models/decoder.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"f ≤ d", assume(f <= d, d <= f)}},
              {published_figure{"Hoffmann et al. 2022 App. F (forward)", cost_kind::flops, bound_kind::exact,
                                b * (2 * n * V * d +
                                     L * (6 * n * d * d + 2 * n * n * d + 3 * h * n * n + 2 * n * n * d +
                                          2 * n * d * d + 4 * n * d * f) +
                                     2 * n * d * V),
                                "", assume(), &conventions::chinchilla},
               published_figure{}},
              [] { return decoder(D::b, D::n, D::d, D::h, D::f, D::L, D::V); }},
        entry{"llama_decoder", "LLaMA-style decoder: RMSNorm, SwiGLU MLP, grouped-query attention, untied output",
              "Touvron et al. 2023; Jiang et al. 2023", "ordo/models/decoder.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"f ≤ d", assume(f <= d, d <= f)}},
              no_figures, [] { return llama_decoder(D::b, D::n, D::d, D::h, D::g, D::f, D::L, D::V); }},
        entry{"llama_decode_step", "One decoding step of a LLaMA-style decoder: b new tokens over a KV cache of n positions",
              "Touvron et al. 2023; Pope et al. 2022 (inference cost)", "ordo/models/decode_step.hpp", order, llm, "b", small,
              {none, short_context, long_context, regime{"b ≪ d", assume(b << d)}},
              no_figures, [] { return llama_decode_step(D::b, D::n, D::d, D::h, D::g, D::f, D::L, D::V); }},
        entry{"mistral_decoder", "Sliding-window decoder: LLaMA-style layers attending over the last w positions",
              "Jiang et al. 2023", "ordo/models/decoder.hpp", order, llm, "w", small,
              {none, short_context, long_context, regime{"w ≪ n", assume(w << n)}},
              no_figures, [] { return mistral_decoder(D::b, D::n, D::d, D::h, D::g, D::f, D::L, D::V, D::w); }},
        entry{"cross_attention", "Cross-attention: n queries attend to m memory positions (encoder-decoder)",
              "Vaswani et al. 2017 §3.2.3", "ordo/models/attention.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"m ≪ n", assume(m << n)}},
              no_figures, [] { return cross_attention(D::b, D::n, D::m, D::d, D::h); }},
        entry{"moe_mlp", "Mixture-of-experts MLP: top e of E SwiGLU experts per token",
              "Shazeer et al. 2017; Fedus et al. 2022", "ordo/models/experts.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"e constant, E ≪ f", assume(constant(e), E << f)}},
              no_figures, [] { return moe_mlp(D::b, D::n, D::d, D::f, D::E, D::e); }},
        entry{"mixtral_decoder", "Mixtral-style decoder: LLaMA-style layers with a mixture-of-experts MLP",
              "Jiang et al. 2024", "ordo/models/decoder.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"e constant, E ≪ f", assume(constant(e), E << f)}},
              no_figures, [] { return mixtral_decoder(D::b, D::n, D::d, D::h, D::g, D::f, D::L, D::V, D::E, D::e); }},
        entry{"mla", "Multi-head latent attention (latent r, rotary key p), all positions at once",
              "Liu et al. 2024 (DeepSeek-V2) §2.1", "ordo/models/latent_attention.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"r, p ≪ d", assume(r << d, p << d)}},
              no_figures, [] { return mla(D::b, D::n, D::d, D::h, D::k, D::r, D::p); }},
        entry{"mla_incremental", "Multi-head latent attention, incremental decoding: r + p cached per token, absorbed",
              "Liu et al. 2024 (DeepSeek-V2) §2.1, Table 1", "ordo/models/latent_attention.hpp", order, llm, "n", small,
              {none, short_context, long_context, regime{"r, p ≪ d", assume(r << d, p << d)}},
              no_figures, [] { return mla_incremental(D::b, D::n, D::d, D::h, D::k, D::r, D::p); }},
        entry{"deepseek_decoder", "DeepSeek-V2-style decoder: latent attention, shared and routed experts, first layer dense",
              "Liu et al. 2024 (DeepSeek-V2) §2", "ordo/models/deepseek.hpp", order, llm, "n", small,
              {none, short_context, long_context,
               regime{"e, s constant, E ≪ f", assume(constant(e), constant(D::s), E << f)}},
              no_figures,
              [] { return deepseek_decoder(D::b, D::n, D::d, D::h, D::k, D::r, D::p, D::q, D::f, D::s, D::E, D::e, D::L, D::V); }});
}
}  // namespace detail

/// The catalog, in the order the report prints it: built once, in static storage (its entries'
/// regimes and figures hold megabytes of polynomials, too much to copy onto a stack).
template <typename T = void>  // a dependent call: nothing is instantiated until used
const auto& catalog() {
    static const auto entries = detail::make_catalog<T>();
    return entries;
}

namespace detail {
template <typename F, typename E>
[[gnu::noinline]] void call_apart(F& f, const E& entry) {
    f(entry);
}
}  // namespace detail

/// Calls f(entry) for each entry, in order, each call in a frame of its own. A model's graph
/// and costs take hundreds of kilobytes of stack; inlined together, as `hana::for_each` over
/// the catalog does, nineteen of them pass an 8 MB stack under AddressSanitizer.
template <typename F>
void for_each_entry(F&& f) {
    // catalog<void>, named through F so that nothing is instantiated until this is used
    boost::hana::for_each(catalog<std::conditional_t<true, void, F>>(), [&](const auto& entry) { detail::call_apart(f, entry); });
}

}  // namespace ordo::models
