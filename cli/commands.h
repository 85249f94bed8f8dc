/* commands.h — one entry point per command, each in cli/cmd_NAME.c. Each
 * returns the process exit status (interface.md, "Exit status"). */
#ifndef CF_COMMANDS_H
#define CF_COMMANDS_H

int cmd_demo(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_benchmark(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_savings(int argc, char **argv);
int cmd_propose(int argc, char **argv);
int cmd_allocate(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
