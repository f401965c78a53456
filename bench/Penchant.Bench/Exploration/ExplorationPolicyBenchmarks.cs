using BenchmarkDotNet.Attributes;
using Penchant.Core.Exploration;
using Penchant.Core.Numerics;

namespace Penchant.Bench.Exploration;

/// <summary>
/// One slate of 10 with 2 explore slots over a catalogue the size of the server benchmark's (100,000 items in 200
/// interest clusters, transition model fitted on 5,000 generated sequences): the per-request cost exploration adds
/// to a recommendation, with the default 200 propensity replays and with none; copying the scores and selecting the
/// exploit slots again, or in place with the request's ranking as the server does; with and without the opt-in learned
/// cluster ranker.
/// </summary>
[MemoryDiagnoser]
public class ExplorationPolicyBenchmarks
{
    private const int Items = 100_000;
    private const int ClusterCount = 200;
    private readonly Random _rng = new(3);
    private float[] _scores = [];
    private float[] _popularity = [];
    private int[] _history = [];
    private int[] _ranking = [];
    private ExplorationPolicy _policy = null!;

    [Params(0, 200)]
    public int PropensitySamples { get; set; }

    /// <summary>With the opt-in learned cluster ranker (fixed weights) and coverage of its likeliest new cluster in the exploit slots, as the server's option sets it.</summary>
    [Params(false, true)]
    public bool LearnedRanker { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Xorshift64Star(5);
        var clusters = SyntheticCatalogue.Clusters(rng, Items, ClusterCount);
        var sequences = new List<int[]>();
        for (var u = 0; u < 5_000; u++)
        {
            sequences.Add([.. Enumerable.Range(0, 20).Select(_ => rng.NextInt(Items))]);
        }

        var predictor = NovelClusterPredictor.Fit(sequences, clusters);
        _policy = new ExplorationPolicy(predictor, new ExplorationState(), new ExplorationOptions(
            PropensitySamples: PropensitySamples,
            Diversity: LearnedRanker ? 0.9 : 1.0,
            NovelCoverage: LearnedRanker ? 1.0 : 0.0))
        {
            Learned = LearnedRanker
                ? new LearnedClusterScoring(new ClusterFeaturizer(predictor), ClusterRanker.FromWeights([1.0, 0.5, 0.0, 0.5, 0.5, 0.3, 0.0, 0.1, 0.2]))
                : null,
        };
        _scores = SyntheticCatalogue.Uniform(rng, Items);
        _popularity = SyntheticCatalogue.Uniform(rng, Items);
        _history = sequences[0][..10];
        _ranking = [.. TopK.Select(_scores, 10).Select(t => t.Item)];
    }

    [Benchmark(Baseline = true)]
    public int BuildSlate() => _policy.Build("shopper", _scores, _popularity, _history, 10, _rng, 0.2).Count;

    /// <summary>The server's path: no copy of the scores, the exploit slots from the request's own ranking.</summary>
    [Benchmark]
    public int BuildSlateInPlace() => _policy.BuildInPlace("shopper", _scores, _ranking, _popularity, _history, 10, _rng, 0.2).Count;
}
