// The ordo command.
//   ordo report [--json] [--set d=4096,h=32] [--model mha]   exact costs of the catalog
#include "report.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) try {
    CLI::App app{"ordo: exact, symbolic costs of tensor programs"};
    app.require_subcommand(1);
    auto* report = app.add_subcommand("report", "Exact costs, Θ-classes per regime and crossovers of the catalog");
    bool json = false;
    std::string sizes, model;
    report->add_flag("--json", json, "Machine-readable output");
    report->add_option("--set", sizes, "Sizes overriding each model's defaults, e.g. d=4096,h=32");
    report->add_option("--model", model, "Only models whose name contains this");
    CLI11_PARSE(app, argc, argv);

    const nlohmann::ordered_json r = ordo_tool::report(sizes, model);
    if (json) std::cout << r.dump(2) << '\n';
    else std::cout << ordo_tool::report_text(r);
    return 0;
} catch (const ordo::error& e) {
    std::cerr << "ordo: " << e.what() << '\n';
    return 2;
} catch (const std::exception& e) {
    std::cerr << "ordo: " << e.what() << '\n';
    return 2;
}
