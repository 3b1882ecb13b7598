/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON helpers over jansson: request bodies are checked against a static field table before any
 * handler logic runs, and errors are built in the one wire envelope
 * {"error":{"code":..,"message":..,"field":..}}. Stateless; any thread.
 */
#ifndef MC_COMMON_JSON_H
#define MC_COMMON_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "mc/status.h"

enum mc_jtype { MC_J_STRING, MC_J_INTEGER, MC_J_BOOL, MC_J_OBJECT, MC_J_ARRAY };

#define MC_F_REQUIRED 0x1u /* must be present and not null */
#define MC_F_NONEMPTY 0x2u /* strings and arrays: at least one element or character */
#define MC_F_POSITIVE 0x4u /* integers: > 0 */

/* One field of a request body. max: strings bytes, arrays items, integers value; 0 = none. */
struct mc_field {
    const char *name;
    enum mc_jtype type;
    unsigned flags;
    long long max;
};

/*
 * Checks that obj is an object holding only the listed fields, each of the right type and within
 * its limits. On failure sets the error context and *out_field (borrowed: the table's name, or
 * NULL for the body as a whole) and returns MC_E_INVALID.
 */
mc_status mc_json_check(const json_t *obj, const struct mc_field *fields, size_t n_fields,
                        const char **out_field) MC_MUSTCHECK;

/* Builds the error envelope. owned: caller releases with json_decref. field may be NULL. */
json_t *mc_json_error(const char *code, const char *message, const char *field);

/* Borrowed string member or NULL when absent or not a string. */
const char *mc_json_str(const json_t *obj, const char *key);

/* Integer member or def when absent or not an integer. */
long long mc_json_int(const json_t *obj, const char *key, long long def);

/* json_pack that aborts on failure (a bug or OOM). owned: json_decref. */
json_t *mc_json_xpack(const char *fmt, ...);

/* Serialises compactly. owned: caller frees with free. */
char *mc_json_xdumps(const json_t *v);

/* json_string for possibly-NULL input: NULL becomes JSON null. owned: json_decref. */
json_t *mc_json_str_or_null(const char *s);

/* Number of entries of a static field table, for struct mc_route initialisers. */
#define MC_FIELDS(table) (table), (sizeof(table) / sizeof((table)[0]))

/* True when s is a canonical textual UUID (8-4-4-4-12 hex digits). */
bool mc_is_uuid(const char *s);

#endif
