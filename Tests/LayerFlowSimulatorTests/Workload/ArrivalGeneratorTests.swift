import Foundation
import LayerFlow
import LayerFlowSimulator
import PropertyBased
import Testing

@Suite("Arrival generation")
struct ArrivalGeneratorTests {
    /// Azure-like lengths (input 1…2047, output 1…1000, uniform), so the tests need no data files.
    static let pool: [RequestShape] = {
        var generator = SeededGenerator(seed: 7)
        return (0..<2_000).map { _ in
            RequestShape(
                inputTokens: Int.random(in: 1...2_047, using: &generator),
                outputTokens: Int.random(in: 1...1_000, using: &generator))
        }
    }()

    /// An hour of made-up per-3-s counts in 0…30, like Helix's Azure-conversation ones.
    static let counts: [Int] = {
        var generator = SeededGenerator(seed: 8)
        return (0..<1_200).map { _ in Int.random(in: 0...30, using: &generator) }
    }()

    enum Kind: String, CaseIterable, Sendable {
        case poisson, azure
        var process: ArrivalProcess {
            switch self {
            case .poisson: .poisson
            case .azure: .azure(countsPer3s: ArrivalGeneratorTests.counts)
            }
        }
    }

    static func generator(
        _ kind: Kind, load: Double = 700, duration: Double = 1_800, start: Double = 0, seed: UInt64 = 0,
        pool: [RequestShape] = pool
    ) -> ArrivalGenerator {
        ArrivalGenerator(
            process: kind.process, lengths: pool, offeredTokensPerSecond: load, durationSeconds: duration,
            startSeconds: start, seed: seed)
    }

    static func meanTokens(_ pool: [RequestShape]) -> Double {
        pool.reduce(0.0) { $0 + Double($1.inputTokens + $1.outputTokens) } / Double(pool.count)
    }

    @Test(arguments: Kind.allCases)
    func sameSeedSameArrivalsOtherSeedOthers(kind: Kind) throws {
        let first = try Self.generator(kind, seed: 1).arrivals()
        #expect(first.count > 500)
        #expect(try Self.generator(kind, seed: 1).arrivals() == first)
        let other = try Self.generator(kind, seed: 2).arrivals()
        #expect(other != first)
        #expect(other.map(\.timeSeconds) != first.map(\.timeSeconds))
        #expect(other.map(\.shape) != first.map(\.shape))
    }

    /// About 100,000 arrivals: the realised load is within 3 % of the target (the standard error is
    /// about 0.5 %).
    @Test(arguments: Kind.allCases, [0, 1, 2] as [UInt64])
    func offeredLoadOfALongRunIsWithinThreePercent(kind: Kind, seed: UInt64) throws {
        let target = 2_000.0
        let duration = 72_000.0
        let arrivals = try Self.generator(kind, load: target, duration: duration, seed: seed).arrivals()
        let load = arrivals.offeredTokensPerSecond(durationSeconds: duration)
        #expect(abs(load - target) / target < 0.03, "\(kind) seed \(seed): \(load) tokens/s")
        let expectedCount = target / Self.meanTokens(Self.pool) * duration
        #expect(abs(Double(arrivals.count) - expectedCount) / expectedCount < 0.03, "\(arrivals.count) arrivals")
    }

    @Test func arrivalsAreSortedInsideTheDurationAndFromThePool() async {
        let pool = Array(Self.pool.prefix(50))
        let shapes = Set(pool)
        await propertyCheck(
            count: 300,
            input: Gen.uint64(), Gen.double(in: 1...20_000), Gen.double(in: 0.001...900), Gen.double(in: 0...1e6),
            Gen.bool
        ) { seed, load, duration, start, azure in
            let kind: Kind = azure ? .azure : .poisson
            let context = "\(kind) seed \(seed), \(load) tokens/s, \(duration) s from \(start)"
            do {
                let arrivals = try Self.generator(kind, load: load, duration: duration, start: start, seed: seed, pool: pool).arrivals()
                #expect(zip(arrivals, arrivals.dropFirst()).allSatisfy { $0.timeSeconds <= $1.timeSeconds }, "\(context)")
                #expect(arrivals.allSatisfy { $0.timeSeconds >= start && $0.timeSeconds < start + duration }, "\(context)")
                #expect(arrivals.allSatisfy { shapes.contains($0.shape) }, "\(context)")
            } catch {
                Issue.record("\(context): \(error)")
            }
        }
    }

    /// Lengths are drawn uniformly with replacement, input and output kept together.
    @Test func lengthsAreDrawnUniformlyFromThePool() throws {
        let pool = [
            RequestShape(inputTokens: 100, outputTokens: 10), RequestShape(inputTokens: 200, outputTokens: 20),
            RequestShape(inputTokens: 300, outputTokens: 30),
        ]
        let arrivals = try Self.generator(.poisson, load: 1_000, duration: 10_000, pool: pool).arrivals()
        for shape in pool {
            let share = Double(arrivals.count { $0.shape == shape }) / Double(arrivals.count)
            #expect(abs(share - 1.0 / 3) < 0.02, "\(shape): \(share)")
        }
    }

    /// Helix's rounding: a scaled count of 2.5 per interval rounds half-to-even to 2, carries 0.5,
    /// and the next interval gets 3. A final 1.5-s interval gets half a draw.
    @Test func azureRoundsHalfToEvenAndCarriesTheRemainder() throws {
        // Mean 3 tokens per query at 2.5 tokens/s: λ = 5/6 request/s, 2.5 requests per 3 s.
        let generator = ArrivalGenerator(
            process: .azure(countsPer3s: [4, 4, 4]), lengths: [RequestShape(inputTokens: 1, outputTokens: 2)],
            offeredTokensPerSecond: 2.5, durationSeconds: 13.5, startSeconds: 20, seed: 3)
        let arrivals = try generator.arrivals()
        let perInterval = (0..<5).map { interval in
            arrivals.count { Int(($0.timeSeconds - 20) / 3) == interval }
        }
        #expect(perInterval == [2, 3, 2, 3, 1])
        #expect(arrivals.allSatisfy { $0.timeSeconds >= 20 && $0.timeSeconds < 33.5 })
    }

    @Test func offeredLoadCountsInputAndOutputTokens() {
        let arrivals = [
            Arrival(timeSeconds: 1, shape: RequestShape(inputTokens: 100, outputTokens: 50)),
            Arrival(timeSeconds: 9, shape: RequestShape(inputTokens: 200, outputTokens: 150)),
        ]
        #expect(arrivals.offeredTokensPerSecond(durationSeconds: 10) == 50)
        #expect([Arrival]().offeredTokensPerSecond(durationSeconds: 10) == 0)
        #expect(arrivals.offeredTokensPerSecond(durationSeconds: 0).isNaN)
    }

    /// The case name of an error, for cases whose payload may be NaN (which never compares equal).
    static func caseName(_ error: WorkloadError) -> String {
        Mirror(reflecting: error).children.first?.label ?? "\(error)"
    }

    @Test func invalidParametersAreRefused() {
        func refusal(_ generator: ArrivalGenerator) -> WorkloadError? {
            workloadError { _ = try generator.arrivals() }
        }
        for kind in Kind.allCases {
            for load in [0, -1, Double.nan, .infinity] {
                #expect(refusal(Self.generator(kind, load: load)).map(Self.caseName) == "invalidOfferedLoad", "\(load)")
            }
            for duration in [0, -3, Double.nan, .infinity] {
                #expect(refusal(Self.generator(kind, duration: duration)).map(Self.caseName) == "invalidDuration", "\(duration)")
            }
            for start in [-1, Double.nan, .infinity, .greatestFiniteMagnitude] {
                #expect(refusal(Self.generator(kind, start: start)).map(Self.caseName) == "invalidStart", "\(start)")
            }
            #expect(refusal(Self.generator(kind, pool: [])) == .emptyLengthPool)
            let zero = RequestShape(inputTokens: 5, outputTokens: 0)
            #expect(refusal(Self.generator(kind, pool: Self.pool + [zero])) == .invalidLengthPoolEntry(index: 2_000, shape: zero))
        }
        func azure(_ counts: [Int]) -> ArrivalGenerator {
            ArrivalGenerator(process: .azure(countsPer3s: counts), lengths: Self.pool, offeredTokensPerSecond: 700, durationSeconds: 60, seed: 0)
        }
        #expect(refusal(azure([])) == .emptyArrivalCounts)
        #expect(refusal(azure([0, 0, 0])) == .emptyArrivalCounts)
        #expect(refusal(azure([3, -1, 2])) == .negativeArrivalCount(index: 1, value: -1))
    }

    /// An absurd load or duration is refused before any arrival is made, so it cannot exhaust
    /// memory; at the limit's edge, generation still works.
    @Test func absurdWorkloadsAreRefusedUpFront() throws {
        let limit = ArrivalGenerator.maximumArrivals
        for kind in Kind.allCases {
            let error = workloadError { _ = try Self.generator(kind, load: 1e12, duration: 3_600).arrivals() }
            #expect(error.map(Self.caseName) == "tooManyArrivals", "\(String(describing: error))")
            #expect(error?.description.contains("limit of \(limit)") == true)
            let forever = workloadError { _ = try Self.generator(kind, load: 1e300, duration: 1e300).arrivals() }
            #expect(forever.map(Self.caseName) == "tooManyArrivals", "\(String(describing: forever))")
        }
        let intervals = workloadError { _ = try Self.generator(.azure, load: 1e-9, duration: 1e9).arrivals() }
        #expect(intervals == .tooManyIntervals(count: (1e9 / 3).rounded(.up), limit: limit), "\(String(describing: intervals))")
        // Far below the limit, a tiny load may produce no arrivals at all: that is not an error.
        #expect(try Self.generator(.poisson, load: 1e-9, duration: 1).arrivals().isEmpty)
    }
}
