/*
 * reference.c - the status-code reference site at /codes (being written:
 * nothing is mounted yet).
 */
#include "handlers.h"

int tp_reference_mount(tp_server *srv, const tp_reference_options *opt)
{
    (void)srv;
    (void)opt;
    return 0;
}
