/* cmd_report.c — `clusterfreight report` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'report' is not built yet\n");
    return 1;
}
