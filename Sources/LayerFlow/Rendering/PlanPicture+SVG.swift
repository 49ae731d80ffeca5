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
        let g = SVGGeometry(picture: self)
        let sections = svgHeader(g) + svgLayerAxis(g) + svgCoordinator(g) + svgArcs(g) + svgRows(g) + svgLegend(g)
        return (sections + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// The `<svg>` element, background, title and subtitle.
    private func svgHeader(_ g: SVGGeometry) -> [String] {
        return [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(g.n(g.width))\" height=\"\(g.n(g.height))\" viewBox=\"0 0 \(g.n(g.width)) \(g.n(g.height))\" font-family=\"Helvetica, Arial, sans-serif\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>",
            "<text x=\"20\" y=\"26\" font-size=\"16\" font-weight=\"bold\">\(SVGText.escaped(title))</text>",
            "<text x=\"20\" y=\"46\" font-size=\"12\" fill=\"#333333\">Throughput \(SVGText.escaped(Formatting.rate(throughputTokensPerSecond))) (compute upper bound \(SVGText.escaped(Formatting.rate(upperBoundTokensPerSecond)))); arc width ∝ flow; red = bottleneck (minimum cut)</text>",
        ]
    }

    /// The layer axis and its grid.
    private func svgLayerAxis(_ g: SVGGeometry) -> [String] {
        var out: [String] = []
        let step = Self.tickStep(layerCount)
        out.append("<g font-size=\"10\" fill=\"#555555\" text-anchor=\"middle\">")
        for layer in stride(from: 0, through: layerCount, by: step) {
            out.append("<line x1=\"\(g.n(g.x(layer)))\" y1=\"\(g.n(g.rowsTop - 6))\" x2=\"\(g.n(g.x(layer)))\" y2=\"\(g.n(g.rowsBottom))\" stroke=\"#E5E5E5\"/>")
            out.append("<text x=\"\(g.n(g.x(layer)))\" y=\"\(g.n(g.rowsTop - 10))\">\(layer)</text>")
        }
        out.append("<text x=\"\(g.n((g.plotLeft + g.plotRight) / 2))\" y=\"\(g.n(g.rowsTop - 26))\" font-size=\"11\">layer</text>")
        out.append("</g>")
        return out
    }

    /// The coordinator as a grey column on each side.
    private func svgCoordinator(_ g: SVGGeometry) -> [String] {
        var out: [String] = []
        out.append("<g fill=\"#9A9A9A\" font-size=\"10\" text-anchor=\"middle\">")
        out.append("<rect x=\"\(g.n(g.sourceX - 3))\" y=\"\(g.n(g.rowsTop))\" width=\"6\" height=\"\(g.n(g.rowsBottom - g.rowsTop))\"/>")
        out.append("<rect x=\"\(g.n(g.sinkX - 3))\" y=\"\(g.n(g.rowsTop))\" width=\"6\" height=\"\(g.n(g.rowsBottom - g.rowsTop))\"/>")
        out.append("<text x=\"\(g.n(g.sourceX))\" y=\"\(g.n(g.rowsBottom + 14))\">in</text>")
        out.append("<text x=\"\(g.n(g.sinkX))\" y=\"\(g.n(g.rowsBottom + 14))\">out</text>")
        out.append("</g>")
        return out
    }

    /// Arcs between rows at the layer boundary they cross, width ∝ flow; the bottleneck dashed red.
    private func svgArcs(_ g: SVGGeometry) -> [String] {
        var out: [String] = []
        out.append("<g fill=\"none\" stroke-linecap=\"round\">")
        for arc in arcs {
            let style = arc.isBottleneck
                ? "stroke=\"\(Self.bottleneckColour)\" stroke-dasharray=\"6 3\" stroke-opacity=\"0.9\""
                : "stroke=\"#34495E\" stroke-opacity=\"0.45\""
            let widthText = g.n(max(g.strokeWidth(arc.flowTokensPerSecond), arc.isBottleneck ? 2 : 0))
            let path: String
            switch (arc.from, arc.to) {
            case let (nil, to?):
                path = "M\(g.n(g.sourceX)) \(g.n(g.y(to))) L\(g.n(g.x(0))) \(g.n(g.y(to)))"
            case let (from?, nil):
                path = "M\(g.n(g.x(layerCount))) \(g.n(g.y(from))) L\(g.n(g.sinkX)) \(g.n(g.y(from)))"
            case let (from?, to?):
                let boundary = g.x(arc.layer)
                let bulge = (to > from ? 1.0 : -1.0) * min(40, 6 + abs(g.y(to) - g.y(from)) * 0.2)
                path = "M\(g.n(boundary)) \(g.n(g.y(from))) C\(g.n(boundary + bulge)) \(g.n(g.y(from))) \(g.n(boundary + bulge)) \(g.n(g.y(to))) \(g.n(boundary)) \(g.n(g.y(to)))"
            case (nil, nil):
                continue
            }
            out.append("<path d=\"\(path)\" \(style) stroke-width=\"\(widthText)\"><title>\(SVGText.escaped(Formatting.rate(arc.flowTokensPerSecond)))</title></path>")
        }
        out.append("</g>")
        return out
    }

    /// One row per node: label, bar coloured by GPU type, flow / capacity.
    private func svgRows(_ g: SVGGeometry) -> [String] {
        var out: [String] = []
        out.append("<g font-size=\"11\">")
        for (index, row) in rows.enumerated() {
            let centre = g.y(index)
            let label = "\(row.node) · \(row.gpuType)"
            guard let range = row.range else {
                out.append("<text x=\"\(g.n(g.labelRight))\" y=\"\(g.n(centre + 4))\" text-anchor=\"end\" fill=\"#AAAAAA\">\(SVGText.escaped(label))</text>")
                out.append("<text x=\"\(g.n(g.plotLeft))\" y=\"\(g.n(centre + 4))\" fill=\"#AAAAAA\">unused</text>")
                continue
            }
            out.append("<text x=\"\(g.n(g.labelRight))\" y=\"\(g.n(centre + 4))\" text-anchor=\"end\">\(SVGText.escaped(label))</text>")
            let stroke = row.isBottleneck ? " stroke=\"\(Self.bottleneckColour)\" stroke-width=\"3\"" : ""
            out.append("<rect x=\"\(g.n(g.x(range.start)))\" y=\"\(g.n(centre - g.barHeight / 2))\" width=\"\(g.n(g.x(range.end) - g.x(range.start)))\" height=\"\(g.n(g.barHeight))\" rx=\"2\" fill=\"\(g.colour(row.typeIndex))\"\(stroke)><title>\(SVGText.escaped("\(row.node) (\(row.gpuType)): layers \(range.start)–\(range.end - 1), \(Formatting.rate(row.flowTokensPerSecond)) of \(Formatting.rate(row.capacityTokensPerSecond))"))</title></rect>")
            out.append("<text x=\"\(g.n(g.sinkX + 14))\" y=\"\(g.n(centre + 4))\" fill=\"#555555\" font-size=\"10\">\(SVGText.escaped(Formatting.number(row.flowTokensPerSecond, decimals: 0))) / \(SVGText.escaped(Formatting.number(row.capacityTokensPerSecond, decimals: 0))) tok/s</text>")
        }
        out.append("<text x=\"\(g.n(g.sinkX + 14))\" y=\"\(g.n(g.rowsTop - 10))\" fill=\"#555555\" font-size=\"10\">flow / capacity</text>")
        out.append("</g>")
        return out
    }

    /// The legend: GPU types, bottleneck node and link, flow width.
    private func svgLegend(_ g: SVGGeometry) -> [String] {
        var out: [String] = []
        var legendX = 20.0
        let legendY = g.rowsBottom + 40
        out.append("<g font-size=\"11\">")
        for (index, type) in gpuTypes.enumerated() {
            out.append("<rect x=\"\(g.n(legendX))\" y=\"\(g.n(legendY - 9))\" width=\"18\" height=\"10\" rx=\"2\" fill=\"\(g.colour(index))\"/>")
            out.append("<text x=\"\(g.n(legendX + 24))\" y=\"\(g.n(legendY))\">\(SVGText.escaped(type))</text>")
            legendX += 40 + Double(type.count) * 7
        }
        out.append("<rect x=\"\(g.n(legendX))\" y=\"\(g.n(legendY - 9))\" width=\"18\" height=\"10\" rx=\"2\" fill=\"#FFFFFF\" stroke=\"\(Self.bottleneckColour)\" stroke-width=\"2\"/>")
        out.append("<text x=\"\(g.n(legendX + 24))\" y=\"\(g.n(legendY))\">bottleneck node</text>")
        legendX += 140
        out.append("<line x1=\"\(g.n(legendX))\" y1=\"\(g.n(legendY - 4))\" x2=\"\(g.n(legendX + 24))\" y2=\"\(g.n(legendY - 4))\" stroke=\"\(Self.bottleneckColour)\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>")
        out.append("<text x=\"\(g.n(legendX + 30))\" y=\"\(g.n(legendY))\">bottleneck link</text>")
        legendX += 130
        out.append("<line x1=\"\(g.n(legendX))\" y1=\"\(g.n(legendY - 4))\" x2=\"\(g.n(legendX + 24))\" y2=\"\(g.n(legendY - 4))\" stroke=\"#34495E\" stroke-opacity=\"0.45\" stroke-width=\"5\"/>")
        out.append("<text x=\"\(g.n(legendX + 30))\" y=\"\(g.n(legendY))\">flow between nodes (width ∝ tokens/s)</text>")
        out.append("</g>")
        return out
    }

    /// The picture's layout: fixed margins and the layer and row scales.
    private struct SVGGeometry {
        let width = 1100.0
        let labelRight = 180.0
        let sourceX = 200.0
        let plotLeft = 230.0
        let plotRight = 900.0
        let rowsTop = 92.0
        let rowHeight = 20.0
        let barHeight = 12.0
        let layerCount: Int
        let rowCount: Int
        let maxArcFlow: Double
        var sinkX: Double { plotRight + 30 }
        var rowsBottom: Double { rowsTop + Double(rowCount) * rowHeight }
        var height: Double { rowsBottom + 80 }

        init(picture: PlanPicture) {
            layerCount = picture.layerCount
            rowCount = picture.rows.count
            maxArcFlow = picture.maxArcFlowTokensPerSecond
        }

        func x(_ layer: Int) -> Double { plotLeft + Double(layer) / Double(max(layerCount, 1)) * (plotRight - plotLeft) }
        func y(_ row: Int) -> Double { rowsTop + (Double(row) + 0.5) * rowHeight }
        func n(_ value: Double) -> String { SVGText.number(value) }
        func colour(_ typeIndex: Int) -> String { PlanPicture.palette[typeIndex % PlanPicture.palette.count] }
        func strokeWidth(_ flow: Double) -> Double { maxArcFlow > 0 ? 1 + 7 * flow / maxArcFlow : 1 }
    }

    /// A round tick spacing giving about ten ticks over `layers`.
    static func tickStep(_ layers: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100] where layers / step <= 10 { return step }
        return max(1, layers / 10)
    }
}
