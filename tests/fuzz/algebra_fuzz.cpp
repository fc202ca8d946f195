// libFuzzer target over ordo's algebra ("Nothing crashes", item 3). scripts/fuzz.sh builds and
// runs it (clang++ -fsanitize=fuzzer,address,undefined).
//
// Bytes decode (decode.hpp) to two polynomials P and Q over b, d, h, n, a divisor, a power,
// assumptions and bindings. Every operation's outcome is checked against an exact reference
// (reference.hpp, cpp_rational, never ordo's own arithmetic):
//   - P + Q, P − Q, P·Q, P / M, −P, pow(P, k), partial_eval: a returned polynomial is canonical
//     and equal, term by term, to the reference; an error is one the reference justifies;
//   - eval_exact and eval of every result: the exact value whenever it fits (eval.hpp's
//     promises), E007 / E008 / E009 exactly when the reference says so;
//   - theta: idempotent, Θ(p) = O(p) and p = O(Θ(p)), is_big_o consistent with theta, and
//     every O / o answer consistent with a grid of growth directions;
//   - every exception is an ordo::error whose ID has a section in docs/troubleshooting.in.md
//     (the list is read from that file at configure time: ORDO_FUZZ_DOCUMENTED_IDS).
// A failed check prints "ordo_fuzz: FINDING [tag] ..." and traps, so libFuzzer saves the input.
// ORDO_FUZZ_SKIP="tag,tag" downgrades known findings to a printed line, so that a long run can
// look past an ordo bug that is reported but not fixed yet (scripts/fuzz.sh passes it through).

#include "decode.hpp"

#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace ordo_fuzz;
using ordo::polynomial;

/// Reads ordo's result back: canonical, and equal to `expected` (nullopt: the reference says
/// the operation must fail, so any value is wrong).
std::optional<operand> settle(const std::string& op, const outcome<polynomial>& o,
                              const std::optional<poly>& expected, const auto& justified) {
    if (!o.value) {
        if (!justified(o.id))
            fail(op + ":" + std::string(o.id), "an error the reference does not justify");
        return std::nullopt;
    }
    read_result r = read(*o.value);
    if (!r.problem.empty()) fail(op + ":canonical", r.problem);
    if (!expected)
        fail(op + ":value", "a value where the reference expects an error: " + describe(r.value));
    else if (r.value != *expected)
        fail(op + ":wrong", "got " + describe(r.value) + ", expected " + describe(*expected));
    return operand{*o.value, std::move(r.value)};
}

/// ordo's + and − combine each monomial once, so E001 is justified exactly when a result
/// coefficient does not fit, and E003 when the result has more than max_terms terms.
std::optional<operand> sum(const std::string& op, const operand& a, const operand& b, int sign) {
    const poly expected = add(a.ref, b.ref, sign);
    const auto o = attempt([&] { return sign > 0 ? a.p + b.p : a.p - b.p; });
    return settle(op, o, expected, [&](std::string_view id) {
        return (id == "E001" && any_coefficient_overflows(expected)) ||
               (id == "E003" && expected.size() > ordo::max_terms);
    });
}

std::optional<operand> product(const std::string& op, const operand& a, const operand& b) {
    const poly expected = multiply(a.ref, b.ref);
    const auto o = attempt([&] { return a.p * b.p; });
    return settle(op, o, expected, [&](std::string_view id) {
        return (id == "E001" && multiply_may_overflow(a.ref, b.ref)) ||
               (id == "E002" && multiply_exponent_overflow(a.ref, b.ref)) ||
               (id == "E003" && expected.size() > ordo::max_terms);  // only the result counts
    });
}

/// P built term by term from the raw terms, through ordo's rational, pow, * and +.
std::optional<operand> build(const std::string& name, const std::vector<raw_term>& raw) {
    operand acc{polynomial(), {}};
    for (const raw_term& t : raw) {
        using ordo::detail::i128;
        const auto c = attempt([&] { return ordo::rational(i128{t.num}, i128{t.den}); });
        std::optional<fraction> exact;
        if (t.den != 0) exact = fraction(big(t.num), big(t.den));
        if (!c.value) {
            const bool ok = (c.id == "E005" && !exact) ||
                            (c.id == "E001" && exact && !fits_coefficient(*exact));
            if (!ok)
                fail("rational:" + std::string(c.id),
                     name + ": rational(" + std::to_string(t.num) + ", " + std::to_string(t.den) + ")");
            return std::nullopt;
        }
        if (!exact || fraction(big(c.value->num), big(c.value->den)) != *exact || c.value->den < 1)
            fail("rational:wrong",
                 name + ": " + std::to_string(c.value->num) + "/" + std::to_string(c.value->den));
        bool in_range = true;
        for (int e : t.e) in_range &= exponent_ok(e);
        const auto m = attempt([&] {
            polynomial r(*c.value);
            for (int i = 0; i < dims; ++i) r = r * ordo::pow(dimension(i), t.e[i]);
            return r;
        });
        poly term_ref;
        accumulate(term_ref, t.e, *exact);
        const auto mono =  // E002 exactly for an exponent outside [-127, 127]
            settle("monomial", m, in_range ? std::optional<poly>(term_ref) : std::nullopt,
                   [&](std::string_view id) { return id == "E002" && !in_range; });
        if (!mono) return std::nullopt;
        auto next = sum("build", acc, *mono, 1);
        if (!next) return std::nullopt;
        acc = std::move(*next);
    }
    return acc;
}

/// eval_exact and eval of one polynomial against the reference value.
void check_eval(const std::string& what, const operand& x, const ordo::bindings& at,
                const sizes& s) {
    const auto v = value(x.ref, s);
    const auto exact = attempt([&] { return ordo::eval_exact(x.p, at); });
    const auto integer = attempt([&] { return ordo::eval(x.p, at); });
    auto id_of = [](std::string_view id) { return std::string(id.empty() ? "ok" : id); };
    if (!v) {  // an unbound dimension: E007 from both
        if (exact.id != "E007") fail("eval_exact:" + id_of(exact.id), what + ": expected E007");
        if (integer.id != "E007") fail("eval:" + id_of(integer.id), what + ": expected E007");
        return;
    }
    // eval_exact: "the exact value ... E009 when the numerator or denominator does not fit 64
    // bits"
    const bool representable = fits_coefficient(*v);
    if (exact.value) {
        const ordo::rational r = *exact.value;
        if (!representable || fraction(big(r.num), big(r.den)) != *v || r.den < 1)
            fail("eval_exact:wrong", what + ": got " + std::to_string(r.num) + "/" +
                                         std::to_string(r.den) + ", expected " + v->str());
    } else if (exact.id != "E009" || representable) {
        // −2^63 fits an ordo::rational's numerator, so E009 for it gets a tag of its own
        const bool minimum = exact.id == "E009" && mp::numerator(*v) == int64_min;
        fail("eval_exact:" + std::string(exact.id) + (minimum ? "-min" : ""),
             what + ": value " + v->str() + " (" + describe(x.ref) + ")");
    }
    // eval: "exact whatever the intermediates ... E009 only when the value itself does not fit,
    // or an intermediate passes 4096 bits"; E008 for a value that is not an integer.
    const bool integral = mp::denominator(*v) == 1;
    const bool in_range = *v >= fraction(int64_min) && *v <= fraction(int64_max);
    if (integer.value) {
        if (!integral || !in_range || big(*integer.value) != mp::numerator(*v))
            fail("eval:wrong",
                 what + ": got " + std::to_string(*integer.value) + ", expected " + v->str());
    } else if (integer.id == "E008") {
        if (integral) fail("eval:E008", what + ": value " + v->str() + " is an integer");
    } else if (integer.id == "E009") {
        const wide_size w = wide_bits(x.ref, s);
        // the lcm of the denominators past 128 bits gets a tag of its own (a known limit)
        if (in_range && w.bits < 4095)
            fail(w.lcm_bits > 127 ? "eval:E009-lcm" : "eval:E009",
                 what + ": value " + v->str() + " fits 64 bits; lcm of the denominators: " +
                     std::to_string(w.lcm_bits) + " bits (" + describe(x.ref) + ")");
    } else {
        fail("eval:" + std::string(integer.id), what + ": value " + v->str());
    }
}

/// P / M (M: zero, Q, or a decoded monomial) and pow(P, k).
void divide_and_power(const input& in, const operand& p, const operand& q,
                      std::vector<std::pair<std::string, operand>>& results) {
    std::optional<operand> m;
    if (in.divisor_kind == 0) m = operand{polynomial(), {}};
    else if (in.divisor_kind == 1) m = q;
    else m = build("M", {in.divisor});
    if (m) {  // 1/M must be a monomial (E005, E006); then P · (1/M), whose rules apply
        std::optional<poly> expected;
        poly inverse;
        if (m->ref.size() == 1) {
            inverse = reciprocal(m->ref);
            expected = multiply(p.ref, inverse);
        }
        const auto o = attempt([&] { return p.p / m->p; });
        auto r = settle("div", o, expected, [&](std::string_view id) {
            if (id == "E005") return m->ref.empty();
            if (id == "E006") return m->ref.size() > 1;
            if (m->ref.size() != 1) return false;
            return (id == "E001" && (any_coefficient_overflows(inverse) ||
                                     multiply_may_overflow(p.ref, inverse))) ||
                   (id == "E002" && multiply_exponent_overflow(p.ref, inverse));
        });
        if (r) results.emplace_back("P/M", std::move(*r));
    }
    // pow: a negative power needs a monomial (E005, E006). Repeated squaring multiplies
    // intermediates the result does not show, so E001, E002 and E003 need no justification.
    const int k = in.power;
    std::optional<poly> expected;
    if (k >= 0 || p.ref.size() == 1) {
        const poly base = k >= 0 ? p.ref : reciprocal(p.ref);
        expected = poly{{exponents{}, fraction(1)}};
        for (int i = 0; i < (k < 0 ? -k : k); ++i) *expected = multiply(*expected, base);
    }
    const auto o = attempt([&] { return ordo::pow(p.p, k); });
    auto r = settle("pow", o, expected, [&](std::string_view id) {
        if (k < 0 && id == "E005") return p.ref.empty();
        if (k < 0 && id == "E006") return p.ref.size() > 1;
        return expected && (id == "E001" || id == "E002" || id == "E003");
    });
    if (r) results.emplace_back("pow(P)", std::move(*r));
}

/// theta of x, checked: see the file comment. The representative, or the ID theta raised.
struct theta_outcome {
    std::optional<operand> value;
    std::string_view id;
};

theta_outcome theta_of(const std::string& name, const operand& x, const built_assumptions& a,
                       bool consistent) {
    const auto o = attempt([&] { return ordo::theta(x.p, a.a); });
    bool negative = false;
    for (const auto& [e, c] : x.ref) negative |= c < 0;
    if (!o.value) {
        const bool ok = o.id == "E001" || (o.id == "E012" && !consistent) ||
                        (o.id == "E013" && consistent && negative);  // E013 needs a negative term
        if (!ok) fail("theta:" + std::string(o.id), name + ": an error the reference does not justify");
        return {std::nullopt, o.id};
    }
    if (!consistent) fail("theta:E012", name + ": theta(1) raised E012, theta(" + name + ") did not");
    read_result t = read(*o.value);
    if (!t.problem.empty()) fail("theta:canonical", name + ": " + t.problem);
    for (const auto& [e, c] : t.value) {
        bool from_p = false;  // a positive monomial of x, constant dimensions dropped
        for (const auto& [f, d] : x.ref) {
            bool same = d > 0;
            for (int i = 0; i < dims; ++i) same &= (a.cone.constant[i] ? 0 : f[i]) == e[i];
            from_p |= same;
        }
        if (c != 1 || !from_p)
            fail("theta:monomial", name + ": a term that is not a positive monomial of it with "
                                          "coefficient 1 (constant dimensions dropped)");
    }
    if (negative_not_negligible(x.ref, a.cone))
        fail("theta:E013", name + ": a negative term that is not o(the positive ones)");
    if (refute(x.ref, t.value, a.cone, false) || refute(t.value, x.ref, a.cone, false))
        fail("theta:grid", "Θ(" + name + ") = " + describe(t.value) + " grows unlike " + name);
    const operand th{*o.value, t.value};
    const auto again = attempt([&] { return ordo::theta(th.p, a.a); });
    if (!again.value || !(*again.value == th.p))
        fail("theta:idempotent", name + ": theta(theta(x)) != theta(x)");
    auto holds = [&](const char* what, bool expected, auto f) {
        const auto r = attempt(f);
        if (!r.value || *r.value != expected)
            fail(what, name + ": expected " + std::string(expected ? "true" : "false"));
    };
    holds("O(theta)", true, [&] { return ordo::is_big_o(x.p, th.p, a.a); });
    holds("theta=O", true, [&] { return ordo::is_big_o(th.p, x.p, a.a); });
    holds("O(self)", true, [&] { return ordo::is_big_o(x.p, x.p, a.a); });
    holds("is_theta", true, [&] { return ordo::is_theta(x.p, th.p, a.a); });
    holds("o(self)", x.ref.empty(), [&] { return ordo::is_little_o(x.p, x.p, a.a); });
    return {th, {}};
}

/// theta of P and Q, then O and o between them, each way.
void check_asymptotics(const operand& p, const operand& q, const built_assumptions& a) {
    // theta(1) decides consistency alone (E012); a grid direction inside K proves it.
    const auto one = attempt([&] { return ordo::theta(polynomial(1), a.a); });
    if (!one.value && one.id != "E012") {
        if (one.id != "E001") fail("theta1:" + std::string(one.id), "theta(1)");
        return;
    }
    const bool consistent = one.value.has_value();
    if (consistent && !(*one.value == polynomial(1))) fail("theta1:wrong", "theta(1) != 1");
    if (!consistent && has_witness(a.cone))
        fail("theta1:E012", "contradictory, yet a direction satisfies every relation");
    const theta_outcome theta_p = theta_of("P", p, a, consistent);
    const theta_outcome theta_q = theta_of("Q", q, a, consistent);
    const std::optional<operand>&tp = theta_p.value, &tq = theta_q.value;
    const operand* pair[2] = {&p, &q};
    const theta_outcome* thetas[2] = {&theta_p, &theta_q};
    bool big_o[2] = {false, false};
    for (int w = 0; w < 2; ++w) {
        const operand& f = *pair[w];
        const operand& g = *pair[1 - w];
        // Θ(g) undetermined (E013) or the assumptions contradictory (E012): no answer either
        const std::string_view g_theta = thetas[1 - w]->id;
        const std::string pair_name = w == 0 ? "(P, Q)" : "(Q, P)";
        for (const bool little : {false, true}) {
            const auto o = attempt([&] {
                return little ? ordo::is_little_o(f.p, g.p, a.a) : ordo::is_big_o(f.p, g.p, a.a);
            });
            const std::string t = little ? "is_little_o" : "is_big_o";
            if (!o.value) {
                const bool ok = o.id == "E001" || (o.id == "E012" && !consistent) ||
                                (o.id == "E013" && consistent && g_theta == "E013");
                if (!ok)
                    fail(t + ":" + std::string(o.id), pair_name + ": an error not justified");
                continue;
            }
            if (!consistent || g_theta == "E013")
                fail(t + ":decided", pair_name + ": an answer although theta(g) raised E012 or E013");
            if (*o.value && refute(f.ref, g.ref, a.cone, little))
                fail(t + ":grid", pair_name + ": true, but a growth direction refutes it");
            if (!little) big_o[w] = *o.value;
            if (little && *o.value && !big_o[w]) fail(t + ":implies", pair_name + ": o without O");
            if (!little && tp && tq) {  // Θ-classes transfer: f = O(g) iff Θ(f) = O(Θ(g))
                const auto& tf = w == 0 ? *tp : *tq;
                const auto& tg = w == 0 ? *tq : *tp;
                const auto via = attempt([&] { return ordo::is_big_o(tf.p, tg.p, a.a); });
                if (!via.value || *via.value != *o.value)
                    fail(t + ":transfer", pair_name + ": is_big_o(f, g) != is_big_o(theta f, theta g)");
            }
        }
    }
    if (big_o[0] && big_o[1] && tp && tq) {
        // Without relations the representative is unique; with them, compare with is_theta.
        if (!a.cone.has_relations()) {
            if (!(tp->p == tq->p)) fail("theta:unique", "P = Θ(Q) but theta(P) != theta(Q)");
        } else {
            const auto same = attempt([&] { return ordo::is_theta(tp->p, tq->p, a.a); });
            if (!same.value || !*same.value)
                fail("theta:classes", "P = Θ(Q) but not is_theta(theta P, theta Q)");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* s = std::getenv("ORDO_FUZZ_SKIP")) skipped = s;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const input in = decode(data, size);
    const built_bindings b = bindings_from(in.bindings);
    context_at = &b.s;
    const auto p = build("P", in.p);
    const auto q = build("Q", in.q);
    if (!p || !q) return 0;
    context_p = &p->ref;
    context_q = &q->ref;
    struct context_reset {
        ~context_reset() { context_p = context_q = nullptr; context_at = nullptr; }
    } reset;

    check_eval("P", *p, b.at, b.s);
    check_eval("Q", *q, b.at, b.s);
    if ((p->p == q->p) != (p->ref == q->ref))
        fail("equality", "structural == disagrees with the reference");

    std::vector<std::pair<std::string, operand>> results;
    if (auto r = sum("add", *p, *q, 1)) results.emplace_back("P+Q", std::move(*r));
    if (auto r = sum("sub", *p, *q, -1)) results.emplace_back("P-Q", std::move(*r));
    if (auto r = product("mul", *p, *q)) results.emplace_back("P*Q", std::move(*r));
    {  // −P: E001 exactly when a negated coefficient does not fit (−(−2^63))
        const poly expected = negate(p->ref);
        const auto o = attempt([&] { return -p->p; });
        auto r = settle("neg", o, expected, [&](std::string_view id) {
            return id == "E001" && any_coefficient_overflows(expected);
        });
        if (r) results.emplace_back("-P", std::move(*r));
    }
    divide_and_power(in, *p, *q, results);
    {  // partial_eval: every bound dimension replaced by its size (E001 for any intermediate)
        const auto o = attempt([&] { return ordo::partial_eval(p->p, b.at); });
        settle("partial_eval", o, substitute_sizes(p->ref, b.s),
               [](std::string_view id) { return id == "E001"; });
    }
    // Each result's value is the operation on the values of P and Q (which also guards the
    // reference itself, see the Boost note in reference.hpp); then eval must give that value.
    const auto vp = value(p->ref, b.s), vq = value(q->ref, b.s);
    for (const auto& [name, r] : results) {
        std::optional<fraction> from;
        if (vp && vq && name == "P+Q") from = *vp + *vq;
        if (vp && vq && name == "P-Q") from = *vp - *vq;
        if (vp && vq && name == "P*Q") from = *vp * *vq;
        if (vp && name == "-P") from = -*vp;
        if (vp && name == "pow(P)") {
            from = 1;
            const fraction factor = in.power < 0 ? fraction(fraction(1) / *vp) : *vp;
            for (int i = 0; i < std::abs(in.power); ++i) *from *= factor;
        }
        if (from && value(r.ref, b.s) != from)
            fail("reference", name + ": the reference is not a homomorphism");
        check_eval(name, r, b.at, b.s);
    }

    const built_assumptions a = assumptions_from(in.relations);
    check_asymptotics(*p, *q, a);
    return 0;
}
