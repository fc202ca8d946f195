#include "traffic.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace ordo_tool {

std::int64_t simulated_traffic(const std::string& ordo_executable, const std::string& model, const std::string& sizes,
                               const simulated_cache& cache) {
    if (std::system("valgrind --version > /dev/null 2>&1") != 0) return -1;
    const std::string out = "/tmp/ordo-traffic-" + std::to_string(::getpid()) + ".out";
    std::ostringstream command;
    // I1 and LL fixed and generous (see traffic.hpp); D1 is the cache under study. One thread:
    // callgrind runs a program's threads by turns through one simulated cache, so with two the
    // count depended on where the turns fell (standard attention at n = 2048: 80 and 91 MB).
    command << "ORDO_THREADS=1 OPENBLAS_NUM_THREADS=1 valgrind --tool=callgrind --cache-sim=yes --I1=32768,8," << cache.line << " --D1=" << cache.bytes << ','
            << cache.associativity << ',' << cache.line << " --LL=8388608,16," << cache.line << " --toggle-collect='*run_region*' --callgrind-out-file=" << out << " '"
            << ordo_executable << "' run --model " << model << " --set " << sizes << " > /dev/null 2>&1";
    if (std::system(command.str().c_str()) != 0) throw std::runtime_error("simulated_traffic: `" + command.str() + "` failed");
    std::ifstream file(out);
    std::string line;
    std::vector<std::string> events;
    std::vector<std::int64_t> totals;
    while (std::getline(file, line)) {
        std::istringstream fields(line);
        std::string head;
        fields >> head;
        if (head == "events:") {
            for (std::string e; fields >> e;) events.push_back(e);
        } else if (head == "summary:" || head == "totals:") {
            totals.clear();
            for (std::int64_t v; fields >> v;) totals.push_back(v);
        }
    }
    std::remove(out.c_str());
    std::int64_t misses = 0;
    int found = 0;
    for (std::size_t i = 0; i < events.size() && i < totals.size(); ++i)
        if (events[i] == "D1mr" || events[i] == "D1mw") misses += totals[i], ++found;
    if (found != 2) throw std::runtime_error("simulated_traffic: no D1mr/D1mw totals in callgrind's output");
    return misses * cache.line;
}

}  // namespace ordo_tool
