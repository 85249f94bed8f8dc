/* capture.h — run a command's entry point in-process with its stdout captured,
 * so composite commands (demo, report) reuse exactly what users get from the
 * real commands. */
#ifndef CF_CLI_CAPTURE_H
#define CF_CLI_CAPTURE_H

/* Run cmd(argc, argv) with stdout redirected into a temporary file and hand
 * back what it printed as a new NUL-terminated buffer in *out (the caller
 * frees it with free(); NULL when nothing could be captured). The command's
 * stderr (its one-line errors) passes through. Returns the command's exit
 * status, or CF_ERR_IO when stdout could not be redirected (the command did
 * not run), or CF_ERR_INTERNAL when it succeeded but its output could not be
 * read back. */
int cli_run_captured(int (*cmd)(int, char **), int argc, char **argv, char **out);

/* The same, with stderr captured as well into *err_out (freed by the caller),
 * for a caller that rewrites the messages before passing them on. err_out
 * NULL: stderr passes through, as cli_run_captured. */
int cli_run_captured_both(int (*cmd)(int, char **), int argc, char **argv, char **out, char **err_out);

#endif
