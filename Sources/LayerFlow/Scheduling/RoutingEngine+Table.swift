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
        var entries: [SchedulingTable.Entry] = []
        entries.reserveCapacity(requests.count)
        let routes = routeOffline(requests) { request, outcome in
            entries.append(SchedulingTable.Entry(request: request, outcome: outcome))
        }
        return SchedulingTable(routes: routes, entries: entries)
    }

    /// How the table for `requests` spreads over the nodes, without keeping the table: memory
    /// grows with the distinct routes, not with the requests (so a lazy sequence of a billion
    /// requests is counted in constant memory). Equal to `SchedulingTraffic(table(for:), nodes:)`.
    /// - Complexity: as `table(for:)`.
    public func traffic<Requests: Sequence<Request>>(for requests: Requests) -> SchedulingTraffic {
        var counter = SchedulingTraffic.Counter()
        let routes = routeOffline(requests) { request, outcome in counter.add(request, outcome) }
        return counter.traffic(routes: routes, nodes: nodes)
    }

    /// Routes `requests` in order as `table(for:)` describes, handing each outcome to `body`;
    /// returns the distinct routes the outcomes index.
    func routeOffline<Requests: Sequence<Request>>(
        _ requests: Requests, _ body: (Request, SchedulingTable.Outcome) -> Void
    ) -> [Route] {
        var engine = RoutingEngine(tables: tables)
        var routes: [Route] = []
        var routeOfEntries: [[Int32]: Int] = [:]
        let idleHeadroom = engine.headroom()
        for request in requests {
            let outcome: SchedulingTable.Outcome
            let footprint = request.footprintTokens
            if let reason = refusal(of: request) {
                outcome = .rejected(reason)
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
            body(request, outcome)
        }
        return routes
    }
}
