using System.Globalization;
using Penchant.Core.Baskets;
using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.Rules;
using Penchant.Storage.Datasets;

namespace Penchant.Bench;

/// <summary>
/// arules' Groceries: (1) association rules at the settings of two published runs of R's arules (support 0.006,
/// confidence 0.25, at least two items: 463 rules; support 0.001, confidence 0.8: 410 rules), with the five of highest
/// lift; (2) basket completion, one random item of each basket held out (leave-one-out over the reader's fixed random
/// order, the second-last item for validation), full ranking over all 169 items: popularity, EASE (λ chosen on
/// validation), the server's bought-together rules alone, and the server's cart ranking (EASE's share of its best score for the cart plus a weight times
/// the best rule's confidence, popularity breaking ties: <see cref="CartScoring"/>) over a grid of weights. Arguments: [data directory] (default
/// $PENCHANT_DATA or /work/shared/data).
/// </summary>
public sealed class GroceriesBench : IBench
{
    public string Name => "groceries";

    public string Description => "Groceries: arules' published rule counts, and basket completion by popularity, EASE, rules and the server's cart ranking";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var data = args.FirstOrDefault(static a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var records = DatasetReader.Read(DatasetFormat.Baskets, Path.Combine(data, "groceries-arules/groceries.csv"));

        var (matrix, items) = BasketSet.FromRecords(records);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{matrix.Rows:N0} baskets, {items.Count} items, {matrix.NonZeros:N0} item occurrences"));
        foreach (var (support, confidence, published) in new[] { (0.006, 0.25, 463), (0.001, 0.8, 410) })
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var rules = new AssociationRuleMiner(new AssociationRuleOptions(support, confidence)).Mine(matrix);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"support {support}, confidence {confidence}: {rules.Count} rules (arules: {published}) in {started.Elapsed.TotalMilliseconds:F0} ms; highest lift:"));
            foreach (var rule in rules.Take(5))
            {
                var left = string.Join(", ", rule.Antecedent.Select(i => items[i]).Order(StringComparer.Ordinal));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {{{left}}} => {{{items[rule.Consequent]}}}  support {rule.Support:F6}  confidence {rule.Confidence:F6}  lift {rule.Lift:F6}"));
            }
        }

        var split = EvaluationSplit.Build(records, new LeaveLastOutSplitter(), withValidation: true);
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var context = new TrainingContext(42);
        var validation = split.Validation!;
        var lambda = new[] { 50f, 200f, 500f, 1000f }
            .MaxBy(l => evaluator.Evaluate("ease", new EaseRecommender(new EaseOptions(l)), validation, context).Metrics.Ndcg);
        var ease = new EaseRecommender(new EaseOptions(lambda));
        var serverRules = new AssociationRuleRecommender(new AssociationRuleOptions(MinSupport: 0, MinConfidence: 0.05, MaxLength: 3, MinCount: 2));
        var runs = new (string Name, IRecommender Recommender)[]
        {
            ("popularity", new PopularityRecommender()),
            (string.Create(CultureInfo.InvariantCulture, $"ease (λ {lambda}, chosen on validation)"), ease),
            ("bought-together rules (server defaults: 2 baskets, confidence 0.05, 3 items)", serverRules),
        };
        runs = [.. runs, .. new[] { 0f, 0.1f, 0.25f, 0.5f, 1f, 4f }.Select(w => (
            string.Create(CultureInfo.InvariantCulture, $"cart ranking: EASE share + {w} x rule confidence + popularity"),
            (IRecommender)new CartRecommender(serverRules, ease, w)))];

        Console.WriteLine();
        Console.WriteLine($"Basket completion, {split.Test.HeldOut.Count(static h => h.Length > 0):N0} test baskets (validation: {validation.HeldOut.Count(static h => h.Length > 0):N0}), full ranking over {items.Count} items");
        Console.WriteLine("| model | val. NDCG@10 | HR@10 | NDCG@10 | MRR@10 | coverage@10 |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, recommender) in runs)
        {
            var v = evaluator.Evaluate(name, recommender, validation, context).Metrics;
            var t = evaluator.Evaluate(name, recommender, split.Test, context).Metrics;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {v.Ndcg:0.0000} | {t.HitRate:0.0000} | {t.Ndcg:0.0000} | {t.Mrr:0.0000} | {t.Coverage:0.000} |"));
        }

        return Task.FromResult(0);
    }

    // The server's cart ranking as a recommender: a cart is the basket's training items.
    private sealed class CartRecommender(IRecommender rules, IRecommender model, float ruleWeight) : IRecommender
    {
        public string Name => "cart";

        public IRecommenderModel Fit(InteractionData data, TrainingContext context) =>
            new CartModel(
                (AssociationRuleModel)rules.Fit(data, context),
                model.Fit(data, context),
                ((PopularityModel)new PopularityRecommender().Fit(data, context)).Popularity.ToArray(),
                ruleWeight);
    }

    private sealed class CartModel(AssociationRuleModel rules, IRecommenderModel model, float[] popularity, float ruleWeight) : IRecommenderModel
    {
        private readonly float[] _popularity = Normalised(popularity);

        public string Kind => "cart";

        public int ItemCount => model.ItemCount;

        public void Score(UserQuery query, Span<float> scores) =>
            CartScoring.Score(query, rules, model, _popularity, ruleWeight, scores, new float[scores.Length]);

        public void ScoreSimilar(int item, Span<float> scores) => model.ScoreSimilar(item, scores);

        public void Write(BinaryWriter writer) => throw new NotSupportedException("The bench's cart model is not saved.");

        private static float[] Normalised(float[] values)
        {
            var max = values.Length == 0 ? 0f : values.Max();
            return max > 0 ? [.. values.Select(v => v / max)] : values;
        }
    }
}
