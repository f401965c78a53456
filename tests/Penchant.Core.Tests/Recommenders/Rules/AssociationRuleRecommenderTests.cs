using Penchant.Core.Baskets;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Rules;
using Penchant.Core.Tests.Baskets;

namespace Penchant.Core.Tests.Recommenders.Rules;

public sealed class AssociationRuleRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new AssociationRuleRecommender(new AssociationRuleOptions(MinSupport: 0.01, MinConfidence: 0.01, MaxLength: 3));

    [Theory]
    [InlineData(21, 0.02, 0.1, 3)]
    [InlineData(22, 0.05, 0.3, 4)]
    [InlineData(23, 0.01, 0.0, 2)]
    public void A_cart_scores_each_item_by_the_best_confidence_of_a_subset_of_the_cart_counted_plainly(int seed, double support, double confidence, int maxLength)
    {
        const int items = 9;
        var baskets = FrequentItemsetMinerTests.RandomBaskets(seed, 150, items);
        var data = InteractionData.FromSequences(baskets, items);
        var model = (AssociationRuleModel)new AssociationRuleRecommender(new AssociationRuleOptions(support, confidence, maxLength)).Fit(data, TrainingContext.Default);
        var minCount = new FrequentItemsetOptions(support).MinimumCount(baskets.Length);
        int CountOf(IEnumerable<int> set) => baskets.Count(b => set.All(b.Contains));

        var rng = new Random(seed);
        var scores = new float[items];
        for (var trial = 0; trial < 30; trial++)
        {
            var cart = Enumerable.Range(0, items).Where(_ => rng.NextDouble() < 0.3).ToArray();
            model.Score(UserQuery.FromSequence(-1, cart), scores);
            for (var y = 0; y < items; y++)
            {
                // Plainly: every non-empty subset X of the cart without y, short enough, frequent with y, confident enough.
                var best = -1.0;
                var others = cart.Where(i => i != y).ToArray();
                for (var mask = 1; mask < 1 << others.Length; mask++)
                {
                    var x = others.Where((_, k) => (mask & (1 << k)) != 0).ToArray();
                    var both = CountOf(x.Append(y));
                    if (x.Length + 1 > maxLength || both < minCount)
                    {
                        continue;
                    }

                    var conf = both / (double)CountOf(x);
                    if (conf >= confidence - 1e-12)
                    {
                        best = Math.Max(best, conf);
                    }
                }

                var expected = best >= 0 ? best : 1e-3 * CountOf([y]) / baskets.Length;
                Assert.Equal(expected, scores[y], 5);

                var rule = model.BestRule(UserQuery.FromSequence(-1, cart), y);
                if (best >= 0)
                {
                    Assert.NotNull(rule);
                    Assert.Equal(best, rule.Confidence, 9);
                    Assert.All(rule.Antecedent, i => Assert.Contains(i, cart));
                }
                else
                {
                    Assert.Null(rule);
                }
            }
        }
    }

    [Fact]
    public void Save_load_keeps_the_rules_and_their_counts()
    {
        var baskets = FrequentItemsetMinerTests.RandomBaskets(31, 100, 8);
        var model = (AssociationRuleModel)new AssociationRuleRecommender(new AssociationRuleOptions(0.02, 0.1, 3)).Fit(InteractionData.FromSequences(baskets, 8), TrainingContext.Default);
        Assert.NotEmpty(model.Rules);
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        var loaded = Assert.IsType<AssociationRuleModel>(ModelFile.Load(stream));
        Assert.Equal(model.Baskets, loaded.Baskets);
        Assert.Equal(
            model.Rules.Select(r => (string.Join(",", r.Antecedent), r.Consequent, r.Count, r.AntecedentCount, r.ConsequentCount, r.Lift)),
            loaded.Rules.Select(r => (string.Join(",", r.Antecedent), r.Consequent, r.Count, r.AntecedentCount, r.ConsequentCount, r.Lift)));
    }

    [Fact]
    public void Scoring_allocates_nothing() =>
        AssertScoringAllocatesNothing(CreateRecommender(), UserQuery.FromSequence(-1, [0, 2, 4, 6]));
}
