using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;

namespace Penchant.Bench;

/// <summary>
/// How should a blend put its components on one scale? A probe that never reads u1.test's items: on ten test-shaped
/// validation carves of MovieLens 100K u1.base (as <c>--validation-users test</c> makes them), EDLAE and ALS are fitted
/// once per carve and blended at several weights under several per-shopper scalings, and the mean NDCG@10 and P@10
/// over the carves are printed: the z-score over the candidates (the hybrid's default), a z-score over each
/// component's own best M candidates (the head, where the top ten are decided), and reciprocal ranks.
/// Arguments: [data directory] (default $PENCHANT_DATA or /work/shared/data), --carves N (default 10), --seed S (default 2).
/// </summary>
public sealed class Ml100kBlendScaleBench : IBench
{
    public string Name => "ml100k-blend-scale";

    public string Description => "ML-100K u1.base: EDLAE + ALS blends on validation carves under several score scalings";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var folds = Ml100kCarves.Folds(args, 2, out var seed);
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var context = new TrainingContext(seed);
        var (edlae, als) = (Ml100kCarves.Edlae, Ml100kCarves.Als);
        var fitted = folds.Select(f => (Edlae: edlae.Fit(f.Train, context), Als: als.Fit(f.Train, context))).ToList();

        var scalings = new (string Name, Ml100kCarves.Scaling Scale)[]
        {
            ("z-score over candidates", static (v, h) => Ml100kCarves.ZScore(v, h, 0)),
            ("z-score over the best 50", static (v, h) => Ml100kCarves.ZScore(v, h, 50)),
            ("z-score over the best 200", static (v, h) => Ml100kCarves.ZScore(v, h, 200)),
            ("reciprocal rank (60)", static (v, h) => Reciprocal(v, h, 60)),
        };
        Console.WriteLine("| scaling | EDLAE weight | mean NDCG@10 | mean P@10 |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, scale) in scalings)
        {
            foreach (var weight in new[] { 0.3f, 0.4f, 0.5f, 0.6f, 0.7f })
            {
                var reports = folds.Select((f, c) => evaluator.Evaluate(name, new Ml100kCarves.Blend(fitted[c].Edlae, fitted[c].Als, weight, scale), f).Metrics).ToList();
                var mean = MetricReport.Mean(reports);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {weight:0.0} | {mean.Ndcg:0.0000} | {mean.Precision:0.0000} |"));
            }
        }

        return Task.FromResult(0);
    }

    private static void Reciprocal(float[] values, int[] history, int k)
    {
        var candidate = Ml100kCarves.Candidates(values, history);
        var order = candidate.OrderByDescending(i => values[i]).ToArray();
        Array.Fill(values, 0f);
        for (var r = 0; r < order.Length; r++)
        {
            values[order[r]] = 1f / (k + r + 1);
        }
    }
}
