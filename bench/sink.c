/*
 * bench/sink.c — a fast SMTP sink for smtpc's benchmark (bench/run builds it with cc -O2).
 *
 * Accepts SMTP on loopback, answers every command, receives DATA bodies, counts the
 * messages and their bytes, and throws them away. One process, one poll(2) loop, any
 * number of sequential or simultaneous connections.
 *
 *   sink [-p PORT] [-a ADDR] [-P] [-H LINES] [-z SIZE] [-s STATSFILE]
 *
 *   -p PORT   port to listen on (default 0: the kernel picks one); the first line on
 *             standard output is "port N" once the socket listens
 *   -a ADDR   IPv4 address to bind (default 127.0.0.1)
 *   -P        do not advertise PIPELINING (replies are still batched per read)
 *   -H LINES  answer HELP with LINES reply lines (default 1)
 *   -z SIZE   the SIZE advertised in EHLO (default 10737418240, 10 GiB)
 *   -s FILE   rewrite FILE with the counts whenever a client says QUIT or disconnects
 *
 * PIPELINING (RFC 2920): every complete command line in a read is answered, and the
 * replies of one read go out in one write. DATA is answered 354 (503 without MAIL and
 * RCPT); the body ends at CRLF . CRLF, which is found across read boundaries by memchr
 * over the buffer, never byte by byte through a system call. Bodies are not parsed:
 * dot-stuffing is the client's business, bytes are counted up to the final CRLF.
 * Counts are printed on standard error at exit (SIGINT, SIGTERM).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define INBUF (1 << 20)     /* one read: 1 MiB */
#define MAXLINE 65536       /* a longer command line is refused */
#define MAXCONN 256

struct conn {
    int fd;
    int data;               /* in a DATA body */
    int mail, rcpt;         /* transaction state */
    int quit;               /* close once the output is flushed */
    int tail;               /* DATA: bytes of "\r\n.\r\n" matched at the end of the last read */
    unsigned long long body;/* bytes of the current body */
    char *in;
    size_t inlen;
    char *out;
    size_t outlen, outcap, outoff;
};

static struct conn conns[MAXCONN];
static int nconns;
static int pipelining = 1;
static long help_lines = 1;
static unsigned long long size_limit = 10737418240ULL;
static const char *stats_path;
static unsigned long long n_conn, n_msg, n_bytes, n_cmd;
static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void)sig; stop = 1; }

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void write_stats(void) {
    if (!stats_path) return;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", stats_path);
    FILE *f = fopen(tmp, "w");
    if (!f) return;
    fprintf(f, "connections %llu\nmessages %llu\nbytes %llu\ncommands %llu\n", n_conn, n_msg, n_bytes, n_cmd);
    fclose(f);
    rename(tmp, stats_path);
}

static void out(struct conn *c, const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    if (c->outlen + (size_t)n > c->outcap) {
        size_t cap = c->outcap ? c->outcap : 4096;
        while (cap < c->outlen + (size_t)n) cap *= 2;
        c->out = realloc(c->out, cap);
        if (!c->out) die("realloc");
        c->outcap = cap;
    }
    memcpy(c->out + c->outlen, line, (size_t)n);
    c->outlen += (size_t)n;
}

/* Write what is queued; returns -1 when the connection is gone. */
static int flush(struct conn *c) {
    while (c->outoff < c->outlen) {
        ssize_t n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return 0;
            return -1;
        }
        c->outoff += (size_t)n;
    }
    c->outoff = c->outlen = 0;
    return 0;
}

static int verb(const char *line, size_t len, const char *v) {
    size_t n = strlen(v);
    return len >= n && strncasecmp(line, v, n) == 0 && (len == n || line[n] == ' ' || line[n] == ':');
}

static void command(struct conn *c, char *line, size_t len) {
    n_cmd++;
    if (verb(line, len, "EHLO") || verb(line, len, "LHLO")) {
        c->mail = c->rcpt = 0;
        out(c, "250-sink.bench\r\n");
        if (pipelining) out(c, "250-PIPELINING\r\n");
        out(c, "250-SIZE %llu\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n", size_limit);
    } else if (verb(line, len, "HELO")) {
        c->mail = c->rcpt = 0;
        out(c, "250 sink.bench\r\n");
    } else if (verb(line, len, "MAIL")) {
        if (c->mail) {
            out(c, "503 5.5.1 Error: nested MAIL command\r\n");
        } else {
            c->mail = 1;
            out(c, "250 2.1.0 Ok\r\n");
        }
    } else if (verb(line, len, "RCPT")) {
        if (!c->mail) {
            out(c, "503 5.5.1 Error: need MAIL command\r\n");
        } else {
            c->rcpt++;
            out(c, "250 2.1.5 Ok\r\n");
        }
    } else if (verb(line, len, "DATA")) {
        if (!c->mail || !c->rcpt) {
            out(c, c->mail ? "554 5.5.1 Error: no valid recipients\r\n" : "503 5.5.1 Error: need RCPT command\r\n");
        } else {
            c->data = 1;
            c->tail = 2; /* the CRLF that ended the DATA line */
            c->body = 0;
            out(c, "354 End data with <CR><LF>.<CR><LF>\r\n");
        }
    } else if (verb(line, len, "RSET")) {
        c->mail = c->rcpt = 0;
        out(c, "250 2.0.0 Ok\r\n");
    } else if (verb(line, len, "NOOP")) {
        out(c, "250 2.0.0 Ok\r\n");
    } else if (verb(line, len, "VRFY")) {
        out(c, "252 2.0.0 Cannot VRFY, send some mail\r\n");
    } else if (verb(line, len, "HELP")) {
        for (long i = 1; i < help_lines; i++)
            out(c, "214-2.0.0 help line %06ld of %ld: the sink says nothing useful, at length\r\n", i, help_lines);
        out(c, "214 2.0.0 end of HELP (%ld lines)\r\n", help_lines);
    } else if (verb(line, len, "QUIT")) {
        out(c, "221 2.0.0 Bye\r\n");
        c->quit = 1;
        write_stats();
    } else {
        out(c, "502 5.5.2 Error: command not recognized\r\n");
    }
}

/* The end of a body: count it, answer 250, return to command mode. */
static size_t body_end(struct conn *c, size_t used) {
    c->body += used;
    c->tail = 0;
    c->data = 0;
    c->mail = c->rcpt = 0;
    n_msg++;
    n_bytes += c->body - 3; /* the body keeps its final CRLF; the ".\r\n" is not counted */
    out(c, "250 2.0.0 Ok: queued\r\n");
    return used;
}

/* DATA: consume buf[0..len) looking for CRLF.CRLF; returns the bytes used, and leaves
 * data mode when the end was found. c->tail is how much of the terminator the stream
 * ended with before this read (2 right after the DATA line). */
static size_t body(struct conn *c, const char *buf, size_t len) {
    static const char end[5] = {'\r', '\n', '.', '\r', '\n'};
    if (c->tail > 0) {
        int t = c->tail;
        size_t i = 0;
        while (i < len && t < 5 && buf[i] == end[t]) { t++; i++; }
        if (t == 5) return body_end(c, i);
        if (i == len) { c->tail = t; c->body += len; return len; }
        /* No terminator can begin before buf[0] now (no proper suffix of a partial match
         * of "\r\n.\r\n" is a prefix that the mismatching byte could continue). */
        c->tail = 0;
    }
    const char *p = buf, *e = buf + len;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        if (!nl || e - nl < 4) break;
        if (nl > buf && nl[-1] == '\r' && nl[1] == '.' && nl[2] == '\r' && nl[3] == '\n')
            return body_end(c, (size_t)(nl + 4 - buf));
        p = nl + 1;
    }
    /* The longest end of this read that begins a terminator. */
    int t = 0;
    if (len >= 4 && memcmp(e - 4, end, 4) == 0) t = 4;
    else if (len >= 3 && memcmp(e - 3, end, 3) == 0) t = 3;
    else if (len >= 2 && memcmp(e - 2, end, 2) == 0) t = 2;
    else if (len >= 1 && e[-1] == '\r') t = 1;
    c->tail = t;
    c->body += len;
    return len;
}

/* Handle everything in c->in: commands line by line, bodies in bulk. */
static void process(struct conn *c) {
    size_t pos = 0;
    while (pos < c->inlen && !c->quit) {
        if (c->data) {
            pos += body(c, c->in + pos, c->inlen - pos);
            continue;
        }
        char *line = c->in + pos;
        char *nl = memchr(line, '\n', c->inlen - pos);
        if (!nl) {
            if (c->inlen - pos > MAXLINE) {
                out(c, "500 5.5.0 Error: line too long\r\n");
                c->quit = 1;
                pos = c->inlen;
            }
            break;
        }
        size_t len = (size_t)(nl - line);
        if (len > 0 && line[len - 1] == '\r') len--;
        command(c, line, len);
        pos = (size_t)(nl - c->in) + 1;
    }
    if (c->quit) pos = c->inlen;
    memmove(c->in, c->in + pos, c->inlen - pos);
    c->inlen -= pos;
}

static void drop(int i) {
    close(conns[i].fd);
    free(conns[i].in);
    free(conns[i].out);
    conns[i] = conns[--nconns];
    write_stats();
}

int main(int argc, char **argv) {
    int port = 0, opt;
    const char *addr = "127.0.0.1";
    while ((opt = getopt(argc, argv, "p:a:PH:z:s:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'a': addr = optarg; break;
        case 'P': pipelining = 0; break;
        case 'H': help_lines = atol(optarg); if (help_lines < 1) help_lines = 1; break;
        case 'z': size_limit = strtoull(optarg, NULL, 10); break;
        case 's': stats_path = optarg; break;
        default:
            fprintf(stderr, "usage: sink [-p PORT] [-a ADDR] [-P] [-H LINES] [-z SIZE] [-s STATSFILE]\n");
            return 64;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (ls < 0) die("socket");
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) { fprintf(stderr, "sink: bad address %s\n", addr); return 64; }
    if (bind(ls, (struct sockaddr *)&sin, sizeof sin) < 0) die("bind");
    if (listen(ls, 128) < 0) die("listen");
    socklen_t sl = sizeof sin;
    getsockname(ls, (struct sockaddr *)&sin, &sl);
    printf("port %d\n", ntohs(sin.sin_port));
    fflush(stdout);
    write_stats();

    struct pollfd pfd[MAXCONN + 1];
    while (!stop) {
        pfd[0].fd = ls;
        pfd[0].events = nconns < MAXCONN ? POLLIN : 0;
        for (int i = 0; i < nconns; i++) {
            pfd[i + 1].fd = conns[i].fd;
            /* stop reading from a client that does not read its replies (backpressure) */
            pfd[i + 1].events = (conns[i].outlen > (4u << 20) ? 0 : POLLIN) | (conns[i].outlen ? POLLOUT : 0);
            pfd[i + 1].revents = 0;
        }
        int n = poll(pfd, (nfds_t)nconns + 1, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("poll");
        }
        /* connections first, from the end, so that drop() can move the last one into i */
        for (int i = nconns - 1; i >= 0; i--) {
            struct conn *c = &conns[i];
            short re = pfd[i + 1].revents;
            if (!re) continue;
            if (re & POLLOUT) {
                if (flush(c) < 0) { drop(i); continue; }
                if (c->quit && c->outlen == 0) { drop(i); continue; }
            }
            if (re & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t r = read(c->fd, c->in + c->inlen, INBUF - c->inlen);
                if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
                if (r <= 0) { drop(i); continue; }
                c->inlen += (size_t)r;
                process(c);
                if (flush(c) < 0) { drop(i); continue; }
                if (c->quit && c->outlen == 0) { drop(i); continue; }
            }
        }
        if (pfd[0].revents & POLLIN) {
            int fd;
            while (nconns < MAXCONN && (fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                struct conn *c = &conns[nconns++];
                memset(c, 0, sizeof *c);
                c->fd = fd;
                c->in = malloc(INBUF);
                if (!c->in) die("malloc");
                n_conn++;
                out(c, "220 sink.bench ESMTP smtpc bench sink\r\n");
                if (flush(c) < 0) drop(nconns - 1);
            }
        }
    }
    write_stats();
    fprintf(stderr, "sink: %llu connections, %llu messages, %llu bytes, %llu commands\n", n_conn, n_msg, n_bytes, n_cmd);
    return 0;
}
