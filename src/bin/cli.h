/* cli.h - the subcommands of the teapot command-line tool. */
#ifndef TEAPOT_CLI_H
#define TEAPOT_CLI_H

/* teapot codes [--json]: print the status-code registry.  argv[0] is the
 * subcommand name.  Returns the process exit status. */
int tp_cmd_codes(int argc, char **argv);

#endif
