#include "CMalloc.h"

#if defined(__GLIBC__)
#include <malloc.h>

int cmalloc_limit_arenas(int arenas) {
    return mallopt(M_ARENA_MAX, arenas);
}
#else
int cmalloc_limit_arenas(int arenas) {
    (void)arenas;
    return 0;
}
#endif
