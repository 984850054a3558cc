// Fixed-argument wrappers for libedit's variadic el_set/el_get/history.
#define _GNU_SOURCE
#include "CEditShim.h"

#include <stdio.h>

EditLine *shim_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

int shim_el_set_prompt_esc(EditLine *el, shim_prompt_fn fn, char marker) {
    return el_set(el, EL_PROMPT_ESC, fn, (int)marker);
}

int shim_el_set_getc(EditLine *el, shim_getc_fn fn) {
    return el_set(el, EL_GETCFN, fn);
}

int shim_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

void *shim_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0)
        return NULL;
    return data;
}

int shim_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

int shim_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

int shim_el_set_hist(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

int shim_el_addfn(EditLine *el, const char *name, const char *help, shim_bound_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

int shim_el_bind(EditLine *el, const char *key, const char *name) {
    return el_set(el, EL_BIND, key, name, (const char *)NULL);
}

int shim_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

int shim_el_prep_term(EditLine *el, int raw) {
    return el_set(el, EL_PREP_TERM, raw);
}

int shim_el_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns) != 0 || columns <= 0)
        return 80;
    return columns;
}

int shim_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}

int shim_history_setunique(History *h, int on) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, on);
}

int shim_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

int shim_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

int shim_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

int shim_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) != 0)
        return 0;
    return ev.num;
}
