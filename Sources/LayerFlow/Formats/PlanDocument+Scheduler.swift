extension Scheduler {
    /// The scheduler of a plan file (`layerflow plan --json`): its embedded cluster, placement
    /// and rule.
    /// - Throws: as `init(cluster:placement:rule:options:)`.
    public convenience init(plan: PlanDocument, options: SchedulerOptions = SchedulerOptions()) throws(SchedulingError) {
        try self.init(cluster: plan.clusterDefinition, placement: plan.placement, rule: plan.rule, options: options)
    }
}
