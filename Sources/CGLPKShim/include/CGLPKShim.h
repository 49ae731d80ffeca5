/*
 * CGLPKShim: a guarded entry point into GLPK for LayerFlow.
 *
 * GLPK reports internal errors (invalid arguments, failed assertions, out of
 * memory) by printing a message and calling abort(). Every GLPK call made by
 * this shim runs under a setjmp/longjmp guard installed with glp_error_hook,
 * so such an error becomes a return code plus GLPK's own message text.
 *
 * The header deliberately does not include <glpk.h>: Swift sees only the
 * types below, and the GLPK constants it needs are mirrored here (shim.c
 * checks at compile time that the values agree with glpk.h).
 *
 * Threading: GLPK keeps its environment (hooks, memory, error state) per
 * thread when built with thread-local storage, as Debian's libglpk is. One
 * call of lfg_solve builds, solves and frees its problem on the calling
 * thread, so callers need no lock. lfg_solve refuses to run re-entrantly on
 * one thread (for example from inside one of its own callbacks).
 */
#ifndef CGLPKSHIM_H
#define CGLPKSHIM_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Outcome of lfg_solve (not GLPK's status; see lfg_result for that). */
enum {
    LFG_OK = 0,              /* GLPK ran; read lfg_result for what it found */
    LFG_GLPK_ERROR = 1,      /* GLPK called its error hook; message holds its text */
    LFG_REENTRANT = 2,       /* lfg_solve already running on this thread */
    LFG_ENV_FAILED = 3,      /* glp_init_env failed */
    LFG_OUT_OF_MEMORY = 4,   /* the shim's own allocation failed */
    LFG_INVALID_ARGUMENT = 5 /* a null pointer or negative count was passed */
};

/* ---- Message levels (values of GLP_MSG_*). */
enum { LFG_MSG_OFF = 0, LFG_MSG_ERR = 1, LFG_MSG_ON = 2, LFG_MSG_ALL = 3 };

/* ---- Branching techniques (values of GLP_BR_*). */
enum { LFG_BR_FFV = 1, LFG_BR_LFV = 2, LFG_BR_MFV = 3, LFG_BR_DTH = 4, LFG_BR_PCH = 5 };

/* ---- Backtracking techniques (values of GLP_BT_*). */
enum { LFG_BT_DFS = 1, LFG_BT_BFS = 2, LFG_BT_BLB = 3, LFG_BT_BPH = 4 };

/* ---- Solution status (values of GLP_UNDEF ... GLP_UNBND). */
enum {
    LFG_UNDEF = 1, LFG_FEAS = 2, LFG_INFEAS = 3, LFG_NOFEAS = 4, LFG_OPT = 5, LFG_UNBND = 6
};

/* ---- Return codes of glp_simplex / glp_intopt (values of GLP_E*). */
enum {
    LFG_EBADB = 0x01, LFG_ESING = 0x02, LFG_ECOND = 0x03, LFG_EBOUND = 0x04,
    LFG_EFAIL = 0x05, LFG_EOBJLL = 0x06, LFG_EOBJUL = 0x07, LFG_EITLIM = 0x08,
    LFG_ETMLIM = 0x09, LFG_ENOPFS = 0x0A, LFG_ENODFS = 0x0B, LFG_EROOT = 0x0C,
    LFG_ESTOP = 0x0D, LFG_EMIPGAP = 0x0E
};

/* ---- Why the shim itself asked GLPK to stop (glp_ios_terminate). */
enum {
    LFG_STOP_NONE = 0,       /* the shim did not stop the search */
    LFG_STOP_USER = 1,       /* the progress callback asked to terminate */
    LFG_STOP_NODE_LIMIT = 2, /* node_limit nodes had been processed */
    LFG_STOP_TIME_LIMIT = 3  /* the wall-clock limit passed between GLPK's own checks */
};

/* ---- Events at which the progress callback is called. */
enum {
    LFG_EVENT_SELECT = 1,    /* GLP_ISELECT: a node is about to be chosen */
    LFG_EVENT_INCUMBENT = 2, /* GLP_IBINGO: GLPK found a better integer solution */
    LFG_EVENT_HEURISTIC = 3  /* GLP_IHEUR: solutions may be injected now */
};

/*
 * A MILP in flat arrays. Column and row arrays are indexed 0..count-1.
 * The matrix arrays follow GLPK's convention: entries 1..element_count are
 * used and entry 0 is ignored. Infinite bounds are +-HUGE_VAL.
 * The shim does not merge duplicate (row, column) entries: GLPK rejects
 * them through its error hook, which the caller receives as LFG_GLPK_ERROR.
 */
typedef struct lfg_problem {
    int maximize;                        /* nonzero: maximise, else minimise */
    double objective_constant;
    int column_count;
    const double *column_lower;
    const double *column_upper;
    const double *column_objective;
    const unsigned char *column_integer; /* nonzero: integer column */
    int row_count;
    const double *row_lower;
    const double *row_upper;
    int element_count;
    const int *element_row;              /* 1-based rows, [1..element_count] */
    const int *element_column;           /* 1-based columns, [1..element_count] */
    const double *element_value;         /* [1..element_count] */
} lfg_problem;

/* Solver controls; every field is read, so start from lfg_default_params. */
typedef struct lfg_params {
    int message_level;         /* LFG_MSG_* */
    double time_limit_seconds; /* <= 0: no limit */
    double mip_gap;            /* <= 0: GLPK's default (0) */
    long long node_limit;      /* <= 0: no limit; else stop once this many nodes were processed */
    int presolve;              /* GLPK's MIP presolver on/off */
    int branching;             /* LFG_BR_* */
    int backtracking;          /* LFG_BT_* */
    int gomory_cuts;
    int mir_cuts;
    int cover_cuts;
    int clique_cuts;
    int feasibility_pump;
    int proximity_search;
    int simple_rounding;
    int scale;                 /* glp_scale_prob(GLP_SF_AUTO) before solving (glpsol's default) */
    double integrality_tolerance; /* <= 0: GLPK's default tol_int (1e-5) */
} lfg_params;

/* A snapshot of the branch-and-bound search passed to the progress callback. */
typedef struct lfg_progress {
    int event;                  /* LFG_EVENT_* */
    int has_incumbent;
    double incumbent;           /* best integer objective so far */
    int has_bound;
    double bound;               /* tightest proven bound seen so far */
    double elapsed_seconds;     /* wall clock since lfg_solve began */
    long long nodes_processed;  /* nodes whose processing has begun */
    long long nodes_created;    /* GLPK's t_cnt */
    int active_nodes;           /* GLPK's a_cnt */
} lfg_progress;

/* Receives one line of GLPK terminal output (without the newline). */
typedef void (*lfg_log_fn)(void *context, const char *line);
/* Called at LFG_EVENT_*; returns nonzero to terminate the search. */
typedef int (*lfg_progress_fn)(void *context, const lfg_progress *progress);
/*
 * Called repeatedly at GLP_IHEUR until it returns 0: fills x[1..column_count]
 * with a candidate solution and returns nonzero. GLPK does not check
 * feasibility of injected solutions, so the callee must only hand over
 * feasible points with exactly integral integer columns.
 */
typedef int (*lfg_solution_fn)(void *context, double *x, int column_count);

/* Callbacks into the caller; any function pointer may be null. */
typedef struct lfg_callbacks {
    void *context;
    lfg_log_fn log;
    lfg_progress_fn progress;
    lfg_solution_fn next_solution;
} lfg_callbacks;

/* What GLPK reported. Filled as far as the run got, also on LFG_GLPK_ERROR. */
typedef struct lfg_result {
    int simplex_return;        /* glp_simplex return code; -1 if not run */
    int simplex_status;        /* glp_get_status after glp_simplex (LFG_UNDEF...) */
    int intopt_return;         /* glp_intopt return code; -1 if not run */
    int mip_status;            /* glp_mip_status after glp_intopt */
    int stop_reason;           /* LFG_STOP_* */
    int has_lp_objective;
    double lp_objective;       /* root LP relaxation objective (original problem) */
    int has_solution;
    double objective;          /* incumbent objective, constant included */
    int has_bound;
    double bound;              /* tightest proven bound seen (see docs/Guides/GLPK.md) */
    long long nodes_processed;
    long long nodes_created;
    long long simplex_iterations; /* glp_get_it_cnt of the original problem object */
    int solutions_accepted;    /* injected solutions GLPK took as incumbent */
    int solutions_rejected;    /* injected solutions GLPK declined (not improving, or presolve on) */
    double seconds;            /* wall clock spent in lfg_solve */
    char message[1024];        /* GLPK's error text on LFG_GLPK_ERROR, else empty */
} lfg_result;

/* Defaults matching glp_init_iocp (presolver off), message level LFG_MSG_ON, scaling on. */
lfg_params lfg_default_params(void);

/*
 * Builds the problem, solves its LP relaxation with glp_simplex, runs
 * glp_intopt when the relaxation is optimal, copies the incumbent into
 * values[0..column_count-1] (may be null), and frees the problem, all on the
 * calling thread. On LFG_GLPK_ERROR the thread's GLPK environment has been
 * freed (glp_free_env), as GLPK requires after a longjmp out of its error
 * hook; this also invalidates any other GLPK object of this thread.
 */
int lfg_solve(const lfg_problem *problem, const lfg_params *params,
              const lfg_callbacks *callbacks, lfg_result *result, double *values);

/* Copies glp_version() ("5.0") into buffer; returns LFG_OK or an error code. */
int lfg_glpk_version(char *buffer, int capacity);

/* 1 when the linked GLPK keeps its environment in thread-local storage. */
int lfg_glpk_thread_local(void);

/*
 * Test hook: calls a GLPK routine with an invalid argument under the same
 * guard as lfg_solve, so tests can check that GLPK's error reaches the caller
 * and that the next call on this thread works. Returns LFG_GLPK_ERROR with
 * GLPK's message in message[0..capacity-1].
 */
int lfg_provoke_glpk_error(char *message, int capacity);

#ifdef __cplusplus
}
#endif

#endif /* CGLPKSHIM_H */
