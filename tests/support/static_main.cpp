// Static tests are files of static_asserts: compiling them is the test. This main
// only lets each one be linked into an executable that ctest can run.
int main() { return 0; }
