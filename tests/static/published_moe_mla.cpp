// Today's architectures against their published figures, from the traced graphs.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;

// Mixtral 8x7B (Jiang et al. 2024 Table 1; the released Mixtral-8x7B-v0.1 config: d 4096, 32
// query and 8 key/value heads, expert width 14336, 32 layers, vocabulary 32000, 8 experts, 2
// per token, no biases, untied output). The released checkpoint holds 46,702,792,704
// parameters (93,405,585,408 bytes in bf16); 12,879,925,248 are used per token.
constexpr auto mixtral = models::mixtral_decoder(b, n, d, h, g, f, L, V, E, e);
constexpr auto mixtral_8x7b = bind(d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 32000, E = 8, e = 2);
static_assert(eval(params(mixtral), mixtral_8x7b) == 46'702'792'704);
static_assert(eval(active_params(mixtral), mixtral_8x7b) == 12'879'925'248);
// Only the chosen experts multiply a token: per layer 6bn·e·d·f in the MLP, whatever E is.
static_assert(coefficient(flops(mixtral, conventions::gemm_only), L * b * n * e * d * f) == 6);
// Top-k implies e <= E, a fact of the graph.
static_assert(is_big_o(e, E, mixtral.facts));

// DeepSeek-V2 (Liu et al. 2024) Table 1: KV cache per token per layer, in elements — MHA
// 2·n_h·d_h, GQA 2·n_g·d_h, MQA 2·d_h, MLA d_c + d_h^R — from the four graphs (f32: 4 bytes).
constexpr auto per_token_element = 4 * b * n;
static_assert(kv_cache_bytes(models::gqa_incremental(b, n, d, h, h, k)) == per_token_element * (2 * h * k));
static_assert(kv_cache_bytes(models::gqa_incremental(b, n, d, h, g, k)) == per_token_element * (2 * g * k));
static_assert(kv_cache_bytes(models::gqa_incremental(b, n, d, h, c<1>, k)) == per_token_element * (2 * k));
static_assert(kv_cache_bytes(models::mla_incremental(b, n, d, h, k, r, p)) == per_token_element * (r + p));
// At DeepSeek-V2's d_c = 512, d_h^R = 64 (§3.1.2): 576 elements, 2.25 groups' worth of GQA at d_h = 128.
static_assert(eval(kv_cache_bytes(models::mla_incremental(b, n, d, h, k, r, p)),
                   bind(b = 1, n = 1, d = 5120, h = 128, k = 128, r = 512, p = 64)) == 4 * 576);

// Absorbing the up-projections changes no cached element and removes the per-step
// up-projection of the whole cache: the incremental form's FLOPs are linear in the cache.
static_assert(is_big_o(flops(models::mla_incremental(b, n, d, h, k, r, p)),
                       b * n * d * h * (k + r + p) + b * n * n * h * (r + p)));

// DeepSeek-V2 (Liu et al. 2024 §3.1.2 and the released DeepSeek-V2 config.json: hidden 5120,
// 128 heads of width 128, kv_lora_rank 512, q_lora_rank 1536, rotary width 64, 60 layers of
// which the first is dense, 160 routed and 2 shared experts of width 1536, 6 routed per token,
// vocabulary 102400, untied output). The released checkpoint holds 235,741,434,880 parameters
// (the sum of its safetensors index's tensor shapes); 21,375,800,320 are used per token (the
// paper: 236B total, 21B activated).
constexpr auto q = dim<"q">;
constexpr auto s = dim<"s">;
constexpr auto deepseek = models::deepseek_decoder(b, n, d, h, k, r, p, q, f, s, E, e, L, V);
constexpr auto deepseek_v2 =
    bind(d = 5120, h = 128, k = 128, r = 512, p = 64, q = 1536, f = 1536, s = 2, E = 160, e = 6, L = 59, V = 102400);
static_assert(eval(params(deepseek), deepseek_v2) == 235'741'434'880);
static_assert(eval(active_params(deepseek), deepseek_v2) == 21'375'800'320);
