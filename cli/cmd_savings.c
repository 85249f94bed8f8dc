/* cmd_savings.c — `clusterfreight savings` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_savings(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'savings' is not built yet\n");
    return 1;
}
