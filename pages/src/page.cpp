#include <ordo/pages.hpp>
#include <ordo/version.hpp>

#include <array>
#include <functional>
#include <iomanip>
#include <regex>
#include <sstream>

namespace ordo::pages {

namespace {

constexpr std::array<const convention*, 4> all_conventions{&conventions::standard, &conventions::gemm_only,
                                                           &conventions::macs, &conventions::chinchilla};

std::string escape_mermaid(const std::string& s) { return std::regex_replace(s, std::regex("\""), "#quot;"); }

std::string node_label(const graph& g, int id) {
    const node& v = g.nodes[id];
    if (v.kind == op_kind::input || v.kind == op_kind::param)
        return std::string(detail::unpack_name(leaf_name(v)).view()) + " (" + std::string(name_of(v.kind)) + ")";
    std::string label(name_of(v.kind));
    if (v.kind == op_kind::einsum) label += " " + std::regex_replace(std::string(spec_of(v)), std::regex("->"), "→");
    return label;
}

std::string region_label(const graph& g, int r, const std::string& order) {
    const region& reg = g.regions[r];
    const std::string index(detail::unpack_name(reg.index).view());
    const std::string count = to_string(to_polynomial(reg.count), notation::unicode, order);
    return (reg.kind == region_kind::steps ? "steps " : "repeat ") + index + " = 1…" + count;
}

/// The graph as a Mermaid flowchart: loops as subgraphs, shapes on the edges.
std::string mermaid(const graph& g, const std::string& order) {
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
            s << "  n" << o << " -->|\"" << escape_mermaid(to_string(g.nodes[o].shape)) << "\"| n" << id << "\n";
        }
    s << "```\n";
    return s.str();
}

std::string per_op_table(const graph& g, const std::string& order) {
    std::vector<polynomial> live(static_cast<std::size_t>(g.node_count));
    detail::for_each_program_point(g, [&](int point, const polynomial& here, bool) { live[static_cast<std::size_t>(point)] = here; });
    const memory_spaces spaces = memory_spaces_of(g);
    std::ostringstream s;
    s << "| # | op | shape | FLOPs | bytes moved | live memory after the op |\n|---|---|---|---|---|---|\n";
    for (int id = 0; id < g.node_count; ++id) {
        std::string op = node_label(g, id);
        if (g.nodes[id].region != 0) op += " (in " + region_label(g, g.nodes[id].region, order) + ")";
        s << "| " << id << " | " << op << " | `" << to_string(g.nodes[id].shape) << "` | "
          << math(node_flops(g, id, conventions::standard), order) << " | " << math(node_bytes(g, id, spaces), order)
          << " | " << math(live[static_cast<std::size_t>(id)], order) << " |\n";
    }
    return s.str();
}

std::string totals_table(const graph& g, const std::string& order, const bindings& at) {
    std::ostringstream s;
    s << "| cost | convention | formula | at the sizes above |\n|---|---|---|---|\n";
    for (const convention* c : all_conventions)
        s << "| FLOPs | `" << c->name << "` | " << math(flops(g, *c).polynomial_value(), order) << " | "
          << value_at(flops(g, *c).value(), at) << " |\n";
    s << "| bytes moved | — | " << math(bytes_moved(g).polynomial_value(), order) << " | " << value_at(bytes_moved(g).value(), at) << " |\n";
    s << "| peak memory (bytes) | — | " << math(peak_memory(g).value(), order) << " | " << value_at(peak_memory(g).value(), at) << " |\n";
    s << "| parameters (elements) | — | " << math(params(g).polynomial_value(), order) << " | " << value_at(params(g).value(), at) << " |\n";
    s << "\nConventions: ";
    for (const convention* c : all_conventions) s << "`" << c->name << "`: " << c->summary << ". ";
    return s.str() + "\n";
}

std::string theta_table(const graph& g, const std::string& order, const regimes& under) {
    std::ostringstream s;
    s << "| regime | FLOPs | bytes moved | peak memory |\n|---|---|---|---|\n";
    for (const auto& [name, assumed] : under) {
        s << "| " << name << " | ";
        try {
            s << math(theta(flops(g), assumed).polynomial_value(), order) << " | "
              << math(theta(bytes_moved(g), assumed).polynomial_value(), order) << " | "
              << math(theta(peak_memory(g), assumed).polynomial_value(), order) << " |\n";
        } catch (const error& e) {
            s << "undetermined (" << e.id() << ") | | |\n";
        }
    }
    if (g.facts.count > 0) {
        s << "\nFacts the graph implies (every extent is at least 1): ";
        for (int k = 0; k < g.facts.count; ++k) s << (k ? ", " : "") << math(g.facts.items[k].ratio, order) << " ≥ 1";
        s << ".\n";
    }
    return s.str();
}

std::string published_section(const graph& g, const page_info& info, const regimes& under) {
    if (info.published.empty())
        return "\n## Published figures\n\nNone recorded for this model. `ordo::satisfies(g, figure, assumptions)` "
               "checks a figure of your own against this graph.\n";
    const std::string& order = info.print_order;
    std::ostringstream s;
    s << "\n## Published figures\n\nEach figure checked against this graph's cost under the source's own assumption "
         "and under each regime above (✓ holds, ✗ does not, ? undecided).\n\n| source | claim | under its assumption |";
    for (const auto& regime : under) s << " " << regime.first << " |";
    s << "\n|---|---|---|";
    for (std::size_t k = 0; k < under.size(); ++k) s << "---|";
    s << "\n";
    auto verdict = [&](const published_figure& p, const assumptions& a) -> std::string {
        try {
            return satisfies(g, p, a) ? "✓" : "✗";
        } catch (const error&) {
            return "?";
        }
    };
    for (const published_figure& p : info.published) {
        s << "| " << p.source << " | " << claim_text(p, order) << " | "
          << (p.stated.empty() ? "(none) " + verdict(p, p.assumed) : std::string(p.stated) + ": " + verdict(p, p.assumed)) << " |";
        for (const auto& regime : under) s << " " << verdict(p, regime.second) << " |";
        s << "\n";
    }
    return s.str();
}

std::string real_shapes_section(const graph& g, const page_info& info, const bindings& at) {
    const std::string table = real_shapes_table(g, info.shapes, at);
    if (table.empty()) return "";
    std::string how = "b, n, d, h, g, f, L and V as published, with batch 1 and the model's context as n; w = n unless the model has a window";
    if (info.shapes == real_shapes::per_head) how = "one head, d the model's head dimension d/h and n its context";
    return "\n## At real model shapes\n\nThis page's graph (its own architecture) at published shapes: " + how +
           "; other sizes from the sizes above. Per token: the whole-context total divided by b·n. Crossover: n moves, "
           "everything else fixed. Bytes as the graph's element types give them.\n\n" + table;
}

std::string evidence_section(const page_info& info) {
    if (info.evidence.empty())
        return "\n## Evidence\n\nNo measured evidence accompanies this page: `ordo::runtime::measure(g, at)` runs the "
               "graph on the xtensor runtime and counts its FLOPs and peak memory, to compare with the formulas above.\n";
    const std::string dir = info.evidence + "/";
    return "\n## Evidence\n\n`ordo validate` runs this graph on the xtensor runtime (counted operations, tracked "
           "allocations, wall time) and compares with the formulas above; `ordo validate --docs docs/evidence` "
           "writes the tables and plots, each plot titled with the date and machine it was measured on: [measured evidence for " + info.name + "](" + dir +
           info.name + ".md).\n\n![measured time against the FLOP prediction](" + dir + info.name +
           "_time.svg)\n\n![measured peak memory against n](" + dir + info.name + "_peak.svg)\n";
}

/// "4.66 ms": three significant digits in the unit that suits.
std::string seconds_text(const rational& t) {
    const double v = to_double(t);
    const std::pair<double, const char*> units[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}};
    for (const auto& [scale, unit] : units)
        if (v >= scale || scale == 1e-9) {
            std::ostringstream s;
            s << std::setprecision(3) << v / scale << " " << unit;
            return s.str();
        }
    return "0 s";
}

/// The graph on each published machine's roofline at the page's sizes: its time (a sum of
/// per-op maxima), the share of it in memory-bound ops, the ops that dominate, and from which
/// size along the sweep the graph as a whole turns compute-bound.
std::string roofline_section(const graph& g, const page_info& info, const bindings& at) {
    std::ostringstream s;
    s << "\n## On the roofline\n\nEach op takes max(FLOPs / peak, bytes / bandwidth) at its element type's dense peak "
         "(`ordo::roofline`), the graph the sum over its ops, at the sizes above. Memory-bound share: the fraction "
         "of that time in memory-bound ops. Compute-bound from: the "
      << info.sweep << " from which the graph's FLOPs over the peak outweigh its bytes over the bandwidth, "
         "the other sizes fixed.\n\n| machine | time | memory-bound share | compute-bound from |\n|---|---|---|---|\n";
    bindings others;
    for (int k = 0; k < at.count; ++k)
        if (detail::unpack_name(at.items[k].name).view() != info.sweep) others.add(at.items[k]);
    for (const hardware* hw : published_hardware) {
        try {
            const roofline_result r = roofline(g, *hw, at);
            const rational share = r.seconds.is_zero() ? rational(0) : r.memory_bound_seconds / r.seconds;
            const auto turn = balance_point(flops(g).polynomial_value(), bytes_moved(g).polynomial_value(),
                                            hw->peak(g.nodes[g.output].type), hw->bandwidth,
                                            detail::pack_name(info.sweep), others);
            std::ostringstream pct;
            pct << std::setprecision(3) << to_double(share);
            s << "| " << hw->name << " | " << seconds_text(r.seconds) << " | " << pct.str() << " | "
              << (turn.found ? "$" + info.sweep + " = " + std::to_string(turn.upper) + "$" : std::string("never")) << " |\n";
        } catch (const error& e) {  // exact sums past 64 bits: say so rather than print a rounded guess
            s << "| " << hw->name << " | — | — | " << e.id() << " |\n";
        }
    }
    if (!info.roofline_plot.empty())
        s << "\n![the ops on the " << info.roofline_machine->name << " roofline](" << info.roofline_plot
          << ")\n\n*Each op at the sizes above is a point at its arithmetic intensity (FLOPs / bytes) and the FLOP/s "
             "the roofline allows it, min(peak, intensity × bandwidth), on the " << info.roofline_machine->name
          << " (" << info.roofline_machine->source << "); the line is the machine's roof, the ridge where they meet. "
             "Ops left of the ridge are memory-bound. The ops that take the most time are labelled.*\n";
    return s.str();
}

/// What training the graph keeps and costs, derived from its backward graph: the activations
/// saved per recomputation policy and the training memory per recipe (bytes per parameter plus
/// the activations kept without recomputation).
std::string training_section(const graph& g, const std::string& order, const bindings& at) {
    std::ostringstream s;
    s << "\n## Training\n\nSaved activations are the forward values the backward graph reads, at their element "
         "types, weights left out (`ordo::saved_activation_bytes`): `none` keeps them all, `selective` recomputes "
         "the attention core, `full` keeps only the inputs. Training memory (`ordo::training_memory`) adds the "
         "recipe's bytes per parameter (weights + gradients + optimizer state:";
    for (const training_recipe* r : {&fp32_adam, &bf16_mixed_adam})
        s << (r == &fp32_adam ? " `" : "; `") << r->name << "`: " << r->weight_bytes << " + " << r->gradient_bytes << " + "
          << r->optimizer_bytes;
    s << ") and the activations saved without recomputation.\n\n| bytes | formula | at the sizes above |\n|---|---|---|\n";
    try {
        for (const auto& [name, policy] : {std::pair{"saved, `none`", recompute::none},
                                           std::pair{"saved, `selective`", recompute::selective},
                                           std::pair{"saved, `full`", recompute::full}}) {
            const auto saved = saved_activation_bytes(g, policy);
            s << "| " << name << " | " << math(saved.polynomial_value(), order) << " | " << value_at(saved.value(), at) << " |\n";
        }
        for (const training_recipe* r : {&fp32_adam, &bf16_mixed_adam}) {
            const auto total = training_memory(g, *r).total;
            s << "| training memory, `" << r->name << "` | " << math(total.polynomial_value(), order) << " | "
              << value_at(total.value(), at) << " |\n";
        }
    } catch (const error& e) {  // a backward graph past the tracer's limits (E018)
        s << "| — | " << e.id() << ": the backward graph could not be derived | — |\n";
    }
    return s.str();
}

}  // namespace

std::string graph_page(const graph& g, const page_info& info, const regimes& under) {
    const std::string& order = info.print_order;
    const bindings at = parse_sizes(info.sizes);
    check_sizes(g, at);  // E008 / E029: a page gives no numbers at sizes the graph cannot run at
    std::ostringstream s;
    s << "# " << info.title << "\n\n";
    if (!info.source.empty()) s << "*" << info.source << ".* ";
    s << "Generated by `ordo docs` (ordo " << ORDO_VERSION_STRING << ") from the traced graph; do not edit. Values at `"
      << info.sizes << "`.\n\n";
    if (!info.code.empty()) s << "## Source\n\n```cpp\n" << info.code << "```\n\n";
    s << "## Graph\n\n" << g.node_count << " ops; edges carry the tensor shapes.\n\n" << mermaid(g, order) << "\n";
    s << "## Per-op costs\n\nConvention `standard`; bytes count main memory; live memory after the op is what is "
         "allocated when it has run, its result included and the operands it used last not yet freed (the peak is "
         "the largest of these). Inside a loop, FLOPs and bytes are per iteration (in its index) and live memory is at "
         "the last iteration.\n\n" << per_op_table(g, order);
    s << "\n## Totals\n\n" << totals_table(g, order, at);
    s << "\n## Θ-classes\n\n" << theta_table(g, order, under);
    s << published_section(g, info, under);
    const flops_groups split = flops_by_group(g);
    s << "\n## Crossover\n\nFLOPs of ops on a weight (projections, MLP, logits): " << math(split.with_weights, order)
      << "; of ops between activations only (attention core, norms, activations): " << math(split.without_weights, order)
      << ".\n\n";
    // Along the context n, then along the page's own sweep if another (a window w).
    for (const std::string& along : info.sweep == "n" ? std::vector<std::string>{"n"} : std::vector<std::string>{"n", info.sweep}) {
        const std::string text = crossover_text(g, at, along);
        const bool found = text.rfind(along + " = ", 0) == 0;  // not "never", not "— (no weights)"
        const std::string formula = found ? crossover_formula(g, order, along) : "";
        if (along != "n") s << "\n";
        if (!formula.empty()) s << "The second overtakes the first at " << formula << ". ";
        s << "Along " << along << " with the other sizes above: " << text << ".\n";
    }
    s << training_section(g, order, at);
    s << roofline_section(g, info, at);
    s << real_shapes_section(g, info, at);
    s << evidence_section(info);
    return s.str();
}

std::string graph_page(const graph& g, const page_info& info) {
    constexpr auto n = dim<"n">;
    constexpr auto d = dim<"d">;
    return graph_page(g, info, {{"none", assume()}, {"n ≪ d", assume(n << d)}, {"d ≪ n", assume(d << n)}});
}

}  // namespace ordo::pages
