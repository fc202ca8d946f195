// main of every run-fail test (tests/run_fail/*.cpp): runs the snippet's broken() and reports
// how it ended. The driver, run_fail.sh, passes the test only on exit status 1.
//   1: broken() threw an ordo::error; its what() is printed on stdout
//   2: it threw another exception (printed), 3: something not derived from std::exception
//   0: it returned without throwing
#include <ordo/symbolic/diagnostics.hpp>

#include <exception>
#include <iostream>

void broken();  // defined by the snippet

int main() {
    try {
        broken();
    } catch (const ordo::error& e) {
        std::cout << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cout << "not an ordo::error: " << e.what() << '\n';
        return 2;
    } catch (...) {
        std::cout << "not an ordo::error: an exception not derived from std::exception\n";
        return 3;
    }
    std::cout << "broken() returned without throwing\n";
    return 0;
}
