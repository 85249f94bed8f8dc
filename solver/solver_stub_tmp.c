/* TEMPORARY: placeholder until solver/ lands */
int cf_solver_placeholder_tmp(void);
int cf_solver_placeholder_tmp(void) { return 0; }
