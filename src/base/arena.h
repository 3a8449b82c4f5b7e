// A bump allocator for parse trees: nodes are trivially destructible, freed all at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <vector>

namespace cs {

template <typename T>
struct Span {
  T* data = nullptr;
  uint32_t size = 0;
  T* begin() const { return data; }
  T* end() const { return data + size; }
  bool empty() const { return size == 0; }
  T& operator[](size_t i) const { return data[i]; }
};

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  void* allocate(size_t bytes, size_t align) {
    uintptr_t p = (cur_ + align - 1) & ~(uintptr_t)(align - 1);
    if (p + bytes > end_) {
      grow(bytes + align);
      p = (cur_ + align - 1) & ~(uintptr_t)(align - 1);
    }
    cur_ = p + bytes;
    return reinterpret_cast<void*>(p);
  }

  template <typename T, typename... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  template <typename T>
  Span<T> copy(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (v.empty()) return {};
    T* p = static_cast<T*>(allocate(sizeof(T) * v.size(), alignof(T)));
    std::memcpy(static_cast<void*>(p), v.data(), sizeof(T) * v.size());
    return {p, static_cast<uint32_t>(v.size())};
  }

  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  size_t bytes_reserved() const { return reserved_; }

 private:
  void grow(size_t at_least) {
    size_t n = next_ < at_least ? at_least : next_;
    blocks_.emplace_back(new char[n]);
    cur_ = reinterpret_cast<uintptr_t>(blocks_.back().get());
    end_ = cur_ + n;
    reserved_ += n;
    if (next_ < (1u << 20)) next_ *= 2;
  }
  std::vector<std::unique_ptr<char[]>> blocks_;
  uintptr_t cur_ = 0, end_ = 0;
  size_t next_ = 4096, reserved_ = 0;
};

}  // namespace cs
