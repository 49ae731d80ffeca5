extension PlanPicture {
    /// Colours of GPU types, by type position (colour-blind-safe Tableau 10).
    package static let palette = [
        "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#9C755F", "#FF9DA7", "#BAB0AC", "#E15759",
    ]
    static let bottleneckColour = "#D62728"

    /// The picture as SVG text: x is the layer axis `0…L`, one row per node (bars coloured by GPU
    /// type, drawn over the arcs), arcs between rows at the layer boundary they cross with stroke width proportional to
    /// their flow, the coordinator as a grey column on each side, the bottleneck in red (outlined
    /// bars, dashed arcs), and a legend. The same picture always gives the same bytes.
    /// - Complexity: O(rows + arcs).
    public func svg() -> String {
        let width = 1100.0
        let labelRight = 180.0
        let sourceX = 200.0
        let plotLeft = 230.0
        let plotRight = 900.0
        let sinkX = plotRight + 30
        let rowsTop = 92.0
        let rowHeight = 20.0
        let barHeight = 12.0
        let rowsBottom = rowsTop + Double(rows.count) * rowHeight
        let height = rowsBottom + 80
        func x(_ layer: Int) -> Double { plotLeft + Double(layer) / Double(max(layerCount, 1)) * (plotRight - plotLeft) }
        func y(_ row: Int) -> Double { rowsTop + (Double(row) + 0.5) * rowHeight }
        func n(_ value: Double) -> String { SVGText.number(value) }
        func colour(_ typeIndex: Int) -> String { Self.palette[typeIndex % Self.palette.count] }
        func strokeWidth(_ flow: Double) -> Double {
            maxArcFlowTokensPerSecond > 0 ? 1 + 7 * flow / maxArcFlowTokensPerSecond : 1
        }

        var out: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>",
            "<text x=\"20\" y=\"26\" font-size=\"16\" font-weight=\"bold\">\(SVGText.escaped(title))</text>",
            "<text x=\"20\" y=\"46\" font-size=\"12\" fill=\"#333333\">Throughput \(SVGText.escaped(Formatting.rate(throughputTokensPerSecond))) (compute upper bound \(SVGText.escaped(Formatting.rate(upperBoundTokensPerSecond)))); arc width ∝ flow; red = bottleneck (minimum cut)</text>",
        ]
        // Layer axis and grid.
        let step = Self.tickStep(layerCount)
        out.append("<g font-size=\"10\" fill=\"#555555\" text-anchor=\"middle\">")
        for layer in stride(from: 0, through: layerCount, by: step) {
            out.append("<line x1=\"\(n(x(layer)))\" y1=\"\(n(rowsTop - 6))\" x2=\"\(n(x(layer)))\" y2=\"\(n(rowsBottom))\" stroke=\"#E5E5E5\"/>")
            out.append("<text x=\"\(n(x(layer)))\" y=\"\(n(rowsTop - 10))\">\(layer)</text>")
        }
        out.append("<text x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(rowsTop - 26))\" font-size=\"11\">layer</text>")
        out.append("</g>")
        // Coordinator columns.
        out.append("<g fill=\"#9A9A9A\" font-size=\"10\" text-anchor=\"middle\">")
        out.append("<rect x=\"\(n(sourceX - 3))\" y=\"\(n(rowsTop))\" width=\"6\" height=\"\(n(rowsBottom - rowsTop))\"/>")
        out.append("<rect x=\"\(n(sinkX - 3))\" y=\"\(n(rowsTop))\" width=\"6\" height=\"\(n(rowsBottom - rowsTop))\"/>")
        out.append("<text x=\"\(n(sourceX))\" y=\"\(n(rowsBottom + 14))\">in</text>")
        out.append("<text x=\"\(n(sinkX))\" y=\"\(n(rowsBottom + 14))\">out</text>")
        out.append("</g>")
        // Arcs.
        out.append("<g fill=\"none\" stroke-linecap=\"round\">")
        for arc in arcs {
            let style = arc.isBottleneck
                ? "stroke=\"\(Self.bottleneckColour)\" stroke-dasharray=\"6 3\" stroke-opacity=\"0.9\""
                : "stroke=\"#34495E\" stroke-opacity=\"0.45\""
            let widthText = n(max(strokeWidth(arc.flowTokensPerSecond), arc.isBottleneck ? 2 : 0))
            let path: String
            switch (arc.from, arc.to) {
            case let (nil, to?):
                path = "M\(n(sourceX)) \(n(y(to))) L\(n(x(0))) \(n(y(to)))"
            case let (from?, nil):
                path = "M\(n(x(layerCount))) \(n(y(from))) L\(n(sinkX)) \(n(y(from)))"
            case let (from?, to?):
                let boundary = x(arc.layer)
                let bulge = (to > from ? 1.0 : -1.0) * min(40, 6 + abs(y(to) - y(from)) * 0.2)
                path = "M\(n(boundary)) \(n(y(from))) C\(n(boundary + bulge)) \(n(y(from))) \(n(boundary + bulge)) \(n(y(to))) \(n(boundary)) \(n(y(to)))"
            case (nil, nil):
                continue
            }
            out.append("<path d=\"\(path)\" \(style) stroke-width=\"\(widthText)\"><title>\(SVGText.escaped(Formatting.rate(arc.flowTokensPerSecond)))</title></path>")
        }
        out.append("</g>")
        // Rows: label, bar, flow / capacity.
        out.append("<g font-size=\"11\">")
        for (index, row) in rows.enumerated() {
            let centre = y(index)
            let label = "\(row.node) · \(row.gpuType)"
            guard let range = row.range else {
                out.append("<text x=\"\(n(labelRight))\" y=\"\(n(centre + 4))\" text-anchor=\"end\" fill=\"#AAAAAA\">\(SVGText.escaped(label))</text>")
                out.append("<text x=\"\(n(plotLeft))\" y=\"\(n(centre + 4))\" fill=\"#AAAAAA\">unused</text>")
                continue
            }
            out.append("<text x=\"\(n(labelRight))\" y=\"\(n(centre + 4))\" text-anchor=\"end\">\(SVGText.escaped(label))</text>")
            let stroke = row.isBottleneck ? " stroke=\"\(Self.bottleneckColour)\" stroke-width=\"3\"" : ""
            out.append("<rect x=\"\(n(x(range.start)))\" y=\"\(n(centre - barHeight / 2))\" width=\"\(n(x(range.end) - x(range.start)))\" height=\"\(n(barHeight))\" rx=\"2\" fill=\"\(colour(row.typeIndex))\"\(stroke)><title>\(SVGText.escaped("\(row.node) (\(row.gpuType)): layers \(range.start)–\(range.end - 1), \(Formatting.rate(row.flowTokensPerSecond)) of \(Formatting.rate(row.capacityTokensPerSecond))"))</title></rect>")
            out.append("<text x=\"\(n(sinkX + 14))\" y=\"\(n(centre + 4))\" fill=\"#555555\" font-size=\"10\">\(SVGText.escaped(Formatting.number(row.flowTokensPerSecond, decimals: 0))) / \(SVGText.escaped(Formatting.number(row.capacityTokensPerSecond, decimals: 0))) tok/s</text>")
        }
        out.append("<text x=\"\(n(sinkX + 14))\" y=\"\(n(rowsTop - 10))\" fill=\"#555555\" font-size=\"10\">flow / capacity</text>")
        out.append("</g>")
        // Legend.
        var legendX = 20.0
        let legendY = rowsBottom + 40
        out.append("<g font-size=\"11\">")
        for (index, type) in gpuTypes.enumerated() {
            out.append("<rect x=\"\(n(legendX))\" y=\"\(n(legendY - 9))\" width=\"18\" height=\"10\" rx=\"2\" fill=\"\(colour(index))\"/>")
            out.append("<text x=\"\(n(legendX + 24))\" y=\"\(n(legendY))\">\(SVGText.escaped(type))</text>")
            legendX += 40 + Double(type.count) * 7
        }
        out.append("<rect x=\"\(n(legendX))\" y=\"\(n(legendY - 9))\" width=\"18\" height=\"10\" rx=\"2\" fill=\"#FFFFFF\" stroke=\"\(Self.bottleneckColour)\" stroke-width=\"2\"/>")
        out.append("<text x=\"\(n(legendX + 24))\" y=\"\(n(legendY))\">bottleneck node</text>")
        legendX += 140
        out.append("<line x1=\"\(n(legendX))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(legendX + 24))\" y2=\"\(n(legendY - 4))\" stroke=\"\(Self.bottleneckColour)\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>")
        out.append("<text x=\"\(n(legendX + 30))\" y=\"\(n(legendY))\">bottleneck link</text>")
        legendX += 130
        out.append("<line x1=\"\(n(legendX))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(legendX + 24))\" y2=\"\(n(legendY - 4))\" stroke=\"#34495E\" stroke-opacity=\"0.45\" stroke-width=\"5\"/>")
        out.append("<text x=\"\(n(legendX + 30))\" y=\"\(n(legendY))\">flow between nodes (width ∝ tokens/s)</text>")
        out.append("</g>")
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A round tick spacing giving about ten ticks over `layers`.
    static func tickStep(_ layers: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100] where layers / step <= 10 { return step }
        return max(1, layers / 10)
    }
}
