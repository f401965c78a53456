using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;
using Penchant.Bench.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Bpr;

namespace Penchant.Bench.Numerics;

/// <summary>
/// Per-user latency of scoring every item of a factor model and taking the top 10, with a Stopwatch and the
/// process CPU time (the machine is shared; CPU time excludes time spent waiting for a core):
/// <c>topk-scoring [items] [factors] [--users N]</c>, default 1,000,000 x 64; <c>topk-scoring --trained PATH</c> checks the
/// 8-bit pass's certificate on ALS and BPR factors trained on a real data set (MovieLens u.data style or Beauty.txt).
/// </summary>
public sealed class TopKScoringBench : IBench
{
    public string Name => "topk-scoring";

    public string Description => "per-user score-all + top-10 latency of a factor model: [items=1000000] [factors=64] [--users 30]";

    public Task<int> RunAsync(string[] args)
    {
        var trainedAt = Array.IndexOf(args, "--trained");
        if (trainedAt >= 0)
        {
            return Task.FromResult(Trained(args[trainedAt + 1]));
        }

        var plain = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var usersAt = Array.IndexOf(args, "--users");
        var users = usersAt >= 0 ? int.Parse(args[usersAt + 1], CultureInfo.InvariantCulture) : 30;
        if (usersAt >= 0)
        {
            plain.Remove(args[usersAt + 1]);
        }

        var items = plain.Count > 0 ? int.Parse(plain[0], CultureInfo.InvariantCulture) : 1_000_000;
        var factors = plain.Count > 1 ? int.Parse(plain[1], CultureInfo.InvariantCulture) : 64;
        var rng = new Xorshift64Star(7);
        var itemFactors = new float[(long)items * factors];
        for (var a = 0; a < itemFactors.Length; a++)
        {
            itemFactors[a] = (float)(rng.NextDouble() - 0.5);
        }

        var history = Enumerable.Range(0, 30).Select(_ => rng.NextInt(items)).Distinct().Order().ToArray();
        var model = new BprModel(factors, new float[factors], itemFactors, new float[items], [BprModel.Fingerprint(history)], new BprOptions(Factors: factors));
        var known = new UserQuery(0, history, [.. history.Select(_ => 1f)], history);
        var fresh = known with { User = -1 };
        var scores = new float[items];
        var heap = new ScoredItem[10];
        var user = new float[factors];
        var bias = new float[items];

        Console.WriteLine($"{items} items x {factors} factors ({itemFactors.Length * 4L / (1 << 20)} MB of item factors), {users} users; cores={Environment.ProcessorCount}");
        Measure("mat-vec only (hand-written)", users, () => VectorOps.MatVec(itemFactors, factors, user, scores));
        Measure("mat-vec only (scalar reference)", Math.Max(3, users / 5), () => VectorOps.MatVecReference(itemFactors, factors, user, scores));
        Measure("top-10 selection only", users, () => TopK.SelectInto(scores, heap));
        Measure("score + top-10, known user", users, () =>
        {
            model.Score(known, scores);
            TopK.SelectInto(scores, heap);
        });
        Measure("fused score + top-10, known user", users, () =>
        {
            model.UserVector(known, user);
            FactorTopK.Select(itemFactors, factors, user, bias, history, heap);
        });
        Measure($"fused score + top-10, {Environment.ProcessorCount} slices in parallel", users, () =>
        {
            model.UserVector(known, user);
            FactorTopK.SelectParallel(itemFactors, factors, user, bias, history, heap, Environment.ProcessorCount);
        });
        Measure("score + top-10, folded-in history of 30", users, () =>
        {
            model.Score(fresh, scores);
            TopK.SelectInto(scores, heap);
        });

        // Through the public API: Recommend ranks a factor model of this size over 8-bit rows (built on the first call),
        // RecommendByScores scores every item; a known user with a random stored vector, so that scores differ.
        var stored = Enumerable.Range(0, factors).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var apiModel = new BprModel(factors, stored, itemFactors, bias, [BprModel.Fingerprint(history)], new BprOptions(Factors: factors));
        Measure("model.Recommend (8-bit rows past 100k items)", users, () => apiModel.Recommend(known, 10));
        Measure("model.RecommendByScores", users, () => apiModel.RecommendByScores(known, 10));

        // The rows in 8 bits (QuantizedFactors): a random user vector (the model's known user has a zero one), the
        // fused float pass on it for comparison, and whether both keep the same ten items for each of the users.
        var randomUsers = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, factors).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var next = 0;
        Measure("fused score + top-10, random user vectors", users, () => FactorTopK.Select(itemFactors, factors, randomUsers[next++ % users], bias, history, heap));
        var building = System.Diagnostics.Stopwatch.StartNew();
        var quantized = new QuantizedFactors(itemFactors, factors);
        Console.WriteLine($"8-bit rows: {quantized.Bytes / (1 << 20)} MB, built in {building.ElapsedMilliseconds} ms");
        next = 0;
        Measure("8-bit pass + exact rescoring of the best 80, random user vectors", users, () => quantized.Select(itemFactors, randomUsers[next++ % users], bias, history, heap));
        var same = 0;
        var certifiedCount = 0;
        var exact = new ScoredItem[10];
        foreach (var vector in randomUsers)
        {
            var a = quantized.Select(itemFactors, vector, bias, history, heap, QuantizedFactors.DefaultRerank, out var certified);
            var b = FactorTopK.Select(itemFactors, factors, vector, bias, history, exact);
            same += heap.Take(a).Select(static h => h.Item).Order().SequenceEqual(exact.Take(b).Select(static h => h.Item).Order()) ? 1 : 0;
            certifiedCount += certified ? 1 : 0;
        }

        Console.WriteLine($"same ten items as the float pass for {same} of {users} users; certified from the 8-bit candidates for {certifiedCount} (the rest scanned the float rows again)");
        return Task.FromResult(0);
    }

    // Trained factor models on real data: for every user, whether the 8-bit pass's candidates were certified (the
    // rest scan the float rows again), and that the answer equals the exact float pass.
    private static int Trained(string path)
    {
        var data = InteractionFiles.Load(path, out _, out _);
        Console.WriteLine($"{path}: {data.UserCount} users x {data.ItemCount} items, {data.Matrix.NonZeros} interactions");
        var models = new (string Name, IFactorModel Model)[]
        {
            ("ALS 64 factors (alpha 2, lambda 30)", (IFactorModel)new AlsRecommender(new AlsOptions(Factors: 64, Alpha: 2f, Regularization: 30f, Iterations: 15)).Fit(data, TrainingContext.Default)),
            ("BPR 64 factors", (IFactorModel)new BprRecommender(new BprOptions(Factors: 64)).Fit(data, TrainingContext.Default)),
        };
        foreach (var (name, model) in models)
        {
            var rows = model.ItemFactorRows;
            var quantized = new QuantizedFactors(rows.Span, model.Factors);
            var user = new float[model.Factors];
            var heap = new ScoredItem[10];
            var exact = new ScoredItem[10];
            int certifiedCount = 0, same = 0;
            for (var u = 0; u < data.UserCount; u++)
            {
                var query = UserQuery.FromTraining(data, u);
                model.UserVector(query, user);
                var a = quantized.Select(rows.Span, user, model.ItemBiases.Span, query.Items, heap, QuantizedFactors.DefaultRerank, out var certified);
                var b = FactorTopK.Select(rows.Span, model.Factors, user, model.ItemBiases.Span, query.Items, exact);
                certifiedCount += certified ? 1 : 0;
                same += heap.Take(a).Select(static h => h.Item).Order().SequenceEqual(exact.Take(b).Select(static h => h.Item).Order()) ? 1 : 0;
            }

            Console.WriteLine($"{name}: certified from the 8-bit candidates for {certifiedCount} of {data.UserCount} users ({100.0 * certifiedCount / data.UserCount:F1}%); same ten items as the float pass for {same}");
        }

        return 0;
    }

    private static void Measure(string what, int repeats, Action action)
    {
        action();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        action();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var walls = new double[repeats];
        var cpus = new double[repeats];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            walls[r] = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpus[r] = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        }

        Array.Sort(walls);
        Array.Sort(cpus);
        Console.WriteLine($"{what,-42} wall median {walls[repeats / 2],7:F2} ms (min {walls[0],6:F2}); cpu median {cpus[repeats / 2],7:F2} ms (min {cpus[0],6:F2}); allocated {allocated} B");
    }
}
