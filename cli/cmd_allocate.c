/* cmd_allocate.c — `clusterfreight allocate` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_allocate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'allocate' is not built yet\n");
    return 1;
}
