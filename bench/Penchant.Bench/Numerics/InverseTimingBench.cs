using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Numerics;

namespace Penchant.Bench.Numerics;

/// <summary>
/// Wall-clock timing of the blocked SPD inverse and Cholesky factorisation on EASE-shaped matrices
/// (G = XᵀX + λI from random sparse baskets): <c>inverse-timing [n ...] [--double] [--block B]</c>.
/// </summary>
public sealed class InverseTimingBench : IBench
{
    public string Name => "inverse-timing";

    public string Description => "times SpdInverse/Cholesky on n x n EASE-like Gram matrices: [n ...] [--double] [--block B]";

    public Task<int> RunAsync(string[] args)
    {
        var useDouble = args.Contains("--double");
        var blockAt = Array.IndexOf(args, "--block");
        var block = blockAt >= 0 ? int.Parse(args[blockAt + 1], CultureInfo.InvariantCulture) : 0;
        var sizes = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (blockAt < 0 || i != blockAt + 1))
            .Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        if (sizes.Count == 0)
        {
            sizes = [1682, 4000];
        }

        Console.WriteLine($"cores={Environment.ProcessorCount} type={(useDouble ? "double" : "float")} block={(block == 0 ? "default" : block)}");
        foreach (var n in sizes)
        {
            var g = Gram(n);
            if (useDouble)
            {
                Time(n, [.. g], block);
            }
            else
            {
                Time(n, [.. g.Select(v => (float)v)], block);
            }
        }

        return Task.FromResult(0);
    }

    private static void Time<T>(int n, T[] g, int block)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = (T[])g.Clone();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var ok = SpdInverse.TryInvert<T>(a, n, block);
        var inverse = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var gflops = 0.5 * n * (double)n * n / inverse / 1e9;
        Console.WriteLine($"n={n} inverse {inverse * 1000:F0} ms wall, {cpuSeconds * 1000:F0} ms cpu ({gflops:F1} G multiply-adds/s wall, {0.5 * n * (double)n * n / cpuSeconds / 1e9:F1} per cpu-second) ok={ok}");
        Array.Copy(g, a, g.Length);
        sw.Restart();
        ok = Cholesky.TryFactor<T>(a, n, block);
        var factor = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"n={n} cholesky {factor * 1000:F0} ms ({n * (double)n * n / 6 / factor / 1e9:F1} G multiply-adds/s) ok={ok}");
    }

    // XᵀX + 500 I for random baskets of ~20 items with skewed popularity, as in a small retail catalogue.
    private static double[] Gram(int n)
    {
        var rng = new Random(1);
        var g = new double[(long)n * n];
        var users = 4 * n;
        var basket = new List<int>();
        for (var u = 0; u < users; u++)
        {
            basket.Clear();
            for (var t = 0; t < 20; t++)
            {
                basket.Add((int)(n * Math.Pow(rng.NextDouble(), 2)));
            }

            foreach (var i in basket.Distinct())
            {
                foreach (var j in basket.Distinct())
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
