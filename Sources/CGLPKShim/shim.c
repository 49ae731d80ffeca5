/*
 * shim.c: guarded GLPK calls for LayerFlow (see include/CGLPKShim.h and
 * docs/Guides/GLPK.md).
 *
 * The guard: each public entry point sets a jmp_buf, initialises the
 * calling thread's GLPK environment and installs two hooks in it:
 *   - glp_error_hook: GLPK calls it just before abort() on an internal error;
 *     it longjmps back to the entry point, which then calls glp_free_env()
 *     (GLPK's manual requires this after a longjmp out of the hook: the
 *     environment is in its error state and every object in it is lost).
 *   - glp_term_hook: receives all GLPK terminal output and always returns 1,
 *     so nothing reaches stdout. While glp_at_error() is true the text is the
 *     error message and is captured for the caller; otherwise it is split
 *     into lines and passed to the caller's log function.
 * Caller callbacks (log, progress, next_solution) run while GLPK is on the
 * stack, but GLPK is never called while a callback is on the stack, so a
 * longjmp never crosses a caller's (Swift) frame.
 *
 * State that must survive a longjmp lives in calloc'ed memory, not in
 * automatic variables of the function that called setjmp.
 */
#include "CGLPKShim.h"

#include <glpk.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Static_assert(LFG_MSG_OFF == GLP_MSG_OFF && LFG_MSG_ERR == GLP_MSG_ERR &&
               LFG_MSG_ON == GLP_MSG_ON && LFG_MSG_ALL == GLP_MSG_ALL, "GLP_MSG_*");
_Static_assert(LFG_BR_FFV == GLP_BR_FFV && LFG_BR_LFV == GLP_BR_LFV && LFG_BR_MFV == GLP_BR_MFV &&
               LFG_BR_DTH == GLP_BR_DTH && LFG_BR_PCH == GLP_BR_PCH, "GLP_BR_*");
_Static_assert(LFG_BT_DFS == GLP_BT_DFS && LFG_BT_BFS == GLP_BT_BFS && LFG_BT_BLB == GLP_BT_BLB &&
               LFG_BT_BPH == GLP_BT_BPH, "GLP_BT_*");
_Static_assert(LFG_UNDEF == GLP_UNDEF && LFG_FEAS == GLP_FEAS && LFG_INFEAS == GLP_INFEAS &&
               LFG_NOFEAS == GLP_NOFEAS && LFG_OPT == GLP_OPT && LFG_UNBND == GLP_UNBND, "status");
_Static_assert(LFG_EBADB == GLP_EBADB && LFG_ESING == GLP_ESING && LFG_ECOND == GLP_ECOND &&
               LFG_EBOUND == GLP_EBOUND && LFG_EFAIL == GLP_EFAIL && LFG_EOBJLL == GLP_EOBJLL &&
               LFG_EOBJUL == GLP_EOBJUL && LFG_EITLIM == GLP_EITLIM && LFG_ETMLIM == GLP_ETMLIM &&
               LFG_ENOPFS == GLP_ENOPFS && LFG_ENODFS == GLP_ENODFS && LFG_EROOT == GLP_EROOT &&
               LFG_ESTOP == GLP_ESTOP && LFG_EMIPGAP == GLP_EMIPGAP, "GLP_E*");

/* One guarded call on this thread at a time: GLPK's hooks are per thread. */
static _Thread_local int lfg_thread_busy = 0;

enum { LFG_LINE_CAPACITY = 1024 };

/* The guard: jump target, error text and log line buffering. */
typedef struct lfg_guard {
    jmp_buf jump;
    char *message;            /* caller's buffer for GLPK's error text */
    size_t message_capacity;
    size_t message_length;
    lfg_log_fn log;
    void *log_context;
    char line[LFG_LINE_CAPACITY];
    size_t line_length;
    int created_environment;  /* this call initialised the thread's environment */
} lfg_guard;

/* Everything one lfg_solve needs; heap-allocated so it survives a longjmp. */
typedef struct lfg_context {
    lfg_guard guard;
    const lfg_problem *problem;
    const lfg_params *params;
    const lfg_callbacks *callbacks;
    lfg_result *result;
    double *values;
    glp_prob *prob;
    double *heuristic_x;      /* [0..column_count], entry 0 unused */
    struct timespec started;
    int has_bound;
    double bound;
    long long nodes_processed;
    long long nodes_created;
    int presolve_notice_sent;
} lfg_context;

/* ------------------------------------------------------------ hooks */

static void lfg_flush_line(lfg_guard *guard) {
    if (guard->line_length == 0) return;
    guard->line[guard->line_length] = '\0';
    if (guard->log != NULL) guard->log(guard->log_context, guard->line);
    guard->line_length = 0;
}

static void lfg_emit(lfg_guard *guard, const char *text) {
    for (const char *c = text; *c != '\0'; c++) {
        if (*c == '\n') {
            lfg_flush_line(guard);
        } else {
            if (guard->line_length + 1 >= LFG_LINE_CAPACITY) lfg_flush_line(guard);
            guard->line[guard->line_length++] = *c;
        }
    }
}

static int lfg_term_hook(void *info, const char *s) {
    lfg_guard *guard = info;
    if (guard == NULL || s == NULL) return 1;
    if (glp_at_error()) {
        size_t length = strlen(s);
        if (guard->message != NULL && guard->message_length + 1 < guard->message_capacity) {
            size_t room = guard->message_capacity - 1 - guard->message_length;
            size_t copy = length < room ? length : room;
            memcpy(guard->message + guard->message_length, s, copy);
            guard->message_length += copy;
            guard->message[guard->message_length] = '\0';
        }
    } else if (guard->log != NULL) {
        lfg_emit(guard, s);
    }
    return 1; /* never let GLPK write to stdout */
}

static void lfg_error_hook(void *info) {
    lfg_guard *guard = info;
    longjmp(guard->jump, 1);
}

/* Initialises the thread's environment (outside the jump) and records whether we created it. */
static int lfg_guard_prepare(lfg_guard *guard, char *message, size_t capacity) {
    guard->message = message;
    guard->message_capacity = capacity;
    guard->message_length = 0;
    if (message != NULL && capacity > 0) message[0] = '\0';
    int status = glp_init_env();
    if (status != 0 && status != 1) return LFG_ENV_FAILED;
    guard->created_environment = (status == 0);
    return LFG_OK;
}

static void lfg_guard_install(lfg_guard *guard) {
    glp_term_hook(lfg_term_hook, guard);
    glp_error_hook(lfg_error_hook, guard);
}

/* Normal exit: remove our hooks, and free the environment if we created it. */
static void lfg_guard_release(lfg_guard *guard) {
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    lfg_flush_line(guard);
    if (guard->created_environment) glp_free_env();
}

/* Exit after a longjmp: the environment must be freed (GLPK manual, glp_error_hook). */
static void lfg_guard_recover(lfg_guard *guard) {
    glp_free_env();
    lfg_flush_line(guard);
    /* trim the trailing newline of GLPK's message */
    while (guard->message != NULL && guard->message_length > 0 &&
           (guard->message[guard->message_length - 1] == '\n' ||
            guard->message[guard->message_length - 1] == ' ')) {
        guard->message[--guard->message_length] = '\0';
    }
}

/* ------------------------------------------------------------ helpers */

static double lfg_elapsed(const lfg_context *context) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - context->started.tv_sec) +
           1e-9 * (double)(now.tv_nsec - context->started.tv_nsec);
}

static int lfg_milliseconds(double seconds) {
    double ms = ceil(seconds * 1000.0);
    if (ms < 1.0) return 1;
    if (ms >= (double)INT_MAX) return INT_MAX;
    return (int)ms;
}

/* GLPK bound type and the two values it expects for a (lower, upper) pair. */
static int lfg_bound_type(double lower, double upper, double *lb, double *ub) {
    int has_lower = isfinite(lower), has_upper = isfinite(upper);
    *lb = has_lower ? lower : 0.0;
    *ub = has_upper ? upper : 0.0;
    if (has_lower && has_upper) return lower == upper ? GLP_FX : GLP_DB;
    if (has_lower) return GLP_LO;
    if (has_upper) return GLP_UP;
    return GLP_FR;
}

static int lfg_better(int maximize, double a, double b) { return maximize ? a > b : a < b; }

/* Records the tightest proven global bound visible in the tree right now. */
static void lfg_observe_bound(lfg_context *context, glp_tree *tree, int has_incumbent, double incumbent) {
    int maximize = context->problem->maximize;
    double bound;
    int best = glp_ios_best_node(tree);
    if (best != 0) {
        bound = glp_ios_node_bound(tree, best);
        /* the root's bound is +-DBL_MAX until its LP relaxation is solved */
        if (!(fabs(bound) < DBL_MAX)) return;
        if (has_incumbent && lfg_better(maximize, incumbent, bound)) bound = incumbent;
    } else if (has_incumbent) {
        bound = incumbent; /* no open node: the incumbent is optimal */
    } else {
        return;
    }
    if (!context->has_bound || lfg_better(maximize, context->bound, bound)) {
        context->bound = bound;
        context->has_bound = 1;
    }
}

static void lfg_stop(lfg_context *context, glp_tree *tree, int reason) {
    if (context->result->stop_reason == LFG_STOP_NONE) context->result->stop_reason = reason;
    glp_ios_terminate(tree);
}

/* ------------------------------------------------------------ branch-and-bound trampoline */

static void lfg_branch_callback(glp_tree *tree, void *info) {
    lfg_context *context = info;
    const lfg_params *params = context->params;
    const lfg_callbacks *callbacks = context->callbacks;
    int reason = glp_ios_reason(tree);

    if (context->result->stop_reason != LFG_STOP_NONE) {
        glp_ios_terminate(tree);
        return;
    }

    int active = 0, all = 0, total = 0;
    glp_ios_tree_size(tree, &active, &all, &total);
    context->nodes_created = total;

    glp_prob *mip = glp_ios_get_prob(tree);
    int mip_status = glp_mip_status(mip);
    int has_incumbent = (mip_status == GLP_FEAS || mip_status == GLP_OPT);
    double incumbent = has_incumbent ? glp_mip_obj_val(mip) : 0.0;
    lfg_observe_bound(context, tree, has_incumbent, incumbent);

    if (reason == GLP_IPREPRO) {
        /* a node was just taken from the active list; stop before processing it if over the limit */
        if (params->node_limit > 0 && context->nodes_processed >= params->node_limit) {
            lfg_stop(context, tree, LFG_STOP_NODE_LIMIT);
            return;
        }
        context->nodes_processed += 1;
    }

    double elapsed = lfg_elapsed(context);
    if (params->time_limit_seconds > 0 && elapsed >= params->time_limit_seconds) {
        lfg_stop(context, tree, LFG_STOP_TIME_LIMIT);
        return;
    }

    int event = 0;
    if (reason == GLP_ISELECT) event = LFG_EVENT_SELECT;
    else if (reason == GLP_IBINGO) event = LFG_EVENT_INCUMBENT;
    else if (reason == GLP_IHEUR) event = LFG_EVENT_HEURISTIC;
    if (event != 0 && callbacks != NULL && callbacks->progress != NULL) {
        lfg_progress progress;
        memset(&progress, 0, sizeof progress);
        progress.event = event;
        progress.has_incumbent = has_incumbent;
        progress.incumbent = incumbent;
        progress.has_bound = context->has_bound;
        progress.bound = context->bound;
        progress.elapsed_seconds = elapsed;
        progress.nodes_processed = context->nodes_processed;
        progress.nodes_created = total;
        progress.active_nodes = active;
        if (callbacks->progress(callbacks->context, &progress) != 0) {
            lfg_stop(context, tree, LFG_STOP_USER);
            return;
        }
    }

    if (reason == GLP_IHEUR && callbacks != NULL && callbacks->next_solution != NULL) {
        int n = context->problem->column_count;
        /* with the MIP presolver on, GLPK works on a transformed problem whose columns differ */
        int usable = (mip == context->prob);
        while (callbacks->next_solution(callbacks->context, context->heuristic_x, n) != 0) {
            if (!usable) {
                context->result->solutions_rejected += 1;
                if (!context->presolve_notice_sent && context->guard.log != NULL) {
                    context->presolve_notice_sent = 1;
                    context->guard.log(context->guard.log_context,
                        "layerflow-glpk: injected solution ignored: GLPK's MIP presolver is on");
                }
                continue;
            }
            if (glp_ios_heur_sol(tree, context->heuristic_x) == 0) {
                context->result->solutions_accepted += 1;
            } else {
                context->result->solutions_rejected += 1;
            }
        }
    }
}

/* ------------------------------------------------------------ solve */

static void lfg_run(lfg_context *context) {
    const lfg_problem *problem = context->problem;
    const lfg_params *params = context->params;
    lfg_result *result = context->result;
    int m = problem->row_count, n = problem->column_count;

    glp_prob *P = glp_create_prob();
    context->prob = P;
    glp_set_obj_dir(P, problem->maximize ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 0, problem->objective_constant);
    if (m > 0) glp_add_rows(P, m);
    for (int i = 0; i < m; i++) {
        double lb, ub;
        int type = lfg_bound_type(problem->row_lower[i], problem->row_upper[i], &lb, &ub);
        glp_set_row_bnds(P, i + 1, type, lb, ub);
    }
    if (n > 0) glp_add_cols(P, n);
    for (int j = 0; j < n; j++) {
        double lb, ub;
        int type = lfg_bound_type(problem->column_lower[j], problem->column_upper[j], &lb, &ub);
        glp_set_col_bnds(P, j + 1, type, lb, ub);
        glp_set_obj_coef(P, j + 1, problem->column_objective[j]);
        if (problem->column_integer[j]) glp_set_col_kind(P, j + 1, GLP_IV);
    }
    if (problem->element_count > 0) {
        glp_load_matrix(P, problem->element_count, problem->element_row,
                        problem->element_column, problem->element_value);
    }

    /* Scale rows and columns as glpsol does by default: GLPK's simplex works on the scaled
       problem (results stay in the model's units), which matters for badly scaled models. */
    if (params->scale && m > 0 && n > 0) glp_scale_prob(P, GLP_SF_AUTO);

    /* LP relaxation of the original problem: an optimal basis for glp_intopt and a bound. */
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = params->message_level;
    smcp.presolve = GLP_OFF;
    if (params->time_limit_seconds > 0) smcp.tm_lim = lfg_milliseconds(params->time_limit_seconds);
    result->simplex_return = glp_simplex(P, &smcp);
    result->simplex_status = glp_get_status(P);

    if (result->simplex_return == 0 && result->simplex_status == GLP_OPT) {
        result->has_lp_objective = 1;
        result->lp_objective = glp_get_obj_val(P);
        context->has_bound = 1;
        context->bound = result->lp_objective;

        glp_iocp iocp;
        glp_init_iocp(&iocp);
        iocp.msg_lev = params->message_level;
        iocp.br_tech = params->branching;
        iocp.bt_tech = params->backtracking;
        iocp.presolve = params->presolve ? GLP_ON : GLP_OFF;
        iocp.gmi_cuts = params->gomory_cuts ? GLP_ON : GLP_OFF;
        iocp.mir_cuts = params->mir_cuts ? GLP_ON : GLP_OFF;
        iocp.cov_cuts = params->cover_cuts ? GLP_ON : GLP_OFF;
        iocp.clq_cuts = params->clique_cuts ? GLP_ON : GLP_OFF;
        iocp.fp_heur = params->feasibility_pump ? GLP_ON : GLP_OFF;
        iocp.ps_heur = params->proximity_search ? GLP_ON : GLP_OFF;
        iocp.sr_heur = params->simple_rounding ? GLP_ON : GLP_OFF;
        if (params->mip_gap > 0) iocp.mip_gap = params->mip_gap;
        if (params->integrality_tolerance > 0) iocp.tol_int = params->integrality_tolerance;
        if (params->time_limit_seconds > 0) {
            double remaining = params->time_limit_seconds - lfg_elapsed(context);
            iocp.tm_lim = lfg_milliseconds(remaining);
            if (iocp.ps_heur == GLP_ON && iocp.ps_tm_lim > iocp.tm_lim) iocp.ps_tm_lim = iocp.tm_lim;
        }
        iocp.cb_func = lfg_branch_callback;
        iocp.cb_info = context;
        result->intopt_return = glp_intopt(P, &iocp);
        result->mip_status = glp_mip_status(P);
        if (result->mip_status == GLP_OPT || result->mip_status == GLP_FEAS) {
            result->has_solution = 1;
            result->objective = glp_mip_obj_val(P);
            if (context->values != NULL) {
                for (int j = 0; j < n; j++) context->values[j] = glp_mip_col_val(P, j + 1);
            }
        }
    }
    result->simplex_iterations = glp_get_it_cnt(P);
    result->has_bound = context->has_bound;
    result->bound = context->bound;
    result->nodes_processed = context->nodes_processed;
    result->nodes_created = context->nodes_created;
    context->prob = NULL;
    glp_delete_prob(P);
}

lfg_params lfg_default_params(void) {
    lfg_params params;
    memset(&params, 0, sizeof params);
    params.message_level = LFG_MSG_ON;
    params.time_limit_seconds = 0;
    params.mip_gap = 0;
    params.node_limit = 0;
    params.presolve = 0;
    params.branching = LFG_BR_DTH;
    params.backtracking = LFG_BT_BLB;
    params.simple_rounding = 1;
    params.scale = 1;
    return params;
}

static void lfg_reset_result(lfg_result *result) {
    memset(result, 0, sizeof *result);
    result->simplex_return = -1;
    result->intopt_return = -1;
    result->simplex_status = LFG_UNDEF;
    result->mip_status = LFG_UNDEF;
}

int lfg_solve(const lfg_problem *problem, const lfg_params *params,
              const lfg_callbacks *callbacks, lfg_result *result, double *values) {
    if (result == NULL) return LFG_INVALID_ARGUMENT;
    lfg_reset_result(result);
    if (problem == NULL || params == NULL) return LFG_INVALID_ARGUMENT;
    if (problem->row_count < 0 || problem->column_count < 0 || problem->element_count < 0)
        return LFG_INVALID_ARGUMENT;
    if (problem->column_count > 0 &&
        (problem->column_lower == NULL || problem->column_upper == NULL ||
         problem->column_objective == NULL || problem->column_integer == NULL))
        return LFG_INVALID_ARGUMENT;
    if (problem->row_count > 0 && (problem->row_lower == NULL || problem->row_upper == NULL))
        return LFG_INVALID_ARGUMENT;
    if (problem->element_count > 0 &&
        (problem->element_row == NULL || problem->element_column == NULL || problem->element_value == NULL))
        return LFG_INVALID_ARGUMENT;
    if (lfg_thread_busy) return LFG_REENTRANT;

    lfg_context *context = calloc(1, sizeof *context);
    if (context == NULL) return LFG_OUT_OF_MEMORY;
    context->heuristic_x = calloc((size_t)problem->column_count + 1, sizeof(double));
    if (context->heuristic_x == NULL) {
        free(context);
        return LFG_OUT_OF_MEMORY;
    }
    context->problem = problem;
    context->params = params;
    context->callbacks = callbacks;
    context->result = result;
    context->values = values;
    context->guard.log = callbacks != NULL ? callbacks->log : NULL;
    context->guard.log_context = callbacks != NULL ? callbacks->context : NULL;
    clock_gettime(CLOCK_MONOTONIC, &context->started);

    int code = lfg_guard_prepare(&context->guard, result->message, sizeof result->message);
    if (code != LFG_OK) {
        free(context->heuristic_x);
        free(context);
        return code;
    }
    lfg_thread_busy = 1;
    if (setjmp(context->guard.jump) == 0) {
        lfg_guard_install(&context->guard);
        lfg_run(context);
        lfg_guard_release(&context->guard);
        code = LFG_OK;
    } else {
        lfg_guard_recover(&context->guard);
        result->has_bound = 0;
        result->has_solution = 0;
        code = LFG_GLPK_ERROR;
    }
    lfg_thread_busy = 0;
    result->seconds = lfg_elapsed(context);
    free(context->heuristic_x);
    free(context);
    return code;
}

/* ------------------------------------------------------------ small guarded utilities */

typedef struct lfg_version_context {
    lfg_guard guard;
} lfg_version_context;

int lfg_glpk_version(char *buffer, int capacity) {
    if (buffer == NULL || capacity <= 0) return LFG_INVALID_ARGUMENT;
    buffer[0] = '\0';
    if (lfg_thread_busy) {
        /* inside a running guarded call: the environment exists and is guarded already */
        const char *version = glp_version();
        size_t length = strlen(version);
        if (length >= (size_t)capacity) length = (size_t)capacity - 1;
        memcpy(buffer, version, length);
        buffer[length] = '\0';
        return LFG_OK;
    }
    lfg_version_context *context = calloc(1, sizeof *context);
    if (context == NULL) return LFG_OUT_OF_MEMORY;
    int code = lfg_guard_prepare(&context->guard, NULL, 0);
    if (code != LFG_OK) {
        free(context);
        return code;
    }
    lfg_thread_busy = 1;
    if (setjmp(context->guard.jump) == 0) {
        lfg_guard_install(&context->guard);
        const char *version = glp_version();
        size_t length = strlen(version);
        if (length >= (size_t)capacity) length = (size_t)capacity - 1;
        memcpy(buffer, version, length);
        buffer[length] = '\0';
        lfg_guard_release(&context->guard);
        code = LFG_OK;
    } else {
        lfg_guard_recover(&context->guard);
        code = LFG_GLPK_ERROR;
    }
    lfg_thread_busy = 0;
    free(context);
    return code;
}

int lfg_glpk_thread_local(void) {
    const char *tls = glp_config("TLS");
    return tls != NULL && tls[0] != '\0';
}

int lfg_provoke_glpk_error(char *message, int capacity) {
    if (lfg_thread_busy) return LFG_REENTRANT;
    lfg_version_context *context = calloc(1, sizeof *context);
    if (context == NULL) return LFG_OUT_OF_MEMORY;
    int code = lfg_guard_prepare(&context->guard, message, capacity > 0 ? (size_t)capacity : 0);
    if (code != LFG_OK) {
        free(context);
        return code;
    }
    lfg_thread_busy = 1;
    if (setjmp(context->guard.jump) == 0) {
        lfg_guard_install(&context->guard);
        glp_prob *P = glp_create_prob();
        /* column 1 does not exist: GLPK reports "column number out of range" */
        glp_set_col_kind(P, 1, GLP_IV);
        glp_delete_prob(P);
        lfg_guard_release(&context->guard);
        code = LFG_OK;
    } else {
        lfg_guard_recover(&context->guard);
        code = LFG_GLPK_ERROR;
    }
    lfg_thread_busy = 0;
    free(context);
    return code;
}
