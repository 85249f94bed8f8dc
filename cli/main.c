/* main.c — clusterfreight's entry point: dispatch to cli/cmd_NAME.c. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"demo", cmd_demo, "whole pipeline on the built-in Durban Auto Cluster data"},
    {"generate", cmd_generate, "write synthetic cluster data (shipments, quotes, cluster rates)"},
    {"benchmark", cmd_benchmark, "where each firm's quotes stand against the cluster, lane by lane"},
    {"plan", cmd_plan, "consolidate every member's shipments into shared containers"},
    {"savings", cmd_savings, "each member's standalone and pooled cost under a cost-sharing rule"},
    {"propose", cmd_propose, "lane volumes, rate spread and a cluster rate to ask carriers for"},
    {"allocate", cmd_allocate, "split the cost of a cooperative cost game given directly"},
    {"report", cmd_report, "an HTML report of plans and savings (one member's view with --member)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: clusterfreight COMMAND [OPTIONS]\n\n"
                 "Freight-consolidation optimiser for industrial clusters.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'clusterfreight COMMAND --help' lists a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("clusterfreight 0.1.0\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "clusterfreight: unknown command \"%s\" (see 'clusterfreight --help')\n", argv[1]);
    return 2;
}
