// ordo report: every catalog model present, every convention stated, and the numbers
// checked against arithmetic done here independently of ordo's algebra.
#ifdef ORDO_TEST_REPORT
#include "report.hpp"
#include "roofline_report.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <filesystem>
#include <numeric>

TEST_CASE("the report covers the catalog and states its conventions", "[report]") {
    const auto r = ordo_tool::report("", "");
    std::vector<std::string> names;
    for (const auto& m : r["models"]) names.push_back(m["name"].get<std::string>());
    CHECK(names == std::vector<std::string>{"mha", "mqa", "gqa", "mha_incremental", "mqa_incremental",
                                            "gqa_incremental", "sliding_window", "standard_attention",
                                            "flash_attention", "decoder_layer", "decoder", "llama_decoder",
                                            "llama_decode_step", "mistral_decoder", "cross_attention", "moe_mlp", "mixtral_decoder",
                                            "mla", "mla_incremental", "deepseek_decoder"});
    for (const auto& m : r["models"]) {
        for (const char* c : {"standard", "gemm_only", "macs", "chinchilla"}) CHECK(m["flops"].contains(c));
        for (const char* t : {"none", "n ≪ d", "d ≪ n"}) CHECK(m["theta"].contains(t));
    }
    CHECK(r["conventions"].size() == 4);
}

// Issue 15: each of these used to be ignored (exit 0, an empty or unchanged report).
TEST_CASE("the report refuses what it would ignore", "[report][errors]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(ordo_tool::report("", "nosuch"), Contains("--model 'nosuch' matches no model") && Contains("mha, mqa"));
    CHECK_THROWS_WITH(ordo_tool::report("zz=4", "mha"), Contains("--set 'zz': no dimension"));
    CHECK_THROWS_WITH(ordo_tool::report("d=4,d=8", "mha"), Contains("'d' is given twice in 'd=4,d=8'"));
    CHECK_THROWS_WITH(ordo_tool::report("E=4", "mha"), Contains("--set 'E'"));  // mixtral has E; mha alone does not
    CHECK_NOTHROW(ordo_tool::report("E=4", "moe_mlp"));
    // Sizes the graph cannot run at (d/h < 1, d/h not an integer) give no numbers: the runtime's errors.
    CHECK_THROWS_WITH(ordo_tool::report("h=8192", "mha"), Contains("[ordo:E029]") && Contains("model 'mha'") &&
                                                           Contains("extent d/h of 'w") && Contains("(1/2 at these sizes)"));
    CHECK_THROWS_WITH(ordo_tool::report("h=3", "mha"), Contains("[ordo:E008]") && Contains("(4096/3 at these sizes)"));
    // From d = 2^31 a crossover's coefficients overflow: the error names the model and the sizes.
    CHECK_THROWS_WITH(ordo_tool::report("d=2147483648", "mha"),
                      Contains("[ordo:E001] ordo report: model 'mha' at ") && Contains("d=2147483648,"));
    // The sizes line gives each size once, overridden where --set says so.
    const std::string sizes = ordo_tool::report("d=1024,h=8", "mha")["models"][0]["sizes"].get<std::string>();
    CHECK(sizes.find("d=1024") != std::string::npos);
    CHECK(sizes.find("d=4096") == std::string::npos);
    CHECK(sizes.find("h=8,") != std::string::npos);
    CHECK(sizes.find("h=32") == std::string::npos);
}

TEST_CASE("report numbers agree with direct arithmetic", "[report]") {
    const auto r = ordo_tool::report("b=2,n=1024,d=4096,h=32", "mha");
    const auto& m = r["models"][0];
    REQUIRE(m["name"] == "mha");
    const long long b = 2, n = 1024, d = 4096, h = 32;
    CHECK(m["flops"]["gemm_only"]["value"].get<long long>() == 8 * b * n * d * d + 4 * b * n * n * d);
    CHECK(m["flops"]["macs"]["value"].get<long long>() == 4 * b * n * d * d + 2 * b * n * n * d);
    CHECK(m["params"]["value"].get<long long>() == 4 * d * d);
    // crossover: 4bn²d + 5bhn² = 8bnd²  <=>  n = 8d²/(4d + 5h)
    const auto& x = m["crossover"];
    const long long top = 8 * d * d, bottom = 4 * d + 5 * h, common = std::gcd(top, bottom);
    CHECK(x["exact"] == std::to_string(top / common) + "/" + std::to_string(bottom / common));
    CHECK(x["lower"].get<long long>() == 8 * d * d / (4 * d + 5 * h));
    CHECK(x["upper"].get<long long>() == 8 * d * d / (4 * d + 5 * h) + 1);
}

TEST_CASE("the report's training section: saved activations per policy, memory per recipe", "[report][training]") {
    const auto r = ordo_tool::report("b=2,n=1024,d=4096,h=32", "mha");
    const auto& t = r["models"][0]["training"];
    const long long b = 2, n = 1024, d = 4096, h = 32, weights = 4 * d * d;
    // f32: x, q, k, v and the mixed heads (b·n·d each, 4 bytes) and the softmax output (b·h·n²)
    const long long kept = 4 * (5 * b * n * d + b * h * n * n);
    CHECK(t["saved_activations"]["none"]["value"].get<long long>() == kept);
    CHECK(t["saved_activations"]["selective"]["value"].get<long long>() == 4 * 5 * b * n * d);  // no softmax output
    CHECK(t["saved_activations"]["full"]["value"].get<long long>() == 4 * b * n * d);          // x only
    CHECK(t["memory"]["fp32_adam"]["value"].get<long long>() == (4 + 4 + 8) * weights + kept);
    CHECK(t["memory"]["bf16_mixed_adam"]["value"].get<long long>() == (2 + 2 + 12) * weights + kept);
    CHECK(ordo_tool::report_text(r).find("saved (selective)") != std::string::npos);
}

TEST_CASE("the report's tensor-parallel section: per-device figures at t = 1, 2, 4, 8", "[report][training]") {
    const auto r = ordo_tool::report("b=2,n=512,d=1024,h=16", "gpt_training_layer");
    CHECK(r["models"].empty());  // not a catalog model; the section is the report's own
    const auto& tp = r["tensor_parallel"];
    const long long b = 2, n = 512, d = 1024, h = 16;
    REQUIRE(tp["devices"].size() == 4);
    for (const auto& row : tp["devices"]) {
        const long long t = row["t"].get<long long>();
        // Megatron's split: 12d² of weights and the 7d of b_q, b_k, b_v, b_1 over t, 6d whole
        CHECK(row["params"].get<long long>() == (12 * d * d + 7 * d) / t + 6 * d);
        // Korthikanti et al. §4.2, bf16: s·b·h·(10 + 24/t + 5·a·s/(h·t)) in their names
        CHECK(row["saved_activations"].get<long long>() == 10 * b * n * d + (24 * b * n * d + 5 * b * h * n * n) / t);
        // two ring all-reduces of b·n·d bf16 values each way: 2·(t − 1)/t of 2·b·n·d bytes each
        CHECK(row["sent_forward"].get<long long>() == 2 * 2 * (t - 1) * 2 * b * n * d / t);
        CHECK(row["sent_backward"].get<long long>() == row["sent_forward"].get<long long>());
        CHECK(row["training_memory_bf16_mixed_adam_selective"].get<long long>() ==
              16 * row["params"].get<long long>() + 10 * b * n * d + 24 * b * n * d / t);
        // with sequence parallelism (their §4.2.2): everything split, s·b·h·34/t + 5·a·s²·b/t
        CHECK(row["saved_activations_sequence_parallel"].get<long long>() == (34 * b * n * d + 5 * b * h * n * n) / t);
    }
    CHECK(ordo_tool::report_text(r).find("tensor parallelism") != std::string::npos);
}

TEST_CASE("a windowed model's crossover moves along its window", "[report]") {
    // sliding window: 4bnwd + 5bhnw against 8bnd², linear in n on both sides; in w they cross
    // at w = 8d²/(4d + 5h), the same figure as MHA's n*
    const auto r = ordo_tool::report("b=1,n=64,d=4096,h=32,w=8", "sliding_window");
    const auto& x = r["models"][0]["crossover"];
    const long long d = 4096, h = 32, top = 8 * d * d, bottom = 4 * d + 5 * h, common = std::gcd(top, bottom);
    CHECK(x["along"] == "w");
    CHECK(x["exact"] == std::to_string(top / common) + "/" + std::to_string(bottom / common));
    CHECK(x["upper"].get<long long>() == top / bottom + 1);
}

TEST_CASE("bad sizes are rejected with the dimension's name", "[report][errors]") {
    CHECK_THROWS_WITH(ordo_tool::report("d=0", "mha"), Catch::Contains("E010") && Catch::Contains("'d'"));
    CHECK_THROWS_WITH(ordo_tool::report("2d=5", "mha"), Catch::Contains("E015"));
    CHECK_THROWS_AS(ordo_tool::report("d", "mha"), std::invalid_argument);
}
// Issue 12: the roofline object. At b = 1 a LLaMA decoding step is memory-bound throughout, so
// its time is its bytes over the bandwidth; checked here against the report's own exact bytes
// and the data sheet's bandwidth, with the arithmetic done in long double.
TEST_CASE("the report's roofline: a decoding step at batch 1 takes its bytes over the bandwidth", "[report][roofline]") {
    const auto r = ordo_tool::report(ordo_tool::report_options::of("b=1,n=4096,d=4096,h=32,g=8,f=14336,L=32,V=128256",
                                                                     "llama_decode_step", "h100_sxm", "bf16"));
    REQUIRE(r["models"].size() == 1);
    const auto& m = r["models"][0];
    CHECK(m["dtype"] == "bf16");
    const auto& roof = m["roofline"];
    const long double bytes = m["bytes_moved"]["value"].get<std::int64_t>();
    const long double seconds = roof["seconds"]["value"].get<double>();
    CHECK(std::abs(seconds - bytes / 3.35e12L) < 0.05L * bytes / 3.35e12L);
    std::int64_t op_bytes = 0, op_flops = 0;
    for (const auto& op : roof["ops"]) {
        CHECK(op["bound"] == "memory");
        if (!op["intensity"].is_null()) CHECK(op["intensity"].get<double>() <= op["ridge"].get<double>());
        op_bytes += op["bytes"].get<std::int64_t>();
        op_flops += op["flops"].get<std::int64_t>();
    }
    CHECK(op_bytes == m["bytes_moved"]["value"].get<std::int64_t>());  // the ops' parts add up to the total
    CHECK(op_flops == m["flops"]["standard"]["value"].get<std::int64_t>());
    CHECK(roof["memory_bound_share"]["exact"] == "1/1");
    CHECK(roof["balance"]["from"].is_null());  // the KV cache keeps the whole step memory-bound along b
    // At a large batch over a short context the projections turn compute-bound.
    const auto many = ordo_tool::report(ordo_tool::report_options::of("b=4096,n=512,d=4096,h=32,g=8,f=14336,L=32,V=128256",
                                                                        "llama_decode_step", "h100_sxm", "bf16"));
    std::size_t compute_bound = 0;
    for (const auto& op : many["models"][0]["roofline"]["ops"]) compute_bound += op["bound"] == "compute";
    CHECK(compute_bound > 0);
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(ordo_tool::report(ordo_tool::report_options::of("", "mha", "tpu9")), Contains("--hardware 'tpu9'") && Contains("h100_sxm"));
    CHECK_THROWS_WITH(ordo_tool::report(ordo_tool::report_options::of("", "mha", "", "f8")), Contains("--dtype 'f8'"));
}

// A hardware record read from a file: each missing or malformed field named, with the file.
TEST_CASE("hardware records: a bad file or field is named", "[report][roofline][errors]") {
    using Catch::Matchers::Contains;
    const std::string dir = std::filesystem::temp_directory_path().string();
    const auto write = [&](const std::string& name, const std::string& text) {
        const std::string path = dir + "/" + name;
        std::ofstream(path) << text;
        return path;
    };
    const std::string good = R"({"name": "box", "source": "measured", "peak_f16": 2000, "peak_bf16": 2000,
        "peak_f32": 1000, "peak_f64": 500, "bandwidth": 100, "on_chip_bytes": 64})";
    const ordo::hardware& box = ordo_tool::hardware_named(write("ordo_box.json", good));
    CHECK(box.name == "box");
    CHECK(box.peak(ordo::dtype::f32) == 1000);
    CHECK(box.bandwidth == 100);
    CHECK_THROWS_WITH(ordo_tool::hardware_named(dir + "/ordo_nosuch.json"), Contains("cannot read the file"));
    CHECK_THROWS_WITH(ordo_tool::hardware_named(write("ordo_bad.json", "{ not json")), Contains("not JSON"));
    std::string missing = good;
    missing.replace(missing.find("\"bandwidth\": 100"), 16, "\"bandwidth\": -1");
    CHECK_THROWS_WITH(ordo_tool::hardware_named(write("ordo_neg.json", missing)),
                      Contains("ordo_neg.json") && Contains("field 'bandwidth' is missing or not a positive integer"));
    // A machine without a peak for an op's type (here none at all): E009, not a division by zero.
    constexpr auto n = ordo::dim<"n">;
    const ordo::graph g = ordo::trace([](auto x) { return ordo::exp(x); }, ordo::input<"x", float>(n));
    ordo::hardware none;
    none.bandwidth = 1;
    CHECK_THROWS_WITH(ordo::roofline(g, none, ordo::bind(n = 4)), Contains("[ordo:E009]") && Contains("peak or bandwidth of 0"));
}

#endif
