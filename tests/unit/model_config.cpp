// `ordo report --config`: released models' config.json files (tests/data/configs, cited in its
// SOURCES.md) read into the catalog model of their family. The report is the catalog model's at
// the config's sizes and dtype, and its parameter count is the released checkpoint's (published
// counts: SOURCES.md). Bad files are one line naming the file and the field.
#ifdef ORDO_TEST_REPORT
#include "model_config.hpp"
#include "report.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using Catch::Matchers::Contains;

const std::string configs = std::string(ORDO_TEST_DATA_DIR) + "/configs/";

/// The published parameter counts of the released checkpoints (SOURCES.md).
struct released {
    const char* file;
    const char* model;
    const char* dtype;
    std::int64_t parameters;
};
constexpr released checkpoints[] = {
    {"llama-2-7b.json", "llama_decoder", "f16", 6'738'415'616},
    {"llama-2-13b.json", "llama_decoder", "f16", 13'015'864'320},
    {"llama-2-70b.json", "llama_decoder", "f16", 68'976'648'192},
    {"meta-llama-3-8b.json", "llama_decoder", "bf16", 8'030'261'248},
    {"mistral-7b-v0.1.json", "mistral_decoder", "bf16", 7'241'732'096},
    {"mixtral-8x7b-v0.1.json", "mixtral_decoder", "bf16", 46'702'792'704},
    {"deepseek-v2.json", "deepseek_decoder", "bf16", 235'741'434'880},
};

/// A copy of config `name` with `edit` applied to its text, in the build's temporary directory.
std::string edited(const std::string& name, const std::string& from, const std::string& to) {
    std::ifstream in(configs + name);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    const std::string path = (std::filesystem::temp_directory_path() / ("ordo-edited-" + name)).string();
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST_CASE("a released model's config.json gives its catalog model's report and the checkpoint's parameter count", "[report][config]") {
    for (const released& r : checkpoints) {
        INFO(r.file);
        const ordo_tool::model_config c = ordo_tool::read_model_config(configs + r.file);
        CHECK(c.model == r.model);
        CHECK(c.dtype == r.dtype);
        ordo_tool::report_options options;
        options.config = configs + r.file;
        nlohmann::ordered_json from_config = ordo_tool::report(options);
        REQUIRE(from_config["models"].size() == 1);
        CHECK(from_config["models"][0]["params"]["value"].get<std::int64_t>() == r.parameters);
        // the same document as the catalog model's own report at those sizes, beside the file's name
        ordo_tool::report_options same = ordo_tool::report_options::of(c.sizes, r.model, "", r.dtype);
        same.exact_model = true;
        const nlohmann::ordered_json catalog = ordo_tool::report(same);
        CHECK(from_config["models"][0]["config"]["file"] == configs + r.file);
        from_config["models"][0].erase("config");
        CHECK(from_config == catalog);
    }
}

TEST_CASE("fields a config leaves out take its config class's documented defaults, and say so", "[report][config]") {
    const std::string path = edited("llama-2-7b.json", "\"num_key_value_heads\": 32,", "");
    const ordo_tool::model_config c = ordo_tool::read_model_config(path);
    CHECK_THAT(c.sizes, Contains("g=32"));
    REQUIRE(c.defaults.size() == 1);
    CHECK_THAT(c.defaults[0], Contains("num_key_value_heads = 32") && Contains("LlamaConfig's default"));
    std::filesystem::remove(path);
}

TEST_CASE("a bad config.json is one line naming the file and the field", "[report][config][errors]") {
    const auto refused = [](const std::string& path, const std::string& what) {
        INFO(path);
        try {
            (void)ordo_tool::read_model_config(path);
            FAIL("no error");
        } catch (const std::invalid_argument& e) {
            const std::string message = e.what();
            CHECK(message.find('\n') == std::string::npos);
            CHECK_THAT(message, Contains(path + ": field '") && Contains(what));
        }
    };
    const std::string no_layers = edited("llama-2-7b.json", "\"num_hidden_layers\": 32,", "");
    refused(no_layers, "'num_hidden_layers' is missing");
    const std::string text_width = edited("llama-2-7b.json", "\"hidden_size\": 4096", "\"hidden_size\": \"abc\"");
    refused(text_width, "'hidden_size' must be a positive integer, got \"abc\"");
    const std::string unknown = edited("llama-2-7b.json", "LlamaForCausalLM", "FalconForCausalLM");
    refused(unknown, "'architectures' is \"FalconForCausalLM\"; ordo maps LlamaForCausalLM (llama_decoder)");
    // released models ordo's catalog cannot express exactly are refused, not approximated
    refused(configs + "gpt2.json", "'architectures' is \"GPT2LMHeadModel\"");
    refused(configs + "qwen2-7b.json", "'architectures' is \"Qwen2ForCausalLM\"");
    refused(configs + "deepseek-v2-lite.json", "'q_lora_rank' is null or missing");
    const std::string not_json = edited("llama-2-7b.json", "{", "[[");
    CHECK_THROWS_WITH(ordo_tool::read_model_config(not_json), Contains(not_json + ": not valid JSON"));
    const std::string float8 = edited("llama-2-7b.json", "\"float16\"", "\"float8_e4m3fn\"");
    refused(float8, "'torch_dtype' is \"float8_e4m3fn\"; ordo reads bfloat16, float16 or float32");
    const std::string tied = edited("llama-2-7b.json", "\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true");
    refused(tied, "'tie_word_embeddings' is true; ordo's llama_decoder has an output projection of its own");
    const std::string windowed = edited("mixtral-8x7b-v0.1.json", "\"sliding_window\": null", "\"sliding_window\": 4096");
    refused(windowed, "'sliding_window' is 4096; ordo's mixtral_decoder attends over the whole context");
    for (const std::string& path : {no_layers, text_width, unknown, not_json, float8, tied, windowed}) std::filesystem::remove(path);
    CHECK_THROWS_WITH(ordo_tool::read_model_config(configs + "absent.json"), Contains("absent.json: cannot be read"));
}

#endif
