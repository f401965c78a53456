using Penchant.Core.Exploration;
using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Exploration;

public sealed class ExplorationPolicyTests
{
    // 10 clusters of 20 items: item i is in cluster i / 20.
    private static ClusterMap Clusters() => ClusterMap.FromLabels([.. Enumerable.Range(0, 200).Select(i => $"c{i / 20}")]);

    private static NovelClusterPredictor Predictor(ClusterMap clusters)
    {
        var rng = new Random(1);
        var sequences = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.Next(200)).ToArray()).ToList();
        return NovelClusterPredictor.Fit(sequences, clusters);
    }

    // The shopper knows clusters 0 and 1; exploit scores favour them strongly.
    private static float[] ExploitScores()
    {
        var scores = new float[200];
        for (var i = 0; i < 200; i++)
        {
            scores[i] = i < 40 ? 10f - (i * 0.01f) : 1f - (i * 0.001f);
        }

        return scores;
    }

    private static readonly int[] History = [1, 3, 22, 25];

    [Fact]
    public void Twenty_percent_of_ten_slots_explore_new_clusters_with_propensities_and_the_rest_exploit()
    {
        var clusters = Clusters();
        var policy = new ExplorationPolicy(Predictor(clusters), new ExplorationState());
        var slate = policy.Build("u", ExploitScores(), [], History, 10, new Random(3), exploreShare: 0.2);
        Assert.Equal(10, slate.Count);
        Assert.Equal(Enumerable.Range(0, 10), slate.Select(s => s.Position));
        Assert.Equal(10, slate.Select(s => s.Item).Distinct().Count());
        var explore = slate.Where(s => s.Kind == SlotKind.Explore).ToList();
        Assert.Equal(2, explore.Count);
        Assert.All(explore, s => Assert.True(s.Cluster >= 2, "explore slots must be in clusters new to the shopper"));
        Assert.All(explore, s => Assert.InRange(s.Propensity, 0.001, 1.0));
        Assert.NotEqual(explore[0].Cluster, explore[1].Cluster);
        Assert.Equal(SlotKind.Exploit, slate[0].Kind);
        Assert.All(slate.Where(s => s.Kind == SlotKind.Exploit), s => Assert.True(s.Item < 40));
    }

    [Fact]
    public void Excluded_items_never_appear_in_either_kind_of_slot()
    {
        var clusters = Clusters();
        var policy = new ExplorationPolicy(Predictor(clusters), new ExplorationState());
        var scores = ExploitScores();
        // A business rule leaves only even items (e.g. in stock) and removes cluster 5 entirely.
        for (var i = 0; i < 200; i++)
        {
            if (i % 2 == 1 || i / 20 == 5)
            {
                scores[i] = float.NegativeInfinity;
            }
        }

        for (var seed = 0; seed < 20; seed++)
        {
            var slate = policy.Build("u", scores, [], History, 10, new Random(seed), exploreShare: 0.3);
            Assert.All(slate, s => Assert.True(s.Item % 2 == 0 && s.Item / 20 != 5, $"item {s.Item} breaks the rule"));
        }
    }

    [Fact]
    public void Repeated_dislikes_stop_exploring_a_cluster_and_a_like_promotes_it()
    {
        var clusters = Clusters();
        var state = new ExplorationState(new FeedbackOptions(DislikesToStop: 2));
        var policy = new ExplorationPolicy(Predictor(clusters), state, new ExplorationOptions(CandidateClusters: 3));
        var first = policy.Build("u", ExploitScores(), [], History, 10, new Random(1), exploreShare: 0.2);
        var disliked = first.First(s => s.Kind == SlotKind.Explore).Cluster;
        state.Record("u", disliked, FeedbackKind.Dislike, explored: true);
        state.Record("u", disliked, FeedbackKind.Dislike, explored: true);
        for (var seed = 0; seed < 30; seed++)
        {
            var slate = policy.Build("u", ExploitScores(), [], History, 10, new Random(seed), exploreShare: 0.3);
            Assert.DoesNotContain(slate, s => s.Kind == SlotKind.Explore && s.Cluster == disliked);
        }

        var liked = first.Last(s => s.Kind == SlotKind.Explore).Cluster;
        Assert.NotEqual(disliked, liked);
        state.Record("u", liked, FeedbackKind.Like, explored: true);
        Assert.Contains(liked, state.Snapshot("u").Promoted);
        // Promoted cluster items now get boosted in exploit slots: with a large boost they take over.
        var boosted = new ExplorationPolicy(Predictor(clusters), state, new ExplorationOptions(PromotedBoost: 20));
        var after = boosted.Build("u", ExploitScores(), [], History, 10, new Random(2), exploreShare: 0);
        Assert.Contains(after, s => s.Kind == SlotKind.Exploit && s.Cluster == liked);
    }

    [Fact]
    public void Explore_share_adapts_to_the_shoppers_outcomes_within_bounds()
    {
        var clusters = Clusters();
        var state = new ExplorationState();
        var policy = new ExplorationPolicy(Predictor(clusters), state, new ExplorationOptions(ExploreShare: 0.2, MinShare: 0.05, MaxShare: 0.4));
        Assert.Equal(0.2, policy.ShareFor("new"), 6);
        for (var i = 0; i < 10; i++)
        {
            state.Record("fan", 3, FeedbackKind.Click, explored: true);
            state.Record("hater", 4, FeedbackKind.Dislike, explored: true);
        }

        Assert.True(policy.ShareFor("fan") > 0.3);
        Assert.Equal(0.05, policy.ShareFor("hater"), 6);
    }

    [Fact]
    public void Thompson_sampling_learns_which_new_cluster_pays_off()
    {
        var clusters = Clusters();
        var state = new ExplorationState();
        var policy = new ExplorationPolicy(Predictor(clusters), state, new ExplorationOptions(CandidateClusters: 8, PropensitySamples: 20));
        var rng = new Random(11);
        var lateHits = 0;
        for (var round = 0; round < 300; round++)
        {
            var slate = policy.Build("u", ExploitScores(), [], History, 10, rng, exploreShare: 0.1);
            var shown = slate.Single(s => s.Kind == SlotKind.Explore);
            // Only cluster 7 ever interests this shopper (but it is never promoted, so it stays an explore target).
            state.Record("u", shown.Cluster, shown.Cluster == 7 ? FeedbackKind.Click : FeedbackKind.Ignored, explored: false);
            if (round >= 200 && shown.Cluster == 7)
            {
                lateHits++;
            }
        }

        Assert.True(lateHits > 60, $"cluster 7 was explored {lateHits} of the last 100 rounds");
    }

    [Fact]
    public void Same_seed_gives_the_same_slate()
    {
        var clusters = Clusters();
        var policy = new ExplorationPolicy(Predictor(clusters), new ExplorationState());
        var a = policy.Build("u", ExploitScores(), [], History, 10, new Random(5), exploreShare: 0.2);
        var b = policy.Build("u", ExploitScores(), [], History, 10, new Random(5), exploreShare: 0.2);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Cluster_mass_follows_where_most_of_the_exploit_scores_lie_rather_than_the_single_best_item()
    {
        var clusters = Clusters();
        var scores = ExploitScores();
        // Cluster 5 has the best single novel item; cluster 7 has twenty good ones.
        scores[100] = 9f;
        for (var i = 140; i < 160; i++)
        {
            scores[i] = 5f;
        }

        var byBestItem = new ExplorationPolicy(Predictor(clusters), new ExplorationState(), new ExplorationOptions(ItemAffinity: 8));
        var byMass = new ExplorationPolicy(Predictor(clusters), new ExplorationState(), new ExplorationOptions(ItemAffinity: 0, ClusterMass: 8));
        int bestItemPicksFive = 0, massPicksSeven = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var a = byBestItem.Build("u", scores, [], History, 10, new Random(seed), exploreShare: 0.1).Single(s => s.Kind == SlotKind.Explore);
            var b = byMass.Build("u", scores, [], History, 10, new Random(seed), exploreShare: 0.1).Single(s => s.Kind == SlotKind.Explore);
            bestItemPicksFive += a.Cluster == 5 ? 1 : 0;
            massPicksSeven += b.Cluster == 7 ? 1 : 0;
        }

        Assert.True(bestItemPicksFive >= 18, $"best-item affinity picked cluster 5 in {bestItemPicksFive} of 20");
        Assert.True(massPicksSeven >= 18, $"cluster mass picked cluster 7 in {massPicksSeven} of 20");
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void In_place_with_the_callers_ranking_gives_the_copying_slate_and_leaves_the_scores_as_they_were(double share)
    {
        var clusters = Clusters();
        var policy = new ExplorationPolicy(Predictor(clusters), new ExplorationState());
        var scores = ExploitScores();
        // A filtered-out item stays out, and the ranking is the scores' own top (as the server's exploit ranking is).
        scores[2] = float.NegativeInfinity;
        var original = scores.ToArray();
        var ranking = TopK.Select(scores, 10).Select(t => t.Item).ToArray();
        for (var seed = 0; seed < 20; seed++)
        {
            var copied = policy.Build("u", scores, [], History, 10, new Random(seed), share);
            var inPlace = policy.BuildInPlace("u", scores, ranking, [], History, 10, new Random(seed), share);
            Assert.Equal(copied, inPlace);
            Assert.Equal(original, scores);
        }
    }

    [Fact]
    public void In_place_plans_against_the_state_the_caller_read_when_it_passes_one()
    {
        var clusters = Clusters();
        var policy = new ExplorationPolicy(Predictor(clusters), new ExplorationState(), new ExplorationOptions(CandidateClusters: 3));
        var scores = ExploitScores();
        var ranking = TopK.Select(scores, 10).Select(t => t.Item).ToArray();
        var explored = policy.BuildInPlace("u", scores, ranking, [], History, 10, new Random(1), 0.2).First(s => s.Kind == SlotKind.Explore).Cluster;
        // The policy's own state knows nothing of the shopper; the caller's reading has that cluster stopped.
        var reading = new ShopperExplorationSnapshot(new HashSet<int> { explored }, new HashSet<int>(), 0, 0);
        for (var seed = 0; seed < 30; seed++)
        {
            var slate = policy.BuildInPlace("u", scores, ranking, [], History, 10, new Random(seed), 0.3, reading);
            Assert.Contains(slate, s => s.Kind == SlotKind.Explore);
            Assert.DoesNotContain(slate, s => s.Kind == SlotKind.Explore && s.Cluster == explored);
        }

        Assert.Contains(policy.BuildInPlace("u", scores, ranking, [], History, 10, new Random(1), 0.2), s => s.Kind == SlotKind.Explore && s.Cluster == explored);
        Assert.Equal(ExploitScores(), scores);
    }

    [Fact]
    public void In_place_takes_the_exploit_slots_from_the_callers_ranking_and_falls_back_to_the_scores_when_it_runs_out()
    {
        var clusters = Clusters();
        var policy = new ExplorationPolicy(Predictor(clusters), new ExplorationState());
        var scores = ExploitScores();
        // The caller's ranking leaves out item 0 (say, gone from the live catalogue since training): so must the slate.
        int[] ranking = [.. Enumerable.Range(1, 10)];
        var slate = policy.BuildInPlace("u", scores, ranking, [], History, 10, new Random(4), exploreShare: 0.2);
        Assert.Equal(Enumerable.Range(1, 8), slate.Where(s => s.Kind == SlotKind.Exploit).Select(s => s.Item));
        // Too short a ranking: the exploit slots come from the scores, item 0 included.
        var fallback = policy.BuildInPlace("u", scores, [1, 2], [], History, 10, new Random(4), exploreShare: 0.2);
        Assert.Equal(Enumerable.Range(0, 8), fallback.Where(s => s.Kind == SlotKind.Exploit).Select(s => s.Item));
        Assert.Equal(ExploitScores(), scores);
    }

    [Fact]
    public void In_place_boosts_promoted_clusters_without_touching_the_callers_scores()
    {
        var clusters = Clusters();
        var state = new ExplorationState();
        state.Record("u", 7, FeedbackKind.Like, explored: true);
        var policy = new ExplorationPolicy(Predictor(clusters), state, new ExplorationOptions(PromotedBoost: 20));
        var scores = ExploitScores();
        var ranking = TopK.Select(scores, 10).Select(t => t.Item).ToArray();
        var slate = policy.BuildInPlace("u", scores, ranking, [], History, 10, new Random(2), exploreShare: 0);
        // The stale ranking (cluster 7 not boosted) is not used: promoted items take exploit slots.
        Assert.Contains(slate, s => s.Kind == SlotKind.Exploit && s.Cluster == 7);
        Assert.Equal(ExploitScores(), scores);
    }

    [Theory]
    [InlineData(0.0, 20)]
    [InlineData(1.0, 20)]
    [InlineData(4.0, 3)]
    [InlineData(16.0, 1)]
    [InlineData(1.0, 300)]
    public void The_bounded_cluster_search_picks_exactly_what_scoring_every_cluster_picks(double affinity, int candidates)
    {
        var rng = new Random((int)affinity + candidates);
        for (var trial = 0; trial < 40; trial++)
        {
            // 60 clusters over 3,000 items, some unclustered; few distinct scores so that ties matter.
            var itemCluster = Enumerable.Range(0, 3000).Select(_ => rng.NextDouble() < 0.05 ? -1 : rng.Next(60)).ToArray();
            var clusters = new ClusterMap(itemCluster, [.. Enumerable.Range(0, 60).Select(c => $"c{c}")]);
            var sequences = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 8).Select(_ => rng.Next(3000)).ToArray()).ToList();
            var predictor = NovelClusterPredictor.Fit(sequences, clusters);
            var scores = Enumerable.Range(0, 3000).Select(_ => rng.NextDouble() < 0.1 ? float.NegativeInfinity : rng.Next(0, 50) / 10f).ToArray();
            var popularity = Enumerable.Range(0, 3000).Select(_ => rng.Next(0, 4) / 4f).ToArray();
            int[] history = [.. Enumerable.Range(0, rng.Next(0, 12)).Select(_ => rng.Next(3000))];
            var options = new ExplorationOptions(ItemAffinity: affinity, CandidateClusters: candidates);
            var state = new ExplorationState();
            state.Record("u", rng.Next(60), FeedbackKind.Dislike, explored: true);
            var bounded = new ExplorationPolicy(predictor, state, options);
            var exhaustive = new ExplorationPolicy(predictor, state, options) { Exhaustive = true };
            var seed = rng.Next();
            Assert.Equal(
                exhaustive.Build("u", scores, popularity, history, 10, new Random(seed), exploreShare: 0.4),
                bounded.Build("u", scores, popularity, history, 10, new Random(seed), exploreShare: 0.4));
        }
    }

    [Fact]
    public void The_vector_score_range_matches_a_plain_loop_over_the_finite_scores()
    {
        var rng = new Random(8);
        for (var trial = 0; trial < 200; trial++)
        {
            var scores = Enumerable.Range(0, rng.Next(0, 70)).Select(_ => rng.NextDouble() switch
            {
                < 0.1 => float.NegativeInfinity,
                < 0.15 => float.PositiveInfinity,
                < 0.2 => float.NaN,
                _ => (float)((rng.NextDouble() * 20) - 10),
            }).ToArray();
            var finite = scores.Where(float.IsFinite).ToArray();
            ExplorationPolicy.FiniteRange(scores, out var min, out var max);
            Assert.Equal(finite.Length == 0 ? float.PositiveInfinity : finite.Min(), min);
            Assert.Equal(finite.Length == 0 ? float.NegativeInfinity : finite.Max(), max);
        }
    }
}
