#include "parallel_check.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace ordo_tool {

namespace {
/// Runs a command, returns its standard output and exit status.
std::pair<std::string, int> output_of(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("ordo validate --parallel: cannot run " + command);
    std::string out;
    char chunk[4096];
    for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, pipe.get())) > 0;) out.append(chunk, got);
    const int status = pclose(pipe.release());
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/// A file of its own in the temporary directory, removed with the object.
struct scratch_file {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("ordo-parallel-" + std::to_string(getpid()) + ".stderr");
    scratch_file() = default;
    scratch_file(const scratch_file&) = delete;
    scratch_file& operator=(const scratch_file&) = delete;
    ~scratch_file() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
    [[nodiscard]] std::string text() const {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
};
}  // namespace

nlohmann::ordered_json parallel_check(bool quick, const std::string& bin_dir) {
    const std::filesystem::path rank_program = std::filesystem::path(bin_dir) / "ordo-parallel";
    if (!std::filesystem::exists(rank_program))
        throw std::runtime_error("ordo validate --parallel: " + rank_program.string() +
                                 " is missing (it is built where CMake finds MPI: apt-get install openmpi-bin libopenmpi-dev)");
    const std::string sizes = quick ? "b=2,n=16,d=32,h=4" : "b=4,n=64,d=128,h=8";
    // as root (containers, CI) Open MPI asks for both flags; more ranks than cores need --oversubscribe
    const std::string root = geteuid() == 0 ? " --allow-run-as-root" : "";
    nlohmann::ordered_json out = {{"sizes", sizes}, {"runs", nlohmann::ordered_json::array()}};
    const scratch_file diagnostics;
    int failed = 0;
    for (const char* layout : {"tensor", "sequence"})
    for (const int devices : {2, 4}) {
        // the ranks' and mpirun's diagnostics go to a file of their own: merged into the pipe,
        // a line from one rank could land inside rank 0's JSON
        const std::string command = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun" + root + " -np " +
                                    std::to_string(devices) + " --oversubscribe " + rank_program.string() + " --sizes " +
                                    sizes + " --layout " + layout;
        const auto [text, status] = output_of(command + " 2>" + diagnostics.path.string());
        const std::string said = diagnostics.text();
        const std::size_t start = text.find('{');
        if (start == std::string::npos)
            throw std::runtime_error("ordo validate --parallel: `" + command + "` printed no result (exit " +
                                     std::to_string(status) + "):\n" + text + said);
        nlohmann::ordered_json run;
        std::istringstream json(text.substr(start));  // one value: diagnostics may follow it
        json >> run;
        run["command"] = command;
        if (!said.empty()) run["diagnostics"] = said;
        failed += run["failed"].get<int>() + (status == 0 ? 0 : 1);
        out["runs"].push_back(run);
    }
    out["failed"] = failed;
    return out;
}

std::string parallel_check_text(const nlohmann::ordered_json& r) {
    std::ostringstream s;
    s << "tensor- and sequence-parallel GPT training layer on MPI (" << r["sizes"].get<std::string>() << ")\n";
    s << "layout    pass          t  rank   sent bytes (ring, PMPI, symbolic)     FLOPs (counted, symbolic, standard)   output error   verdict\n";
    for (const auto& run : r["runs"])
        for (const auto& pass : run["passes"])
            for (const auto& rank : pass["ranks"]) {
                char line[256];
                std::snprintf(line, sizeof line, "%-8s  %-13s %-2d %4d   %10lld %10lld %10lld   %14lld %14lld   %12.2g   %s\n",
                              run["layout"].get<std::string>().c_str(), pass["pass"].get<std::string>().c_str(),
                              run["devices"].get<int>(), rank["rank"].get<int>(), rank["ring_bytes"].get<long long>(),
                              rank["pmpi_bytes"].get<long long>(), pass["symbolic_bytes"].get<long long>(),
                              rank["flops"]["standard"].get<long long>(), pass["symbolic_flops"]["standard"].get<long long>(),
                              rank["relative_error"].get<double>(), rank["agrees"].get<bool>() ? "agrees" : "DIFFERS");
                s << line;
            }
    s << r["failed"].get<int>() << " rank(s) or run(s) failed\n";
    return s.str();
}

}  // namespace ordo_tool
