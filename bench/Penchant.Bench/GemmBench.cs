using System.Diagnostics;
using Penchant.Core.Numerics;

namespace Penchant.Bench;

/// <summary>
/// Throughput of the SASRec hot matrix multiplies at their real shapes: the blocked SIMD kernel on one thread
/// and split over all cores, against the plain triple loop as the hand-written baseline.
/// </summary>
public sealed class GemmBench : IBench
{
    public string Name => "gemm";

    public string Description => "GFLOP/s of Gemm.Multiply (1 thread, all threads) vs the plain loop at SASRec shapes";

    public Task<int> RunAsync(string[] args)
    {
        // (m, n, k): logits chunk H·Eᵀ, dH = dLogits·E, dEᵀ += Hᵀ·dLogits, one 64x64 linear over a 50-row sequence.
        (int M, int N, int K, string What)[] shapes =
        [
            (128, 12_101, 64, "logits = H·Eᵀ (chunk of 128 rows)"),
            (128, 64, 12_101, "dH = dLogits·E"),
            (64, 12_101, 128, "dEᵀ += Hᵀ·dLogits"),
            (50, 64, 64, "linear layer, 50 positions"),
        ];
        var rng = new Random(1);
        Console.WriteLine($"cores {Environment.ProcessorCount}, Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        foreach (var (m, n, k, what) in shapes)
        {
            var a = Fill(rng, m * k);
            var b = Fill(rng, k * n);
            var c = new float[m * n];
            var flops = 2.0 * m * n * k;
            var blocked = Time(flops, () => Gemm.Multiply(m, n, k, a, k, b, n, c, n, false));
            var parallel = Time(flops, () => Gemm.MultiplyParallel(m, n, k, a, 0, k, b, 0, n, c, 0, n, false));
            var plain = Time(flops, () => Gemm.MultiplyReference(m, n, k, a, k, b, n, c, n, false), minSeconds: 0.3);
            Console.WriteLine($"{what,-40} {m}x{n}x{k}: blocked 1 thread {blocked,6:F1} GFLOP/s, all threads {parallel,6:F1}, plain loop {plain,5:F2}");
        }

        return Task.FromResult(0);
    }

    private static double Time(double flops, Action run, double minSeconds = 1.0)
    {
        run();
        var clock = Stopwatch.StartNew();
        var reps = 0;
        while (clock.Elapsed.TotalSeconds < minSeconds)
        {
            run();
            reps++;
        }

        return flops * reps / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static float[] Fill(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)rng.NextDouble();
        }

        return x;
    }
}
