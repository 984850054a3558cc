// libedit, loaded when the editor is first made (shim_edit_load), and fixed-argument
// wrappers for its calls, the variadic el_set/el_get/history among them.
//
// smtpc does not link libedit: script mode never edits a line, and loading libedit with
// the three libraries it brings (libtinfo, libbsd, libmd) took 0.35 ms of every start
// (docs/benchmarks.md, tenth round). The interactive console loads it with dlopen.
#define _GNU_SOURCE
#include "CEditShim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
    void (*el_end)(EditLine *);
    int (*el_set)(EditLine *, int, ...);
    int (*el_get)(EditLine *, int, ...);
    const char *(*el_gets)(EditLine *, int *);
    const LineInfo *(*el_line)(EditLine *);
    int (*el_insertstr)(EditLine *, const char *);
    void (*el_deletestr)(EditLine *, int);
    void (*el_push)(EditLine *, const char *);
    void (*el_resize)(EditLine *);
    int (*el_source)(EditLine *, const char *);
    History *(*history_init)(void);
    void (*history_end)(History *);
    int (*history)(History *, HistEvent *, int, ...);
} edit;

static pthread_once_t edit_once = PTHREAD_ONCE_INIT;
static char edit_error[512];

#define EDIT_SYMBOL(handle, name)                                                                    \
    do {                                                                                             \
        *(void **)&edit.name = dlsym(handle, #name);                                                 \
        if (edit.name == NULL) {                                                                     \
            snprintf(edit_error, sizeof edit_error, "libedit.so.2 has no %s", #name);               \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

static void edit_load_once(void) {
    void *handle = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(edit_error, sizeof edit_error, "%s", reason != NULL ? reason : "libedit.so.2 cannot be loaded");
        return;
    }
    EDIT_SYMBOL(handle, el_init);
    EDIT_SYMBOL(handle, el_end);
    EDIT_SYMBOL(handle, el_set);
    EDIT_SYMBOL(handle, el_get);
    EDIT_SYMBOL(handle, el_gets);
    EDIT_SYMBOL(handle, el_line);
    EDIT_SYMBOL(handle, el_insertstr);
    EDIT_SYMBOL(handle, el_deletestr);
    EDIT_SYMBOL(handle, el_push);
    EDIT_SYMBOL(handle, el_resize);
    EDIT_SYMBOL(handle, el_source);
    EDIT_SYMBOL(handle, history_init);
    EDIT_SYMBOL(handle, history_end);
    EDIT_SYMBOL(handle, history);
}

const char *shim_edit_load(void) {
    pthread_once(&edit_once, edit_load_once);
    return edit_error[0] != 0 ? edit_error : NULL;
}

EditLine *shim_el_init(const char *program) {
    return edit.el_init(program, stdin, stdout, stderr);
}

void shim_el_end(EditLine *el) { edit.el_end(el); }
const char *shim_el_gets(EditLine *el, int *count) { return edit.el_gets(el, count); }
const LineInfo *shim_el_line(EditLine *el) { return edit.el_line(el); }
int shim_el_insertstr(EditLine *el, const char *text) { return edit.el_insertstr(el, text); }
void shim_el_deletestr(EditLine *el, int count) { edit.el_deletestr(el, count); }
void shim_el_push(EditLine *el, const char *text) { edit.el_push(el, text); }
void shim_el_resize(EditLine *el) { edit.el_resize(el); }
int shim_el_source(EditLine *el, const char *path) { return edit.el_source(el, path); }
History *shim_history_init(void) { return edit.history_init(); }
void shim_history_end(History *h) { edit.history_end(h); }

int shim_el_set_prompt_esc(EditLine *el, shim_prompt_fn fn, char marker) {
    return edit.el_set(el, EL_PROMPT_ESC, fn, (int)marker);
}

int shim_el_set_getc(EditLine *el, shim_getc_fn fn) {
    return edit.el_set(el, EL_GETCFN, fn);
}

int shim_el_set_clientdata(EditLine *el, void *data) {
    return edit.el_set(el, EL_CLIENTDATA, data);
}

void *shim_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (edit.el_get(el, EL_CLIENTDATA, &data) != 0)
        return NULL;
    return data;
}

int shim_el_set_editor(EditLine *el, const char *mode) {
    return edit.el_set(el, EL_EDITOR, mode);
}

int shim_el_set_signal(EditLine *el, int on) {
    return edit.el_set(el, EL_SIGNAL, on);
}

int shim_el_set_hist(EditLine *el, History *h) {
    return edit.el_set(el, EL_HIST, edit.history, h);
}

int shim_el_addfn(EditLine *el, const char *name, const char *help, shim_bound_fn fn) {
    return edit.el_set(el, EL_ADDFN, name, help, fn);
}

int shim_el_bind(EditLine *el, const char *key, const char *name) {
    return edit.el_set(el, EL_BIND, key, name, (const char *)NULL);
}

int shim_el_refresh(EditLine *el) {
    return edit.el_set(el, EL_REFRESH);
}

int shim_el_prep_term(EditLine *el, int raw) {
    return edit.el_set(el, EL_PREP_TERM, raw);
}

int shim_el_columns(EditLine *el) {
    int columns = 0;
    if (edit.el_get(el, EL_GETTC, "co", &columns) != 0 || columns <= 0)
        return 80;
    return columns;
}

int shim_history_setsize(History *h, int size) {
    HistEvent ev;
    return edit.history(h, &ev, H_SETSIZE, size);
}

int shim_history_setunique(History *h, int on) {
    HistEvent ev;
    return edit.history(h, &ev, H_SETUNIQUE, on);
}

int shim_history_enter(History *h, const char *line) {
    HistEvent ev;
    return edit.history(h, &ev, H_ENTER, line);
}

int shim_history_load(History *h, const char *path) {
    HistEvent ev;
    return edit.history(h, &ev, H_LOAD, path);
}

int shim_history_save(History *h, const char *path) {
    HistEvent ev;
    return edit.history(h, &ev, H_SAVE, path);
}

int shim_history_count(History *h) {
    HistEvent ev;
    if (edit.history(h, &ev, H_GETSIZE) != 0)
        return 0;
    return ev.num;
}
