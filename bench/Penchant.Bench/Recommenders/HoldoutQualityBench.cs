using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Bench.Recommenders;

/// <summary>
/// A quick hold-out sanity check (the evaluation harness proper lives elsewhere):
/// <c>holdout-quality &lt;train&gt; &lt;test&gt; [--models a,b] [--k 10]</c>. Every test rating is a positive;
/// all items are ranked with the user's training items excluded; precision and recall at k are averaged over test
/// users. Each model is scored twice: with the training user's id (stored state) and as an anonymous shopper
/// with the same history (the fold-in path).
/// </summary>
public sealed class HoldoutQualityBench : IBench
{
    public string Name => "holdout-quality";

    public string Description => "precision/recall@k on a train/test split (e.g. u1.base u1.test): <train> <test> [--models a,b] [--k 10]";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: holdout-quality <train> <test> [--models a,b] [--k 10]");
            return Task.FromResult(2);
        }

        var kAt = Array.IndexOf(args, "--k");
        var k = kAt >= 0 ? int.Parse(args[kAt + 1], CultureInfo.InvariantCulture) : 10;
        var train = InteractionFiles.Load(args[0], out var users, out var items);
        var test = InteractionFiles.Read(args[1], users, items, addUnknown: false);
        var truth = test.GroupBy(x => x.User).ToDictionary(g => g.Key, g => g.Select(x => x.Item).ToHashSet());
        Console.WriteLine($"train {train.UserCount} users x {train.ItemCount} items, {train.Matrix.NonZeros} positives; test {test.Count} positives for {truth.Count} users; k={k}");
        foreach (var (name, create) in ModelCatalog.Select(args))
        {
            var sw = Stopwatch.StartNew();
            var model = create().Fit(train, new TrainingContext(Seed: 42));
            var fit = sw.Elapsed.TotalMilliseconds;
            var (p, r) = Evaluate(model, train, truth, k, anonymous: false);
            var (pf, rf) = Evaluate(model, train, truth, k, anonymous: true);
            Console.WriteLine($"{name,-12} P@{k} {p:F4} R@{k} {r:F4} | as new shopper P@{k} {pf:F4} R@{k} {rf:F4} | fit {fit:F0} ms");
        }

        return Task.FromResult(0);
    }

    private static (double Precision, double Recall) Evaluate(IRecommenderModel model, InteractionData train, Dictionary<int, HashSet<int>> truth, int k, bool anonymous)
    {
        var users = truth.Keys.Where(u => u < train.UserCount).OrderBy(u => u).ToList();
        var queries = users.Select(u => UserQuery.FromTraining(train, u) with { User = anonymous ? -1 : u }).ToList();
        var top = model.RecommendBatch(queries, k);
        double precision = 0, recall = 0;
        for (var a = 0; a < users.Count; a++)
        {
            var relevant = truth[users[a]];
            var hits = top[a].Count(s => relevant.Contains(s.Item));
            precision += (double)hits / k;
            recall += (double)hits / relevant.Count;
        }

        return (precision / users.Count, recall / users.Count);
    }
}
