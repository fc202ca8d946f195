// The one Catch2 main for the Catch2 tests (tests/laws, tests/unit; tests/runtime); compiled
// once per executable. The tests run on a large stack, as the ordo command does: they build
// graphs of up to ordo::max_nodes nodes as values (tools/large_stack.hpp).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "large_stack.hpp"  // tools/

int main(int argc, char** argv) {
    return ordo_tool::run_on_large_stack([&] { return Catch::Session().run(argc, argv); });
}
