#include "timing.hpp"

#include <ordo/runtime.hpp>

#include <malloc.h>
#include <unistd.h>

#include <limits>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>

namespace ordo_tool {

long cache_bytes(int level) {
    for (int index = 0;; ++index) {
        const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
        std::ifstream level_file(dir + "level"), type_file(dir + "type"), size_file(dir + "size");
        if (!level_file) break;
        int at = 0;
        std::string type, size;
        level_file >> at;
        type_file >> type;
        size_file >> size;
        if (at != level || type == "Instruction" || size.empty()) continue;
        const long unit = size.back() == 'K' ? 1024 : size.back() == 'M' ? 1024 * 1024 : 1;
        return std::stol(size) * unit;
    }
    const long asked = sysconf(level == 1 ? _SC_LEVEL1_DCACHE_SIZE : level == 2 ? _SC_LEVEL2_CACHE_SIZE : _SC_LEVEL3_CACHE_SIZE);
    return asked > 0 ? asked : 0;
}

void keep_freed_memory() {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());  // never give the heap's top back
}

double best_time(const ordo::graph& g, const ordo::bindings& at, int repeats) {
    keep_freed_memory();
    double best = 1e300;
    const ordo::runtime::named_arrays inputs = ordo::runtime::random_inputs(g, at);
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const auto y = ordo::runtime::execute<float>(g, at, inputs);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count());
        static_cast<void>(y);
    }
    return best;
}

double one_variable::at(double x) const {
    double s = 0;
    for (const auto& [c, e] : terms) s += c * std::pow(x, e);
    return s;
}

double one_variable::local_exponent(double x) const {
    double num = 0, den = 0;
    for (const auto& [c, e] : terms) num += e * c * std::pow(x, e), den += c * std::pow(x, e);
    return num / den;
}

one_variable restrict_to(const ordo::polynomial& p, const std::string& x, const ordo::bindings& others) {
    const ordo::polynomial q = ordo::partial_eval(p, others);
    const int slot = q.slot_of(ordo::detail::pack_name(x));
    one_variable f;
    for (int k = 0; k < q.term_count; ++k)
        f.terms.emplace_back(ordo::to_double(q.terms[k].coefficient),
                             slot < 0 ? 0 : q.terms[k].exponent(slot));
    return f;
}

double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) mx += std::log(x[i]), my += std::log(y[i]);
    mx /= static_cast<double>(x.size());
    my /= static_cast<double>(x.size());
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (std::log(x[i]) - mx) * (std::log(y[i]) - my);
        sxx += (std::log(x[i]) - mx) * (std::log(x[i]) - mx);
    }
    return sxy / sxx;
}

nlohmann::ordered_json fit_terms(const one_variable& f, const std::string& x, const std::vector<double>& sizes,
                                 const std::vector<double>& seconds) {
    const std::size_t k = f.terms.size(), m = sizes.size();
    double best_error = 1e300;
    std::vector<double> best(k, 0.0);
    for (unsigned subset = 1; subset < (1u << k); ++subset) {
        std::vector<std::size_t> use;
        for (std::size_t j = 0; j < k; ++j)
            if (subset & (1u << j)) use.push_back(j);
        if (use.size() > m) continue;
        // normal equations on rows scaled by 1/seconds (relative error)
        const std::size_t u = use.size();
        std::vector<double> a(u * u, 0.0), rhs(u, 0.0);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t r = 0; r < u; ++r) {
                const auto& [cr, er] = f.terms[use[r]];
                const double vr = cr * std::pow(sizes[i], er) / seconds[i];
                rhs[r] += vr;
                for (std::size_t c = 0; c < u; ++c) {
                    const auto& [cc, ec] = f.terms[use[c]];
                    a[r * u + c] += vr * cc * std::pow(sizes[i], ec) / seconds[i];
                }
            }
        for (std::size_t col = 0; col < u; ++col) {  // Gaussian elimination, partial pivoting
            std::size_t pivot = col;
            for (std::size_t r = col + 1; r < u; ++r)
                if (std::abs(a[r * u + col]) > std::abs(a[pivot * u + col])) pivot = r;
            for (std::size_t c = 0; c < u; ++c) std::swap(a[col * u + c], a[pivot * u + c]);
            std::swap(rhs[col], rhs[pivot]);
            for (std::size_t r = 0; r < u; ++r) {
                if (r == col || a[col * u + col] == 0) continue;
                const double factor = a[r * u + col] / a[col * u + col];
                for (std::size_t c = 0; c < u; ++c) a[r * u + c] -= factor * a[col * u + c];
                rhs[r] -= factor * rhs[col];
            }
        }
        std::vector<double> weights(k, 0.0);
        bool feasible = true;
        for (std::size_t r = 0; r < u; ++r) {
            weights[use[r]] = a[r * u + r] == 0 ? 0 : rhs[r] / a[r * u + r];
            feasible &= weights[use[r]] >= 0;
        }
        if (!feasible) continue;
        double error = 0;
        for (std::size_t i = 0; i < m; ++i) {
            double predicted = 0;
            for (std::size_t j = 0; j < k; ++j) predicted += weights[j] * f.terms[j].first * std::pow(sizes[i], f.terms[j].second);
            error = std::max(error, std::abs(predicted - seconds[i]) / seconds[i]);
        }
        if (error < best_error) best_error = error, best = weights;
    }
    nlohmann::ordered_json out;
    out["seconds_per_term"] = nlohmann::ordered_json::array();
    for (std::size_t j = 0; j < k; ++j)
        out["seconds_per_term"].push_back({{"term", std::to_string(f.terms[j].first) + "·" + x + "^" + std::to_string(f.terms[j].second)},
                                           {"seconds_per_flop", best[j]}});
    out["max_relative_error"] = best_error;
    return out;
}

}  // namespace ordo_tool
