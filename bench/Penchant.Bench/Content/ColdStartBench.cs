using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Synthetic;

namespace Penchant.Bench.Content;

/// <summary>
/// Cold-start items on the generated shop: the newest share of the catalogue has every interaction hidden from
/// training, the rest is split by time, and each model is judged only on test interactions with those cold
/// items. Two rankings: over the whole catalogue, and over the cold items alone (what a "new arrivals" shelf
/// would rank). Popularity and item-kNN have no evidence about a cold item; the content recommender reads its text.
/// </summary>
public sealed class ColdStartBench : IBench
{
    public string Name => "cold-start";

    public string Description => "NDCG/HR@k on interactions with never-seen items: [--items 3000] [--shoppers 2000] [--seed 42] [--cold-share 0.1] [--test-days 30] [--k 10]";

    public Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var options = new ShopGeneratorOptions
        {
            ItemCount = Int(a, "items", 3000),
            ShopperCount = Int(a, "shoppers", 2000),
            Seed = Int(a, "seed", 42),
        };
        var coldShare = double.Parse(a.Get("cold-share", "0.1"), CultureInfo.InvariantCulture);
        var testDays = Int(a, "test-days", 30);
        var k = Int(a, "k", 10);

        var shop = new ShopGenerator(options).Generate();
        var coldCount = (int)Math.Round(shop.Items.Count * coldShare);
        var cold = shop.Items
            .OrderByDescending(static i => i.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(static i => i.Id, StringComparer.Ordinal)
            .Take(coldCount).Select(static i => i.Id).ToHashSet(StringComparer.Ordinal);
        var cutoff = shop.End.AddDays(-testDays);

        // Every catalogue item gets a column (cold ones without any training event), in catalogue order.
        var users = new IdMap(shop.Users.Select(static u => u.Id));
        var items = new IdMap(shop.Items.Select(static i => i.Id));
        var builder = new InteractionBuilder(users: users, items: items) { ReferenceTime = cutoff };
        var held = new SortedSet<int>?[users.Count];
        var weights = EventWeights.Default;
        int trainEvents = 0, hiddenEvents = 0, testEvents = 0;
        foreach (var e in shop.Events)
        {
            if (e.ItemId is null)
            {
                continue;
            }

            var isCold = cold.Contains(e.ItemId);
            if (e.Timestamp < cutoff && !isCold)
            {
                builder.Add(e);
                trainEvents++;
            }
            else if (e.Timestamp >= cutoff && isCold && weights.WeightOf(e.Type, e.Value) > 0)
            {
                (held[users.IndexOf(e.UserId)] ??= []).Add(items.IndexOf(e.ItemId));
                testEvents++;
            }
            else
            {
                hiddenEvents++;
            }
        }

        var train = builder.Build();
        var fold = new EvaluationFold(train, [.. held.Select(static s => s is null ? Array.Empty<int>() : s.ToArray())]);
        var coldMask = new bool[items.Count];
        foreach (var id in cold)
        {
            coldMask[items.IndexOf(id)] = true;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"shop seed {options.Seed}: {shop.Items.Count} items ({cold.Count} cold, newest {coldShare:P0}), {shop.Users.Count} shoppers; cutoff {cutoff:yyyy-MM-dd} ({testDays} days before the end)"));
        Console.WriteLine(FormattableString.Invariant(
            $"events: {trainEvents} train, {testEvents} test (positive, on cold items, after the cutoff), {hiddenEvents} neither; {fold.HeldOutUsers} test shoppers ({fold.ColdUsers} without training history are skipped)"));
        Console.WriteLine();
        Console.WriteLine($"| model | ranking over | users | NDCG@{k} | HR@{k} | Recall@{k} | fit s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");

        var evaluator = new Evaluator(new EvaluationOptions(K: k, UnseenItems: UnseenItemPolicy.Keep));
        var models = new (string Label, IRecommender Recommender)[]
        {
            ("popularity", new PopularityRecommender(new PopularityOptions(CountUsers: true))),
            ("itemknn", new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 100, Shrinkage: 10f, Binary: true))),
            ("content (text)", new ContentRecommender(shop.Items, new ContentOptions(ContentSource.Text))),
            ("content (text + behaviour)", new ContentRecommender(shop.Items, new ContentOptions(ContentSource.Combined))),
        };
        foreach (var (label, recommender) in models)
        {
            var clock = Stopwatch.StartNew();
            var model = recommender.Fit(train, new TrainingContext(Seed: (int)options.Seed));
            var fit = clock.Elapsed.TotalSeconds;
            Report(label, "all items", evaluator.Evaluate(label, model, fold), fit);
            Report(label, "cold items only", evaluator.Evaluate(label, new RestrictedModel(model, coldMask), fold), fit);
        }

        // The server's rule for new arrivals the model knows nothing of (newDays=): the share of the shopper's evidence
        // in each item's leaf category plus the share in its brand.
        var byIndex = shop.Items.ToDictionary(static i => i.Id, StringComparer.Ordinal);
        var taste = new TasteModel(
            [.. Enumerable.Range(0, items.Count).Select(i => byIndex[items.Ids[i]].LeafCategory)],
            [.. Enumerable.Range(0, items.Count).Select(i => byIndex[items.Ids[i]].Brand)]);
        Report("taste (category + brand shares, the server's newDays rule)", "cold items only", evaluator.Evaluate("taste", new RestrictedModel(taste, coldMask), fold), 0);
        return Task.FromResult(0);
    }

    /// <summary>Scores an item by the share of the shopper's evidence weight in its leaf category plus the share in its brand.</summary>
    private sealed class TasteModel(string?[] categories, string?[] brands) : IRecommenderModel
    {
        public string Kind => "taste";

        public int ItemCount => categories.Length;

        public void Score(UserQuery query, Span<float> scores)
        {
            scores.Clear();
            foreach (var labels in new[] { categories, brands })
            {
                var shares = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
                var total = 0f;
                for (var h = 0; h < query.Items.Length; h++)
                {
                    if (query.Weights[h] > 0 && labels[query.Items[h]] is { } label)
                    {
                        shares[label] = shares.GetValueOrDefault(label) + query.Weights[h];
                        total += query.Weights[h];
                    }
                }

                for (var i = 0; i < scores.Length && total > 0; i++)
                {
                    scores[i] += labels[i] is { } label ? shares.GetValueOrDefault(label) / total : 0f;
                }
            }
        }

        public void ScoreSimilar(int item, Span<float> scores) => scores.Clear();

        public void Write(BinaryWriter writer) => throw new NotSupportedException("A bench baseline.");
    }

    private static void Report(string label, string over, EvaluationResult result, double fit)
    {
        var m = result.Metrics;
        Console.WriteLine(FormattableString.Invariant($"| {label} | {over} | {m.Users} | {m.Ndcg:F4} | {m.HitRate:F4} | {m.Recall:F4} | {fit:F1} |"));
    }

    private static int Int(BenchArgs a, string name, int fallback) =>
        int.Parse(a.Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Scores only the allowed items; the rest rank last (the evaluator keeps them as candidates but never above an allowed one).</summary>
    private sealed class RestrictedModel(IRecommenderModel inner, bool[] allowed) : IRecommenderModel
    {
        public string Kind => inner.Kind;

        public int ItemCount => inner.ItemCount;

        public void Score(UserQuery query, Span<float> scores)
        {
            inner.Score(query, scores);
            for (var i = 0; i < scores.Length; i++)
            {
                if (!allowed[i])
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
        }

        public void ScoreSimilar(int item, Span<float> scores) => inner.ScoreSimilar(item, scores);

        public void Write(BinaryWriter writer) => inner.Write(writer);
    }
}
