/*
 * json.c - the JSON writer (results, in the gold format of
 * shared/gold/SCHEMA.md) and a small reader for flat objects (options of
 * claimx_extract_json(), input lines of claimx-demo --jsonl).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void cx_json_string(cx_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    cx_buf_putc(b, '"');
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        cx_buf_put(b, s + run, i - run);
        if (c < 0x80) {
            char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
            switch (c) {
            case '"': esc[1] = '"'; cx_buf_put(b, esc, 2); break;
            case '\\': esc[1] = '\\'; cx_buf_put(b, esc, 2); break;
            case '\n': esc[1] = 'n'; cx_buf_put(b, esc, 2); break;
            case '\r': esc[1] = 'r'; cx_buf_put(b, esc, 2); break;
            case '\t': esc[1] = 't'; cx_buf_put(b, esc, 2); break;
            case '\b': esc[1] = 'b'; cx_buf_put(b, esc, 2); break;
            case '\f': esc[1] = 'f'; cx_buf_put(b, esc, 2); break;
            default:
                esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
                esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
                cx_buf_put(b, esc, 6);
            }
            i++;
        } else {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(u + i, n - i, &cp);
            if (k == 0) {
                cx_buf_puts(b, "\\ufffd"); /* invalid byte of the caller's text */
                i++;
            } else if (cp == 0x2028 || cp == 0x2029) {
                cx_buf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
                i += k;
            } else {
                cx_buf_put(b, s + i, k);
                i += k;
            }
        }
        run = i;
    }
    cx_buf_put(b, s + run, n - run);
    cx_buf_putc(b, '"');
}

static void put_opt_string(cx_buf *b, const char *s)
{
    if (s)
        cx_json_string(b, s, strlen(s));
    else
        cx_buf_puts(b, "null");
}

static const char *bound_name(int b)
{
    switch (b) {
    case CLAIMX_BOUND_APPROX: return "approx";
    case CLAIMX_BOUND_AT_LEAST: return "at_least";
    case CLAIMX_BOUND_AT_MOST: return "at_most";
    default: return "exact";
    }
}

static const char *period_name(int p)
{
    switch (p) {
    case CLAIMX_PERIOD_YEAR: return "year";
    case CLAIMX_PERIOD_MONTH: return "month";
    case CLAIMX_PERIOD_DAY: return "day";
    default: return NULL;
    }
}

static const char *entity_name(int t)
{
    switch (t) {
    case CLAIMX_ENTITY_ORG: return "ORG";
    case CLAIMX_ENTITY_PERSON: return "PERSON";
    case CLAIMX_ENTITY_PRODUCT: return "PRODUCT";
    case CLAIMX_ENTITY_LOC: return "LOC";
    default: return NULL;
    }
}

/* A size_t in decimal, without printf (this runs once per claim field). */
static void put_size(cx_buf *b, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    cx_buf_put(b, tmp + i, sizeof tmp - i);
}

static void put_claim(cx_buf *b, const claimx_claim *c)
{
    const char *kind = c->kind == CLAIMX_MONEY ? "money" : c->kind == CLAIMX_GPU_COUNT ? "gpu_count" : "entity";
    cx_buf_puts(b, "{\"kind\": \"");
    cx_buf_puts(b, kind);
    cx_buf_puts(b, "\", \"text\": ");
    cx_json_string(b, c->text, c->end - c->start);
    cx_buf_puts(b, ", \"start\": ");
    put_size(b, c->start);
    cx_buf_puts(b, ", \"end\": ");
    put_size(b, c->end);
    if (c->kind == CLAIMX_ENTITY) {
        cx_buf_puts(b, ", \"type\": ");
        put_opt_string(b, entity_name(c->entity_type));
    } else {
        /* the exact decimal is a valid JSON number: no rounding on the way out */
        cx_buf_puts(b, ", \"value\": ");
        cx_buf_puts(b, c->value_exact);
        cx_buf_puts(b, ", \"value_exact\": \"");
        cx_buf_puts(b, c->value_exact);
        cx_buf_putc(b, '"');
        if (c->kind == CLAIMX_MONEY) {
            cx_buf_puts(b, ", \"currency\": ");
            put_opt_string(b, c->currency);
        } else {
            cx_buf_puts(b, ", \"model\": ");
            put_opt_string(b, c->model);
            cx_buf_puts(b, ", \"vendor\": ");
            put_opt_string(b, c->vendor);
        }
        cx_buf_puts(b, ", \"bound\": \"");
        cx_buf_puts(b, bound_name(c->bound));
        cx_buf_putc(b, '"');
        if (c->kind == CLAIMX_MONEY) {
            cx_buf_puts(b, ", \"period\": ");
            put_opt_string(b, period_name(c->period));
        }
    }
    cx_buf_puts(b, ", \"lang\": ");
    put_opt_string(b, c->lang);
    cx_buf_puts(b, ", \"rule\": ");
    put_opt_string(b, c->rule);
    cx_buf_putc(b, '}');
}

int claimx_result_to_json(const claimx_result *res, char **out, size_t *len)
{
    if (!res || !out)
        return CLAIMX_EINVAL;
    *out = NULL;
    cx_buf b = {0};
    cx_buf_puts(&b, "{\"lang\": ");
    put_opt_string(&b, claimx_result_lang(res));
    if (claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT)
        cx_buf_puts(&b, ", \"limit_hit\": true");
    cx_buf_puts(&b, ", \"claims\": [");
    size_t n = claimx_result_count(res);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cx_buf_puts(&b, ", ");
        put_claim(&b, claimx_result_get(res, i));
    }
    cx_buf_puts(&b, "]}");
    size_t l = b.len;
    char *s = cx_buf_take(&b);
    if (!s)
        return CLAIMX_ENOMEM;
    *out = s;
    if (len)
        *len = l;
    return CLAIMX_OK;
}

/* ---------- reader ---------- */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* End of the JSON string starting at s[i] == '"', or 0 on error. */
static size_t skip_string(const char *s, size_t i, size_t n)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

static size_t skip_value(const char *s, size_t i, size_t n, int depth)
{
    if (i >= n || depth > 64)
        return 0;
    if (s[i] == '"')
        return skip_string(s, i, n);
    if (s[i] == '{' || s[i] == '[') {
        char close = s[i] == '{' ? '}' : ']';
        i = skip_ws(s, i + 1, n);
        if (i < n && s[i] == close)
            return i + 1;
        for (;;) {
            if (close == '}') {
                if (i >= n || s[i] != '"')
                    return 0;
                i = skip_string(s, i, n);
                if (!i)
                    return 0;
                i = skip_ws(s, i, n);
                if (i >= n || s[i] != ':')
                    return 0;
                i = skip_ws(s, i + 1, n);
            }
            i = skip_value(s, i, n, depth + 1);
            if (!i)
                return 0;
            i = skip_ws(s, i, n);
            if (i < n && s[i] == ',') {
                i = skip_ws(s, i + 1, n);
                continue;
            }
            if (i < n && s[i] == close)
                return i + 1;
            return 0;
        }
    }
    size_t a = i;
    while (i < n && (strchr("+-.eE", s[i]) || (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z')))
        i++;
    if (i == a)
        return 0;
    return i;
}

const char *cx_json_find(const char *s, size_t n, const char *key, size_t *vlen)
{
    size_t i = skip_ws(s, 0, n);
    if (i >= n || s[i] != '{')
        return NULL;
    i = skip_ws(s, i + 1, n);
    if (i < n && s[i] == '}')
        return NULL;
    size_t kl = strlen(key);
    while (i < n) {
        if (s[i] != '"')
            return NULL;
        size_t ke = skip_string(s, i, n);
        if (!ke)
            return NULL;
        bool match = (ke - i - 2 == kl) && memcmp(s + i + 1, key, kl) == 0;
        i = skip_ws(s, ke, n);
        if (i >= n || s[i] != ':')
            return NULL;
        i = skip_ws(s, i + 1, n);
        size_t ve = skip_value(s, i, n, 0);
        if (!ve)
            return NULL;
        if (match) {
            *vlen = ve - i;
            return s + i;
        }
        i = skip_ws(s, ve, n);
        if (i < n && s[i] == ',') {
            i = skip_ws(s, i + 1, n);
            continue;
        }
        return NULL;
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static long read_u4(const char *s)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

char *cx_json_unescape(const char *v, size_t vlen, size_t *outlen)
{
    if (vlen < 2 || v[0] != '"' || v[vlen - 1] != '"')
        return NULL;
    char *o = malloc(vlen + 1);
    if (!o)
        return NULL;
    size_t w = 0;
    for (size_t i = 1; i + 1 < vlen; i++) {
        char c = v[i];
        if (c != '\\') {
            o[w++] = c;
            continue;
        }
        if (i + 2 >= vlen)
            goto bad;
        c = v[++i];
        switch (c) {
        case '"': o[w++] = '"'; break;
        case '\\': o[w++] = '\\'; break;
        case '/': o[w++] = '/'; break;
        case 'b': o[w++] = '\b'; break;
        case 'f': o[w++] = '\f'; break;
        case 'n': o[w++] = '\n'; break;
        case 'r': o[w++] = '\r'; break;
        case 't': o[w++] = '\t'; break;
        case 'u': {
            if (i + 4 >= vlen)
                goto bad;
            long cp = read_u4(v + i + 1);
            if (cp < 0)
                goto bad;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < vlen && v[i + 1] == '\\' && v[i + 2] == 'u') {
                long lo = read_u4(v + i + 3);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; /* lone surrogate */
            /* encode (always fits: \uXXXX is 6 bytes, UTF-8 at most 4) */
            if (cp < 0x80) {
                o[w++] = (char)cp;
            } else if (cp < 0x800) {
                o[w++] = (char)(0xC0 | (cp >> 6));
                o[w++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                o[w++] = (char)(0xE0 | (cp >> 12));
                o[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[w++] = (char)(0x80 | (cp & 0x3F));
            } else {
                o[w++] = (char)(0xF0 | (cp >> 18));
                o[w++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                o[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[w++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            goto bad;
        }
    }
    o[w] = '\0';
    if (outlen)
        *outlen = w;
    return o;
bad:
    free(o);
    return NULL;
}

/* ---------- strict validator (RFC 8259) ---------- */

typedef struct jv {
    const unsigned char *s;
    size_t n, i;
} jv;

static void jv_ws(jv *v)
{
    while (v->i < v->n && (v->s[v->i] == ' ' || v->s[v->i] == '\t' || v->s[v->i] == '\n' || v->s[v->i] == '\r'))
        v->i++;
}

static bool jv_string(jv *v)
{
    v->i++; /* opening quote */
    while (v->i < v->n) {
        unsigned char c = v->s[v->i];
        if (c == '"') {
            v->i++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++v->i >= v->n)
                return false;
            c = v->s[v->i];
            if (c == 'u') {
                if (v->i + 4 >= v->n)
                    return false;
                for (int k = 1; k <= 4; k++)
                    if (hexval((char)v->s[v->i + k]) < 0)
                        return false;
                v->i += 5;
            } else if (strchr("\"\\/bfnrt", c) && c) {
                v->i++;
            } else {
                return false;
            }
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(v->s + v->i, v->n - v->i, &cp);
            if (!k)
                return false;
            v->i += k;
            continue;
        }
        v->i++;
    }
    return false;
}

static bool jv_digits(jv *v)
{
    size_t a = v->i;
    while (v->i < v->n && v->s[v->i] >= '0' && v->s[v->i] <= '9')
        v->i++;
    return v->i > a;
}

static bool jv_number(jv *v)
{
    if (v->i < v->n && v->s[v->i] == '-')
        v->i++;
    if (v->i < v->n && v->s[v->i] == '0')
        v->i++;
    else if (!jv_digits(v))
        return false;
    if (v->i < v->n && v->s[v->i] == '.') {
        v->i++;
        if (!jv_digits(v))
            return false;
    }
    if (v->i < v->n && (v->s[v->i] == 'e' || v->s[v->i] == 'E')) {
        v->i++;
        if (v->i < v->n && (v->s[v->i] == '+' || v->s[v->i] == '-'))
            v->i++;
        if (!jv_digits(v))
            return false;
    }
    return true;
}

static bool jv_value(jv *v, int depth)
{
    jv_ws(v);
    if (v->i >= v->n || depth > 256)
        return false;
    unsigned char c = v->s[v->i];
    if (c == '"')
        return jv_string(v);
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        v->i++;
        jv_ws(v);
        if (v->i < v->n && v->s[v->i] == close) {
            v->i++;
            return true;
        }
        for (;;) {
            if (close == '}') {
                jv_ws(v);
                if (v->i >= v->n || v->s[v->i] != '"' || !jv_string(v))
                    return false;
                jv_ws(v);
                if (v->i >= v->n || v->s[v->i] != ':')
                    return false;
                v->i++;
            }
            if (!jv_value(v, depth + 1))
                return false;
            jv_ws(v);
            if (v->i < v->n && v->s[v->i] == ',') {
                v->i++;
                continue;
            }
            if (v->i < v->n && v->s[v->i] == close) {
                v->i++;
                return true;
            }
            return false;
        }
    }
    static const char *lit[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t l = strlen(lit[k]);
        if (v->n - v->i >= l && !memcmp(v->s + v->i, lit[k], l)) {
            v->i += l;
            return true;
        }
    }
    return jv_number(v);
}

bool cx_json_valid(const char *s, size_t n)
{
    jv v = {(const unsigned char *)s, n, 0};
    if (!jv_value(&v, 0))
        return false;
    jv_ws(&v);
    return v.i == n;
}
