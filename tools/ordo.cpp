// The ordo command: `ordo report` prints exact costs, their Θ-classes under each regime,
// and their values at chosen sizes; `--json` for machines.
//
// Until the graphs land (next issue), the report demonstrates the algebra on the seed's
// hand count of multi-head attention: the polynomials below are *typed in* here, and the
// report says so. Graph-derived catalog entries replace them.
#include <ordo/ordo.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr auto b = ordo::dim<"b">;
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
constexpr auto i = ordo::dim<"i">;
constexpr std::string_view print_order = "b n m d h k f L V i";

struct entry {
    std::string name;
    std::string what;
    ordo::polynomial cost;
};

struct regime {
    std::string name;
    ordo::assumptions assumed;
};

ordo::bindings parse_sizes(const std::string& text) {
    ordo::bindings at;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos) throw CLI::ValidationError("--set", "expected name=size, got '" + item + "'");
        at.add(ordo::binding_for(item.substr(0, eq), std::stoll(item.substr(eq + 1))));
        start = comma + 1;
    }
    return at;
}

std::string text(const ordo::polynomial& p, ordo::notation how = ordo::notation::unicode) {
    return ordo::to_string(p, how, print_order);
}

}  // namespace

int main(int argc, char** argv) try {
    CLI::App app{"ordo: exact, symbolic costs of tensor programs"};
    app.require_subcommand(1);
    auto* report = app.add_subcommand("report", "Exact costs, Θ-classes per regime, values at sizes");
    bool json = false;
    std::string sizes = "b=1,n=2048,d=4096,h=32";
    report->add_flag("--json", json, "Machine-readable output");
    report->add_option("--set", sizes, "Sizes to evaluate at, e.g. d=4096,h=32")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    const ordo::bindings at = parse_sizes(sizes);
    // Typed-in polynomials (algebra demo; see the file comment).
    const std::vector<entry> entries{
        {"mha.flops (hand count)", "Q,K,V,O projections 8bnd², scores and values 4bn²d",
         8 * b * n * d * d + 4 * b * n * n * d},
        {"kv_cache_reads (hand count)", "Σ_{i=1}^{n} of reading K and V of length i at step i",
         ordo::sum(i, 1, n, 2 * b * i * d)},
        {"head_width", "d/h per head", d / h},
    };
    const std::vector<regime> regimes{
        {"none", ordo::assume()},
        {"n << d", ordo::assume(n << d)},
        {"d << n", ordo::assume(d << n)},
        {"h constant", ordo::assume(ordo::constant(h))},
    };

    nlohmann::json out = {{"ordo", ORDO_VERSION_STRING},
                          {"note", "algebra demo: polynomials typed in until graphs land"},
                          {"convention", "multiply-add = 2 FLOPs (hand count)"},
                          {"entries", nlohmann::json::array()}};
    for (const auto& e : entries) {
        nlohmann::json row = {{"name", e.name},
                              {"what", e.what},
                              {"exact", text(e.cost)},
                              {"latex", text(e.cost, ordo::notation::latex)},
                              {"theta", nlohmann::json::object()}};
        for (const auto& r : regimes) row["theta"][r.name] = text(ordo::theta(e.cost, r.assumed));
        try {
            row["value"] = ordo::eval(e.cost, at);
        } catch (const ordo::binding_error& error) {
            row["value"] = nullptr;
            row["value_error"] = error.what();
        }
        out["entries"].push_back(row);
    }
    out["sizes"] = sizes;

    if (json) {
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    std::cout << "ordo " << ORDO_VERSION_STRING << " report — " << out["note"].get<std::string>()
              << "\nconvention: " << out["convention"].get<std::string>() << "\nsizes: " << sizes
              << "\n\n";
    for (const auto& row : out["entries"]) {
        std::cout << row["name"].get<std::string>() << "  (" << row["what"].get<std::string>()
                  << ")\n  exact        " << row["exact"].get<std::string>() << '\n';
        for (const auto& r : regimes)
            std::cout << "  Θ[" << r.name << "]" << std::string(12 - std::min<std::size_t>(11, r.name.size()), ' ')
                      << row["theta"][r.name].get<std::string>() << '\n';
        std::cout << "  at sizes       "
                  << (row["value"].is_null() ? row["value_error"].get<std::string>()
                                             : std::to_string(row["value"].get<std::int64_t>()))
                  << "\n\n";
    }
    return 0;
} catch (const ordo::error& e) {
    std::cerr << "ordo: " << e.what() << '\n';
    return 2;
}
