#pragma once
// Runs a function on a thread with a large stack and returns its result.
//
// Why: an ordo::graph is a plain literal value (ordo::max_nodes nodes of ~750 bytes, about
// 385 KB), so the tools and the tests that build graphs at run time hold several of them in one
// frame: `ordo docs` reaches 4 MB frames over the DeepSeek-V2-style decoder's training step,
// past the main thread's default 8 MiB once its callers' frames are added. The stack is
// reserved, not committed: only the pages a frame touches are used.

#include <cstddef>
#include <exception>
#include <pthread.h>
#include <stdexcept>
#include <utility>

namespace ordo_tool {

/// The stack the tools run on: 32 times the default, room for the largest graphs' frames under
/// AddressSanitizer too (it enlarges frames).
inline constexpr std::size_t large_stack_bytes = std::size_t{256} << 20;

/// f() on a thread whose stack is `bytes`; an exception f throws is rethrown here.
template <typename F>
int run_on_large_stack(F&& f, std::size_t bytes = large_stack_bytes) {
    struct call {
        F* f = nullptr;
        int result = 0;
        std::exception_ptr error;
    } c;
    c.f = &f;
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) throw std::runtime_error("ordo: pthread_attr_init failed");
    pthread_t thread;
    int status = pthread_attr_setstacksize(&attributes, bytes);
    if (status == 0)
        status = pthread_create(
            &thread, &attributes,
            [](void* p) -> void* {
                auto* c = static_cast<call*>(p);
                try {
                    c->result = (*c->f)();
                } catch (...) {
                    c->error = std::current_exception();
                }
                return nullptr;
            },
            &c);
    pthread_attr_destroy(&attributes);
    if (status != 0) return std::forward<F>(f)();  // no thread: the caller's stack, as before
    pthread_join(thread, nullptr);
    if (c.error) std::rethrow_exception(c.error);
    return c.result;
}

}  // namespace ordo_tool
