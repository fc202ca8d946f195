// Harness self-check: broken() returns normally, so run_fail.sh must FAIL this test
// (registered with WILL_FAIL). Proves the harness rejects a snippet that does not throw.
// ordo-expect: E999

void broken() {}
