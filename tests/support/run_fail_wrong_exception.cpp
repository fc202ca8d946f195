// Harness self-check: the text matches, but what is thrown is not an ordo::error, so
// run_fail.sh must FAIL this test (registered with WILL_FAIL). Proves the harness checks what
// was thrown, not only the text.
// ordo-expect: \[ordo:E998\]
#include <stdexcept>

void broken() { throw std::runtime_error("[ordo:E998] looks like ordo's, but is not an ordo::error"); }
