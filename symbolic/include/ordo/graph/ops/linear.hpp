#pragma once
/// \file
/// Contractions: `matmul` and `einsum<"spec">`.
///
///     auto y = matmul(x, w);                            // [b, n, d] x [d, f] -> [b, n, f]
///     auto s = einsum<"bhnk,bhmk->bhnm">(q, k);         // scores
///     auto t = einsum<"bnd->bdn">(x);                   // one operand: permute
///     auto r = einsum<"bnd->bn">(x);                    // ... or reduce
/// Shape errors name the op, the operands and the extents (E101, E102, E103, E109).

#include <ordo/graph/tensor.hpp>
#include <ordo/symbolic/fixed_string.hpp>

namespace ordo {

namespace detail {


/// Parsed einsum specification.
struct einsum_spec {
    int operand_count = 0;
    int rank[max_operands]{};
    char index[max_operands][max_rank]{};
    int output_rank = 0;
    char output[max_rank]{};
    bool well_formed = true;
    const char* problem = "";
};

constexpr bool is_index_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Index loops only (no string_view::find): g++ 12 rejects null-pointer comparisons on
// pointers into temporaries during constant evaluation.
constexpr einsum_spec parse_einsum(std::string_view s) {
    einsum_spec p;
    auto fail = [&](const char* why) {
        p.well_formed = false;
        p.problem = why;
        return p;
    };
    std::size_t arrow = s.size();
    for (std::size_t k = 0; k + 1 < s.size() && arrow == s.size(); ++k)
        if (s[k] == '-' && s[k + 1] == '>') arrow = k;
    if (arrow == s.size()) return fail("it has no '->' and output indices");
    p.operand_count = 1;
    for (std::size_t k = 0; k < arrow; ++k) {
        const char c = s[k];
        if (c == ',') {
            if (p.operand_count == max_operands) return fail("it names more than 3 operands");
            ++p.operand_count;
            continue;
        }
        if (!is_index_letter(c)) return fail("an index is not a letter");
        int& r = p.rank[p.operand_count - 1];
        if (r == max_rank) return fail("an operand has more than 6 indices");
        p.index[p.operand_count - 1][r++] = c;
    }
    for (std::size_t k = arrow + 2; k < s.size(); ++k) {
        const char c = s[k];
        if (!is_index_letter(c)) return fail("an output index is not a letter");
        for (int i = 0; i < p.output_rank; ++i)
            if (p.output[i] == c) return fail("an output index repeats");
        bool found = false;
        for (int o = 0; o < p.operand_count; ++o)
            for (int i = 0; i < p.rank[o]; ++i) found |= p.index[o][i] == c;
        if (!found) return fail("an output index appears in no operand");
        if (p.output_rank == max_rank) return fail("the output has more than 6 indices");
        p.output[p.output_rank++] = c;
    }
    return p;
}

/// Result of checking an einsum against operand shapes.
struct einsum_check {
    bool ok = true;
    bool bad_spec = false;  ///< E103 (else E102: an index with two extents)
    text_buffer message;
    shape_value output;
};

template <fixed_string Spec, shape_value... S>
constexpr einsum_check check_einsum() {
    constexpr shape_value shapes[] = {S...};
    constexpr einsum_spec p = parse_einsum(Spec.view());
    einsum_check c;
    auto head = [&] { c.message << "einsum \"" << Spec.view() << "\": "; };
    if (!p.well_formed) {
        c.ok = false;
        c.bad_spec = true;
        head();
        c.message << p.problem;
        return c;
    }
    if (p.operand_count != static_cast<int>(sizeof...(S))) {
        c.ok = false;
        c.bad_spec = true;
        head();
        c.message << "it names " << p.operand_count << " operand(s) but " << static_cast<int>(sizeof...(S))
                  << " were given";
        return c;
    }
    for (int o = 0; o < p.operand_count; ++o) {
        if (p.rank[o] != shapes[o].rank) {
            c.ok = false;
            c.bad_spec = true;
            head();
            c.message << "operand " << o + 1 << " has " << p.rank[o] << " indices but shape ";
            write_shape(c.message, shapes[o]);
            return c;
        }
    }
    // every index must have one extent across all operands
    for (int o = 0; o < p.operand_count; ++o)
        for (int i = 0; i < p.rank[o]; ++i)
            for (int o2 = 0; o2 <= o; ++o2)
                for (int i2 = 0; i2 < p.rank[o2]; ++i2)
                    if (p.index[o2][i2] == p.index[o][i] && !(shapes[o2][i2] == shapes[o][i]) &&
                        c.ok) {
                        c.ok = false;
                        head();
                        c.message << "index " << p.index[o][i] << " is ";
                        write_extent(c.message, shapes[o2][i2]);
                        c.message << " in operand " << o2 + 1 << " but ";
                        write_extent(c.message, shapes[o][i]);
                        c.message << " in operand " << o + 1;
                    }
    if (!c.ok) return c;
    for (int k = 0; k < p.output_rank; ++k)
        for (int o = 0; o < p.operand_count; ++o)
            for (int i = 0; i < p.rank[o]; ++i)
                if (p.index[o][i] == p.output[k]) c.output.extents[k] = shapes[o][i];
    c.output.rank = p.output_rank;
    return c;
}

/// The size of an einsum's iteration space: the result's elements times the extent of each
/// index that the result does not keep.
constexpr quantity einsum_space(const graph& g, const node& n) {
    const einsum_spec p = parse_einsum(spec_of(n));
    char seen[max_operands * max_rank]{};
    int seen_count = 0;
    quantity space = elements(n.shape);
    for (int o = 0; o < p.operand_count; ++o)
        for (int i = 0; i < p.rank[o]; ++i) {
            const char c = p.index[o][i];
            bool known = false;
            for (int k = 0; k < seen_count && !known; ++k) known = seen[k] == c;
            for (int k = 0; k < p.output_rank && !known; ++k) known = p.output[k] == c;
            if (known) continue;
            seen[seen_count++] = c;
            space = space * g.nodes[n.operands[o]].shape[i];
        }
    return space;
}

/// Appends `count` characters of `s` to a specification under construction.
struct spec_writer {
    payloads::einsum spec;
    int length = 0;
    constexpr spec_writer& put(const char* s, int count) {
        for (int i = 0; i < count; ++i) spec.spec[length++] = s[i];
        return *this;
    }
};

}  // namespace detail

/// matmul: one multiply-add per (output element × contracted index); backward: two
/// contractions of the same size, dA = dY·Bᵀ and dB = Aᵀ·dY, as einsum nodes.
template <>
struct op_traits<op_kind::matmul> : op_defaults {
    static constexpr std::string_view name = "matmul";
    static constexpr work forward_work(const graph& g, const node& n) {
        const shape_value& a = g.nodes[n.operands[0]].shape;
        return work(op_group::contraction, elements(n.shape) * a[a.rank - 1], mix(operation::multiply));
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const graph& f = w.forward();
        const node& n = f.nodes[id];
        const shape_value& a = f.nodes[n.operands[0]].shape;
        const shape_value& bs = f.nodes[n.operands[1]].shape;
        // letters: batch A.., contracted k, rest p..
        char batch[max_rank]{}, rest[max_rank]{};
        for (int i = 0; i + 1 < a.rank; ++i) batch[i] = static_cast<char>('A' + i);
        for (int i = 0; i + 1 < bs.rank; ++i) rest[i] = static_cast<char>('p' + i);
        detail::spec_writer da;  // dA = einsum(dY, B): "<batch><rest>,k<rest>-><batch>k"
        da.put(batch, a.rank - 1).put(rest, bs.rank - 1).put(",k", 2).put(rest, bs.rank - 1).put("->", 2).put(batch, a.rank - 1).put("k", 1);
        w.accumulate(n.operands[0], w.einsum_node(da.spec, {w.grad_of(id), w.saved_value(n.operands[1])}, a, n.type));
        detail::spec_writer db;  // dB = einsum(A, dY): "<batch>k,<batch><rest>->k<rest>"
        db.put(batch, a.rank - 1).put("k,", 2).put(batch, a.rank - 1).put(rest, bs.rank - 1).put("->k", 3).put(rest, bs.rank - 1);
        w.accumulate(n.operands[1], w.einsum_node(db.spec, {w.saved_value(n.operands[0]), w.grad_of(id)}, bs, n.type));
    }
};

/// einsum: with 2 or 3 operands a contraction, (operands − 1) multiply-adds per point of the
/// index space; with one operand a reduction (1 addition per point) or a permutation or
/// diagonal (0). Backward: d(operand w) = einsum(dY, the other operands -> w's indices), a
/// contraction of the same space (E026 when an index of w appears nowhere else); a one-operand
/// einsum goes back as a copy or a broadcast.
template <>
struct op_traits<op_kind::einsum> : op_defaults {
    static constexpr std::string_view name = "einsum";
    static constexpr work forward_work(const graph& g, const node& n) {
        const quantity space = detail::einsum_space(g, n);
        if (n.operand_count >= 2)
            return work(op_group::contraction, space * rational(n.operand_count - 1), mix(operation::multiply));
        return space.factor_count == 0 ? work() : work(op_group::other, space, mix(operation::add));
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const node& n = w.forward().nodes[id];
        const detail::einsum_spec p = detail::parse_einsum(spec_of(n));
        if (p.operand_count == 1) {
            w.gradient_to(id, 0, {});
            return;
        }
        for (int which = 0; which < p.operand_count; ++which) {
            detail::spec_writer s;
            s.put(p.output, p.output_rank);
            int sources[max_operands]{w.grad_of(id), -1, -1};
            int source_count = 1;
            for (int other = 0; other < p.operand_count; ++other) {
                if (other == which) continue;
                s.put(",", 1).put(p.index[other], p.rank[other]);
                sources[source_count++] = w.saved_value(n.operands[other]);
            }
            for (int i = 0; i < p.rank[which]; ++i) {
                bool found = false;
                for (int k = 0; k < s.length; ++k) found |= s.spec.spec[k] == p.index[which][i];
                if (!found) diagnostic::E026_backward_of_an_einsum_index_found_in_one_operand_only(spec_of(n));
            }
            s.put("->", 2).put(p.index[which], p.rank[which]);
            const int target = n.operands[which];
            w.accumulate(target, w.einsum_node(s.spec, {sources[0], sources[1], sources[2]}, w.forward().nodes[target].shape, n.type));
        }
    }
};

/// Contracts the last axis of `a` with the first axis of `b`; the other axes of `a` lead
/// (batch), those of `b` follow. Cost: one multiply-add per (output element × contracted index).
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto matmul(const A& a, const B& b) {
    if constexpr (!detail::all_valid<A, B>) {
        return detail::poisoned(a);
    } else {
        constexpr shape_value sa = A::shape, sb = B::shape;
        constexpr bool ranks_fit = sa.rank >= 1 && sb.rank >= 1 && sa.rank + sb.rank - 2 <= max_rank;
        if constexpr (!detail::same_dtype<A, B>()) {
            ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] { return detail::dtype_message<A, B>("matmul"); }));
            return detail::poisoned(a);
        } else if constexpr (!ranks_fit || !(sa[sa.rank - 1 < 0 ? 0 : sa.rank - 1] == sb[0])) {
            ::ordo::diagnostic::raise<diagnostic::E101_matmul_contracted_extents_differ>(([] {
                                       detail::text_buffer t;
                                       t << "matmul: operand 1 ";
                                       detail::write_shape(t, A::shape);
                                       t << " ends in ";
                                       detail::write_extent(t, A::shape[A::shape.rank - 1]);
                                       t << " but operand 2 ";
                                       detail::write_shape(t, B::shape);
                                       t << " starts with ";
                                       detail::write_extent(t, B::shape[0]);
                                       return t;
                                   }));
            return detail::poisoned(a);
        } else {
            constexpr shape_value out = [] {
                shape_value s = A::shape.without(A::shape.rank - 1);
                for (int i = 1; i < B::shape.rank; ++i) s.extents[s.rank++] = B::shape[i];
                return s;
            }();
            return detail::record<A::type, out>(a.owner, detail::make_node(op_kind::matmul, a, b));
        }
    }
}

/// Einstein summation over 1 to 3 operands, with explicit output indices ("ij,jk->ik").
template <fixed_string Spec, SymbolicTensor... T>
constexpr auto einsum(const T&... operands) {
    static_assert(sizeof...(T) >= 1 && sizeof...(T) <= max_operands,
                  "[ordo:E103] einsum takes 1 to 3 operands. See docs/troubleshooting.md#e103");
    const auto& first = [](const auto& f, const auto&...) -> const auto& { return f; }(operands...);
    using first_t = std::remove_cvref_t<decltype(first)>;
    if constexpr (!detail::all_valid<T...>) {
        return detail::poisoned(first);
    } else if constexpr (!((T::type == first_t::type) && ...)) {
        ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] {
                                   detail::text_buffer t;
                                   t << "einsum \"" << Spec.view() << "\": operands have different element types";
                                   return t;
                               }));
        return detail::poisoned(first);
    } else {
        constexpr detail::einsum_check check = detail::check_einsum<Spec, T::shape...>();
        if constexpr (!check.ok) {
            if constexpr (check.bad_spec)
                ::ordo::diagnostic::raise<diagnostic::E103_einsum_bad_specification>([] { return detail::check_einsum<Spec, T::shape...>().message; });
            else
                ::ordo::diagnostic::raise<diagnostic::E102_einsum_index_extents_differ>([] { return detail::check_einsum<Spec, T::shape...>().message; });
            return detail::poisoned(first);
        } else {
            static_assert(Spec.size() <= max_spec_length,
                          "[ordo:E103] an einsum specification has at most 39 characters. See docs/troubleshooting.md#e103");
            payloads::einsum spec;
            for (std::size_t i = 0; i < Spec.size(); ++i) spec.spec[i] = Spec.value[i];
            return detail::record<first_t::type, check.output>(first.owner, detail::make_node_with(op_kind::einsum, spec, operands...));
        }
    }
}

}  // namespace ordo
