/* cmd_plan.c — `clusterfreight plan` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_plan(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'plan' is not built yet\n");
    return 1;
}
