#include "plot.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/utsname.h>

namespace ordo_tool {

std::string machine_description() {
    utsname u{};
    std::ostringstream s;
    if (uname(&u) == 0) s << u.sysname << " " << u.release << " " << u.machine;
    std::ifstream cpu("/proc/cpuinfo");
    for (std::string line; std::getline(cpu, line);)
        if (line.rfind("model name", 0) == 0) {
            s << ", " << line.substr(line.find(':') + 2);
            break;
        }
    return s.str();
}

std::string gnuplot_quoted(const std::string& text) {
    std::string quoted;
    for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted;
}

void gnuplot_svg(const std::filesystem::path& dir, const std::string& svg, const std::string& title, const std::string& data,
                 const std::string& script) {
    const std::filesystem::path data_file = dir / (svg + ".dat"), script_file = dir / (svg + ".gp");
    std::ofstream(data_file) << data;
    std::ofstream(script_file) << "set terminal svg size 640,400 dynamic noenhanced font 'sans,11' background rgb 'white'\n"
                               << "set output '" << svg << "'\n"
                               << "set key top left\nset grid\nset title '" << title << "' font ',9'\n"
                               << script;
    const std::string command = "cd '" + dir.string() + "' && gnuplot '" + svg + ".gp'";  // data paths are relative
    if (std::system(command.c_str()) != 0) throw std::runtime_error("ordo: gnuplot failed on " + script_file.string());
    std::filesystem::remove(data_file);
    std::filesystem::remove(script_file);
}

}  // namespace ordo_tool
