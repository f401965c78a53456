using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Storage.Datasets;

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
        var count = Option(args, "--carves", 10);
        var seed = Option(args, "--seed", 2);
        var data = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var train = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.base"));
        var test = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.test"));
        var carves = PredefinedSplit.Carves(train, test, count, seed, ValidationCarve.TestUsers);
        var folds = carves.Select(static c => EvaluationSplit.Build(new RecordSplit(c.Train, [], c.Validation), "carve").Test).ToList();
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var context = new TrainingContext(seed);
        var edlae = new EaseRecommender(new EaseOptions(400f, Dropout: 0.5f, ZeroDiagonal: false));
        var als = new AlsRecommender(new AlsOptions(64, 30f, 2f));
        var fitted = folds.Select(f => (Edlae: edlae.Fit(f.Train, context), Als: als.Fit(f.Train, context))).ToList();

        var scalings = new (string Name, Scaling Scale)[]
        {
            ("z-score over candidates", static (v, h) => ZScore(v, h, 0)),
            ("z-score over the best 50", static (v, h) => ZScore(v, h, 50)),
            ("z-score over the best 200", static (v, h) => ZScore(v, h, 200)),
            ("reciprocal rank (60)", static (v, h) => Reciprocal(v, h, 60)),
        };
        Console.WriteLine("| scaling | EDLAE weight | mean NDCG@10 | mean P@10 |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, scale) in scalings)
        {
            foreach (var weight in new[] { 0.3f, 0.4f, 0.5f, 0.6f, 0.7f })
            {
                var reports = folds.Select((f, c) => evaluator.Evaluate(name, new Blend(fitted[c].Edlae, fitted[c].Als, weight, scale), f).Metrics).ToList();
                var mean = MetricReport.Mean(reports);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {weight:0.0} | {mean.Ndcg:0.0000} | {mean.Precision:0.0000} |"));
            }
        }

        return Task.FromResult(0);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private delegate void Scaling(float[] values, int[] history);

    // (v − mean) / sd over the candidates (not the history), or over the best `head` candidates when head > 0.
    private static void ZScore(float[] values, int[] history, int head)
    {
        var candidate = Candidates(values, history);
        var pool = candidate.Select(i => values[i]).ToArray();
        if (head > 0 && head < pool.Length)
        {
            Array.Sort(pool);
            pool = pool[^head..];
        }

        var mean = pool.Average();
        var sd = Math.Sqrt(pool.Sum(v => (v - mean) * (v - mean)) / pool.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = sd > 0 ? (float)((values[i] - mean) / sd) : 0f;
        }
    }

    private static void Reciprocal(float[] values, int[] history, int k)
    {
        var candidate = Candidates(values, history);
        var order = candidate.OrderByDescending(i => values[i]).ToArray();
        Array.Fill(values, 0f);
        for (var r = 0; r < order.Length; r++)
        {
            values[order[r]] = 1f / (k + r + 1);
        }
    }

    private static int[] Candidates(float[] values, int[] history)
    {
        var seen = new HashSet<int>(history);
        return [.. Enumerable.Range(0, values.Length).Where(i => !seen.Contains(i))];
    }

    private sealed class Blend(IRecommenderModel edlae, IRecommenderModel als, float weight, Scaling scale) : IRecommenderModel
    {
        public string Kind => "probe";

        public int ItemCount => edlae.ItemCount;

        public void Score(UserQuery query, Span<float> scores)
        {
            var a = new float[ItemCount];
            var b = new float[ItemCount];
            edlae.Score(query, a);
            als.Score(query, b);
            scale(a, query.Items);
            scale(b, query.Items);
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = (weight * a[i]) + ((1 - weight) * b[i]);
            }
        }

        public void ScoreSimilar(int item, Span<float> scores) => throw new NotSupportedException();

        public void Write(BinaryWriter writer) => throw new NotSupportedException();
    }
}
