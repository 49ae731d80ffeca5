extension RoutingEngine {
    /// Routes a batch offline: the request → route table a fresh scheduler would produce for these
    /// requests if each ran alone.
    ///
    /// Reserves nothing and releases nothing: the table starts from the initial round-robin state
    /// (not this engine's), ignores the requests in flight, and leaves this engine unchanged, so
    /// the same batch always gives the same table. Each request is checked against the KV-cache
    /// high-water marks of an idle cluster: nodes it alone would overfill are masked out, and a
    /// request no route could ever hold is rejected with the reason. Nothing is queued. Entries
    /// follow the input order; ids are copied through and need not be unique.
    /// - Complexity: O(n · Σ out-degree along a route) plus one hash of the chosen entries per
    ///   request; one allocation per distinct route.
    public func table(for requests: [Request]) -> SchedulingTable {
        var engine = RoutingEngine(tables: tables)
        var routes: [Route] = []
        var routeOfEntries: [[Int32]: Int] = [:]
        var entries: [SchedulingTable.Entry] = []
        entries.reserveCapacity(requests.count)
        let idleHeadroom = engine.headroom()
        for request in requests {
            let outcome: SchedulingTable.Outcome
            let footprint = request.footprintTokens
            if let reason = request.invalidLengthReason {
                outcome = .rejected(reason)
            } else if footprint > tables.largestAdmissibleFootprint {
                outcome = .rejected(.exceedsRouteCapacity(
                    footprintTokens: footprint, largestTokens: tables.largestAdmissibleFootprint))
            } else if engine.walk(footprint: footprint, masked: footprint > idleHeadroom) {
                if let known = routeOfEntries[engine.chosen] {
                    outcome = .routed(route: known)
                } else {
                    routeOfEntries[engine.chosen] = routes.count
                    outcome = .routed(route: routes.count)
                    routes.append(engine.chosenRoute())
                }
            } else {
                // Unreachable: footprint ≤ the widest route's limit, so an idle walk finds one.
                outcome = .rejected(.exceedsRouteCapacity(
                    footprintTokens: footprint, largestTokens: tables.largestAdmissibleFootprint))
            }
            entries.append(SchedulingTable.Entry(request: request, outcome: outcome))
        }
        return SchedulingTable(routes: routes, entries: entries)
    }
}
