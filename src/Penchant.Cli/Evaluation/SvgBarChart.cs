using System.Globalization;
using System.Net;
using System.Text;

namespace Penchant.Cli.Evaluation;

/// <summary>A grouped bar chart as hand-written SVG: one group per metric, one bar per model, a legend.</summary>
internal static class SvgBarChart
{
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>
    /// Renders <paramref name="values"/>[model][metric]; NaN bars are left out. The value axis runs from 0 to the
    /// largest value rounded up to a tenth.
    /// </summary>
    public static string Render(string title, string subtitle, IReadOnlyList<string> models, IReadOnlyList<string> metrics, double[][] values)
    {
        const int left = 60, top = 64, plotHeight = 300, barWidth = 18, groupGap = 26, legendRow = 18;
        var groupWidth = (Math.Max(1, models.Count) * barWidth) + groupGap;
        var plotWidth = Math.Max(Math.Max(200, metrics.Count * groupWidth), 6 * Math.Max(title.Length, subtitle.Length));
        var width = left + plotWidth + 20;
        var height = top + plotHeight + 60 + (models.Count * legendRow);
        var max = 0.0;
        foreach (var row in values)
        {
            foreach (var v in row)
            {
                if (double.IsFinite(v))
                {
                    max = Math.Max(max, v);
                }
            }
        }

        max = max <= 0 ? 1 : Math.Ceiling(max * 10) / 10;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{left}\" y=\"22\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        svg.Append(Invariant($"<text x=\"{left}\" y=\"40\" fill=\"#555\">{Escape(subtitle)}</text>\n"));
        for (var t = 0; t <= 5; t++)
        {
            var v = max * t / 5;
            var y = top + plotHeight - (plotHeight * t / 5.0);
            svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{left + plotWidth}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{v:0.###}</text>\n"));
        }

        for (var g = 0; g < metrics.Count; g++)
        {
            var x0 = left + (g * groupWidth) + (groupGap / 2);
            for (var m = 0; m < models.Count; m++)
            {
                var v = values[m][g];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var h = plotHeight * Math.Max(0, v) / max;
                var x = x0 + (m * barWidth);
                var y = top + plotHeight - h;
                svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y:0.##}\" width=\"{barWidth - 2}\" height=\"{h:0.##}\" fill=\"{Palette[m % Palette.Length]}\"><title>{Escape(models[m])} {Escape(metrics[g])} = {v:0.####}</title></rect>\n"));
            }

            var cx = x0 + (models.Count * barWidth / 2.0);
            svg.Append(Invariant($"<text x=\"{cx:0.#}\" y=\"{top + plotHeight + 16}\" text-anchor=\"middle\">{Escape(metrics[g])}</text>\n"));
        }

        svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>\n"));
        for (var m = 0; m < models.Count; m++)
        {
            var y = top + plotHeight + 40 + (m * legendRow);
            svg.Append(Invariant($"<rect x=\"{left}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Palette[m % Palette.Length]}\"/>\n"));
            svg.Append(Invariant($"<text x=\"{left + 18}\" y=\"{y}\">{Escape(models[m])}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
