#ifndef CMALLOC_H
#define CMALLOC_H

/// Limits glibc's malloc to `arenas` arenas (mallopt M_ARENA_MAX); returns 1 on success, 0 when
/// refused or when the C library is not glibc.
int cmalloc_limit_arenas(int arenas);

#endif
