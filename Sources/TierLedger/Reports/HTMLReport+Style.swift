extension HTMLReport {
    /// The page's only style sheet, inline. System fonts only (nothing to fetch); sized so that
    /// the page reads well at 1280 px and the charts shrink with narrower windows.
    static let style = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f4f5f7; color: #1d2430;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
            sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
        header h1 { font-size: 26px; margin: 8px 0 4px; }
        .subtitle { color: #5b6472; margin: 0 0 8px; font-size: 14px; }
        section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 16px 20px;
          margin: 16px 0; }
        h2 { font-size: 19px; margin: 0 0 6px; }
        .note { color: #4a5361; font-size: 14px; line-height: 1.45; margin: 0 0 10px; max-width: 100ch; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
        table { border-collapse: collapse; font-size: 13.5px; margin-top: 12px; }
        th, td { padding: 4px 12px 4px 0; border-bottom: 1px solid #eceef1; text-align: left;
          white-space: nowrap; }
        thead th { border-bottom: 1px solid #b9c0c9; font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        table.figures th { font-weight: normal; color: #4a5361; padding-right: 32px; }
        table.figures td { font-weight: 600; }
        .multiples { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 16px; }
        svg.chart { display: block; max-width: 100%; height: auto; margin: 4px auto; }
        svg.chart text { font-family: inherit; }
        .chart-title { font-size: 15px; font-weight: 600; fill: #1d2430; }
        .tick { font-size: 12px; fill: #5b6472; font-variant-numeric: tabular-nums; }
        .legend, .bar-label, .value { font-size: 12px; fill: #1d2430; }
        .value { font-variant-numeric: tabular-nums; }
        .axis-label { font-size: 12px; font-weight: 600; fill: #4a5361; }
        .axis { stroke: #8a929e; stroke-width: 1; }
        .gridline { stroke: #e6e9ed; stroke-width: 1; }
        .reference { stroke: #e07b00; stroke-width: 2; stroke-dasharray: 6 4; }
        footer { color: #5b6472; font-size: 13px; margin-top: 20px; }

        """
}
