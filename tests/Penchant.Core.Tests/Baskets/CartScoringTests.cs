using Penchant.Core.Baskets;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.Rules;

namespace Penchant.Core.Tests.Baskets;

public sealed class CartScoringTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    [InlineData(3f)]
    public void Each_score_is_the_models_share_plus_the_weighted_rule_confidence_plus_a_little_popularity(float weight)
    {
        const int items = 9;
        var baskets = FrequentItemsetMinerTests.RandomBaskets(41, 120, items);
        var data = InteractionData.FromSequences(baskets, items);
        var rules = (AssociationRuleModel)new AssociationRuleRecommender(new AssociationRuleOptions(0, 0.05, 3, MinCount: 2)).Fit(data, TrainingContext.Default);
        var model = new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 5)).Fit(data, TrainingContext.Default);
        var popularity = Enumerable.Range(0, items).Select(i => (i + 1) / (float)items).ToArray();

        var rng = new Random(5);
        var scores = new float[items];
        var confidences = new float[items];
        var raw = new float[items];
        for (var trial = 0; trial < 20; trial++)
        {
            var cart = UserQuery.FromSequence(-1, [.. Enumerable.Range(0, items).Where(_ => rng.NextDouble() < 0.3)]);
            CartScoring.Score(cart, rules, model, popularity, weight, scores, confidences);
            model.Score(cart, raw);
            var max = raw.Max();
            for (var i = 0; i < items; i++)
            {
                var share = cart.Items.Length > 0 && max > 0 && raw[i] > 0 ? raw[i] / max : 0f;
                var confidence = cart.Items.Length > 0 ? (float)(rules.BestRule(cart, i)?.Confidence ?? 0) : 0f;
                Assert.Equal(confidence, confidences[i], 5);
                Assert.Equal(share + (weight * confidence) + (CartScoring.PopularityWeight * popularity[i]), scores[i], 4);
            }
        }
    }

    [Fact]
    public void An_empty_cart_or_a_popularity_model_ranks_by_popularity_alone()
    {
        var data = InteractionData.FromSequences([[0, 1], [1, 2], [1]], 3);
        var popularity = new[] { 0.2f, 1f, 0.5f };
        var scores = new float[3];
        var confidences = new float[3];
        CartScoring.Score(UserQuery.Anonymous, null, new ItemKnnRecommender().Fit(data, TrainingContext.Default), popularity, 1f, scores, confidences);
        Assert.Equal(popularity.Select(p => CartScoring.PopularityWeight * p), scores);
        CartScoring.Score(UserQuery.FromSequence(-1, [0]), null, new PopularityRecommender().Fit(data, TrainingContext.Default), popularity, 1f, scores, confidences);
        Assert.Equal(popularity.Select(p => CartScoring.PopularityWeight * p), scores);
        Assert.Throws<ArgumentException>(() => CartScoring.Score(UserQuery.Anonymous, null, null, popularity, 1f, new float[3], new float[2]));
    }
}
