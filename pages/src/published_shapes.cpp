// Published configurations of real models: the only figures the pages take as input.
// Sources: GPT-2 (Radford et al. 2019, config of the 124M model), GPT-3 (Brown et al. 2020,
// Table 2.1), LLaMA-2 (Touvron et al. 2023, Table 1 and the released params.json), Mistral 7B
// (Jiang et al. 2023, Table 1), Mixtral 8x7B (Jiang et al. 2024 Table 1, context 32k; the
// released config.json), DeepSeek-V2 (Liu et al. 2024 §3.1.2, context 128K; the released
// config.json: hidden 5120, 128 heads of width 128, kv_lora_rank 512, q_lora_rank 1536, rotary
// width 64, 60 layers of which the first is dense, 160 routed and 2 shared experts of width
// 1536, 6 routed per token, vocabulary 102400). Checkpoint element types, from the released
// checkpoints (config.json's torch_dtype): GPT-2 float32 (openai-community/gpt2's weights),
// LLaMA-2 float16 (meta-llama/Llama-2-7b-hf, -70b-hf), Mistral 7B, Mixtral 8x7B and
// DeepSeek-V2 bfloat16; GPT-3 has no released checkpoint and stays in float32.
#include <ordo/pages/real_models.hpp>

namespace ordo::pages {

namespace {
constexpr real_model published[] = {
    {"GPT-2 small", family::gpt2, "b=1,d=768,h=12,g=12,f=3072,L=12,V=50257,n=1024", dtype::f32},
    {"GPT-3 175B", family::gpt2, "b=1,d=12288,h=96,g=96,f=49152,L=96,V=50257,n=2048", dtype::f32},
    {"LLaMA-2 7B", family::llama, "b=1,d=4096,h=32,g=32,f=11008,L=32,V=32000,n=4096", dtype::f16},
    {"LLaMA-2 70B (GQA 8)", family::llama, "b=1,d=8192,h=64,g=8,f=28672,L=80,V=32000,n=4096", dtype::f16},
    {"Mistral 7B (window 4096)", family::llama, "b=1,d=4096,h=32,g=8,f=14336,L=32,V=32000,n=8192,w=4096", dtype::bf16},
};
constexpr real_model published_experts[] = {
    {"Mixtral 8x7B", family::mixtral, "b=1,d=4096,h=32,g=8,f=14336,L=32,V=32000,E=8,e=2,n=32768", dtype::bf16},
    {"DeepSeek-V2", family::deepseek,
     "b=1,d=5120,h=128,k=128,r=512,p=64,q=1536,f=1536,s=2,E=160,e=6,L=59,V=102400,n=131072", dtype::bf16},
};
}  // namespace

std::span<const real_model> real_models() { return published; }
std::span<const real_model> expert_models() { return published_experts; }

}  // namespace ordo::pages
