// Harness self-check: an ordo::error is thrown, but not the expected one, so run_fail.sh must
// FAIL this test (registered with WILL_FAIL). Proves the harness checks the message.
// ordo-expect: \[ordo:E998\]
#include <ordo/symbolic/diagnostics.hpp>

void broken() { throw ordo::domain_error("E997", "some other error."); }
