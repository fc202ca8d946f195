// Multi-head latent attention (DeepSeek-V2 §2.1): the absorbed, cached form decodes the same
// tokens to the same outputs as the naive form with explicit up-projections, once its weights
// are the products W_QA = W_Q·W_UKᵀ and W_OA = W_UV·W_O (computed here with plain loops).
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xmath.hpp>

#include <algorithm>
#include <cstddef>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // b, n, d, h, k, r, p

namespace {
double relative_error(const xt::xarray<double>& x, const xt::xarray<double>& y) {
    REQUIRE(x.shape() == y.shape());
    const double scale = std::max(1.0, static_cast<double>(xt::amax(xt::abs(y))()));
    return static_cast<double>(xt::amax(xt::abs(x - y))()) / scale;
}
const xt::xarray<float>& as_float(const rt::named_arrays& a, const char* name) {
    return std::get<xt::xarray<float>>(a.at(name));
}
}  // namespace

TEST_CASE("absorbed MLA decodes the same tokens as the naive form", "[runtime][numerics][mla]") {
    const std::size_t D = 12, H = 3, K = 5, R = 4;
    const auto at = bind(b = 2, n = 7, d = 12, h = 3, k = 5, r = 4, p = 2);
    const graph naive = models::mla(b, n, d, h, k, r, p);
    const rt::named_arrays given = rt::random_inputs(naive, at, 7);
    const auto& wq = as_float(given, "w_q");    // [d, h, k]
    const auto& wuk = as_float(given, "w_uk");  // [r, h, k]
    const auto& wuv = as_float(given, "w_uv");  // [r, h, k]
    const auto& wo = as_float(given, "w_o");    // [h, k, d]
    xt::xarray<float> wqa = xt::zeros<float>({D, H, R}), woa = xt::zeros<float>({H, R, D});
    for (std::size_t i = 0; i < D; ++i)
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t c = 0; c < R; ++c)
                for (std::size_t x = 0; x < K; ++x) {
                    wqa(i, j, c) += wq(i, j, x) * wuk(c, j, x);
                    woa(j, c, i) += wuv(c, j, x) * wo(j, x, i);
                }
    rt::named_arrays absorbed_inputs;
    for (const char* shared : {"x", "cos", "sin", "w_dkv", "w_kr", "w_qr"}) absorbed_inputs[shared] = given.at(shared);
    absorbed_inputs["w_qa"] = wqa;
    absorbed_inputs["w_oa"] = woa;
    const xt::xarray<double> expected = rt::execute<double>(naive, at, given);
    const xt::xarray<double> decoded = rt::execute<double>(models::mla_incremental(b, n, d, h, k, r, p), at, absorbed_inputs);
    CHECK(relative_error(decoded, expected) < 1e-5);
    // The check can fail: with its query weights scaled, the absorbed form differs.
    absorbed_inputs["w_qa"] = xt::xarray<float>(wqa * 1.5f);
    CHECK(relative_error(rt::execute<double>(models::mla_incremental(b, n, d, h, k, r, p), at, absorbed_inputs), expected) > 1e-3);
}
