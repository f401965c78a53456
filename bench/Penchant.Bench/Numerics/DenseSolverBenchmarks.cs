using BenchmarkDotNet.Attributes;
using Penchant.Core.Numerics;

namespace Penchant.Bench.Numerics;

/// <summary>
/// The dense solvers at the sizes the recommenders use: the SPD inverse at MovieLens 100K's 1,682 items (the
/// EASE fit), the blocked Cholesky factorisation at the same size, and the ALS-sized 64 x 64 solve by Cholesky and
/// by 3 conjugate-gradient steps. The matrix is XᵀX + 500 I for random baskets.
/// </summary>
[MemoryDiagnoser]
public class DenseSolverBenchmarks
{
    private double[] _gram = [];
    private float[] _single = [];
    private float[] _work = [];
    private double[] _workDouble = [];
    private float[] _small = [];
    private float[] _smallWork = [];
    private float[] _rhs = [];
    private float[] _x = [];
    private float[] _cg = [];

    [Params(1682)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gram = Gram(N, 4 * N, 1);
        _single = [.. _gram.Select(v => (float)v)];
        _work = new float[_single.Length];
        _workDouble = new double[_gram.Length];
        _small = [.. Gram(64, 200, 2).Select(v => (float)v)];
        _smallWork = new float[_small.Length];
        _rhs = [.. Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i))];
        _x = new float[64];
        _cg = new float[ConjugateGradient.WorkspaceLength(64)];
    }

    [Benchmark]
    public bool SpdInverseFloat()
    {
        _single.CopyTo(_work, 0);
        return SpdInverse.TryInvert<float>(_work, N);
    }

    [Benchmark]
    public bool SpdInverseDouble()
    {
        _gram.CopyTo(_workDouble, 0);
        return SpdInverse.TryInvert<double>(_workDouble, N);
    }

    [Benchmark]
    public bool CholeskyFloat()
    {
        _single.CopyTo(_work, 0);
        return Cholesky.TryFactor<float>(_work, N);
    }

    [Benchmark]
    public float CholeskySolve64()
    {
        _small.CopyTo(_smallWork, 0);
        Cholesky.TryFactor<float>(_smallWork, 64);
        _rhs.CopyTo(_x, 0);
        Cholesky.Solve<float>(_smallWork, 64, _x);
        return _x[0];
    }

    [Benchmark]
    public int ConjugateGradient3Steps64()
    {
        Array.Clear(_x);
        return ConjugateGradient.Solve(new DenseOperator(_small, 64), _rhs, _x, 3, 0f, _cg);
    }

    internal static double[] Gram(int n, int users, int seed)
    {
        var rng = new Xorshift64Star((ulong)seed);
        var g = new double[(long)n * n];
        var basket = new HashSet<int>();
        for (var u = 0; u < users; u++)
        {
            basket.Clear();
            for (var t = 0; t < 20; t++)
            {
                basket.Add((int)(n * Math.Pow(rng.NextDouble(), 2)));
            }

            foreach (var i in basket)
            {
                foreach (var j in basket)
                {
                    g[((long)i * n) + j] += 1;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            g[((long)i * n) + i] += 500;
        }

        return g;
    }
}
