// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Counts heap allocations in a benchmark binary: the global operator new and, since Qt's
// containers allocate with malloc directly, malloc, calloc and realloc too (through glibc's
// __libc_* entry points). Include it in exactly one translation unit of a benchmark.

#include <atomic>
#include <cstdlib>
#include <new>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
}

namespace bench {
inline std::atomic<long long> g_allocations{0};
inline long long allocations()
{
    return g_allocations.load(std::memory_order_relaxed);
}
} // namespace bench

extern "C" void *malloc(size_t size)
{
    bench::g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}
extern "C" void *calloc(size_t count, size_t size)
{
    bench::g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(count, size);
}
extern "C" void *realloc(void *p, size_t size)
{
    bench::g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, size);
}
extern "C" void free(void *p)
{
    __libc_free(p);
}

void *operator new(std::size_t size)
{
    if (void *p = malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void *operator new[](std::size_t size)
{
    return operator new(size);
}
void operator delete(void *p) noexcept
{
    free(p);
}
void operator delete[](void *p) noexcept
{
    free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
    free(p);
}
void operator delete[](void *p, std::size_t) noexcept
{
    free(p);
}
