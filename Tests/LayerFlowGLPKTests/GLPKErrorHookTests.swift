import CGLPKShim
import Foundation
import Synchronization
import LayerFlow
@testable import LayerFlowGLPK
import Testing

/// GLPK's internal errors would call abort(); through the shim they become Swift errors and
/// the process, and later solves on the same thread, carry on.
@Suite("GLPK: error hook instead of abort()")
struct GLPKErrorHookTests {
    @Test func invalidArgumentInsideGLPKBecomesAnErrorWithGLPKsMessage() throws {
        var message = [CChar](repeating: 0, count: 512)
        let code = message.withUnsafeMutableBufferPointer { lfg_provoke_glpk_error($0.baseAddress, Int32($0.count)) }
        #expect(code == Int32(LFG_GLPK_ERROR))
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(text.contains("glp_set_col_kind"))
        #expect(text.contains("out of range"))
        // The same thread's next solve gets a fresh GLPK environment and works.
        let solution = try GLPKSolver().solve(TestModels.knapsack())
        #expect(solution.status == .optimal)
        #expect(solution.objective == 23)
    }

    @Test func duplicateMatrixEntryReachesSwiftAsSolverError() throws {
        let model = TestModels.knapsack()
        var arrays = try GLPKProblemArrays(model: model)
        // Bypass the merging that lowering does: two entries at (row 1, column 1).
        arrays.elementColumn[2] = arrays.elementColumn[1]
        let session = GLPKSession(model: model, options: MILPSolveOptions(), log: nil, callback: nil)
        var params = lfg_default_params()
        params.message_level = Int32(LFG_MSG_OFF)
        do {
            _ = try session.run(arrays, params: params)
            Issue.record("GLPK accepted a duplicate matrix entry")
        } catch {
            guard case .solverError(let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(message.contains("duplicate indices not allowed"))
            #expect(error.description.hasPrefix("solver error: glp_load_mat"))
        }
        // And the process goes on solving on this thread.
        for _ in 0..<3 {
            let again = try GLPKSolver().solve(model)
            #expect(again.objective == 23)
        }
    }

    @Test func errorOnOneThreadDoesNotDisturbASolveOnAnother() throws {
        // GLPK's environment is thread-local: glp_free_env after an error on thread A must not
        // invalidate the problem thread B is solving.
        let model = TestModels.multiKnapsack(items: 60, dimensions: 3, seed: 7)
        let options = MILPSolveOptions(nodeLimit: 400)
        let reference = try GLPKSolver().solve(model, options: options)
        let outcome = Mutex<MILPSolution?>(nil)
        let done = DispatchSemaphore(value: 0)
        let worker = Thread {
            outcome.withLock { $0 = try? GLPKSolver().solve(model, options: options) }
            done.signal()
        }
        worker.start()
        var errors = 0
        for _ in 0..<200 {
            var message = [CChar](repeating: 0, count: 256)
            if message.withUnsafeMutableBufferPointer({ lfg_provoke_glpk_error($0.baseAddress, Int32($0.count)) })
                == Int32(LFG_GLPK_ERROR) { errors += 1 }
        }
        done.wait()
        #expect(errors == 200)
        let parallel = try #require(outcome.withLock { $0 })
        #expect(parallel.values == reference.values)
        #expect(parallel.objective == reference.objective)
    }
}
