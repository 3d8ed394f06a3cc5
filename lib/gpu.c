/*
 * gpu.c - counts of GPUs and GPU-class accelerators (issue 3). The rules are
 * data (patterns/common/gpu.pat, patterns/<lang>/gpu_*.txt); this module
 * turns their matches into claims.
 */
#include "internal.h"

int cx_gpu_run(cx_work *w, const cx_match_env *env)
{
    (void)w;
    (void)env;
    return CLAIMX_OK; /* no gpu rules yet */
}
