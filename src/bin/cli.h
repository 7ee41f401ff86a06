/* cli.h - the subcommands of the teapot command-line tool. */
#ifndef TEAPOT_CLI_H
#define TEAPOT_CLI_H

#include <stdbool.h>

#include "teapot/status.h"

/* Colour only on a terminal, and never with a non-empty NO_COLOR or
 * TERM=dumb. */
bool tp_cli_colour(void);
/* The ANSI colour of a class (cyan 1xx ... red 5xx). */
const char *tp_cli_class_colour(tp_status_class cls);

/* teapot codes [--json]: print the status-code registry.  argv[0] is the
 * subcommand name.  Returns the process exit status. */
int tp_cmd_codes(int argc, char **argv);

/* teapot explain CODE|Nxx [--lang L] [--json]: the reference entry of a
 * code, or the codes of a class.  Exit status 2 for an unknown code. */
int tp_cmd_explain(int argc, char **argv);

#endif
