/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/json.h"

#include <stdarg.h>
#include <string.h>

static const char *const type_names[] = {"string", "integer", "boolean", "object", "array"};

static bool type_matches(const json_t *v, enum mc_jtype t)
{
    switch (t) {
    case MC_J_STRING:
        return json_is_string(v);
    case MC_J_INTEGER:
        return json_is_integer(v);
    case MC_J_BOOL:
        return json_is_boolean(v);
    case MC_J_OBJECT:
        return json_is_object(v);
    case MC_J_ARRAY:
        return json_is_array(v);
    }
    return false;
}

static mc_status check_limits(const json_t *v, const struct mc_field *f)
{
    if (f->type == MC_J_STRING) {
        size_t len = json_string_length(v);

        if ((f->flags & MC_F_NONEMPTY) && len == 0)
            return mc_err_set(MC_E_INVALID, "%s must not be empty", f->name);
        if (f->max > 0 && (long long)len > f->max)
            return mc_err_set(MC_E_INVALID, "%s is longer than %lld bytes", f->name, f->max);
    } else if (f->type == MC_J_ARRAY) {
        size_t n = json_array_size(v);

        if ((f->flags & MC_F_NONEMPTY) && n == 0)
            return mc_err_set(MC_E_INVALID, "%s must not be empty", f->name);
        if (f->max > 0 && (long long)n > f->max)
            return mc_err_set(MC_E_INVALID, "%s has more than %lld items", f->name, f->max);
    } else if (f->type == MC_J_INTEGER) {
        json_int_t n = json_integer_value(v);

        if ((f->flags & MC_F_POSITIVE) && n <= 0)
            return mc_err_set(MC_E_INVALID, "%s must be positive", f->name);
        if (f->max > 0 && n > f->max)
            return mc_err_set(MC_E_INVALID, "%s must be at most %lld", f->name, f->max);
    }
    return MC_OK;
}

static const struct mc_field *find_field(const struct mc_field *fields, size_t n, const char *k)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fields[i].name, k) == 0)
            return &fields[i];
    return NULL;
}

mc_status mc_json_check(const json_t *obj, const struct mc_field *fields, size_t n_fields,
                        const char **out_field)
{
    const char *key;
    json_t *v;

    if (!json_is_object(obj)) {
        *out_field = NULL;
        return mc_err_set(MC_E_INVALID, "the body must be a JSON object");
    }
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct mc_field *f = find_field(fields, n_fields, key);
        mc_status st;

        if (f == NULL) {
            *out_field = NULL;
            return mc_err_set(MC_E_INVALID, "unknown field %.64s", key);
        }
        if (json_is_null(v) && !(f->flags & MC_F_REQUIRED))
            continue;
        if (!type_matches(v, f->type)) {
            *out_field = f->name;
            return mc_err_set(MC_E_INVALID, "%s must be a %s", f->name, type_names[f->type]);
        }
        st = check_limits(v, f);
        if (st != MC_OK) {
            *out_field = f->name;
            return st;
        }
    }
    for (size_t i = 0; i < n_fields; i++) {
        json_t *p = json_object_get(obj, fields[i].name);

        if ((fields[i].flags & MC_F_REQUIRED) && (p == NULL || json_is_null(p))) {
            *out_field = fields[i].name;
            return mc_err_set(MC_E_INVALID, "%s is required", fields[i].name);
        }
    }
    return MC_OK;
}

json_t *mc_json_error(const char *code, const char *message, const char *field)
{
    json_t *err = mc_json_xpack("{s:s, s:s}", "code", code, "message", message ? message : "");

    if (field)
        json_object_set_new(err, "field", json_string(field));
    return mc_json_xpack("{s:o}", "error", err);
}

const char *mc_json_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

long long mc_json_int(const json_t *obj, const char *key, long long def)
{
    json_t *v = json_object_get(obj, key);

    return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

json_t *mc_json_xpack(const char *fmt, ...)
{
    json_error_t err;
    va_list ap;
    json_t *v;

    va_start(ap, fmt);
    v = json_vpack_ex(&err, 0, fmt, ap);
    va_end(ap);
    if (v == NULL)
        mc_assert_fail(err.text, __FILE__, __LINE__);
    return v;
}

char *mc_json_xdumps(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

    MC_ASSERT(s != NULL);
    return s;
}

json_t *mc_json_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

bool mc_is_uuid(const char *s)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    if (s == NULL || strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        bool is_hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
                      (s[i] >= 'A' && s[i] <= 'F');

        if (shape[i] == '-' ? s[i] != '-' : !is_hex)
            return false;
    }
    return true;
}
