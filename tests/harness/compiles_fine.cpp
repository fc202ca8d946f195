// Harness self-check: valid code, so compile_fail.sh must FAIL this test
// (registered with WILL_FAIL). Proves the harness rejects code that compiles.
// ordo-expect: E999

constexpr int answer() { return 42; }
static_assert(answer() == 42);
