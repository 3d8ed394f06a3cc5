/*
 * entities.c - named entities (ORG, PERSON, PRODUCT, LOC) (issue 4), from
 * capitalised sequences, shape and context cues and gazetteers kept as data
 * under patterns/.
 */
#include "internal.h"

int cx_entities_run(cx_work *w, const cx_match_env *env)
{
    (void)w;
    (void)env;
    return CLAIMX_OK; /* no entity rules yet */
}
