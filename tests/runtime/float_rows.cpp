// The fast path's float row loops, each build this CPU can run (the baseline and, where the CPU
// has it, AVX-512), against double-precision definitions: lengths that leave remainders in
// every vector width and that take the chunked, prefetching passes (256 floats and more).
#include "../../runtime/src/kernels/float_rows.hpp"
#include "../../runtime/src/kernels/stream_store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string_view>
#include <vector>

namespace rt = ordo::runtime::detail;

namespace {

std::vector<const rt::float_rows*> builds() {
    std::vector<const rt::float_rows*> all{&rt::baseline_float_rows()};
    if (const auto* wide = rt::avx512_float_rows()) all.push_back(wide);
    return all;
}

/// max |y − expected| / max(1, max |expected|)
double error(const std::vector<float>& y, const std::vector<double>& expected) {
    double worst = 0, scale = 1;
    for (std::size_t j = 0; j < y.size(); ++j) {
        worst = std::max(worst, std::abs(static_cast<double>(y[j]) - expected[j]));
        scale = std::max(scale, std::abs(expected[j]));
    }
    return worst / scale;
}

constexpr std::int64_t lengths[] = {1, 7, 15, 17, 64, 255, 256, 257, 1000, 4099};

}  // namespace

TEST_CASE("every build of the float row loops agrees with double definitions", "[runtime][numerics]") {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> logits(-10.0f, 10.0f);
    for (const rt::float_rows* rows : builds())
        for (const std::int64_t len : lengths) {
            INFO(rows->instruction_set << ", length " << len);
            // two rows, so the prefetch of "the next row" reads the second one, and the second
            // one's prefetch points past the array (it must not fault)
            std::vector<float> x(static_cast<std::size_t>(2 * len)), gain(x.size() / 2), bias(x.size() / 2);
            for (auto& v : x) v = logits(random);
            for (auto& v : gain) v = logits(random) / 10.0f;
            for (auto& v : bias) v = logits(random);
            const auto n = static_cast<std::size_t>(len);
            std::vector<float> y(n);
            std::vector<double> expected(n);
            const float* row = x.data() + n;

            const double top = *std::max_element(row, row + n);
            double total = 0;
            for (std::size_t j = 0; j < n; ++j) total += expected[j] = std::exp(row[j] - top);
            for (auto& e : expected) e /= total;
            for (const bool stream : {false, true}) {  // stored, or streamed past the cache
                INFO("streamed " << stream);
                rows->softmax(row, y.data(), len, stream);
                rt::stream_fence();
                CHECK(error(y, expected) < 1e-6);
            }

            for (const bool centred : {true, false}) {
                (centred ? rows->layer_norm : rows->rms_norm)(row, y.data(), gain.data(), bias.data(), len, 1e-5f);
                double mean = 0, spread = 0;
                if (centred)
                    for (std::size_t j = 0; j < n; ++j) mean += row[j] / static_cast<double>(len);
                for (std::size_t j = 0; j < n; ++j) spread += (row[j] - mean) * (row[j] - mean);
                const double scale = 1 / std::sqrt(spread / static_cast<double>(len) + 1e-5);
                for (std::size_t j = 0; j < n; ++j) expected[j] = (row[j] - mean) * scale * gain[j] + (centred ? bias[j] : 0.0);
                CHECK(error(y, expected) < 1e-5);
            }

            rows->gelu(row, y.data(), len);
            for (std::size_t j = 0; j < n; ++j) {
                const double v = row[j];
                expected[j] = 0.5 * v * (1 + std::tanh(std::sqrt(2 / 3.141592653589793) * (v + 0.044715 * v * v * v)));
            }
            CHECK(error(y, expected) < 1e-6);

            rows->silu(row, y.data(), len);
            for (std::size_t j = 0; j < n; ++j) expected[j] = row[j] / (1 + std::exp(-static_cast<double>(row[j])));
            CHECK(error(y, expected) < 1e-6);

            // exp over float's range: relative error per element; below −87 (e^x near float's least
            // normal, 1.2e-38) only tiny, and 0 below −87.33
            std::vector<float> wide(n);
            for (std::size_t j = 0; j < n; ++j) wide[j] = -100.0f + 188.0f * static_cast<float>(j) / static_cast<float>(n);
            rows->exp(wide.data(), y.data(), len);
            for (std::size_t j = 0; j < n; ++j) {
                const double e = std::exp(static_cast<double>(wide[j]));
                if (wide[j] < -87.33f) CHECK(y[j] == 0.0f);
                else if (wide[j] < -87.0f) CHECK(y[j] < 2e-38f);
                else CHECK(std::abs(y[j] - e) <= 4e-7 * e);
            }
        }
}

TEST_CASE("the runtime runs the widest build this CPU has, unless ORDO_ISA=baseline", "[runtime][numerics]") {
    const char* asked = std::getenv("ORDO_ISA");
    const bool baseline_asked = asked && std::string_view(asked) == "baseline";
    const rt::float_rows* expected = rt::avx512_float_rows() && !baseline_asked ? rt::avx512_float_rows() : &rt::baseline_float_rows();
    CHECK(&rt::float_rows_for_this_cpu() == expected);
    CHECK(std::string_view(rt::baseline_float_rows().instruction_set) == "baseline");
    if (const auto* wide = rt::avx512_float_rows()) CHECK(std::string_view(wide->instruction_set) == "avx512");
}
