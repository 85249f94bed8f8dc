/* cmd_generate.c — `clusterfreight generate` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_generate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'generate' is not built yet\n");
    return 1;
}
