using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Bpr;

namespace Penchant.Bench.Numerics;

/// <summary>
/// Scoring every item of a factor model: 1,000,000 items x 64 factors (256 MB of item factors, so the product is
/// memory-bound), the hand-written mat-vec against a per-row TensorPrimitives.Dot and the scalar reference, and
/// the whole Score + top-10 of a BPR model for a known user and for a folded-in history, and the fused
/// score-and-select pass (<see cref="FactorTopK"/>) for the known user, and <c>model.Recommend</c>, which at this size
/// ranks over 8-bit rows with a certified exact top 10 (<see cref="QuantizedFactors"/>).
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private float[] _items = [];
    private float[] _user = [];
    private float[] _scores = [];
    private readonly ScoredItem[] _heap = new ScoredItem[10];
    private float[] _bias = [];
    private int[] _history = [];
    private BprModel _model = null!;
    private UserQuery _known = UserQuery.Anonymous;
    private UserQuery _fresh = UserQuery.Anonymous;

    [Params(1_000_000)]
    public int Items { get; set; }

    [Params(64)]
    public int Factors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Xorshift64Star(1);
        _items = new float[(long)Items * Factors];
        for (var a = 0; a < _items.Length; a++)
        {
            _items[a] = (float)(rng.NextDouble() - 0.5);
        }

        _user = [.. Enumerable.Range(0, Factors).Select(_ => (float)(rng.NextDouble() - 0.5))];
        _scores = new float[Items];
        var history = Enumerable.Range(0, 30).Select(_ => rng.NextInt(Items)).Distinct().Order().ToArray();
        _bias = new float[Items];
        _history = history;
        _model = new BprModel(Factors, (float[])_user.Clone(), _items, _bias, [BprModel.Fingerprint(history)], new BprOptions(Factors: Factors));
        _known = new UserQuery(0, history, [.. history.Select(_ => 1f)], history);
        _fresh = _known with { User = -1 };
        _model.Recommend(_known, 10); // builds the 8-bit rows once, outside the measured calls
    }

    [Benchmark(Baseline = true)]
    public void MatVecScalarReference() => VectorOps.MatVecReference(_items, Factors, _user, _scores);

    [Benchmark]
    public void MatVecTensorPrimitivesPerRow()
    {
        for (var i = 0; i < Items; i++)
        {
            _scores[i] = TensorPrimitives.Dot(_items.AsSpan(i * Factors, Factors), _user);
        }
    }

    [Benchmark]
    public void MatVecHandWritten() => VectorOps.MatVec(_items, Factors, _user, _scores);

    [Benchmark]
    public int BprScoreTop10KnownUser()
    {
        _model.Score(_known, _scores);
        return TopK.SelectInto(_scores, _heap);
    }

    [Benchmark]
    public int FusedScoreTop10KnownUser()
    {
        _model.UserVector(_known, _user);
        return FactorTopK.Select(_items, Factors, _user, _bias, _history, _heap);
    }

    [Benchmark]
    public int BprScoreTop10FoldedIn()
    {
        _model.Score(_fresh, _scores);
        return TopK.SelectInto(_scores, _heap);
    }

    /// <summary>The model API for a known user: past 100,000 items, the certified pass over 8-bit rows (built in the setup's first call).</summary>
    [Benchmark]
    public int RecommendTop10KnownUser() => _model.Recommend(_known, 10).Length;
}
