/* cmd_propose.c — `clusterfreight propose` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_propose(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'propose' is not built yet\n");
    return 1;
}
