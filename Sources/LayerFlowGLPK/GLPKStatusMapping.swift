import CGLPKShim
import LayerFlow

/// How GLPK's return codes and solution statuses become ``MILPStatus`` values or errors.
///
/// | GLPK | MILPStatus |
/// |---|---|
/// | `glp_simplex` 0, status `GLP_NOFEAS` | `.infeasible` |
/// | `glp_simplex` 0, status `GLP_UNBND` | `.unbounded` (LP relaxation) |
/// | `glp_simplex` / `glp_intopt` `GLP_ETMLIM` | `.timeLimit` |
/// | `glp_intopt` 0, `glp_mip_status` `GLP_OPT` | `.optimal` |
/// | `glp_intopt` 0, `GLP_NOFEAS` | `.infeasible` |
/// | `glp_intopt` `GLP_EMIPGAP` | `.gapReached` |
/// | `glp_intopt` `GLP_ESTOP` | `.cancelled`, `.nodeLimit` or `.timeLimit` by the shim's stop reason |
/// | `glp_intopt` `GLP_ENOPFS` / `GLP_ENODFS` (presolver) | `.infeasible` / `.unbounded` |
/// | `glp_intopt` `GLP_EFAIL` with an incumbent | `.feasible` |
/// | other failures (`GLP_EFAIL` without incumbent, `GLP_EBOUND`, `GLP_EROOT`, `GLP_ESING`, …) | throws ``MILPSolverError/solverError(message:)`` |
enum GLPKStatusMapping {
    static func status(of result: lfg_result) throws(MILPSolverError) -> MILPStatus {
        let simplexReturn = Int(result.simplex_return)
        if simplexReturn != 0 {
            if simplexReturn == Int(LFG_ETMLIM) { return .timeLimit }
            throw .solverError(message: "glp_simplex returned \(describe(simplexReturn)) on the LP relaxation")
        }
        switch Int(result.simplex_status) {
        case Int(LFG_OPT): break
        case Int(LFG_NOFEAS): return .infeasible
        case Int(LFG_UNBND): return .unbounded
        default:
            return .noSolutionFound
        }
        let hasSolution = result.has_solution != 0
        switch Int(result.intopt_return) {
        case 0:
            switch Int(result.mip_status) {
            case Int(LFG_OPT): return .optimal
            case Int(LFG_NOFEAS): return .infeasible
            case Int(LFG_FEAS): return .feasible
            default: return .noSolutionFound
            }
        case Int(LFG_ETMLIM): return .timeLimit
        case Int(LFG_EMIPGAP): return .gapReached
        case Int(LFG_ESTOP):
            switch Int(result.stop_reason) {
            case Int(LFG_STOP_NODE_LIMIT): return .nodeLimit
            case Int(LFG_STOP_TIME_LIMIT): return .timeLimit
            default: return .cancelled
            }
        case Int(LFG_ENOPFS): return .infeasible
        case Int(LFG_ENODFS): return .unbounded
        case Int(LFG_EFAIL) where hasSolution: return .feasible
        case let code:
            throw .solverError(message: "glp_intopt returned \(describe(code))")
        }
    }

    /// GLPK's name and meaning of a `glp_simplex` / `glp_intopt` return code.
    static func describe(_ code: Int) -> String {
        switch code {
        case Int(LFG_EBADB): return "GLP_EBADB (invalid initial basis)"
        case Int(LFG_ESING): return "GLP_ESING (singular basis matrix)"
        case Int(LFG_ECOND): return "GLP_ECOND (ill-conditioned basis matrix)"
        case Int(LFG_EBOUND): return "GLP_EBOUND (incorrect bounds)"
        case Int(LFG_EFAIL): return "GLP_EFAIL (solver failure)"
        case Int(LFG_EOBJLL): return "GLP_EOBJLL (objective lower limit reached)"
        case Int(LFG_EOBJUL): return "GLP_EOBJUL (objective upper limit reached)"
        case Int(LFG_EITLIM): return "GLP_EITLIM (iteration limit exceeded)"
        case Int(LFG_ETMLIM): return "GLP_ETMLIM (time limit exceeded)"
        case Int(LFG_ENOPFS): return "GLP_ENOPFS (no primal feasible solution)"
        case Int(LFG_ENODFS): return "GLP_ENODFS (no dual feasible solution)"
        case Int(LFG_EROOT): return "GLP_EROOT (no optimal basis for the root LP relaxation)"
        case Int(LFG_ESTOP): return "GLP_ESTOP (terminated by the application)"
        case Int(LFG_EMIPGAP): return "GLP_EMIPGAP (relative gap tolerance reached)"
        default: return "code \(code)"
        }
    }
}
