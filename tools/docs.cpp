#include "docs.hpp"

#include "roofline_plot.hpp"
#include "training_page.hpp"

#include "report.hpp"

#include <ordo/pages.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ordo_tool {

namespace {

using ordo::pages::crossover_formula;
using ordo::pages::crossover_text;
using ordo::pages::grouped;
using ordo::pages::math;

/// One head when the costs never mention h (d is then the head dimension).
std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("ordo docs: cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The index just past the bracket that closes the first `open` at or after `from`.
std::size_t past_closing(const std::string& text, std::size_t from, char open, char close) {
    int depth = 0;
    for (std::size_t at = text.find(open, from); at < text.size(); ++at) {
        if (text[at] == open) ++depth;
        if (text[at] == close && --depth == 0) return at + 1;
    }
    return text.size();
}

/// The definition of `constexpr graph name(...)` (or `constexpr auto name(...)`) in `text`,
/// with its doc comment.
std::string function_text(const std::string& text, const std::string& name) {
    std::size_t at = text.find("constexpr graph " + name + "(");
    if (at == std::string::npos) at = text.find("constexpr auto " + name + "(");  // a building block
    if (at == std::string::npos) return "";
    std::size_t start = text.rfind("\ntemplate", at);
    start = start == std::string::npos ? at : start + 1;
    while (true) {  // the /// lines just above
        const std::size_t previous = text.rfind('\n', start - 2);
        if (previous == std::string::npos || text.compare(previous + 1, 3, "///") != 0) break;
        start = previous + 1;
    }
    // the body's brace follows the parameter list, which may hold a `= {}` default
    const std::size_t end = past_closing(text, past_closing(text, at, '(', ')'), '{', '}');
    return text.substr(start, end - start) + "\n";
}

/// The model's function and the catalog functions it calls, from the model headers' text.
std::string model_code(const std::string& header_text, const std::string& name) {
    std::string code = function_text(header_text, name);
    std::set<std::string> seen{name};
    const std::regex call(R"(return ([a-z_]+)(<[^;]*?>)?\()");
    for (std::size_t round = 0; round < 6; ++round) {  // deep enough for decoder → block → attention
        const std::string current = code;
        for (std::sregex_iterator it(current.begin(), current.end(), call), end; it != end; ++it) {
            const std::string callee = (*it)[1];
            if (seen.insert(callee).second) {
                const std::string more = function_text(header_text, callee);
                if (!more.empty()) code = more + "\n" + code;
            }
        }
    }
    return code;
}

/// The model's own header, then the other model headers (the building blocks it calls may be
/// defined there: grouped_attention for the incremental forms), in a fixed order.
std::string models_text(const std::string& source_dir, const std::string& own_header) {
    namespace fs = std::filesystem;
    const fs::path include = fs::path(source_dir) / "symbolic" / "include";
    std::vector<std::string> others;
    for (const auto& file : fs::directory_iterator(include / "ordo" / "models"))
        if (const std::string header = "ordo/models/" + file.path().filename().string(); header != own_header)
            others.push_back(header);
    std::sort(others.begin(), others.end());
    std::string text = read_file((include / own_header).string());
    for (const std::string& header : others) text += "\n" + read_file((include / header).string());
    return text;
}

/// Real model shapes as published, with the window a model has (w = n otherwise).
ordo::bindings published(const ordo::pages::real_model& m) {
    return ordo::pages::real_bindings(m, ordo::pages::real_shapes::as_named, {});
}

bool has_window(const ordo::pages::real_model& m) { return std::string(m.shapes).find("w=") != std::string::npos; }

/// The graphs a real model's row is computed on: the whole decoder, one layer, attention alone.
struct architecture {
    const char* page;
    ordo::graph whole, layer, attention;
};

/// Mixture-of-experts models: all parameters and those a token uses, from the graphs.
/// KV cache bytes per position over all L layers of grouped-query attention, in element type t.
ordo::polynomial grouped_kv_cache(ordo::dtype t) {
    using namespace ordo::models::symbols;
    return ordo::pages::kv_cache_bytes_per_position(ordo::with_element_type(ordo::models::gqa_incremental(b, n, d, h, g), t)) *
           ordo::polynomial(L);
}

std::string expert_models_table() {
    using namespace ordo::models::symbols;
    constexpr auto q = ordo::dim<"q">;
    constexpr auto s = ordo::dim<"s">;
    const ordo::graph mixtral = ordo::models::mixtral_decoder(b, n, d, h, g, f, L, V, E, e);
    const ordo::graph deepseek = ordo::models::deepseek_decoder(b, n, d, h, k, r, p, q, f, s, E, e, L, V);
    // KV cache per position over all layers: grouped-query heads in each of L layers; the
    // latent and the rotary key in each of DeepSeek's L + 1 (the dense first layer attends too).
    // (in each checkpoint's element type)
    const auto latent_cache = [&](ordo::dtype t) {
        return ordo::pages::kv_cache_bytes_per_position(
                   ordo::with_element_type(ordo::models::mla_incremental(b, n, d, h, k, r, p), t)) * (L + 1);
    };
    std::ostringstream out;
    out << "\n## Mixture-of-experts models\n\n| model | architecture | shapes | parameters | used per token | forward "
           "FLOPs per token | KV cache per token (checkpoint dtype) |\n|---|---|---|---|---|---|---|\n";
    for (const ordo::pages::real_model& m : ordo::pages::expert_models()) {
        const ordo::bindings at = published(m);
        const bool latent = m.architecture == ordo::pages::family::deepseek;
        const ordo::graph& whole = latent ? deepseek : mixtral;
        out << "| " << m.name << " | " << (latent ? "[deepseek_decoder](deepseek_decoder.md)" : "[mixtral_decoder](mixtral_decoder.md)")
            << " | `" << m.shapes << "` | " << grouped(ordo::eval(ordo::params(whole), at)) << " | "
            << grouped(ordo::eval(ordo::active_params(whole), at)) << " | "
            << grouped(ordo::eval(ordo::flops(whole), at) / at.size_of(ordo::detail::pack_name("n"))) << " | "
            << grouped(ordo::eval(latent ? latent_cache(m.checkpoint) : grouped_kv_cache(m.checkpoint), at)) << " B ("
            << ordo::name_of(m.checkpoint) << ") |\n";
    }
    out << "\nParameters: every weight of the graph; used per token: those a token multiplies (the router, the "
           "shared experts and e of the E routed ones, besides attention, norms, embedding and output), "
           "`ordo::active_params`. Both models' figures equal their released checkpoints', as "
           "`tests/static/published_moe_mla.cpp` checks. FLOPs per token: the standard convention over the whole "
           "context, divided by n; DeepSeek's graph computes attention in the naive form (keys and values "
           "up-projected), as training does. KV cache: `gqa_incremental` per layer for Mixtral, the absorbed "
           "`mla_incremental` (r + p elements per token per layer) for DeepSeek-V2.\n";
    return out.str();
}

std::string real_models_table() {
    using namespace ordo::models::symbols;
    using ordo::models::llama_style;
    const architecture gpt2{"[gqa_decoder](decoder.md)", ordo::models::gqa_decoder(b, n, d, h, g, f, L, V),
                            ordo::models::gqa_decoder_layer(b, n, d, h, g, f), ordo::models::gqa(b, n, d, h, g)};
    const architecture llama{"[llama_decoder](llama_decoder.md)", ordo::models::llama_decoder(b, n, d, h, g, f, L, V),
                             ordo::models::llama_decoder_layer(b, n, d, h, g, f), gpt2.attention};
    const architecture windowed{"[mistral_decoder](mistral_decoder.md)",
                                ordo::models::mistral_decoder(b, n, d, h, g, f, L, V, w),
                                ordo::models::gqa_decoder_layer<llama_style>(b, n, d, h, g, f, w),
                                ordo::models::gqa_sliding_window(b, n, d, h, g, w)};
    std::ostringstream s;
    s << "| model | architecture | shapes | parameters | forward FLOPs per token | KV cache per token (checkpoint dtype) | attention "
         "core overtakes projections at | attention overtakes projections + MLP (whole layer) at | context n vs d |\n|---|---|---|---|---|---|---|---|---|\n";
    for (const ordo::pages::real_model& m : ordo::pages::real_models()) {
        const ordo::bindings at = published(m);
        const std::int64_t context = at.size_of(ordo::detail::pack_name("n"));
        const std::int64_t width = at.size_of(ordo::detail::pack_name("d"));
        const architecture& a = has_window(m) ? windowed : m.architecture == ordo::pages::family::llama ? llama : gpt2;
        s << "| " << m.name << " | " << a.page << " | `" << m.shapes << "` | "
          << grouped(ordo::eval(ordo::params(a.whole), at)) << " | " << grouped(ordo::eval(ordo::flops(a.whole), at) / context)
          << " | " << grouped(ordo::eval(grouped_kv_cache(m.checkpoint), at)) << " B (" << ordo::name_of(m.checkpoint) << ") | "
          << crossover_text(a.attention, at) << " | "
          << crossover_text(a.layer, at) << " | "
          << "n = " << grouped(context) << (context <= width ? " ≤ " : " > ") << "d = " << grouped(width) << " |\n";
    }
    s << "\nParameters and FLOPs are those of ordo's decoders at these shapes: GPT-2 style (`gqa_decoder`: LayerNorm, "
         "two-matrix GELU MLP of width f, tied embedding; without GPT-2's learned positions and matrix biases) and "
         "LLaMA style (`llama_decoder`: RMSNorm, SwiGLU MLP, rotary embeddings, untied output); Mistral's attends "
         "over its window (`mistral_decoder`). FLOPs per token: the standard convention over the whole context, divided by n. The "
         "crossovers move n with everything else fixed: the first for the attention graph alone (`gqa`, or "
         "`gqa_sliding_window` with its window), the second for a decoder layer of the model's style (projections "
         "and MLP against the attention core, norms and residuals). Each model page has its own graph at these "
         "shapes.\n";
    return s.str() + expert_models_table();
}

std::string ratio_text(std::int64_t a, std::int64_t b) {
    std::ostringstream s;
    s.precision(3);
    s << static_cast<double>(a) / static_cast<double>(b);
    return s.str() + "×";
}

/// MHA, GQA and MQA at one model's shapes: KV cache per token and incremental decoding traffic.
std::string grouped_query_table(const ordo::pages::real_model& model) {
    using namespace ordo::models::symbols;
    const ordo::bindings big = published(model);
    const std::string shapes = model.shapes;
    const std::int64_t heads = big.size_of(ordo::detail::pack_name("h"));
    const ordo::graph inc = ordo::models::gqa_incremental(b, n, d, h, g);
    auto cache_at = [&](std::int64_t groups) {
        return ordo::eval(ordo::pages::kv_cache_bytes_per_position(inc) * ordo::polynomial(L),
                          parse_sizes(shapes, "g=" + std::to_string(groups)));
    };
    auto traffic_at = [&](std::int64_t groups) {
        return ordo::eval(ordo::bytes_moved(inc), parse_sizes(shapes, "g=" + std::to_string(groups)));
    };
    const std::int64_t groups = big.size_of(ordo::detail::pack_name("g"));
    std::ostringstream s;
    s << "At " << model.name << " shapes (`" << shapes << "`), float:\n\n"
      << "| attention | key/value heads | KV cache per token, all layers | one layer's incremental decoding of n tokens: bytes moved |\n|---|---|---|---|\n"
      << "| MHA | " << heads << " | " << grouped(cache_at(heads)) << " B | " << grouped(traffic_at(heads)) << " B |\n"
      << "| GQA | " << groups << " | " << grouped(cache_at(groups)) << " B (" << ratio_text(cache_at(heads), cache_at(groups))
      << " less) | " << grouped(traffic_at(groups)) << " B (" << ratio_text(traffic_at(heads), traffic_at(groups)) << " less) |\n"
      << "| MQA | 1 | " << grouped(cache_at(1)) << " B (" << ratio_text(cache_at(heads), cache_at(1)) << " less) | "
      << grouped(traffic_at(1)) << " B (" << ratio_text(traffic_at(heads), traffic_at(1)) << " less) |\n\n";
    return s.str();
}

std::string index_page(const std::string& models_table, const std::string& figures_table) {
    using namespace ordo::models::symbols;
    const std::string order = "b n d h";
    const ordo::graph mha = ordo::models::mha(b, n, d, h);
    const auto work = ordo::flops(mha);
    std::ostringstream s;
    s << "# ordo reference\n\nGenerated by `ordo docs` from the catalog's graphs; every formula and number below is "
         "derived by ordo (the only inputs are published model shapes and the catalog's default sizes). Do not edit.\n\n";
    s << "| model | | Θ FLOPs | Θ FLOPs, n ≪ d | Θ FLOPs, d ≪ n |\n|---|---|---|---|---|\n" << models_table;
    s << "\nOther pages: [real model shapes](real-models.md), [training over t devices](training.md), [troubleshooting](../troubleshooting.md), "
         "[guide](../guide.md).\n\n";

    s << "## Why the MQA paper reports Θ(bnd²) and the full count is Θ(bnd² + bn²d)\n\n";
    s << "Traced from the einsum form of multi-head attention ([mha](mha.md)), the FLOPs are "
      << math(work.polynomial_value(), order) << ": the projections and the attention core (scores, softmax, mixing). "
      << "With no assumption their Θ-class is " << math(ordo::theta(work).polynomial_value(), order)
      << "; under n ≤ d it is " << math(ordo::theta(work, ordo::assume(n <= d)).polynomial_value(), order)
      << ", the paper's figure, and under d ≪ n it is " << math(ordo::theta(work, ordo::assume(d << n)).polynomial_value(), order)
      << ". So Θ(bnd²) holds exactly when n = O(d), the assumption the paper makes in one line. ";
    s << "Memory: ordo's peak is " << math(ordo::peak_memory(mha).value(), order) << ", of Θ-class "
      << math(ordo::theta(ordo::peak_memory(mha)).polynomial_value(), order) << ".\n\n";
    const std::string formula = crossover_formula(mha, order);
    s << "The attention core overtakes the projections at " << formula << " (convention `standard`).\n\n";

    s << "## Where the published figures hold\n\nEach figure the catalog's sources publish, checked against the "
         "traced graph's cost under the source's own assumption and with none (✓ holds, ✗ does not); the model "
         "pages check every regime.\n\n| model | source | claim | under its assumption | with no assumption |\n"
         "|---|---|---|---|---|\n" << figures_table << "\n";
    s << "## For which real models and contexts the paper's regime holds\n\n" << real_models_table() << "\n";

    s << "## What MQA, GQA and tiled attention change, in numbers\n\n";
    const ordo::pages::real_model* widest = ordo::pages::widest_grouped_query(ordo::pages::real_models());
    s << (widest ? grouped_query_table(*widest) : "No published model has grouped-query attention.\n\n");
    const ordo::graph standard = ordo::models::standard_attention(n, d), tiled = ordo::models::flash_attention(n, d, M);
    std::string tile_sizes;  // the tiled model's own default sizes from the catalog
    ordo::models::for_each_entry([&](const auto& entry) {
        if (entry.name == "flash_attention") tile_sizes = std::string(entry.sizes);
    });
    const ordo::bindings t = parse_sizes(tile_sizes, "");
    const std::int64_t sb = ordo::eval(ordo::bytes_moved(standard), t), tb = ordo::eval(ordo::bytes_moved(tiled), t);
    const std::int64_t sp = ordo::eval(ordo::peak_memory(standard), t), tp = ordo::eval(ordo::peak_memory(tiled), t);
    s << "Tiled attention ([flash_attention](flash_attention.md)) against [standard attention](standard_attention.md), "
         "one head at `" << tile_sizes << "`: main-memory bytes " << grouped(tb) << " against " << grouped(sb) << " ("
      << ratio_text(sb, tb) << " less; Θ-class " << math(ordo::theta(ordo::bytes_moved(tiled)).polynomial_value(), "n d M")
      << " against " << math(ordo::theta(ordo::bytes_moved(standard)).polynomial_value(), "n d M") << "), peak memory "
      << grouped(tp) << " against " << grouped(sp) << " bytes (" << ratio_text(sp, tp) << " less; linear in n: "
      << math(ordo::theta(ordo::peak_memory(tiled)).polynomial_value(), "n d M") << ").\n\n";
    // The saving is the ratio of n² to n²d²/M: it grows as the head narrows.
    s << "At each published model's head dimension d/h and context n, the same on-chip memory (M = "
      << grouped(t.size_of(ordo::detail::pack_name("M"))) << " elements):\n\n| model | one head | standard: bytes moved | "
      << "tiled: bytes moved | less |\n|---|---|---|---|---|\n";
    for (const ordo::pages::real_model& m : ordo::pages::real_models()) {
        const ordo::bindings head = ordo::pages::real_bindings(m, ordo::pages::real_shapes::per_head, t);
        const std::int64_t hs = ordo::eval(ordo::bytes_moved(standard), head), ht = ordo::eval(ordo::bytes_moved(tiled), head);
        s << "| " << m.name << " | `n=" << head.size_of(ordo::detail::pack_name("n")) << ",d="
          << head.size_of(ordo::detail::pack_name("d")) << "` | " << grouped(hs) << " | " << grouped(ht) << " | "
          << ratio_text(hs, ht) << " |\n";
    }
    return s.str();
}

}  // namespace

void write_docs(const std::string& out, const std::string& source_dir) {
    namespace fs = std::filesystem;
    fs::create_directories(out);
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream file(fs::path(out) / name);
        file << text;
        if (!file) throw std::runtime_error("ordo docs: cannot write " + (fs::path(out) / name).string());
    };
    std::ostringstream index_models, figures;
    ordo::models::for_each_entry([&](const auto& entry) {
        const ordo::graph g = entry.make();
        ordo::pages::page_info info{.name = std::string(entry.name), .title = std::string(entry.title),
                                    .source = std::string(entry.source), .code = "",
                                    .print_order = std::string(entry.print_order), .sizes = std::string(entry.sizes),
                                    .sweep = std::string(entry.sweep),
                                    .shapes = single_head(g) ? ordo::pages::real_shapes::per_head
                                                             : ordo::pages::real_shapes::as_named,
                                    .evidence = "../evidence"};
        info.code = model_code(models_text(source_dir, std::string(entry.header)), info.name);
        try {
            info.roofline_plot = write_roofline_plot(g, info.name, *info.roofline_machine,
                                                     ordo::pages::parse_sizes(info.sizes), out);
        } catch (const ordo::error&) {  // exact sums past 64 bits: the page's table says so, no plot
        }
        ordo::pages::regimes regimes;
        for (const auto& r : entry.regimes) regimes.emplace_back(std::string(r.name), r.assumed);
        for (const ordo::published_figure& p : entry.published) {
            if (p.source.empty()) continue;
            info.published.push_back(p);
            auto verdict = [&](const ordo::assumptions& a) { return std::string(ordo::satisfies(g, p, a) ? "✓" : "✗"); };
            figures << "| [" << info.name << "](" << info.name << ".md) | " << p.source << " | "
                    << ordo::pages::claim_text(p, info.print_order) << " | "
                    << (p.stated.empty() ? "(none) " : std::string(p.stated) + ": ") << verdict(p.assumed) << " | "
                    << verdict(ordo::assume()) << " |\n";
        }
        write(info.name + ".md", ordo::pages::graph_page(g, info, regimes));
        index_models << "| [" << info.name << "](" << info.name << ".md) | " << info.title << " | "
                     << math(ordo::theta(ordo::flops(g)).polynomial_value(), info.print_order) << " | "
                     << math(ordo::theta(ordo::flops(g), regimes[1].second).polynomial_value(), info.print_order) << " | "
                     << math(ordo::theta(ordo::flops(g), regimes[2].second).polynomial_value(), info.print_order) << " |\n";
    });
    write("training.md", training_page());
    write("real-models.md", "# Real model shapes\n\nGenerated by `ordo docs`; do not edit.\n\n" + real_models_table());
    write("index.md", index_page(index_models.str(), figures.str()));
}

}  // namespace ordo_tool
