// The one Catch2 main for all runtime tests (tests/laws, tests/unit); compiled once.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
