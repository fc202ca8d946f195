// The ordo command.
//   ordo report [--json] [--set d=4096,h=32] [--model mha] [--hardware h100_sxm] [--dtype bf16]
//                                                             exact costs of the catalog
//   ordo report --config config.json [--json]                 a released model from its config
//   ordo validate [--quick] [--json] [--model mha]           the runtime confirms them
//   ordo validate --parallel [--quick] [--json]             the tensor-parallel layer on MPI
//   ordo calibrate [--out hardware.json] [--quick]           this machine as a hardware record
#include "docs.hpp"
#include "large_stack.hpp"
#include "report.hpp"
#include "roofline_report.hpp"
#ifdef ORDO_HAVE_RUNTIME
#include "calibrate.hpp"
#include "evidence.hpp"
#include "parallel_check.hpp"
#include "roofline_check.hpp"
#include "roofline_evidence.hpp"
#include "validate.hpp"
#endif

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace {
int run_command(int argc, char** argv) try {
    CLI::App app{"ordo: exact, symbolic costs of tensor programs"};
    app.require_subcommand(1);
    auto* report = app.add_subcommand("report", "Exact costs, Θ-classes per regime and crossovers of the catalog");
    bool json = false;
    std::string sizes, model;
    report->add_flag("--json", json, "Machine-readable output");
    report->add_option("--set", sizes, "Sizes overriding each model's defaults, e.g. d=4096,h=32");
    report->add_option("--model", model, "Only models whose name contains this");
    std::string hardware, element_type;
    report->add_option("--hardware", hardware, "Add each model's roofline on this machine: a100_sxm, h100_sxm, h200, mi300x");
    report->add_option("--dtype", element_type, "The models' floating-point element type: f32 (default), bf16, f16, f64");
    std::string config;
    report->add_option("--config", config, "A Hugging Face config.json: its family's model at its sizes and dtype");
    auto* docs = app.add_subcommand("docs", "Write the reference pages (Markdown) of the catalog");
    std::string out = "docs/reference";
    std::string source_dir = ORDO_SOURCE_DIR;
    docs->add_option("--out", out, "Directory to write into")->capture_default_str();
    docs->add_option("--source", source_dir, "ordo's source tree (the pages quote its headers)")->capture_default_str();
#ifdef ORDO_HAVE_RUNTIME
    auto* validate = app.add_subcommand("validate", "Run the catalog on the xtensor runtime and compare with the symbolic costs");
    bool quick = false;
    validate->add_flag("--quick", quick, "Small sizes and short timing sweeps (under a minute)");
    validate->add_flag("--json", json, "Machine-readable output");
    validate->add_option("--model", model, "Only models whose name contains this");
    std::string evidence;
    validate->add_option("--docs", evidence, "Also write the measured evidence (Markdown + SVG plots) into this directory");
    bool traffic = false;
    validate->add_flag("--traffic", traffic, "Measure memory traffic with valgrind (always on without --quick)");
    bool parallel = false;
    validate->add_flag("--parallel", parallel, "The tensor-parallel training layer on t = 2 and 4 MPI processes (needs Open MPI)");
    bool roofline = false;
    std::string machine;
    validate->add_flag("--roofline", roofline, "Each op's wall time against its roofline on this machine (calibrated first)");
    validate->add_option("--hardware", machine, "A record from `ordo calibrate` for the roofline predictions, instead of calibrating now");
    auto* run = app.add_subcommand("run", "Execute one catalog model once on the fast path (what --traffic simulates)");
    run->add_option("--model", model, "The model's exact name")->required();
    run->add_option("--set", sizes, "Sizes overriding its first validation sizes");
    run->group("");  // an internal helper, not listed in --help
    auto* calibrate = app.add_subcommand("calibrate", "Measure this machine (BLAS gemm peaks, STREAM triad) into a hardware record");
    std::string record = "hardware.json";
    bool quick_calibration = false;
    calibrate->add_option("--out", record, "Where to write the record (JSON)")->capture_default_str();
    calibrate->add_flag("--quick", quick_calibration, "Small sizes, few runs (seconds; for tests)");
#endif
    if (argc > 1 && argv[1][0] != '-') {  // CLI11 would say only "A subcommand is required"
        std::string commands;
        bool known = false;
        for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
            if (command->get_group().empty()) continue;  // internal helpers
            commands += (commands.empty() ? "" : ", ") + command->get_name();
            known |= command->get_name() == argv[1];
        }
        known |= std::string(argv[1]) == "run";
        if (!known) {
            std::cerr << "ordo: unknown command '" << argv[1] << "'; the commands are: " << commands << ".\n";
            return 2;
        }
    }
    CLI11_PARSE(app, argc, argv);

#ifdef ORDO_HAVE_RUNTIME
    if (calibrate->parsed()) {
        const nlohmann::ordered_json hw = ordo_tool::calibrate(quick_calibration);
        std::ofstream file(record);
        file << hw.dump(2) << '\n';
        if (!file) throw std::runtime_error("ordo calibrate: cannot write " + record);
        std::cout << hw.dump(2) << "\nordo calibrate: wrote " << record << '\n';
        return 0;
    }
    if (validate->parsed() && parallel) {
        const nlohmann::ordered_json v = ordo_tool::parallel_check(
            quick, std::filesystem::read_symlink("/proc/self/exe").parent_path().string());
        if (json) std::cout << v.dump(2) << '\n';
        else std::cout << ordo_tool::parallel_check_text(v);
        return v["failed"].get<int>() == 0 ? 0 : 1;
    }
    if (validate->parsed() && roofline) {
        // Without a record: this machine calibrated at full size (a quick calibration understates
        // the peaks), once for the quick form, before and after each model for the full one (the
        // check compares every model with the best figures of the run).
        const ordo::hardware* fixed = machine.empty() ? nullptr : &ordo_tool::hardware_named(machine);
        const ordo::hardware* once = nullptr;
        const ordo_tool::machine_now now = [&]() -> const ordo::hardware& {
            if (fixed) return *fixed;
            if (!once || !quick) once = &ordo_tool::hardware_from_json(ordo_tool::calibrate(false), "ordo calibrate");
            return *once;
        };
        const nlohmann::ordered_json v = ordo_tool::roofline_check(now, quick, model);
        if (!evidence.empty()) ordo_tool::write_roofline_evidence(v, evidence);
        if (json) std::cout << v.dump(2) << '\n';
        else std::cout << ordo_tool::roofline_check_text(v);
        return v["failed"].get<int>() == 0 ? 0 : 1;
    }
    if (validate->parsed()) {
        ordo_tool::validate_options options{quick, model, {}, traffic || !quick,
                                            std::filesystem::read_symlink("/proc/self/exe").string(), machine};
        if (isatty(STDERR_FILENO))  // a progress bar on the terminal only
            options.progress = [](int done, int total, const std::string& what) {
                const int width = 30, filled = total ? width * done / total : width;
                std::fprintf(stderr, "\r[%s%s] %d/%d %-40.40s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                             std::string(static_cast<std::size_t>(width - filled), '-').c_str(), done, total, what.c_str());
                if (done == total && what == "done") std::fprintf(stderr, "\n");
            };
        const nlohmann::ordered_json v = ordo_tool::validate(options);
        if (!evidence.empty()) ordo_tool::write_evidence(v, evidence);
        if (json) std::cout << v.dump(2) << '\n';
        else std::cout << ordo_tool::validate_text(v);
        return v["summary"]["failed"].get<int>() == 0 ? 0 : 1;
    }
    if (run->parsed()) {
        std::printf("%zu output elements\n", ordo_tool::run_model(model, sizes));
        return 0;
    }
#endif
    if (docs->parsed()) {
        ordo_tool::write_docs(out, source_dir);
        std::cout << "ordo docs: wrote " << out << '\n';
        return 0;
    }
    ordo_tool::report_options options = ordo_tool::report_options::of(sizes, model, hardware, element_type);
    options.config = config;
    const nlohmann::ordered_json r = ordo_tool::report(options);
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
}  // namespace

// The command runs on a large stack: it builds graphs of up to ordo::max_nodes nodes as values.
int main(int argc, char** argv) {
    return ordo_tool::run_on_large_stack([&] { return run_command(argc, argv); });
}
