using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Penchant.Bench.Recommenders;
using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Bench.Numerics;

/// <summary>
/// Checks <see cref="SpdInverse"/> at real scale on the EASE closed form (Steck, WWW 2019):
/// G = XᵀX + λI accumulated from the rows' nonzeros, P = G⁻¹, B = -P / diag(P) with a zero diagonal. Reports
/// the time of each step and, given a test file, precision@k of history x B ranking all unseen items:
/// <c>ease-inverse-check &lt;train&gt; [test] [--lambda 500] [--double] [--compare] [--k 10] [--repeat N]</c>.
/// With --compare it runs float and double and reports how far the two B matrices are apart.
/// </summary>
public sealed class EaseInverseCheckBench : IBench
{
    public string Name => "ease-inverse-check";

    public string Description => "EASE closed form on SpdInverse, time and P@k: <train> [test] [--lambda 500] [--double|--compare] [--k 10]";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: ease-inverse-check <train> [test] [--lambda 500] [--double] [--compare] [--k 10]");
            return Task.FromResult(2);
        }

        var lambda = Option(args, "--lambda", 500.0);
        var k = (int)Option(args, "--k", 10.0);
        var train = InteractionFiles.Load(args[0], out var users, out var items);
        Dictionary<int, HashSet<int>>? truth = null;
        if (args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal))
        {
            truth = InteractionFiles.Read(args[1], users, items, addUnknown: false)
                .GroupBy(x => x.User).ToDictionary(g => g.Key, g => g.Select(x => x.Item).ToHashSet());
        }

        Console.WriteLine($"{Path.GetFileName(args[0])}: {train.UserCount} users, {train.ItemCount} items, {train.Matrix.NonZeros} positives; lambda={lambda}; cores={Environment.ProcessorCount}");
        if (args.Contains("--compare"))
        {
            var single = Run<float>(train, lambda, truth, k);
            var exact = Run<double>(train, lambda, truth, k);
            double worst = 0, largest = 0;
            for (var a = 0; a < exact.Length; a++)
            {
                worst = Math.Max(worst, Math.Abs(exact[a] - single[a]));
                largest = Math.Max(largest, Math.Abs(exact[a]));
            }

            Console.WriteLine($"max |B_float - B_double| = {worst:E2} (largest |B| = {largest:E2})");
        }
        else
        {
            for (var r = 0; r < (int)Option(args, "--repeat", 1.0); r++)
            {
                _ = args.Contains("--double") ? Run<double>(train, lambda, truth, k).Length : Run<float>(train, lambda, truth, k).Length;
            }
        }

        return Task.FromResult(0);
    }

    private static T[] Run<T>(InteractionData train, double lambda, Dictionary<int, HashSet<int>>? truth, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = train.ItemCount;
        var x = train.Matrix;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();

        // Lower triangle of XᵀX from each row's nonzeros (binary data), plus λ on the diagonal.
        var g = new T[(long)n * n];
        for (var u = 0; u < x.Rows; u++)
        {
            var cols = x.RowColumns(u);
            for (var a = 0; a < cols.Length; a++)
            {
                var row = (long)cols[a] * n;
                for (var b = 0; b <= a; b++)
                {
                    g[row + cols[b]] += T.One;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            g[((long)i * n) + i] += T.CreateChecked(lambda);
        }

        var gramMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        if (!SpdInverse.TryInvert<T>(g, n))
        {
            throw new InvalidOperationException("G is not positive definite.");
        }

        var inverseMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var diagonal = new T[n];
        for (var j = 0; j < n; j++)
        {
            diagonal[j] = g[((long)j * n) + j];
        }

        for (var i = 0; i < n; i++)
        {
            var row = g.AsSpan((int)((long)i * n), n);
            for (var j = 0; j < n; j++)
            {
                row[j] = i == j ? T.Zero : -row[j] / diagonal[j];
            }
        }

        var scaleMs = sw.Elapsed.TotalMilliseconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
        Console.WriteLine($"[{typeof(T).Name}] gram {gramMs:F0} ms, inverse {inverseMs:F0} ms, B {scaleMs:F0} ms, total {gramMs + inverseMs + scaleMs:F0} ms wall / {cpuMs:F0} ms cpu");

        if (truth is not null)
        {
            double precision = 0;
            var scores = new float[n];
            var heap = new ScoredItem[k];
            var counted = 0;
            foreach (var (user, relevant) in truth)
            {
                if (user >= x.Rows)
                {
                    continue;
                }

                Array.Clear(scores);
                var cols = x.RowColumns(user);
                foreach (var i in cols)
                {
                    var row = g.AsSpan((int)((long)i * n), n);
                    for (var j = 0; j < n; j++)
                    {
                        scores[j] += float.CreateTruncating(row[j]);
                    }
                }

                foreach (var i in cols)
                {
                    scores[i] = float.NegativeInfinity;
                }

                var found = TopK.SelectInto(scores, heap);
                precision += (double)heap.AsSpan(0, found).ToArray().Count(s => relevant.Contains(s.Item)) / k;
                counted++;
            }

            Console.WriteLine($"[{typeof(T).Name}] P@{k} = {precision / counted:F4} over {counted} test users");
        }

        return g;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
