/* cmd_benchmark.c — `clusterfreight benchmark` (interface.md). Not built yet. */
#include <stdio.h>

#include "commands.h"

int cmd_benchmark(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "clusterfreight: 'benchmark' is not built yet\n");
    return 1;
}
