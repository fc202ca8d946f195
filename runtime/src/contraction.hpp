#pragma once
// Contractions (matmul and einsum of any operand count). One mechanism: the spec's letters
// become an index space; the generic kernel walks it with the scalar type's own arithmetic
// (so counting sees every multiply-add), and the fast path hands 2-operand contractions to
// BLAS gemm on strided slices of the same buffers when their strides allow it.

#include "gemm_batch.hpp"
#include "strided.hpp"

#include <ordo/graph/ops/linear.hpp>
#include <ordo/runtime/counted.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace ordo::runtime::detail {

/// The fast path's copies of weights in gemm's layout, kept for the run: a decoding step
/// multiplies the same weight at every step, and copying it each time would cost as much as
/// the product. Keyed by the view (buffer address, shape, strides) and the layout asked for.
template <typename T>
struct packed_weights {
    std::vector<std::pair<std::vector<std::int64_t>, view<T>>> copies;
    std::vector<std::vector<std::int64_t>> seen_once;  // transposed_weight's: not yet worth a copy

    /// The copy kept under `key`, or null.
    const view<T>* find(const std::vector<std::int64_t>& key) const {
        for (const auto& [known, copy_of] : copies)
            if (known == key) return &copy_of;
        return nullptr;
    }
};

/// The weight B[k, n] (rows ldb apart) transposed into [n, k], kept with the packed copies; null
/// the first time a weight is asked for. A copy costs some three reads of the weight, so it is
/// made when a product reads the weight a second time in the run (a decoding loop's steps),
/// not for a weight read once (a layer's slice of the stacked weights in one decoding step).
template <typename T>
const T* transposed_weight(packed_weights<T>& weights, const T* b, std::int64_t k, std::int64_t n, std::int64_t ldb) {
    const std::vector<std::int64_t> key{static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(b)), -1, k, n, ldb};
    if (const view<T>* known = weights.find(key)) return known->data;
    if (std::find(weights.seen_once.begin(), weights.seen_once.end(), key) == weights.seen_once.end()) {
        weights.seen_once.push_back(key);
        return nullptr;
    }
    view<T> walked;  // B read as [n, k]
    walked.data = const_cast<T*>(b);  // only read
    walked.rank = 2;
    walked.shape = extents{n, k};
    walked.strides = extents{1, ldb};
    view<T> t = allocate<T>(2, walked.shape);
    copy(walked, t);
    weights.copies.emplace_back(key, t);
    return t.data;
}

/// One letter of an einsum: its extent and its stride in each operand and in the output.
struct letter {
    char name = 0;
    std::int64_t extent = 1;
    std::int64_t stride[max_operands]{};
    std::int64_t out_stride = 0;
    bool in[max_operands]{};
    bool in_output = false;
};

/// The einsum specification of matmul: contract the last axis of a with the first of b.
inline std::string matmul_spec(int rank_a, int rank_b) {
    std::string a, b, out;
    for (int k = 0; k + 1 < rank_a; ++k) a += static_cast<char>('a' + k);
    for (int k = 0; k + 1 < rank_b; ++k) b += static_cast<char>('q' + k);
    return a + "k,k" + b + "->" + a + b;
}

template <typename T>
std::vector<letter> letters_of(const ordo::detail::einsum_spec& p, const view<T>* const* operands, const view<T>& out) {
    std::vector<letter> ls;
    auto find = [&](char c) -> letter& {
        for (letter& l : ls)
            if (l.name == c) return l;
        ls.push_back(letter{c});
        return ls.back();
    };
    for (int o = 0; o < p.operand_count; ++o)
        for (int k = 0; k < p.rank[o]; ++k) {
            letter& l = find(p.index[o][k]);
            l.extent = operands[o]->shape[k];
            l.stride[o] += operands[o]->strides[k];  // a repeated letter walks the diagonal
            l.in[o] = true;
        }
    for (int k = 0; k < p.output_rank; ++k) {
        letter& l = find(p.output[k]);
        l.out_stride += out.strides[k];
        l.in_output = true;
    }
    return ls;
}

/// Walks the letters `which` of `ls` (an odometer), calling visit(offsets) with the offsets
/// into the operands (0..count) and the output (index max_operands).
template <typename Visit>
void walk(const std::vector<letter>& ls, const std::vector<int>& which, Visit&& visit) {
    std::array<std::int64_t, max_operands + 1> offset{};
    std::vector<std::int64_t> index(which.size(), 0);
    for (int w : which)
        if (ls[w].extent == 0) return;
    for (;;) {
        visit(offset);
        int k = static_cast<int>(which.size()) - 1;
        for (; k >= 0; --k) {
            const letter& l = ls[which[k]];
            ++index[k];
            for (int o = 0; o < max_operands; ++o) offset[o] += l.stride[o];
            offset[max_operands] += l.out_stride;
            if (index[k] < l.extent) break;
            for (int o = 0; o < max_operands; ++o) offset[o] -= index[k] * l.stride[o];
            offset[max_operands] -= index[k] * l.out_stride;
            index[k] = 0;
        }
        if (k < 0) return;
    }
}

/// The generic kernel: out[o] = Σ over the summed letters of Π operands. One operand with
/// no summed letter is a copy (a permutation or a diagonal), without arithmetic.
template <typename T>
void contract_generic(const ordo::detail::einsum_spec& p, const std::vector<letter>& ls, const view<T>* const* operands,
                      view<T>& out) {
    std::vector<int> kept, summed;
    for (int k = 0; k < static_cast<int>(ls.size()); ++k) (ls[k].in_output ? kept : summed).push_back(k);
    const int count = p.operand_count;
    walk(ls, kept, [&](const auto& base) {
        if (summed.empty() && count == 1) {
            out.data[base[max_operands]] = operands[0]->data[base[0]];
            return;
        }
        T acc = T(0);
        walk(ls, summed, [&](const auto& inner) {
            T product = operands[0]->data[base[0] + inner[0]];
            for (int o = 1; o < count; ++o) product = product * operands[o]->data[base[o] + inner[o]];
            acc = acc + product;
        });
        out.data[base[max_operands]] = acc;
    });
}

/// BLAS gemms for a 2-operand contraction: one letter each for gemm's m, n and k, a loop over
/// the others; false when the strides do not fit.
template <typename T>
bool contract_gemms(std::vector<letter> ls, const view<T>& a0, const view<T>& b0, view<T>& out,
                    packed_weights<T>* weights = nullptr, const bool* constant = nullptr) {
    const view<T>* a = &a0;
    const view<T>* b = &b0;
    int ia = 0, ib = 1;  // which operand stride slot is A and B
    auto pick = [&](auto role, auto key) {
        int best = -1;
        for (int k = 0; k < static_cast<int>(ls.size()); ++k)
            if (role(ls[k]) && (best < 0 || key(ls[k]) < key(ls[best]))) best = k;
        return best;
    };
    for (const letter& l : ls)
        if (!l.in_output && !(l.in[0] && l.in[1])) return false;  // summed in one operand only
    auto only = [](int x, bool out) { return [x, out](const letter& l) { return l.in[x] && !l.in[1 - x] && l.in_output == out; }; };
    auto abs_stride = [](std::int64_t s) { return s < 0 ? -s : s; };
    int lm = pick(only(0, true), [&](const letter& l) { return abs_stride(l.out_stride); });
    int ln = pick(only(1, true), [&](const letter& l) { return abs_stride(l.out_stride); });
    const int lk = pick([](const letter& l) { return l.in[0] && l.in[1] && !l.in_output; },
                        [&](const letter& l) { return abs_stride(l.stride[0]); });
    auto stride_of = [&](int l, int slot) -> std::int64_t { return l < 0 ? 0 : slot < 0 ? ls[l].out_stride : ls[l].stride[slot]; };
    auto extent_of = [&](int l) -> std::int64_t { return l < 0 ? 1 : ls[l].extent; };
    // C[m, n] must be row-major in n; otherwise compute Cᵀ = Bᵀ·Aᵀ.
    if (ln >= 0 && stride_of(ln, -1) != 1 && lm >= 0 && stride_of(lm, -1) == 1) {
        std::swap(lm, ln);
        std::swap(a, b);
        std::swap(ia, ib);
    } else if (ln >= 0 && stride_of(ln, -1) != 1) {
        return false;
    }
    const std::int64_t m = extent_of(lm), n = extent_of(ln), k = extent_of(lk);
    const std::int64_t ldc = lm < 0 ? n : stride_of(lm, -1);
    bool ta = false, tb = false;
    std::int64_t lda = 0, ldb = 0;
    if (lk < 0 || stride_of(lk, ia) == 1) lda = lm < 0 ? k : stride_of(lm, ia);
    else if (lm < 0 || stride_of(lm, ia) == 1) ta = true, lda = stride_of(lk, ia);
    else return false;
    if (ln < 0 || stride_of(ln, ib) == 1) ldb = lk < 0 ? n : stride_of(lk, ib);
    else if (lk < 0 || stride_of(lk, ib) == 1) tb = true, ldb = stride_of(ln, ib);
    else return false;
    auto at_least = [](std::int64_t ld, std::int64_t cols) { return ld < cols ? (cols < 1 ? 1 : cols) : ld; };
    lda = at_least(lda, ta ? m : k);
    ldb = at_least(ldb, tb ? k : n);
    const std::int64_t ldc_ok = at_least(ldc, n);
    std::vector<int> loops;
    for (int l = 0; l < static_cast<int>(ls.size()); ++l)
        if (l != lm && l != ln && l != lk) loops.push_back(l);
    // The loop letters: batch entries (in the output) and summed slices (accumulated, beta = 1
    // after the first), as offsets for the pool's batch of gemms.
    std::vector<int> outer, summed;
    for (int l : loops) (ls[l].in_output ? outer : summed).push_back(l);
    std::vector<gemm_offsets> entries, parts;
    walk(ls, outer, [&](const auto& o) { entries.push_back({o[ia], o[ib], o[max_operands]}); });
    walk(ls, summed, [&](const auto& o) { parts.push_back({o[ia], o[ib], 0}); });
    const T* b_data = b->data;
    // A few rows against a weight read it by rows, in strips; by columns (dot products along
    // k) they read it about twice as fast, so such a weight is transposed once per run.
    if (m <= thin_rows && n > thin_rows && !tb && entries.size() == 1 && parts.size() == 1 && weights != nullptr &&
        constant != nullptr && constant[ib]) {
        if (const T* t = transposed_weight(*weights, b->data + entries[0].b + parts[0].b, k, n, ldb)) {
            b_data = t;
            entries[0].b = parts[0].b = 0;
            tb = true;
            ldb = k;
        }
    }
    run_gemms<T>(gemm_shape{ta, tb, m, n, k, lda, ldb, ldc_ok}, a->data, b_data, out.data, entries, parts);
    return true;
}

/// Joins letters that walk memory as one (an outer letter whose stride is the inner one's
/// stride × extent, in every operand it appears in and in the output): `bn` of a [b, n, d]
/// tensor is one letter of extent b·n, so a projection is one gemm rather than b.
inline void merge_letters(std::vector<letter>& ls) {
    auto same_roles = [](const letter& u, const letter& v) {
        for (int o = 0; o < max_operands; ++o)
            if (u.in[o] != v.in[o]) return false;
        return u.in_output == v.in_output;
    };
    auto nests = [](const letter& outer, const letter& inner) {
        for (int o = 0; o < max_operands; ++o)
            if (outer.in[o] && outer.stride[o] != inner.stride[o] * inner.extent) return false;
        return !outer.in_output || outer.out_stride == inner.out_stride * inner.extent;
    };
    // a letter of extent 1 walks nothing (a decoding step's one position): drop it
    std::erase_if(ls, [](const letter& l) { return l.extent == 1; });
    for (bool merged = true; merged;) {
        merged = false;
        for (std::size_t i = 0; i < ls.size() && !merged; ++i)
            for (std::size_t j = 0; j < ls.size() && !merged; ++j)
                if (i != j && same_roles(ls[i], ls[j]) && nests(ls[i], ls[j])) {
                    ls[j].extent *= ls[i].extent;
                    ls.erase(ls.begin() + static_cast<std::ptrdiff_t>(i));
                    merged = true;
                }
    }
}

/// The view of `v`'s buffer that walks `order`'s letters in turn (slot: the operand, or -1
/// for the output).
template <typename T>
view<T> in_order(const view<T>& v, const std::vector<letter>& ls, const std::vector<int>& order, int slot) {
    view<T> r;
    r.owner = v.owner;
    r.data = v.data;
    r.rank = static_cast<int>(order.size());
    for (int k = 0; k < r.rank; ++k) {
        const letter& l = ls[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
        r.shape[k] = l.extent;
        r.strides[k] = slot < 0 ? l.out_stride : l.stride[slot];
    }
    return r;
}

/// A 2-operand contraction as one gemm per batch entry, the transpose-transpose-gemm-transpose
/// way: operands whose letters of a role (m, n, k) do not merge are first copied into the
/// layout [batch, m, k] and [batch, k, n], and the result is written as [batch, m, n] and
/// copied into place. The copies are linear in the tensors, the gemm they make room for is not.
/// False when the letters already merge to one per role (the plain path is as good) or a
/// copy would cost about as much as the gemm.
template <typename T>
bool contract_packed(const std::vector<letter>& ls, const view<T>& a, const view<T>& b, view<T>& out,
                     packed_weights<T>* weights, const bool* constant) {
    std::vector<int> batch, m, n, k;
    for (int l = 0; l < static_cast<int>(ls.size()); ++l) {
        const letter& x = ls[static_cast<std::size_t>(l)];
        (x.in[0] && x.in[1] ? (x.in_output ? batch : k) : x.in[0] ? m : n).push_back(l);
    }
    if ((m.size() <= 1 && n.size() <= 1 && k.size() <= 1) || ls.size() > static_cast<std::size_t>(view_rank)) return false;
    auto by = [&](std::vector<int>& v, int slot) {
        std::sort(v.begin(), v.end(), [&](int x, int y) {
            auto key = [&](int l) { const letter& t = ls[static_cast<std::size_t>(l)]; return slot < 0 ? t.out_stride : t.stride[slot]; };
            return key(x) > key(y);
        });
    };
    by(batch, -1), by(m, -1), by(n, -1), by(k, 0);
    auto join = [](std::vector<int> x, const std::vector<int>& y, const std::vector<int>& z) {
        x.insert(x.end(), y.begin(), y.end());
        x.insert(x.end(), z.begin(), z.end());
        return x;
    };
    const std::vector<int> order_a = join(batch, m, k), order_b = join(batch, k, n), order_c = join(batch, m, n);
    auto kept = [&](int slot) { return weights != nullptr && constant != nullptr && constant[slot]; };
    auto key_of = [&](const view<T>& walked) {
        std::vector<std::int64_t> key{static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(walked.data))};
        for (int k = 0; k < walked.rank; ++k) key.push_back(walked.shape[k]), key.push_back(walked.strides[k]);
        return key;
    };
    auto packed = [&](const view<T>& v, const std::vector<int>& order, int slot) {
        const view<T> walked = in_order(v, ls, order, slot);
        if (walked.contiguous()) return walked;
        std::vector<std::int64_t> key;
        if (kept(slot)) {
            key = key_of(walked);
            if (const view<T>* known = weights->find(key)) return *known;
        }
        view<T> dense = allocate<T>(walked.rank, walked.shape);
        copy(walked, dense);
        if (kept(slot)) weights->copies.emplace_back(std::move(key), dense);
        return dense;
    };
    // A copy reads and writes its tensor once; the gemm reads it (the other side's extent)
    // times over. Copy only where that extent is large, or where the copy is of a weight and
    // kept for the run (a decoding step's few rows against a weight, at every step).
    auto extent = [&](const std::vector<int>& v) {
        std::int64_t e = 1;
        for (int l : v) e *= ls[static_cast<std::size_t>(l)].extent;
        return e;
    };
    constexpr std::int64_t worth_a_copy = 64;
    const view<T> target = in_order(out, ls, order_c, -1);
    if ((!kept(0) && !in_order(a, ls, order_a, 0).contiguous() && extent(n) < worth_a_copy) ||
        (!kept(1) && !in_order(b, ls, order_b, 1).contiguous() && extent(m) < worth_a_copy) ||
        (!target.contiguous() && extent(k) < worth_a_copy))
        return false;
    const view<T> pa = packed(a, order_a, 0), pb = packed(b, order_b, 1);
    view<T> pc = target.contiguous() ? target : allocate<T>(target.rank, target.shape);
    std::vector<letter> dense = ls;
    auto restride = [&](const std::vector<int>& order, const view<T>& v, int slot) {
        for (std::size_t p = 0; p < order.size(); ++p) {
            letter& l = dense[static_cast<std::size_t>(order[p])];
            (slot < 0 ? l.out_stride : l.stride[slot]) = v.strides[p];
        }
    };
    restride(order_a, pa, 0), restride(order_b, pb, 1), restride(order_c, pc, -1);
    merge_letters(dense);
    if (!contract_gemms(dense, pa, pb, pc)) return false;  // cannot happen: every operand is dense
    if (pc.data != target.data) copy(pc, target);
    return true;
}

/// The BLAS path for a 2-operand contraction; false when the strides do not fit.
template <typename T>
bool contract_blas(std::vector<letter> ls, const view<T>& a, const view<T>& b, view<T>& out, packed_weights<T>* weights,
                   const bool* constant) {
    for (const letter& l : ls)
        if (!l.in_output && !(l.in[0] && l.in[1])) return false;  // summed in one operand only
    merge_letters(ls);
    return contract_packed(ls, a, b, out, weights, constant) || contract_gemms(ls, a, b, out, weights, constant);
}

/// out = the contraction `spec` of the operands; BLAS when `fast` and T is float or double.
/// `constant[k]`: operand k is (a view of) a weight, whose gemm-layout copy `weights` may keep.
template <typename T>
void contract(std::string_view spec, const view<T>* const* operands, view<T>& out, bool fast,
              packed_weights<T>* weights = nullptr, const bool* constant = nullptr) {
    const ordo::detail::einsum_spec p = ordo::detail::parse_einsum(spec);
    const std::vector<letter> ls = letters_of(p, operands, out);
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        if (fast && p.operand_count == 2 && contract_blas(ls, *operands[0], *operands[1], out, weights, constant)) return;
    }
    contract_generic(p, ls, operands, out);
}

}  // namespace ordo::runtime::detail
