/* game_data.h — a cooperative cost game given directly (domain.md, "Cost
 * allocation"; `clusterfreight allocate --game`): JSON
 * {"players": ["A","B",...], "cost": {"A": 10, "A,B": 14, ...}} listing every
 * non-empty coalition, players in any order within a key. */
#ifndef CF_GAME_DATA_H
#define CF_GAME_DATA_H

#include <stddef.h>

#include "error.h"
#include "source.h"

/* A file lists all 2^n - 1 coalitions: 20 players is a million keys. */
#define CF_GAME_FILE_MAX_PLAYERS 20

struct cf_game_data {
    size_t n;
    char **players; /* n names, in the file's order */
    double *cost;   /* 2^n costs indexed by bit set (bit i = players[i]); cost[0] = 0 */
};

/* Read and check a game. Errors are CF_ERR_DATA "source:line: field: reason",
 * the line being that of the offending key where it can be found. The caller
 * frees out with cf_game_data_free (also on error). */
int cf_load_game(struct cf_source *src, struct cf_game_data *out, struct cf_error *err);

void cf_game_data_free(struct cf_game_data *data);

#endif
