/* davprops.c - PROPFIND and PROPPATCH (RFC 4918 9.1, 9.2): not yet. */
#define _GNU_SOURCE
#include "davint.h"

void dav_propfind(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
void dav_proppatch(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
