// The native libedit API (editing and history), as declared by libedit-dev
// (histedit.h sits in /usr/include). Declarations only: CEditShim loads libedit itself.
#include <histedit.h>
