/* davtree.c - MKCOL, DELETE, COPY, MOVE (RFC 4918 9.3, 9.6, 9.8, 9.9):
 * not yet. */
#define _GNU_SOURCE
#include "davint.h"

void dav_mkcol(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
void dav_delete(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
void dav_copy(dav_req *r) { tp_respond_error(r->req, 501, NULL); }
void dav_job_get(dav_req *r, const char *id) { (void)id; tp_respond_error(r->req, 404, NULL); }
void dav_jobs_free(dav *d) { (void)d; }
