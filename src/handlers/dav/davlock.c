/* davlock.c - locks and the If header (RFC 4918 7, 9.10, 9.11, 10.4):
 * not yet; every write is allowed. */
#define _GNU_SOURCE
#include "davint.h"

int dav_if_check(dav_req *r) { (void)r; return 0; }
bool dav_token_submitted(const dav_req *r, const char *token)
{ (void)r; (void)token; return false; }
int dav_lock_check(dav_req *r, const char *path, unsigned flags,
                   tp_dav_out *ms)
{ (void)r; (void)path; (void)flags; (void)ms; return 0; }
int dav_write_lockdiscovery(dav_req *r, tp_dav_out *o, const char *path)
{ (void)r; (void)path; return tp_dav_out_elem(o, TP_DAV_NS, "lockdiscovery", NULL); }
int dav_write_supportedlock(tp_dav_out *o)
{ return tp_dav_out_elem(o, TP_DAV_NS, "supportedlock", NULL); }
void dav_lock(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
void dav_unlock(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
