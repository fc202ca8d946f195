// Harness self-check: this does fail to compile, but not with the expected message,
// so compile_fail.sh must FAIL this test (registered with WILL_FAIL). Proves the
// harness checks the diagnostic rather than accepting any error.
// ordo-expect: E998

template <class T>
inline constexpr bool false_v = false;

static_assert(false_v<int>, "something else");
