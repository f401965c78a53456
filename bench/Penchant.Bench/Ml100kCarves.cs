using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Storage.Datasets;

namespace Penchant.Bench;

/// <summary>
/// What the validation-only MovieLens 100K probes share: their arguments ([data directory], --carves N, --seed S), the
/// test-shaped validation carves of u1.base they score on (as <c>--validation-users test</c> makes them; only which
/// users u1.test holds, and how many records, is read from it), and the blend of two models fitted apart.
/// </summary>
internal static class Ml100kCarves
{
    /// <summary>The blend's EDLAE the probes compare against: λ 400, dropout 0.5, as the harness chooses it on these carves.</summary>
    public static EaseRecommender Edlae { get; } = new(new EaseOptions(400f, Dropout: 0.5f, ZeroDiagonal: false));

    /// <summary>The blend's ALS: 64 factors, λ 30, α 2, as the harness chooses it on these carves.</summary>
    public static AlsRecommender Als { get; } = new(new AlsOptions(64, 30f, 2f));

    /// <summary>An integer option (--name value), or <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A comma-separated list of numbers (--name 1,2.5), or <paramref name="fallback"/>.</summary>
    public static float[] Floats(string[] args, string name, float[] fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length
            ? [.. args[at + 1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))]
            : fallback;
    }

    /// <summary>
    /// The carves' folds: --carves (default 10) test-shaped carves of u1.base from --seed (default
    /// <paramref name="defaultSeed"/>), read from the first argument that is not an option or its value (else
    /// $PENCHANT_DATA, else /work/shared/data).
    /// </summary>
    public static List<EvaluationFold> Folds(string[] args, int defaultSeed, out int seed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = Option(args, "--carves", 10);
        seed = Option(args, "--seed", defaultSeed);
        var data = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var train = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.base"));
        var test = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.test"));
        return [.. PredefinedSplit.Carves(train, test, count, seed, ValidationCarve.TestUsers)
            .Select(static c => EvaluationSplit.Build(new RecordSplit(c.Train, [], c.Validation), "carve").Test)];
    }

    // (v − mean) / sd over the candidates (not the history), or over the best `head` candidates when head > 0.
    public static void ZScore(float[] values, int[] history, int head)
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

    /// <summary>The items outside <paramref name="history"/>: those a list may hold.</summary>
    public static int[] Candidates(float[] values, int[] history)
    {
        var seen = new HashSet<int>(history);
        return [.. Enumerable.Range(0, values.Length).Where(i => !seen.Contains(i))];
    }

    /// <summary>Rescales one component's scores for a shopper with the history given, in place.</summary>
    public delegate void Scaling(float[] values, int[] history);

    /// <summary>
    /// <paramref name="weight"/> × the first model's scaled scores + (1 − weight) × the second's; neither similar items
    /// nor saving is offered.
    /// </summary>
    public sealed class Blend(IRecommenderModel first, IRecommenderModel second, float weight, Scaling scale) : IRecommenderModel
    {
        public string Kind => "probe";

        public int ItemCount => first.ItemCount;

        public void Score(UserQuery query, Span<float> scores)
        {
            ArgumentNullException.ThrowIfNull(query);
            var a = new float[ItemCount];
            var b = new float[ItemCount];
            first.Score(query, a);
            second.Score(query, b);
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
