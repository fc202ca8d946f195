#include "docs.hpp"

#include "report.hpp"

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

using ordo::models::symbols::n;

constexpr std::array<const ordo::convention*, 4> conventions{&ordo::conventions::standard, &ordo::conventions::gemm_only,
                                                             &ordo::conventions::macs, &ordo::conventions::chinchilla};

std::string math(const ordo::polynomial& p, const std::string& order) {
    return "$" + ordo::to_string(p, ordo::notation::latex, order) + "$";
}

std::string math(const ordo::piecewise_max& m, const std::string& order) {
    if (m.is_polynomial()) return math(m.candidates[0], order);
    std::string s = "$\\max\\left(";
    for (int k = 0; k < m.count; ++k) s += (k ? ", " : "") + ordo::to_string(m.candidates[k], ordo::notation::latex, order);
    return s + "\\right)$";
}

/// 1234567 -> "1,234,567"
std::string grouped(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

template <typename Cost>
std::string value_at(const Cost& c, const ordo::bindings& at) {
    try {
        return grouped(ordo::eval(c, at));
    } catch (const ordo::error&) {
        return "—";
    }
}

std::string escape_mermaid(std::string s) {
    std::string out;
    for (char c : s) out += c == '"' ? std::string("#quot;") : std::string(1, c);
    return out;
}

std::string node_label(const ordo::graph& g, int id) {
    const ordo::node& v = g.nodes[id];
    if (v.kind == ordo::op_kind::input || v.kind == ordo::op_kind::param)
        return std::string(ordo::detail::unpack_name(v.name).view()) + " (" + std::string(ordo::name_of(v.kind)) + ")";
    std::string label(ordo::name_of(v.kind));
    if (v.kind == ordo::op_kind::einsum) {
        std::string spec(ordo::detail::spec_of(v.spec));
        label += " " + std::regex_replace(spec, std::regex("->"), "→");
    }
    return label;
}

std::string region_label(const ordo::graph& g, int r, const std::string& order) {
    const ordo::region& reg = g.regions[r];
    const std::string index(ordo::detail::unpack_name(reg.index).view());
    const std::string count = ordo::to_string(ordo::to_polynomial(reg.count), ordo::notation::unicode, order);
    return (reg.kind == ordo::region_kind::steps ? "steps " : "repeat ") + index + " = 1…" + count;
}

std::string mermaid(const ordo::graph& g, const std::string& order) {
    std::ostringstream s;
    s << "```mermaid\nflowchart TD\n";
    std::function<void(int, const std::string&)> emit = [&](int r, const std::string& indent) {
        for (int id = 0; id < g.node_count; ++id)
            if (g.nodes[id].region == r) s << indent << "n" << id << "[\"" << escape_mermaid(node_label(g, id)) << "\"]\n";
        for (int c = 1; c < g.region_count; ++c)
            if (g.regions[c].parent == r) {
                s << indent << "subgraph loop" << c << "[\"" << escape_mermaid(region_label(g, c, order)) << "\"]\n";
                emit(c, indent + "  ");
                s << indent << "end\n";
            }
    };
    emit(0, "  ");
    for (int id = 0; id < g.node_count; ++id)
        for (int k = 0; k < g.nodes[id].operand_count; ++k) {
            const int o = g.nodes[id].operands[k];
            s << "  n" << o << " -->|\"" << escape_mermaid(ordo::to_string(g.nodes[o].shape)) << "\"| n" << id << "\n";
        }
    s << "```\n";
    return s.str();
}

/// The crossover n* where the activation-only FLOPs overtake the weight FLOPs, symbolically
/// when each group is a single power of n times a polynomial free of n.
std::string symbolic_crossover(const ordo::flops_groups& split, const std::string& order) {
    auto power = [](const ordo::polynomial& p) {
        const int slot = p.slot_of(ordo::detail::pack_name("n"));
        int e = -1000;
        for (int k = 0; k < p.term_count; ++k) {
            const int here = slot < 0 ? 0 : p.terms[k].exponent(slot);
            if (e != -1000 && here != e) return -1000;
            e = here;
        }
        return e;
    };
    const int p = power(split.with_weights), q = power(split.without_weights);
    if (p == -1000 || q == -1000 || q <= p) return "";
    ordo::polynomial a = split.with_weights / ordo::pow(ordo::polynomial(n), p);
    ordo::polynomial b = split.without_weights / ordo::pow(ordo::polynomial(n), q);
    // cancel the monomial both sides share (b in 8bd²/(4bd + 5bh))
    for (int i = 0; i < a.dim_count; ++i) {
        const ordo::detail::u128 name = a.dims[i];
        int common = 1 << 20;
        for (const ordo::polynomial* side : {&a, &b}) {
            const int slot = side->slot_of(name);
            for (int k = 0; k < side->term_count; ++k) common = std::min(common, slot < 0 ? 0 : side->terms[k].exponent(slot));
        }
        if (common > 0) {
            const ordo::polynomial factor = ordo::pow(ordo::polynomial::dimension(name), common);
            a = a / factor;
            b = b / factor;
            i = -1;  // the dims changed: start over
        }
    }
    const std::string ratio = "\\frac{" + ordo::to_string(a, ordo::notation::latex, order) + "}{" +
                              ordo::to_string(b, ordo::notation::latex, order) + "}";
    return "$n^{*} = " + (q - p == 1 ? ratio : "\\left(" + ratio + "\\right)^{1/" + std::to_string(q - p) + "}") + "$";
}

std::string crossover_text(const ordo::graph& g, const ordo::bindings& at) {
    const ordo::flops_groups split = ordo::flops_by_group(g);
    ordo::bindings others;
    for (int i = 0; i < at.count; ++i)
        if (at.items[i].name != ordo::detail::pack_name("n")) others.add(at.items[i]);
    const ordo::crossover_point x = ordo::crossover(split.with_weights, split.without_weights, n, others);
    if (!x.found) return "never";
    if (x.is_exact) {
        std::ostringstream s;
        s << "n = " << grouped(x.upper) << " (exactly " << x.exact.num << "/" << x.exact.den << ")";
        return s.str();
    }
    return "n = " + grouped(x.upper);
}

std::vector<ordo::polynomial> live_memory(const ordo::graph& g) {
    std::vector<ordo::polynomial> live(static_cast<std::size_t>(g.node_count));
    ordo::detail::for_each_program_point(g, [&](int point, const ordo::polynomial& here, bool) {
        live[static_cast<std::size_t>(point)] = here;
    });
    return live;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("ordo docs: cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The definition of `constexpr graph name(...)` in `text`, with its doc comment.
std::string function_text(const std::string& text, const std::string& name) {
    const std::string signature = "constexpr graph " + name + "(";
    const std::size_t at = text.find(signature);
    if (at == std::string::npos) return "";
    std::size_t start = text.rfind("\ntemplate", at);
    start = start == std::string::npos ? at : start + 1;
    while (true) {  // the /// lines just above
        const std::size_t previous = text.rfind('\n', start - 2);
        if (previous == std::string::npos || text.compare(previous + 1, 3, "///") != 0) break;
        start = previous + 1;
    }
    int depth = 0;
    std::size_t end = text.find('{', at);
    for (; end < text.size(); ++end) {
        if (text[end] == '{') ++depth;
        if (text[end] == '}' && --depth == 0) break;
    }
    return text.substr(start, end + 1 - start) + "\n";
}

/// The model's function and the catalog functions it calls, from its header.
std::string model_code(const std::string& header_text, const std::string& name) {
    std::string code = function_text(header_text, name);
    std::set<std::string> seen{name};
    const std::regex call(R"(return ([a-z_]+)\()");
    for (std::size_t round = 0; round < 3; ++round) {
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

/// The per-layer KV cache of incremental decoding: bytes per sequence position.
ordo::polynomial kv_cache_bytes_per_position(const ordo::graph& g) {
    ordo::polynomial total;
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == ordo::op_kind::kv_cache) total += ordo::detail::buffer_bytes(g, id);
    return total / ordo::polynomial(n);
}

struct real_model {
    const char* name;
    const char* shapes;  ///< published configuration: d, h, g (key/value heads), f, L, V, context n, window w
    bool sliding_window;
};

/// Published shapes of real models (inputs to ordo, not results).
constexpr real_model real_models[] = {
    {"GPT-2 small", "b=1,d=768,h=12,g=12,f=3072,L=12,V=50257,n=1024,w=1", false},
    {"GPT-3 175B", "b=1,d=12288,h=96,g=96,f=49152,L=96,V=50257,n=2048,w=1", false},
    {"LLaMA-2 7B (shapes)", "b=1,d=4096,h=32,g=32,f=11008,L=32,V=32000,n=4096,w=1", false},
    {"LLaMA-2 70B (shapes, GQA 8)", "b=1,d=8192,h=64,g=8,f=28672,L=80,V=32000,n=4096,w=1", false},
    {"Mistral 7B (shapes, window 4096)", "b=1,d=4096,h=32,g=8,f=14336,L=32,V=32000,n=32768,w=4096", true},
};

std::string real_models_table() {
    using namespace ordo::models::symbols;
    const ordo::graph whole = ordo::models::gqa_decoder(b, n, d, h, g, f, L, V);
    const ordo::graph attention = ordo::models::gqa(b, n, d, h, g);
    const ordo::graph layer = ordo::models::gqa_decoder_layer(b, n, d, h, g, f);
    const ordo::graph window = ordo::models::sliding_window(b, n, d, h, w);
    const ordo::polynomial cache = kv_cache_bytes_per_position(ordo::models::gqa_incremental(b, n, d, h, g)) * ordo::polynomial(L);
    std::ostringstream s;
    s << "| model | shapes | parameters | forward FLOPs per token | KV cache per token (f32) | attention core overtakes "
         "projections at | … and the MLP at | context n vs d |\n|---|---|---|---|---|---|---|---|\n";
    for (const real_model& m : real_models) {
        const ordo::bindings at = parse_sizes(m.shapes, "");
        const std::int64_t context = at.size_of(ordo::detail::pack_name("n"));
        const std::int64_t width = at.size_of(ordo::detail::pack_name("d"));
        const std::int64_t total = ordo::eval(ordo::flops(whole), at);
        s << "| " << m.name << " | `" << m.shapes << "` | " << grouped(ordo::eval(ordo::params(whole), at)) << " | "
          << grouped(total / context) << " | " << grouped(ordo::eval(cache, at)) << " B | "
          << crossover_text(m.sliding_window ? window : attention, at) << " | " << crossover_text(layer, at) << " | "
          << "n = " << grouped(context) << (context <= width ? " ≤ " : " > ") << "d = " << grouped(width) << " |\n";
    }
    s << "\nParameters and FLOPs are those of ordo's GPT-style decoder (`gqa_decoder`: pre-norm, grouped-query "
         "attention, a two-matrix GELU MLP of width f, tied embedding) at these shapes, so LLaMA-style "
         "three-matrix MLPs are not reproduced exactly. FLOPs per token: the standard convention over the whole "
         "context, divided by n. The crossovers move n with everything else fixed: the first for the attention "
         "graph alone (`gqa`, or `sliding_window` with its window), the second for a decoder layer "
         "(`gqa_decoder_layer`: projections and MLP against the attention core, norms and residuals).\n";
    return s.str();
}

std::string ratio_text(std::int64_t a, std::int64_t b) {
    std::ostringstream s;
    s.precision(3);
    s << static_cast<double>(a) / static_cast<double>(b);
    return s.str() + "×";
}

std::string index_page(const std::string& models_table) {
    using namespace ordo::models::symbols;
    const std::string order = "b n d h";
    const ordo::graph mha = ordo::models::mha(b, n, d, h);
    const auto work = ordo::flops(mha);
    std::ostringstream s;
    s << "# ordo reference\n\nGenerated by `ordo docs` from the catalog's graphs; every formula and number below is "
         "derived by ordo (the only inputs are published model shapes). Do not edit.\n\n";
    s << "| model | | Θ FLOPs | Θ FLOPs, n ≪ d | Θ FLOPs, d ≪ n |\n|---|---|---|---|---|\n" << models_table;
    s << "\nOther pages: [real model shapes](real-models.md), [troubleshooting](../troubleshooting.md), "
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
    const std::string formula = symbolic_crossover(ordo::flops_by_group(mha), order);
    s << "The attention core overtakes the projections at " << formula << " (convention `standard`).\n\n";

    s << "## For which real models and contexts the paper's regime holds\n\n" << real_models_table() << "\n";

    s << "## What MQA, GQA and tiled attention change, in numbers\n\n";
    const ordo::bindings big = parse_sizes(real_models[3].shapes, "");
    const std::string shapes = real_models[3].shapes;
    const std::int64_t heads = big.size_of(ordo::detail::pack_name("h"));
    auto cache_at = [&](std::int64_t groups) {
        const ordo::graph inc = ordo::models::gqa_incremental(b, n, d, h, g);
        return ordo::eval(kv_cache_bytes_per_position(inc) * ordo::polynomial(L),
                          parse_sizes(shapes, "g=" + std::to_string(groups)));
    };
    auto traffic_at = [&](std::int64_t groups) {
        return ordo::eval(ordo::bytes_moved(ordo::models::gqa_incremental(b, n, d, h, g)),
                          parse_sizes(shapes, "g=" + std::to_string(groups)));
    };
    const std::int64_t groups = big.size_of(ordo::detail::pack_name("g"));
    s << "At " << real_models[3].name << " shapes (`" << shapes << "`), f32:\n\n"
      << "| attention | key/value heads | KV cache per token, all layers | one layer's incremental decoding of n tokens: bytes moved |\n|---|---|---|---|\n"
      << "| MHA | " << heads << " | " << grouped(cache_at(heads)) << " B | " << grouped(traffic_at(heads)) << " B |\n"
      << "| GQA | " << groups << " | " << grouped(cache_at(groups)) << " B (" << ratio_text(cache_at(heads), cache_at(groups))
      << " less) | " << grouped(traffic_at(groups)) << " B (" << ratio_text(traffic_at(heads), traffic_at(groups)) << " less) |\n"
      << "| MQA | 1 | " << grouped(cache_at(1)) << " B (" << ratio_text(cache_at(heads), cache_at(1)) << " less) | "
      << grouped(traffic_at(1)) << " B (" << ratio_text(traffic_at(heads), traffic_at(1)) << " less) |\n\n";
    const ordo::graph standard = ordo::models::standard_attention(n, d), tiled = ordo::models::flash_attention(n, d, M);
    std::string tile_sizes;  // the tiled model's own default sizes from the catalog
    boost::hana::for_each(ordo::models::catalog(), [&](const auto& entry) {
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
      << math(ordo::theta(ordo::peak_memory(tiled)).polynomial_value(), "n d M") << ").\n";
    return s.str();
}

}  // namespace

std::string graph_page(const ordo::graph& g, const page_info& info, const std::vector<std::pair<std::string, ordo::assumptions>>& regimes) {
    const std::string& order = info.print_order;
    const ordo::bindings at = parse_sizes(info.sizes, "");
    std::ostringstream s;
    s << "# " << info.title << "\n\n";
    s << "*" << info.source << ".* Generated by `ordo docs` (ordo " << ORDO_VERSION_STRING
      << ") from the traced graph; do not edit. Values at `" << info.sizes << "`.\n\n";
    if (!info.code.empty()) s << "## Source\n\n```cpp\n" << info.code << "```\n\n";
    s << "## Graph\n\n" << g.node_count << " ops; edges carry the tensor shapes.\n\n" << mermaid(g, order) << "\n";

    s << "## Per-op costs\n\nConvention `standard`; bytes count main memory; live memory is what is allocated "
         "while the op runs. Inside a loop, FLOPs and bytes are per iteration (in its index) and live memory is at "
         "the last iteration.\n\n| # | op | shape | FLOPs | bytes moved | live memory |\n|---|---|---|---|---|---|\n";
    const std::vector<ordo::polynomial> live = live_memory(g);
    const ordo::memory_spaces spaces = ordo::memory_spaces_of(g);
    for (int id = 0; id < g.node_count; ++id) {
        std::string op = node_label(g, id);
        if (g.nodes[id].region != 0) op += " (in " + region_label(g, g.nodes[id].region, order) + ")";
        s << "| " << id << " | " << op << " | `" << ordo::to_string(g.nodes[id].shape) << "` | "
          << math(ordo::node_flops(g, id, ordo::conventions::standard), order) << " | "
          << math(ordo::node_bytes(g, id, spaces), order) << " | " << math(live[static_cast<std::size_t>(id)], order) << " |\n";
    }

    s << "\n## Totals\n\n| cost | convention | formula | at the sizes above |\n|---|---|---|---|\n";
    for (const ordo::convention* c : conventions)
        s << "| FLOPs | `" << c->name << "` | " << math(ordo::flops(g, *c).polynomial_value(), order) << " | "
          << value_at(ordo::flops(g, *c), at) << " |\n";
    s << "| bytes moved | — | " << math(ordo::bytes_moved(g).polynomial_value(), order) << " | " << value_at(ordo::bytes_moved(g), at) << " |\n";
    s << "| peak memory (bytes) | — | " << math(ordo::peak_memory(g).value(), order) << " | " << value_at(ordo::peak_memory(g), at) << " |\n";
    s << "| parameters (elements) | — | " << math(ordo::params(g).polynomial_value(), order) << " | " << value_at(ordo::params(g), at) << " |\n";
    s << "\nConventions: ";
    for (const ordo::convention* c : conventions) s << "`" << c->name << "`: " << c->summary << ". ";
    s << "\n\n## Θ-classes\n\n| regime | FLOPs | bytes moved | peak memory |\n|---|---|---|---|\n";
    for (const auto& [name, assumed] : regimes) {
        s << "| " << name << " | ";
        try {
            s << math(ordo::theta(ordo::flops(g), assumed).polynomial_value(), order) << " | "
              << math(ordo::theta(ordo::bytes_moved(g), assumed).polynomial_value(), order) << " | "
              << math(ordo::theta(ordo::peak_memory(g), assumed).polynomial_value(), order) << " |\n";
        } catch (const ordo::error& e) {
            s << "undetermined (" << e.id() << ") | | |\n";
        }
    }
    if (g.facts.count > 0) {
        s << "\nFacts the graph implies (every extent is at least 1): ";
        for (int k = 0; k < g.facts.count; ++k)
            s << (k ? ", " : "") << math(g.facts.items[k].ratio, order) << " ≥ 1";
        s << ".\n";
    }
    const ordo::flops_groups split = ordo::flops_by_group(g);
    s << "\n## Crossover\n\nFLOPs of ops on a weight (projections, MLP, logits): " << math(split.with_weights, order)
      << "; of ops between activations only (attention core, norms, activations): " << math(split.without_weights, order)
      << ".\n\n";
    const std::string formula = symbolic_crossover(split, order);
    if (!formula.empty()) s << "The second overtakes the first at " << formula << ". ";
    s << "Along " << info.sweep << " with the other sizes above: " << crossover_text(g, at) << ".\n";
    s << "\n## Evidence\n\n`ordo validate` runs this graph on the xtensor runtime and compares counted FLOPs and the "
         "measured peak with the formulas above; `ordo validate --docs docs/evidence` writes the measured tables and "
         "plots, with the machine and date: [evidence](../evidence/index.md).\n";
    return s.str();
}

std::string graph_page(const ordo::graph& g, const page_info& info) {
    return graph_page(g, info, {{"none", ordo::assume()}});
}

void write_docs(const std::string& out, const std::string& source_dir) {
    namespace fs = std::filesystem;
    fs::create_directories(out);
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream file(fs::path(out) / name);
        file << text;
        if (!file) throw std::runtime_error("ordo docs: cannot write " + (fs::path(out) / name).string());
    };
    std::ostringstream index_models;
    boost::hana::for_each(ordo::models::catalog(), [&](const auto& entry) {
        page_info info{std::string(entry.name), std::string(entry.title), std::string(entry.source), "",
                       std::string(entry.print_order), std::string(entry.sizes), std::string(entry.sweep)};
        info.code = model_code(read_file(source_dir + "/symbolic/include/" + std::string(entry.header)), info.name);
        std::vector<std::pair<std::string, ordo::assumptions>> regimes;
        for (const auto& r : entry.regimes) regimes.emplace_back(std::string(r.name), r.assumed);
        const ordo::graph g = entry.make();
        write(info.name + ".md", graph_page(g, info, regimes));
        index_models << "| [" << info.name << "](" << info.name << ".md) | " << info.title << " | "
                     << math(ordo::theta(ordo::flops(g)).polynomial_value(), info.print_order) << " | "
                     << math(ordo::theta(ordo::flops(g), regimes[1].second).polynomial_value(), info.print_order) << " | "
                     << math(ordo::theta(ordo::flops(g), regimes[2].second).polynomial_value(), info.print_order) << " |\n";
    });
    write("real-models.md", "# Real model shapes\n\nGenerated by `ordo docs`; do not edit.\n\n" + real_models_table());
    write("index.md", index_page(index_models.str()));
}

}  // namespace ordo_tool
