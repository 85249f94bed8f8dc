/* cmd_demo.c — `clusterfreight demo` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_demo(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'demo' is not built yet\n");
    return 1;
}
