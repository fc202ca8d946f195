#include <ordo/pages/format.hpp>

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>
#include <sstream>
#include <stdexcept>

namespace ordo::pages {

std::string math(const polynomial& p, const std::string& order) {
    std::string s = "$";  // appended, not `"$" + …`: g++ 12 -O3 warns falsely (-Wrestrict) on the latter
    s += to_string(p, notation::latex, order);
    return s += "$";
}

std::string math(const piecewise_max& m, const std::string& order) {
    if (m.is_polynomial()) return math(m.candidates[0], order);
    std::string s = "$\\max\\left(";
    for (int k = 0; k < m.count; ++k) s += (k ? ", " : "") + to_string(m.candidates[k], notation::latex, order);
    return s + "\\right)$";
}

std::string grouped(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

bindings parse_sizes(const std::string& defaults, const std::string& overrides) {
    std::vector<std::pair<std::string, std::int64_t>> sizes;  // in order of first mention
    for (const std::string* text : {&defaults, &overrides}) {
        std::size_t start = 0;
        while (start < text->size()) {
            const std::size_t comma = std::min(text->find(',', start), text->size());
            const std::string item = text->substr(start, comma - start);
            const std::size_t eq = item.find('=');
            if (eq == std::string::npos) throw std::invalid_argument("expected name=size, got '" + item + "'");
            const std::string name = item.substr(0, eq), value = item.substr(eq + 1);
            std::size_t used = 0;
            long long size = 0;
            try {
                size = std::stoll(value, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != value.size()) throw std::invalid_argument("not an integer size: '" + item + "'");
            const auto known = std::find_if(sizes.begin(), sizes.end(), [&](const auto& s) { return s.first == name; });
            if (known != sizes.end()) known->second = size;
            else sizes.emplace_back(name, size);
            start = comma + 1;
        }
    }
    bindings at;
    for (const auto& [name, size] : sizes) at.add(binding_for(name, size));
    return at;
}

std::string sizes_text(const bindings& at) {
    std::string s;
    for (int i = 0; i < at.count; ++i) {  // appended piece by piece: g++ 12 warns (-Wrestrict) on a chain of +
        if (i) s += ',';
        s += detail::unpack_name(at.items[i].name).view();
        s += '=';
        s += std::to_string(at.items[i].size);
    }
    return s;
}

std::string value_at(const piecewise_max& value, const bindings& at) {
    try {
        return grouped(eval(value, at));
    } catch (const error&) {
        return "—";
    }
}

std::string crossover_text(const graph& g, const bindings& at, const std::string& along) {
    const flops_groups split = flops_by_group(g);
    if (split.with_weights == polynomial()) return "— (no weights)";
    const detail::u128 x_name = detail::pack_name(along);
    bindings others;
    for (int i = 0; i < at.count; ++i)
        if (at.items[i].name != x_name) others.add(at.items[i]);
    crossover_point x;
    try {
        x = crossover(split.with_weights, split.without_weights, x_name, others);
    } catch (const error&) {
        return "—";  // a dimension besides `along` is unbound
    }
    if (!x.found) return "never";
    std::ostringstream s;
    s << along << " = " << grouped(x.upper);
    if (x.is_exact) s << " (exactly " << x.exact.num << "/" << x.exact.den << ")";
    return s.str();
}

namespace {
/// `p` as Σₖ cₖ·xᵏ: the coefficient polynomials (free of x) by exponent k.
std::vector<std::pair<int, polynomial>> by_power(const polynomial& p, detail::u128 x) {
    std::vector<std::pair<int, polynomial>> out;
    const int slot = p.slot_of(x);
    for (int k = 0; k < p.term_count; ++k) {
        const term& t = p.terms[k];
        polynomial monomial(t.coefficient);
        for (int i = 0; i < p.dim_count; ++i)
            if (i != slot && t.exponent(i) != 0) monomial = monomial * pow(polynomial::dimension(p.dims[i]), t.exponent(i));
        const int e = slot < 0 ? 0 : t.exponent(slot);
        auto at = std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.first == e; });
        if (at == out.end()) out.emplace_back(e, monomial);
        else at->second += monomial;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}
}  // namespace

std::string crossover_formula(const graph& g, const std::string& order, const std::string& along) {
    const flops_groups split = flops_by_group(g);
    // without − with = c_p·x^p + c_q·x^q (p < q) crosses zero at x^(q−p) = −c_p / c_q.
    const auto powers = by_power(split.without_weights - split.with_weights, detail::pack_name(along));
    if (powers.size() != 2) return "";
    const int p = powers[0].first, q = powers[1].first;
    polynomial a = -powers[0].second, b = powers[1].second;
    // cancel the monomial both sides share (b in 8bd²/(4bd + 5bh))
    for (int i = 0; i < a.dim_count; ++i) {
        const detail::u128 name = a.dims[i];
        int common = std::numeric_limits<int>::max();
        for (const polynomial* side : {&a, &b}) {
            const int slot = side->slot_of(name);
            for (int k = 0; k < side->term_count; ++k) common = std::min(common, slot < 0 ? 0 : side->terms[k].exponent(slot));
        }
        if (common > 0) {
            const polynomial factor = pow(polynomial::dimension(name), common);
            a = a / factor;
            b = b / factor;
            i = -1;  // the dims changed: start over
        }
    }
    const std::string ratio =
        "\\frac{" + to_string(a, notation::latex, order) + "}{" + to_string(b, notation::latex, order) + "}";
    return "$" + along + "^{*} = " + (q - p == 1 ? ratio : "\\left(" + ratio + "\\right)^{1/" + std::to_string(q - p) + "}") +
           "$";
}

std::string claim_text(const published_figure& p, const std::string& order) {
    std::string claim(name_of(p.cost));
    if (p.cost == cost_kind::flops && p.counted != &conventions::standard) claim += " (`" + std::string(p.counted->name) + "`)";
    const std::string figure = to_string(p.figure, notation::latex, order);
    if (p.bound == bound_kind::exact) return claim + " $= " + figure + "$";
    return claim + " $" + (p.bound == bound_kind::theta ? "\\Theta" : "O") + "\\left(" + figure + "\\right)$";
}

}  // namespace ordo::pages
