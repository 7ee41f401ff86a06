/*
 * teapot/teapot.h - everything a program embedding libteapot includes.
 */
#ifndef TEAPOT_TEAPOT_H
#define TEAPOT_TEAPOT_H

#include "teapot/http.h"
#include "teapot/ratelimit.h"
#include "teapot/server.h"
#include "teapot/status.h"

#endif
