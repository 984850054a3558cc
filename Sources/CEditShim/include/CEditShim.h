// Fixed-argument wrappers around libedit's variadic calls, and the few
// libc facilities Swift's Glibc module does not show (eventfd, pipe2,
// wcwidth, signal routing), for the LineEditor module.
#ifndef CEDITSHIM_H
#define CEDITSHIM_H

#include <histedit.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <wchar.h>

// ---- EditLine setup -------------------------------------------------------

/// Loads libedit (once; smtpc does not link it): NULL when it is ready, else why not.
/// Call it before any other shim_el_ or shim_history_ function.
const char *shim_edit_load(void);

/// el_init on the process's stdin/stdout/stderr (Swift 6 cannot name them).
EditLine *shim_el_init(const char *program);
void shim_el_end(EditLine *el);
const char *shim_el_gets(EditLine *el, int *count);
const LineInfo *shim_el_line(EditLine *el);
int shim_el_insertstr(EditLine *el, const char *text);
void shim_el_deletestr(EditLine *el, int count);
void shim_el_push(EditLine *el, const char *text);
void shim_el_resize(EditLine *el);
int shim_el_source(EditLine *el, const char *path);
History *shim_history_init(void);
void shim_history_end(History *h);

/// A prompt callback: returns a NUL-terminated string that stays valid.
typedef char *(*shim_prompt_fn)(EditLine *);
/// A read-character callback: 1 with a character, 0 at EOF, -1 with errno.
typedef int (*shim_getc_fn)(EditLine *, wchar_t *);
/// A bound editor function: returns one of the CC_* codes.
typedef unsigned char (*shim_bound_fn)(EditLine *, int);

int shim_el_set_prompt_esc(EditLine *el, shim_prompt_fn fn, char marker);
int shim_el_set_getc(EditLine *el, shim_getc_fn fn);
int shim_el_set_clientdata(EditLine *el, void *data);
void *shim_el_get_clientdata(EditLine *el);
int shim_el_set_editor(EditLine *el, const char *mode);
int shim_el_set_signal(EditLine *el, int on);
int shim_el_set_hist(EditLine *el, History *h);
/// Registers a named editor function (EL_ADDFN).
int shim_el_addfn(EditLine *el, const char *name, const char *help, shim_bound_fn fn);
/// Binds one key sequence to a named function (EL_BIND).
int shim_el_bind(EditLine *el, const char *key, const char *name);
/// Redraws prompt and buffer from the cursor's row, column 0 (EL_REFRESH).
int shim_el_refresh(EditLine *el);
/// Raw (1) or cooked (0) terminal mode (EL_PREP_TERM).
int shim_el_prep_term(EditLine *el, int raw);
/// Terminal width libedit currently uses, or 80 when unknown.
int shim_el_columns(EditLine *el);

// ---- History ----------------------------------------------------------------

int shim_history_setsize(History *h, int size);
int shim_history_setunique(History *h, int on);
int shim_history_enter(History *h, const char *line);
int shim_history_load(History *h, const char *path);
int shim_history_save(History *h, const char *path);
/// Number of entries held.
int shim_history_count(History *h);

// ---- libc helpers -----------------------------------------------------------

/// A non-blocking, close-on-exec eventfd, or -1.
int shim_eventfd(void);
/// A non-blocking, close-on-exec pipe; fds[0] reads, fds[1] writes.
int shim_pipe(int fds[2]);
/// Display columns of one wide character (-1 when not printable).
int shim_wcwidth(wchar_t c);
/// Switches LC_CTYPE to the user's locale, or C.UTF-8 when that is not UTF-8.
/// Returns 1 when the resulting codeset is UTF-8.
int shim_setup_utf8_locale(void);

// ---- Signals -----------------------------------------------------------------

/// Routes SIGINT, SIGTSTP, SIGCONT and SIGWINCH to one byte (the signal
/// number) written to `fd`, and ignores SIGPIPE.
int shim_signals_install(int fd);
/// Restores the dispositions saved by shim_signals_install.
void shim_signals_restore(void);
/// Stops the process as the default SIGTSTP would, then re-arms the handler
/// once the process continues.
void shim_suspend_self(void);

// ---- Terminal ------------------------------------------------------------------

/// Remembers the terminal mode of `fd` and restores it at process exit, so
/// an exit from another thread never leaves a raw terminal behind.
void shim_guard_terminal(int fd);
/// Turns echo on (1) or off (0) on `fd`, keeping canonical input.
int shim_set_echo(int fd, int on);

#endif
