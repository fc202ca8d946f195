#pragma once
// A zero-initialised heap array usable in constant evaluation, for intermediates whose size
// is only known at run time of the evaluation (LP tableaux, all products of a polynomial
// multiplication).

#include <cstddef>

namespace ordo::detail {

/// A zero-initialised heap array usable in constant evaluation. (Not std::vector: clang 14
/// rejects libstdc++ 12's constexpr vector<int>(n), which assigns into raw storage.)
template <typename T>
class scratch {
public:
    constexpr explicit scratch(int size) : data_(new T[static_cast<std::size_t>(size)]{}) {}
    constexpr ~scratch() { delete[] data_; }
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
    constexpr T& operator[](int i) { return data_[i]; }
    constexpr const T& operator[](int i) const { return data_[i]; }

private:
    T* data_;
};

}  // namespace ordo::detail
