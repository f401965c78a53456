using System.Xml.Linq;
using Penchant.Cli.Evaluation;

namespace Penchant.Cli.Tests.Evaluation;

public sealed class SvgBarChartTests
{
    [Fact]
    public void Chart_is_well_formed_with_one_bar_per_finite_value_and_a_legend()
    {
        var svg = SvgBarChart.Render("ML <100K> & co", "split", ["pop", "knn"], ["p@10", "ndcg@10"], [[0.3, 0.32], [0.42, double.NaN]]);
        var root = XDocument.Parse(svg).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        var bars = root.Elements(ns + "rect").Where(r => r.Element(ns + "title") is not null).ToList();
        Assert.Equal(3, bars.Count);
        Assert.Contains(bars, b => b.Element(ns + "title")!.Value == "knn p@10 = 0.42");
        var texts = root.Elements(ns + "text").Select(static t => t.Value).ToList();
        Assert.Contains("ML <100K> & co", texts);
        Assert.Contains("pop", texts);
        Assert.Contains("knn", texts);
        // The tallest bar (0.42 on an axis to 0.5) is 84% of the 300 px plot.
        var tallest = bars.Max(static b => double.Parse(b.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(252, tallest, 1);
    }
}
