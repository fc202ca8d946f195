#pragma once
/// \file
/// A polynomial written into a constexpr text_buffer, in ASCII (`3*b*n*d^2 + b*n^2*d`), for
/// compile-time diagnostics: plain characters read the same in g++'s strings and clang++'s
/// character packs (format.hpp's Unicode form is for run time).

#include <ordo/symbolic/detail/names.hpp>
#include <ordo/symbolic/detail/text.hpp>
#include <ordo/symbolic/polynomial.hpp>

namespace ordo::detail {

constexpr void write_rational(text_buffer& out, const rational& r) {
    out << static_cast<long long>(r.num);
    if (r.den != 1) out << '/' << static_cast<long long>(r.den);
}

constexpr void write_polynomial(text_buffer& out, const polynomial& p) {
    if (p.term_count == 0) {
        out << '0';
        return;
    }
    for (int k = 0; k < p.term_count; ++k) {
        const term& t = p.terms[k];
        rational c = t.coefficient;
        if (k > 0) {
            out << (c.num < 0 ? " - " : " + ");
            if (c.num < 0) c = -c;
        }
        const bool unit = c.num == 1 && c.den == 1, minus_unit = c.num == -1 && c.den == 1;
        bool first = true;
        if (t.degree == 0 && t.exponents == zero_exponents) {
            write_rational(out, c);
            continue;
        }
        if (minus_unit) out << '-';
        else if (!unit) {
            write_rational(out, c);
            first = false;
        }
        for (int i = 0; i < p.dim_count; ++i) {
            const int e = t.exponent(i);
            if (e <= 0) continue;
            if (!first) out << '*';
            first = false;
            out << unpack_name(p.dims[i]).view();
            if (e != 1) out << '^' << e;
        }
        if (first) out << '1';  // only negative powers: 1/h
        for (int i = 0; i < p.dim_count; ++i) {
            const int e = t.exponent(i);
            if (e >= 0) continue;
            out << '/' << unpack_name(p.dims[i]).view();
            if (e != -1) out << '^' << -e;
        }
    }
}

}  // namespace ordo::detail
