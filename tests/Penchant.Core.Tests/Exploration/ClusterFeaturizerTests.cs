using Penchant.Core.Data;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Exploration;

public sealed class ClusterFeaturizerTests
{
    // 10 clusters of 20 items: item i is in cluster i / 20.
    private static ClusterMap Clusters() => ClusterMap.FromLabels([.. Enumerable.Range(0, 200).Select(i => $"c{i / 20}")]);

    // Shoppers who start in cluster a move on to a + 1.
    private static List<int[]> Sequences(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(u =>
        {
            var a = u % 10;
            return new[] { (a * 20) + rng.Next(20), (a * 20) + rng.Next(20), ((a + 1) % 10 * 20) + rng.Next(20) };
        })];
    }

    [Fact]
    public void Candidates_are_new_unexcluded_clusters_with_a_showable_item_and_features_follow_the_signals()
    {
        var clusters = Clusters();
        var featurizer = new ClusterFeaturizer(NovelClusterPredictor.Fit(Sequences(400, 1), clusters, new NovelClusterOptions(Diversify: 0)));
        var scores = Enumerable.Range(0, 200).Select(i => (float)((i * 37) % 101)).ToArray();
        int[] history = [1, 3];
        scores[1] = scores[3] = float.NegativeInfinity;
        for (var i = 80; i < 100; i++)
        {
            scores[i] = float.NegativeInfinity; // cluster 4 has nothing left to show
        }

        List<int> candidates = [], best = [];
        List<float> features = [];
        featurizer.Compute(history, scores, [], new HashSet<int> { 2 }, candidates, best, features);
        Assert.Equal([1, 3, 5, 6, 7, 8, 9], candidates);
        Assert.Equal(candidates.Count * ClusterFeaturizer.Dimensions, features.Count);
        Assert.Equal(ClusterFeaturizer.Dimensions, ClusterFeaturizer.Names.Count);
        float Feature(int row, int d) => features[(row * ClusterFeaturizer.Dimensions) + d];
        for (var j = 0; j < candidates.Count; j++)
        {
            var members = Enumerable.Range(candidates[j] * 20, 20);
            Assert.Equal(members.Max(i => scores[i]), scores[best[j]]);
            Assert.Equal(candidates[j], clusters.ClusterOf(best[j]));
            Assert.Equal(MathF.Log(20), Feature(j, 7), 5);
        }

        // The transition model sends cluster 0's shoppers to cluster 1.
        var transition = Enumerable.Range(0, candidates.Count).Select(j => Feature(j, 0)).ToList();
        Assert.Equal(0, transition.IndexOf(transition.Max()));
        // A higher best-item score means a higher affinity feature.
        for (var a = 0; a < candidates.Count; a++)
        {
            for (var b = 0; b < candidates.Count; b++)
            {
                if (scores[best[a]] > scores[best[b]])
                {
                    Assert.True(Feature(a, 4) > Feature(b, 4));
                }
            }
        }
    }

    [Fact]
    public void Collects_one_choice_per_shopper_moving_to_a_new_cluster()
    {
        var clusters = Clusters();
        var sequences = Sequences(200, 2).Select(s => s[..2]).ToList();
        var train = InteractionData.FromSequences(sequences, 200);
        var model = new ItemKnnRecommender().Fit(train, TrainingContext.Default);
        var featurizer = new ClusterFeaturizer(NovelClusterPredictor.Fit(Sequences(400, 3), clusters, new NovelClusterOptions(Diversify: 0)));
        // Shoppers 0-49 move on to their next cluster; 50-59 stay in their own (not a novel choice).
        var pairs = Enumerable.Range(0, 60).Select(u => (u, u < 50 ? (((u % 10) + 1) % 10 * 20) + 7 : (u % 10 * 20) + 9)).ToList();
        var groups = featurizer.CollectGroups(model, train, pairs, coveredSlots: 2);
        Assert.Equal(50, groups.Count);
        foreach (var g in groups)
        {
            var rows = g.Features.Length / ClusterFeaturizer.Dimensions;
            Assert.InRange(rows, 2, 9); // every other cluster is new, less any the two exploit items cover
            var transition = Enumerable.Range(0, rows).Select(r => g.Features[r * ClusterFeaturizer.Dimensions]).ToList();
            Assert.Equal(transition.IndexOf(transition.Max()), g.Target);
        }

        // A ranker fitted on these choices puts its weight on the transition feature.
        var ranker = ClusterRanker.Fit(groups, ClusterFeaturizer.Dimensions, new ClusterRankerOptions(L2: 0.01));
        Assert.Equal(0, Enumerable.Range(0, ClusterFeaturizer.Dimensions).MaxBy(d => ranker.Weights[d]));
    }

    [Fact]
    public void A_policy_with_a_learned_ranker_explores_the_clusters_the_ranker_prefers()
    {
        var clusters = Clusters();
        var predictor = NovelClusterPredictor.Fit(Sequences(400, 4), clusters, new NovelClusterOptions(Diversify: 0));
        var scores = new float[200];
        for (var i = 0; i < 200; i++)
        {
            scores[i] = i < 40 ? 10f - (i * 0.01f) : 1f - (i * 0.001f);
        }

        scores[150] = 5f; // cluster 7's best item
        scores[175] = 4f; // cluster 8's best item
        int[] history = [1, 3, 22, 25];
        var affinityOnly = new double[ClusterFeaturizer.Dimensions];
        affinityOnly[4] = 10;
        var policy = new ExplorationPolicy(predictor, new ExplorationState())
        {
            Learned = new LearnedClusterScoring(new ClusterFeaturizer(predictor), ClusterRanker.FromWeights(affinityOnly)),
        };
        for (var seed = 0; seed < 5; seed++)
        {
            var slate = policy.Build("u", scores, [], history, 10, new Random(seed), exploreShare: 0.2);
            var explore = slate.Where(s => s.Kind == SlotKind.Explore).ToList();
            Assert.Equal([150, 175], explore.Select(s => s.Item).Order());
            Assert.Equal([7, 8], explore.Select(s => s.Cluster).Order());
        }

        // The transition model sends shoppers last in cluster 1 to cluster 2.
        var transitionOnly = new double[ClusterFeaturizer.Dimensions];
        transitionOnly[0] = 100;
        var byTransition = new ExplorationPolicy(predictor, new ExplorationState())
        {
            Learned = new LearnedClusterScoring(new ClusterFeaturizer(predictor), ClusterRanker.FromWeights(transitionOnly)),
        };
        var first = byTransition.Build("u", scores, [], history, 10, new Random(0), exploreShare: 0.1);
        Assert.Equal(2, Assert.Single(first, s => s.Kind == SlotKind.Explore).Cluster);
        Assert.Throws<ArgumentException>(() => new ExplorationPolicy(predictor, new ExplorationState())
        {
            Learned = new LearnedClusterScoring(new ClusterFeaturizer(predictor), ClusterRanker.FromWeights([1.0, 2.0])),
        });
    }

    [Fact]
    public void Novel_coverage_brings_the_likeliest_new_cluster_into_the_exploit_slots()
    {
        var clusters = Clusters();
        var predictor = NovelClusterPredictor.Fit(Sequences(400, 4), clusters, new NovelClusterOptions(Diversify: 0));
        var scores = new float[200];
        for (var i = 0; i < 200; i++)
        {
            scores[i] = i < 40 ? 10f - (i * 0.01f) : 1f - (i * 0.001f);
        }

        int[] history = [1, 3, 22, 25];
        foreach (var seen in history)
        {
            scores[seen] = float.NegativeInfinity;
        }

        scores[150] = 9.85f; // cluster 7's best item: 14th by relevance, inside the pool of 24 but not the top 8
        var affinityOnly = new double[ClusterFeaturizer.Dimensions];
        affinityOnly[4] = 10;
        var learned = new LearnedClusterScoring(new ClusterFeaturizer(predictor), ClusterRanker.FromWeights(affinityOnly));
        ExplorationPolicy Policy(double coverage) => new(predictor, new ExplorationState(), new ExplorationOptions(NovelCoverage: coverage)) { Learned = learned };

        var plain = Policy(0).Build("u", scores, [], history, 10, new Random(1), exploreShare: 0.2);
        Assert.Equal(Enumerable.Range(0, 12).Except(history).Take(8), plain.Where(s => s.Kind == SlotKind.Exploit).Select(s => s.Item));
        Assert.Contains(plain, s => s.Kind == SlotKind.Explore && s.Item == 150);

        var covering = Policy(2).Build("u", scores, [], history, 10, new Random(1), exploreShare: 0.2);
        var exploit = covering.Where(s => s.Kind == SlotKind.Exploit).ToList();
        Assert.Equal(8, exploit.Count);
        Assert.Contains(exploit, s => s.Item == 150);
        // Cluster 7 is covered now, so the explore slots go elsewhere.
        Assert.DoesNotContain(covering, s => s.Kind == SlotKind.Explore && s.Cluster == 7);
        Assert.Equal(2, covering.Count(s => s.Kind == SlotKind.Explore));
    }
}
