// The native libedit API (editing and history), as declared by libedit-dev.
// pkg-config adds -I/usr/include/editline; histedit.h itself sits in /usr/include.
#include <histedit.h>
