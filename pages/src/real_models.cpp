#include <ordo/pages/format.hpp>
#include <ordo/pages/real_models.hpp>

#include <cmath>
#include <set>
#include <sstream>

namespace ordo::pages {

namespace {

std::int64_t size(const bindings& at, std::string_view name) { return at.size_of(detail::pack_name(name)); }

/// The dimensions a graph's costs mention, in the order `at` lists them.
std::string used_sizes(const graph& g, const bindings& at) {
    std::set<detail::u128> used;
    auto collect = [&](const polynomial& p) {
        for (int i = 0; i < p.dim_count; ++i) used.insert(p.dims[i]);
    };
    collect(flops(g).polynomial_value());
    collect(bytes_moved(g).polynomial_value());
    collect(peak_memory(g).polynomial_value());
    collect(params(g).polynomial_value());
    std::string out;
    for (int i = 0; i < at.count; ++i)
        if (used.count(at.items[i].name))
            out += (out.empty() ? "" : ",") + std::string(detail::unpack_name(at.items[i].name).view()) + "=" +
                   std::to_string(at.items[i].size);
    return out;
}

/// A cost per position of n, rounded to an integer.
std::string per_token(const piecewise_max& value, const bindings& at) {
    try {
        const double per = static_cast<double>(eval(value, at)) / static_cast<double>(size(at, "b") * size(at, "n"));
        return grouped(std::llround(per));
    } catch (const error&) {
        return "—";
    }
}

}  // namespace

bindings real_bindings(const real_model& m, real_shapes how, const bindings& defaults) {
    const bindings published = parse_sizes(m.shapes);
    bindings at;
    for (int i = 0; i < published.count; ++i) {
        binding item = published.items[i];
        if (how == real_shapes::per_head && item.name == detail::pack_name("d")) item.size /= size(published, "h");
        at.add(item);
    }
    if (size(at, "w") == 0) at.add(binding_for("w", size(at, "n")));  // no window: it spans the context
    for (int i = 0; i < defaults.count; ++i)
        if (at.size_of(defaults.items[i].name) == 0) at.add(defaults.items[i]);
    return at;
}

const real_model* widest_grouped_query(std::span<const real_model> models) {
    const real_model* widest = nullptr;
    for (const real_model& m : models) {
        const bindings at = parse_sizes(m.shapes);
        const bool grouped_query = size(at, "g") > 1 && size(at, "g") < size(at, "h");
        if (grouped_query && (!widest || size(at, "d") > size(parse_sizes(widest->shapes), "d"))) widest = &m;
    }
    return widest;
}

polynomial kv_cache_bytes_per_position(const graph& g) { return kv_cache_bytes(g).polynomial_value() / polynomial(dim<"n">); }

std::string real_shapes_table(const graph& g, real_shapes how, const bindings& defaults) {
    if (how == real_shapes::none) return "";
    const bool cached = !(kv_cache_bytes_per_position(g) == polynomial());
    std::ostringstream s;
    s << "| model | sizes | dtype | parameters | FLOPs per token | bytes moved per token | peak memory (bytes) |"
      << (cached ? " KV cache per token (bytes) |" : "") << " activation-only work overtakes weight work at |\n"
      << "|---|---|---|---|---|---|---|" << (cached ? "---|" : "") << "---|\n";
    for (const real_model& m : real_models()) {
        const bindings at = real_bindings(m, how, defaults);
        const graph typed = with_element_type(g, m.checkpoint);
        s << "| " << m.name << " | `" << used_sizes(g, at) << "` | " << name_of(m.checkpoint) << " | "
          << value_at(params(g).value(), at) << " | " << per_token(flops(g).value(), at) << " | "
          << per_token(bytes_moved(typed).value(), at) << " | " << value_at(peak_memory(typed).value(), at) << " | ";
        if (cached) s << value_at(piecewise_max(kv_cache_bytes_per_position(typed)), at) << " | ";
        s << crossover_text(g, at) << " |\n";
    }
    return s.str();
}

}  // namespace ordo::pages
