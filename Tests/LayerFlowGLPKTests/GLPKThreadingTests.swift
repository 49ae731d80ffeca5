import Foundation
import LayerFlow
import LayerFlowGLPK
import Synchronization
import Testing

@Suite("GLPK: one problem per thread")
struct GLPKThreadingTests {
    @Test func concurrentSolvesOnTwoThreadsMatchSequentialOnes() throws {
        let models = [TestModels.multiKnapsack(items: 80, dimensions: 3, seed: 1),
                      TestModels.multiKnapsack(items: 80, dimensions: 3, seed: 2)]
        let options = MILPSolveOptions(nodeLimit: 800)
        let sequential = try models.map { try GLPKSolver().solve($0, options: options) }
        let results = Mutex<[Int: MILPSolution]>([:])
        let group = DispatchGroup()
        for (index, model) in models.enumerated() {
            group.enter()
            let thread = Thread {
                if let solution = try? GLPKSolver().solve(model, options: options) {
                    results.withLock { $0[index] = solution }
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let parallel = results.withLock { $0 }
        for index in models.indices {
            #expect(parallel[index]?.values == sequential[index].values)
            #expect(parallel[index]?.bestBound == sequential[index].bestBound)
        }
    }
}
