/*
 * test_entities_scalar.c - the portable paths of the entity pass
 * (lib/entities.c with ENT_SSE2 0), built beside the sixteen-byte ones, for
 * test_entities.c's test_block_scalar (no tests of its own).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ENT_SSE2 0
#define cx_entities_doc scalar_entities_doc
#define cx_entities_prepare scalar_entities_prepare
#define cx_entities_free scalar_entities_free
#define cx_entities_packed scalar_entities_packed
#define cx_entities_rule_names scalar_entities_rule_names
#include "../lib/entities.c"

#define ENT_TOKENS scalar_entity_tokens
#include "entities_tokens.h"
