using BenchmarkDotNet.Attributes;
using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;

namespace Penchant.Bench.Recommenders;

/// <summary>
/// The fits the issue times on MovieLens 100K: one implicit-ALS iteration with 64 factors (both sweeps, conjugate
/// gradient; the zero-iteration run is the baseline that only allocates and initialises the factors) and the EASE
/// closed form over 1,682 items (Gram matrix, SPD inverse, B). The data is the file named by the environment
/// variable <c>PENCHANT_ML100K</c> (a u.data-style file such as u1.base) when set, otherwise generated in its shape:
/// 943 users, 1,682 items, 80,000 pairs with a long-tailed item popularity.
/// </summary>
[MemoryDiagnoser]
public class RecommenderFitBenchmarks
{
    /// <summary>The environment variable that names a MovieLens u.data-style file to benchmark on.</summary>
    public const string DataVariable = "PENCHANT_ML100K";

    private InteractionData _data = null!;
    private readonly AlsRecommender _alsInit = new(new AlsOptions(Factors: 64, Regularization: 25f, Alpha: 2f, Iterations: 0));
    private readonly AlsRecommender _alsOne = new(new AlsOptions(Factors: 64, Regularization: 25f, Alpha: 2f, Iterations: 1));
    private readonly EaseRecommender _ease = new(new EaseOptions(Lambda: 500f));

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable(DataVariable);
        _data = string.IsNullOrEmpty(path) ? Generate(943, 1682, 80_000, seed: 3) : InteractionFiles.Load(path, out _, out _);
        Console.WriteLine($"// data: {(string.IsNullOrEmpty(path) ? "generated" : path)}, {_data.UserCount} users, {_data.ItemCount} items, {_data.Matrix.NonZeros} pairs");
    }

    [Benchmark(Baseline = true)]
    public AlsFactors AlsInitialiseOnly() => _alsInit.Factorize(_data.Matrix, TrainingContext.Default);

    [Benchmark]
    public AlsFactors AlsOneIteration64Factors() => _alsOne.Factorize(_data.Matrix, TrainingContext.Default);

    [Benchmark]
    public IRecommenderModel EaseFit() => _ease.Fit(_data, TrainingContext.Default);

    /// <summary>
    /// Distinct (user, item) pairs: users' history lengths and items' popularity both long-tailed (items drawn with
    /// probability proportional to 1 / (rank + 10)), as in MovieLens.
    /// </summary>
    public static InteractionData Generate(int users, int items, int pairs, int seed)
    {
        var rng = new Xorshift64Star((ulong)seed);
        var cumulative = new double[items];
        var total = 0.0;
        for (var i = 0; i < items; i++)
        {
            total += 1.0 / (i + 10);
            cumulative[i] = total;
        }

        var seen = new HashSet<(int, int)>();
        var list = new List<Interaction>(pairs);
        while (list.Count < pairs)
        {
            var u = (int)(users * Math.Pow(rng.NextDouble(), 1.5));
            var at = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            var i = Math.Min(items - 1, at < 0 ? ~at : at);
            if (seen.Add((u, i)))
            {
                list.Add(new Interaction(u, i, 1f));
            }
        }

        var userIds = new IdMap(Enumerable.Range(0, users).Select(static u => "u" + u));
        var itemIds = new IdMap(Enumerable.Range(0, items).Select(static i => "i" + i));
        return InteractionData.FromInteractions(list, userIds, itemIds);
    }
}
