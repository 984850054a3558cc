// libc facilities for the line editor: wake-up descriptors, wide-character
// widths, locale, signal routing through a self-pipe, terminal guards.
#define _GNU_SOURCE
#include "CEditShim.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <unistd.h>

int shim_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int shim_pipe(int fds[2]) {
    return pipe2(fds, O_NONBLOCK | O_CLOEXEC);
}

int shim_wcwidth(wchar_t c) {
    return wcwidth(c);
}

int shim_setup_utf8_locale(void) {
    // libedit drops non-ASCII input unless LC_CTYPE can decode it; fall back
    // to C.UTF-8 when the environment names no UTF-8 locale at all.
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
        return 0;
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

// ---- Signals ---------------------------------------------------------------

// SIGHUP (the terminal closed) and SIGTERM end the session like Ctrl-D: QUIT, history
// and transcript closed, the terminal restored, instead of dying in raw mode.
static const int routed[] = { SIGINT, SIGTSTP, SIGCONT, SIGWINCH, SIGHUP, SIGTERM };
#define ROUTED_COUNT (sizeof(routed) / sizeof(routed[0]))
static struct sigaction saved[ROUTED_COUNT];
static struct sigaction saved_pipe;
static volatile sig_atomic_t signal_fd = -1;
static int installed = 0;

static void on_signal(int signo) {
    // Async-signal-safe: one byte to the self-pipe, errno preserved.
    int saved_errno = errno;
    unsigned char byte = (unsigned char)signo;
    if (signal_fd >= 0)
        (void)write(signal_fd, &byte, 1);
    errno = saved_errno;
}

static void arm(int signo, struct sigaction *old) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(signo, &action, old);
}

int shim_signals_install(int fd) {
    signal_fd = fd;
    for (size_t i = 0; i < ROUTED_COUNT; i++)
        arm(routed[i], installed ? NULL : &saved[i]);
    struct sigaction ignore;
    memset(&ignore, 0, sizeof(ignore));
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, installed ? NULL : &saved_pipe);
    installed = 1;
    return 0;
}

void shim_signals_restore(void) {
    if (!installed)
        return;
    for (size_t i = 0; i < ROUTED_COUNT; i++)
        sigaction(routed[i], &saved[i], NULL);
    // SIGPIPE stays ignored: a late write to a closed socket must not kill.
    signal_fd = -1;
    installed = 0;
}

void shim_suspend_self(void) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGTSTP);
    // Execution continues here after SIGCONT (or at once when the kernel
    // discards the stop because the process group is orphaned).
    arm(SIGTSTP, NULL);
}

// ---- Terminal --------------------------------------------------------------

static struct termios guarded_mode;
static int guarded_fd = -1;

static void restore_guarded(void) {
    if (guarded_fd >= 0)
        tcsetattr(guarded_fd, TCSANOW, &guarded_mode);
}

void shim_guard_terminal(int fd) {
    if (guarded_fd >= 0 || tcgetattr(fd, &guarded_mode) != 0)
        return;
    guarded_fd = fd;
    atexit(restore_guarded);
}

int shim_set_echo(int fd, int on) {
    struct termios mode;
    if (tcgetattr(fd, &mode) != 0)
        return -1;
    if (on)
        mode.c_lflag |= ECHO;
    else
        mode.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    return tcsetattr(fd, TCSANOW, &mode);
}
