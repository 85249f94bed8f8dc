/* capture.c — in-process run of a command with stdout (and optionally stderr)
 * captured (capture.h). */
#include "capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "models/error.h"

/* Point fd at a new temporary file; *saved keeps the old descriptor. */
static FILE *redirect(int fd, int *saved)
{
    FILE *tmp = tmpfile();
    if (tmp == NULL)
        return NULL;
    *saved = dup(fd);
    if (*saved < 0 || dup2(fileno(tmp), fd) < 0) {
        if (*saved >= 0)
            close(*saved);
        fclose(tmp);
        return NULL;
    }
    return tmp;
}

static void restore(int fd, int saved)
{
    dup2(saved, fd);
    close(saved);
}

/* What was written into tmp, as a new NUL-terminated buffer (NULL: no memory). */
static char *read_back(FILE *tmp)
{
    /* the command wrote through the shared descriptor: its offset is the length */
    long len = lseek(fileno(tmp), 0, SEEK_END);
    if (len < 0)
        len = 0;
    rewind(tmp);
    char *buf = malloc((size_t)len + 1);
    if (buf != NULL) {
        size_t n = fread(buf, 1, (size_t)len, tmp);
        buf[n] = '\0';
    }
    fclose(tmp);
    return buf;
}

int cli_run_captured_both(int (*cmd)(int, char **), int argc, char **argv, char **out, char **err_out)
{
    *out = NULL;
    if (err_out != NULL)
        *err_out = NULL;
    fflush(stdout);
    fflush(stderr);
    int saved_out = -1, saved_err = -1;
    FILE *tmp_out = redirect(STDOUT_FILENO, &saved_out);
    if (tmp_out == NULL)
        return CF_ERR_IO;
    FILE *tmp_err = NULL;
    if (err_out != NULL) {
        tmp_err = redirect(STDERR_FILENO, &saved_err);
        if (tmp_err == NULL) {
            restore(STDOUT_FILENO, saved_out);
            fclose(tmp_out);
            return CF_ERR_IO;
        }
    }
    int rc = cmd(argc, argv);
    fflush(stdout);
    restore(STDOUT_FILENO, saved_out);
    clearerr(stdout);
    if (tmp_err != NULL) {
        fflush(stderr);
        restore(STDERR_FILENO, saved_err);
        clearerr(stderr);
    }
    *out = read_back(tmp_out);
    if (*out == NULL && rc == CF_OK)
        rc = CF_ERR_INTERNAL;
    if (tmp_err != NULL) {
        *err_out = read_back(tmp_err);
        if (*err_out == NULL && rc == CF_OK)
            rc = CF_ERR_INTERNAL;
    }
    return rc;
}

int cli_run_captured(int (*cmd)(int, char **), int argc, char **argv, char **out)
{
    return cli_run_captured_both(cmd, argc, argv, out, NULL);
}
