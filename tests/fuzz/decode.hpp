#pragma once
// How the fuzz target turns bytes into a question about the algebra: the byte layout, then
// `attempt` (every call into ordo), then the bindings and assumptions the input names, built
// through ordo with their construction errors checked on the way.
//
// Every read past the end yields 0, so every byte string decodes (libFuzzer's mutations never
// hit a parse error), and records have fixed shapes so that a mutation changes one field. The
// layout, in order (so a seed can be written by hand, e.g. with printf):
//
//   polynomial P, polynomial Q     count byte (terms = count % 11), then per term a coefficient
//                                  and 4 exponent bytes (b, d, h, n)
//   divisor                        kind byte: %4 == 0 the zero polynomial, 1 Q itself, else a
//                                  term (coefficient and 4 exponents) as a monomial
//   power byte                     k = byte % 6 - 2, for pow(P, k)
//   assumptions                    count byte (relations = count % 10; the 9th is E017), then
//                                  per relation a kind byte and two sides (see `relation`)
//   bindings                       count byte (operations = count % 9), then per operation a
//                                  name byte and a size (see `binding_op`)
//
// A coefficient is a kind byte and its operands (see `coefficient`); an exponent byte below 243
// is byte % 9 - 4, the rest pick extremes up to ±128 (E002), so Laurent terms and exponent
// overflow are both reachable. Sizes and coefficients include 2^62, 2^63 - 1, −2^63 and large
// primes, so the overflow paths of the 128-bit and 4096-bit arithmetic are reachable too.

#include "reference.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#ifndef ORDO_FUZZ_DOCUMENTED_IDS
#error "ORDO_FUZZ_DOCUMENTED_IDS (the ## Exxx headings of docs/troubleshooting.in.md) must be defined"
#endif

namespace ordo_fuzz {

struct reader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;

    std::uint8_t byte() { return at < size ? data[at++] : 0; }
    std::uint64_t word() {
        std::uint64_t w = 0;
        for (int i = 0; i < 8; ++i) w = (w << 8) | byte();
        return w;
    }
    std::int64_t signed_word() { return static_cast<std::int64_t>(word()); }
};

/// Magnitudes where 64-bit and 128-bit arithmetic overflows, and large primes (no gcd
/// cancels them, so denominators grow): 2^62, 2^63 − 1, −2^63, 2^61 − 1, 2^62 − 57, 2^63 − 25
/// (the largest primes below 2^61, 2^62, 2^63), 3^39, 2^31 − 1, 2^32, −2^62, 2^43 (cubes pass
/// 128 bits), ⌊√(2^63)⌋, −(2^63 − 1), 10^9 + 7, 2^61, 6.
inline constexpr std::int64_t landmarks[16] = {
    std::int64_t{1} << 62,  std::numeric_limits<std::int64_t>::max(),
    std::numeric_limits<std::int64_t>::min(),
    2305843009213693951,    4611686018427387847,
    9223372036854775783,    4052555153018976267,
    2147483647,             std::int64_t{1} << 32,
    -(std::int64_t{1} << 62), std::int64_t{1} << 43,
    3037000499,             -9223372036854775807,
    1000000007,             std::int64_t{1} << 61,
    6};

/// `landmark + delta`, wrapping (well defined in unsigned arithmetic).
inline std::int64_t near(std::uint8_t which, std::uint8_t delta) {
    const auto base = static_cast<std::uint64_t>(landmarks[which % 16]);
    const auto offset = static_cast<std::uint64_t>(static_cast<std::int8_t>(delta));
    return static_cast<std::int64_t>(base + offset);
}

struct raw_term {
    std::int64_t num = 0, den = 1;  ///< as decoded: den may be 0 (E005) or negative
    std::array<int, dims> e{};
};

/// Coefficient kinds (byte % 8): 0-2 a small integer, 3 a small fraction, 4 a landmark ±127,
/// 5 a landmark over a landmark, 6 any 64-bit integer, 7 any 64-bit fraction (den 0 included).
inline void coefficient(reader& r, raw_term& t) {
    const std::uint8_t kind = r.byte() % 8;
    switch (kind) {
        case 0: case 1: case 2: t.num = static_cast<std::int8_t>(r.byte()); break;
        case 3: t.num = static_cast<std::int8_t>(r.byte()); t.den = 1 + r.byte() % 16; break;
        case 4: { const std::uint8_t w = r.byte(); t.num = near(w, r.byte()); break; }
        case 5: { const std::uint8_t w = r.byte(); t.num = near(w, r.byte());
                  const std::uint8_t v = r.byte(); t.den = near(v, r.byte()); break; }
        case 6: t.num = r.signed_word(); break;
        default: t.num = r.signed_word(); t.den = r.signed_word(); break;
    }
}

inline int exponent(reader& r) {
    static constexpr int extremes[13] = {127, -127, 126, -126, 64,   -64, 63,
                                         -63, 20,   -20, 128,  -128, 100};
    const std::uint8_t b = r.byte();
    return b < 243 ? b % 9 - 4 : extremes[b - 243];
}

inline raw_term term(reader& r) {
    raw_term t;
    coefficient(r, t);
    for (int& x : t.e) x = exponent(r);
    return t;
}

inline std::vector<raw_term> read_polynomial(reader& r) {
    std::vector<raw_term> out(r.byte() % 11);
    for (auto& t : out) t = term(r);
    return out;
}

/// One side of `<=` / `<<`: coefficient (byte >> 1) % 7 − 3 (0: the zero polynomial, E011),
/// plus 1 when the low bit is set (then not a monomial, E011, unless the exponents are all 0);
/// exponents byte % 5 − 2.
struct side {
    int coefficient = 1;
    bool plus_one = false;
    exponents e{};
};

/// Relation kinds (byte % 6): 0, 4 lhs <= rhs; 1, 5 lhs << rhs; 2 constant(dimension
/// `byte % 4`); 3 constant of something that is not one dimension (E011), by `byte % 4`:
/// 2·b, b·b, b·d, the constant 1.
struct relation {
    int kind = 0;
    int which = 0;  ///< constant's argument
    side lhs, rhs;
};

inline side read_side(reader& r) {
    side s;
    const std::uint8_t b = r.byte();
    s.coefficient = (b >> 1) % 7 - 3;
    s.plus_one = (b & 1) != 0;
    for (int& x : s.e) x = r.byte() % 5 - 2;
    return s;
}

inline relation read_relation(reader& r) {
    relation rel;
    rel.kind = r.byte() % 6;
    if (rel.kind == 2 || rel.kind == 3) {
        rel.which = r.byte() % 4;
    } else {
        rel.lhs = read_side(r);
        rel.rhs = read_side(r);
    }
    return rel;
}

/// Binding names (byte % 11): 0-3 the dimensions b, d, h, n; 4 "x", unused by any polynomial;
/// 5-8 invalid names (E015): "", "9a", 16 letters, "a-b"; 9 "fill": 28 bindings z0..z27 (to
/// reach max_bindings, E004); 10 a valid 15-letter name. Bit 7 set on b, d, h, n: bind through
/// the typed `ordo::dim<"b"> = size` rather than ordo::binding_for.
struct binding_op {
    int name = 0;
    bool typed = false;
    std::int64_t size = 1;
};

/// Size kinds (byte % 8): 0-3 small (1..16), 4 2^k, 5 2^k + delta, 6 any 64-bit integer (<= 0
/// is E010), 7 a landmark + delta.
inline std::int64_t size(reader& r) {
    const std::uint8_t kind = r.byte() % 8;
    if (kind <= 3) return 1 + r.byte() % 16;
    if (kind == 4) return std::int64_t{1} << (r.byte() % 63);
    if (kind == 5) {
        const int k = r.byte() % 63;
        return (std::int64_t{1} << k) + static_cast<std::int8_t>(r.byte());
    }
    if (kind == 6) return r.signed_word();
    const std::uint8_t w = r.byte();
    return near(w, r.byte());
}

struct input {
    std::vector<raw_term> p, q;
    int divisor_kind = 0;
    raw_term divisor;
    int power = 0;
    std::vector<relation> relations;
    std::vector<binding_op> bindings;
};

inline input decode(const std::uint8_t* data, std::size_t size_in_bytes) {
    reader r{data, size_in_bytes};
    input in;
    in.p = read_polynomial(r);
    in.q = read_polynomial(r);
    in.divisor_kind = r.byte() % 4;
    if (in.divisor_kind >= 2) in.divisor = term(r);
    in.power = r.byte() % 6 - 2;
    in.relations.resize(r.byte() % 10);
    for (auto& rel : in.relations) rel = read_relation(r);
    in.bindings.resize(r.byte() % 9);
    for (auto& b : in.bindings) {
        const std::uint8_t name = r.byte();
        b.name = (name & 0x7F) % 11;
        b.typed = (name & 0x80) != 0 && b.name < dims;
        b.size = size(r);
    }
    return in;
}

// --- Running ordo ---------------------------------------------------------------------------
// Every call into ordo goes through `attempt`: its outcome is a value or a documented
// ordo::error; anything else is a finding. A finding prints a line and traps (libFuzzer saves
// the input), unless its tag is listed in ORDO_FUZZ_SKIP (see algebra_fuzz.cpp).

inline std::string skipped;  // ORDO_FUZZ_SKIP
inline const poly* context_p = nullptr;
inline const poly* context_q = nullptr;
inline const sizes* context_at = nullptr;

inline bool listed(std::string_view list, std::string_view item) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        if (list.substr(0, comma) == item) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

inline void fail(const std::string& tag, const std::string& text) {
    if (listed(skipped, tag)) {  // a known finding: said once per run, then passed over
        static std::vector<std::string> said;
        if (std::find(said.begin(), said.end(), tag) != said.end()) return;
        said.push_back(tag);
        std::fprintf(stderr, "ordo_fuzz: FINDING [%s] (in ORDO_FUZZ_SKIP) %s\n", tag.c_str(),
                     text.c_str());
        return;
    }
    std::fprintf(stderr, "ordo_fuzz: FINDING [%s] %s\n", tag.c_str(), text.c_str());
    if (context_p && context_q) {
        std::fprintf(stderr, "  P = %s\n  Q = %s\n", describe(*context_p).c_str(),
                     describe(*context_q).c_str());
    }
    if (context_at) {
        for (int i = 0; i < dims; ++i)
            if ((*context_at)[i])
                std::fprintf(stderr, "  %s = %lld\n", dim_names[i],
                             static_cast<long long>(*(*context_at)[i]));
    }
    __builtin_trap();  // libFuzzer records the input as a crash
}

template <typename T>
struct outcome {
    std::optional<T> value;
    std::string_view id;  // the ordo::error's ID when there is no value
};

/// Runs f. An ordo::error becomes the outcome's ID (after checking it is documented and that
/// what() carries it); any other exception is a finding.
template <typename F>
auto attempt(F&& f) -> outcome<decltype(f())> {
    try {
        return {f(), {}};
    } catch (const ordo::error& e) {
        const std::string prefix = "[ordo:" + std::string(e.id()) + "] ";
        if (!listed(ORDO_FUZZ_DOCUMENTED_IDS, e.id()) ||
            std::string_view(e.what()).substr(0, prefix.size()) != prefix)
            fail("undocumented", std::string("an ordo::error without a documented ID: ") + e.what());
        return {std::nullopt, e.id()};
    } catch (const std::exception& e) {
        fail("foreign", std::string("an exception that is not an ordo::error: ") + e.what());
    } catch (...) {
        fail("foreign", "an exception that is not a std::exception");
    }
    return {std::nullopt, "foreign"};
}

/// A polynomial as ordo holds it, and its reference.
struct operand {
    ordo::polynomial p;
    poly ref;
};

inline ordo::polynomial dimension(int i) {
    return ordo::polynomial::dimension(ordo::detail::pack_name(dim_names[i]));
}


// --- From the input to ordo's bindings and assumptions ---------------------------------------
// Building them is checked on the way: each step raises exactly the error the reference
// predicts, or none.

struct built_bindings {
    ordo::bindings at;
    sizes s;
};

inline bool valid_name(std::string_view n) {
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (n.empty() || n.size() > 15 || !letter(n[0])) return false;
    for (char c : n)
        if (!letter(c) && !(c >= '0' && c <= '9')) return false;
    return true;
}

/// Bindings from the decoded operations. Each add either succeeds or raises exactly the error
/// the rules of eval.hpp predict (E015 name, E010 size, E016 twice, E004 capacity), in that order.
inline built_bindings bindings_from(const std::vector<binding_op>& ops) {
    static constexpr const char* names[11] = {"b",   "d",  "h", "n",  "x", "", "9a", "abcdefghijklmnop",
                                              "a-b", "", "abcdefghijklmno"};  // [9]: the fill
    built_bindings out;
    std::vector<std::string> bound;
    for (const binding_op& op : ops) {
        std::vector<std::string> batch;
        if (op.name == 9) {
            for (int i = 0; i < 28; ++i) batch.push_back("z" + std::to_string(i));
        } else {
            batch.emplace_back(names[op.name]);
        }
        for (const std::string& name : batch) {
            std::string_view expected;
            if (!valid_name(name)) expected = "E015";
            else if (op.size < 1) expected = "E010";
            else if (std::find(bound.begin(), bound.end(), name) != bound.end()) expected = "E016";
            else if (bound.size() == ordo::max_bindings) expected = "E004";
            const auto o = attempt([&] {
                ordo::binding b;
                if (op.typed) {
                    switch (op.name) {
                        case 0: b = (ordo::dim<"b"> = op.size); break;
                        case 1: b = (ordo::dim<"d"> = op.size); break;
                        case 2: b = (ordo::dim<"h"> = op.size); break;
                        default: b = (ordo::dim<"n"> = op.size); break;
                    }
                } else {
                    b = ordo::binding_for(name, op.size);
                }
                out.at.add(b);
                return true;
            });
            if (o.id != expected)
                fail("bind:" + std::string(o.id.empty() ? "ok" : o.id),
                     "binding '" + name + "' = " + std::to_string(op.size) + ", expected " +
                         std::string(expected.empty() ? "ok" : expected));
            if (!o.value) continue;
            bound.push_back(name);
            for (int i = 0; i < dims; ++i)
                if (name == dim_names[i]) out.s[i] = op.size;
        }
    }
    return out;
}

struct built_assumptions {
    ordo::assumptions a;
    growth_cone cone;
};

/// A side of <= or <<, and its reference.
inline operand side_of(const side& s) {
    ordo::polynomial m(s.coefficient);
    for (int i = 0; i < dims; ++i) m = m * ordo::pow(dimension(i), s.e[i]);
    if (s.plus_one) m = m + 1;
    poly r;
    accumulate(r, s.e, s.coefficient);
    if (s.plus_one) accumulate(r, exponents{}, 1);
    return {m, r};
}

/// Each relation is built (E011 exactly for a side that is not a monomial, or a constant of
/// something that is not one dimension) and added (E017 past max_assumptions).
inline built_assumptions assumptions_from(const std::vector<relation>& relations) {
    built_assumptions out;
    for (const relation& rel : relations) {
        std::optional<std::pair<exponents, bool>> row;  // the relation's ratio rhs/lhs
        bool malformed = false;
        outcome<ordo::relation> o;
        if (rel.kind == 2) {
            o = attempt([&] { return ordo::constant(dimension(rel.which)); });
        } else if (rel.kind == 3) {
            malformed = true;
            const ordo::polynomial b = dimension(0), d = dimension(1);
            const ordo::polynomial bad[4] = {2 * b, b * b, b * d, ordo::polynomial(1)};
            o = attempt([&] { return ordo::constant(bad[rel.which]); });
        } else {
            const operand lhs = side_of(rel.lhs), rhs = side_of(rel.rhs);
            malformed = lhs.ref.size() != 1 || rhs.ref.size() != 1;
            const bool strict = rel.kind == 1 || rel.kind == 5;
            o = attempt([&] { return strict ? lhs.p << rhs.p : lhs.p <= rhs.p; });
            if (!malformed) {
                exponents r{};
                for (int i = 0; i < dims; ++i)
                    r[i] = rhs.ref.begin()->first[i] - lhs.ref.begin()->first[i];
                row = std::pair{r, strict};
            }
        }
        if (!o.value) {
            if (!malformed || o.id != "E011")
                fail("assume:" + std::string(o.id), "a relation that should build");
            continue;
        }
        if (malformed) fail("assume:accepted", "a malformed relation was accepted");
        if (row && read(o.value->ratio).value != poly{{row->first, fraction(1)}})
            fail("assume:ratio", "the ratio is not rhs/lhs with coefficient 1");
        const bool full = out.a.count == ordo::max_assumptions;
        const auto added = attempt([&] { out.a.add(*o.value); return true; });
        if (full != (added.id == "E017"))
            fail("assume:" + std::string(added.id.empty() ? "ok" : added.id),
                 "E017 exactly past max_assumptions");
        if (!added.value) continue;
        if (row) out.cone.rows.push_back(*row);
        else out.cone.constant[rel.which] = true;
    }
    return out;
}

}  // namespace ordo_fuzz
