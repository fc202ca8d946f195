// Harness self-check: valid code, so compile_fail.cmake must FAIL this test
// (registered with WILL_FAIL). Proves the harness rejects code that compiles.
// ordo-expect: E999

constexpr int answer() { return 42; }
static_assert(answer() == 42);
