using System.Globalization;
using System.Text;
using Penchant.Core.Data;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Synthetic;

namespace Penchant.Bench.Exploration;

/// <summary>
/// On the generated shop, whose planted interests are known: shoppers start from the first quarter of their
/// history and react to 20 rounds of slates (clicking items in their planted current categories); the share of
/// planted interests discovered per round is compared between exploit-only and exploring, and drawn as an SVG chart.
/// </summary>
public sealed class ExplorationSimulationBench : IBench
{
    public string Name => "explore-sim";

    public string Description => "simulation on the generated shop: exploring finds planted interests faster (--out chart.svg)";

    public Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var rounds = int.Parse(options.Get("rounds", "20"), CultureInfo.InvariantCulture);
        var share = double.Parse(options.Get("share", "0.2"), CultureInfo.InvariantCulture);
        var output = options.Get("out", "exploration-simulation.svg");
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 7 }).Generate();
        var builder = new InteractionBuilder();
        foreach (var item in shop.Items)
        {
            builder.AddItem(item.Id);
        }

        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        var data = builder.Build();
        var labels = Enumerable.Range(0, data.ItemCount).Select(i => shop.FindItem(data.Items[i])?.CategoryText).ToList();
        var clusters = ClusterMap.FromLabels(labels);
        var clusterIds = Enumerable.Range(0, clusters.ClusterCount).ToDictionary(c => clusters.Labels[c], StringComparer.Ordinal);
        var histories = new List<int[]>();
        var latent = new List<IReadOnlySet<int>>();
        for (var u = 0; u < data.UserCount; u++)
        {
            var truth = shop.GroundTruth[data.Users[u]];
            var sequence = data.Sequences[u];
            histories.Add(sequence[..Math.Max(1, sequence.Length / 4)]);
            latent.Add(truth.CurrentCategories.Select(p => clusterIds.GetValueOrDefault(p.Category, -1)).Where(c => c >= 0).ToHashSet());
        }

        var model = new ItemKnnRecommender().Fit(data, new TrainingContext(Seed: 7));
        var predictor = NovelClusterPredictor.Fit(data.Sequences, clusters);
        var simulation = new SimulationOptions(Rounds: rounds, SlateSize: 10);
        var exploit = ExplorationSimulation.Run(model, predictor, histories, latent, 0.0, simulation);
        var explore = ExplorationSimulation.Run(model, predictor, histories, latent, share, simulation);

        Console.WriteLine($"generated shop: {data.UserCount:N0} shoppers, {data.ItemCount:N0} items, {clusters.ClusterCount} leaf categories; start from the first quarter of each history");
        Console.WriteLine($"{"round",5} {"found (exploit)",16} {"found (explore)",16} {"CTR (exploit)",14} {"CTR (explore)",14}");
        for (var r = 0; r < rounds; r++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r + 1,5} {exploit.Discovered[r],16:P1} {explore.Discovered[r],16:P1} {exploit.ClickRate[r],14:P1} {explore.ClickRate[r],14:P1}"));
        }

        File.WriteAllText(output, LineChart(
            "Planted interests discovered per round (generated shop)",
            [("exploit only", exploit.Discovered, "#888888"), ($"exploring {share:P0} of slots", explore.Discovered, "#1f77b4")]));
        Console.WriteLine($"chart: {Path.GetFullPath(output)}");
        return Task.FromResult(0);
    }

    private static string LineChart(string title, IReadOnlyList<(string Label, IReadOnlyList<double> Values, string Colour)> series)
    {
        const int width = 640, height = 360, left = 60, right = 20, top = 40, bottom = 50;
        var rounds = series.Max(s => s.Values.Count);
        var min = Math.Floor(series.Min(s => s.Values.Min()) * 10) / 10;
        double X(int r) => left + ((width - left - right) * (rounds == 1 ? 0 : r / (double)(rounds - 1)));
        double Y(double v) => height - bottom - ((height - top - bottom) * (v - min) / (1 - min));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{title}</text>\n");
        for (var t = min; t <= 1.0001; t += 0.1)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(t):F1}\" y2=\"{Y(t):F1}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{Y(t) + 4:F1}\" text-anchor=\"end\">{t:P0}</text>\n");
        }

        for (var r = 0; r < rounds; r += Math.Max(1, rounds / 10))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(r):F1}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{r + 1}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{height - 10}\" text-anchor=\"middle\">round</text>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var (label, values, colour) = series[s];
            var points = string.Join(' ', values.Select((v, r) => string.Create(CultureInfo.InvariantCulture, $"{X(r):F1},{Y(v):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + 10}\" y=\"{top + 6 + (s * 18)}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{left + 28}\" y=\"{top + 16 + (s * 18)}\">{label}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
