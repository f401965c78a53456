using Penchant.Core.Recommenders;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ExplorationSimulation"/>.</summary>
/// <param name="Rounds">How many recommendation rounds each simulated shopper sees.</param>
/// <param name="SlateSize">Items per round.</param>
/// <param name="ClickProbability">Chance a shopper clicks an item in one of their latent interest clusters.</param>
/// <param name="NoiseClickProbability">Chance of a click on any other item.</param>
/// <param name="Seed">Seed of all randomness.</param>
public sealed record SimulationOptions(int Rounds = 20, int SlateSize = 10, double ClickProbability = 0.5, double NoiseClickProbability = 0.01, int Seed = 42);

/// <summary>One policy's simulated trajectory.</summary>
/// <param name="ExploreShare">The share of slots that explored.</param>
/// <param name="Discovered">After each round, the mean share of shoppers' latent clusters that have had a click.</param>
/// <param name="ClickRate">After each round, the mean click-through rate of that round.</param>
public sealed record SimulationTrajectory(double ExploreShare, IReadOnlyList<double> Discovered, IReadOnlyList<double> ClickRate);

/// <summary>
/// Simulates shoppers whose latent interests are known (the generated shop plants them) reacting to slates
/// round after round: clicks go into their history (the model folds them in without retraining) and into the
/// exploration state as feedback. It shows how fast a policy finds each shopper's latent interests.
/// </summary>
public static class ExplorationSimulation
{
    /// <param name="model">The exploit model; it scores from the growing history.</param>
    /// <param name="predictor">Novel-cluster predictor for the explore slots.</param>
    /// <param name="histories">Each shopper's starting history (item ids, oldest first).</param>
    /// <param name="latent">Each shopper's latent interest clusters (ground truth).</param>
    /// <param name="exploreShare">Share of exploring slots (0 = exploit only).</param>
    /// <param name="options">Simulation options.</param>
    public static SimulationTrajectory Run(
        IRecommenderModel model,
        NovelClusterPredictor predictor,
        IReadOnlyList<int[]> histories,
        IReadOnlyList<IReadOnlySet<int>> latent,
        double exploreShare,
        SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(latent);
        options ??= new SimulationOptions();
        var clusters = predictor.Clusters;
        var shoppers = histories.Count;
        var state = new ExplorationState();
        var policy = new ExplorationPolicy(predictor, state);
        var current = histories.Select(h => h.ToList()).ToArray();
        var found = latent.Select(l => new HashSet<int>()).ToArray();
        for (var s = 0; s < shoppers; s++)
        {
            foreach (var c in clusters.ClustersOf(histories[s].AsSpan()))
            {
                if (latent[s].Contains(c))
                {
                    found[s].Add(c);
                }
            }
        }

        var discovered = new double[options.Rounds];
        var clickRate = new double[options.Rounds];
        var clicks = new int[shoppers];
        for (var round = 0; round < options.Rounds; round++)
        {
            Array.Clear(clicks);
            Parallel.For(0, shoppers, () => new float[model.ItemCount], (s, _, scores) =>
            {
                // Not HashCode.Combine: its seed changes per process, so the same run would draw differently twice.
                var rng = new Random(unchecked((((options.Seed * 1_000_003) + s) * 1_009) + round));
                var history = current[s];
                var query = UserQuery.FromSequence(-1, history);
                model.Score(query, scores);
                foreach (var seen in query.Items)
                {
                    scores[seen] = float.NegativeInfinity;
                }

                var key = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var slate = policy.Build(key, scores, [], query.Sequence, options.SlateSize, rng, exploreShare);
                foreach (var entry in slate)
                {
                    var liked = entry.Cluster >= 0 && latent[s].Contains(entry.Cluster);
                    var clicked = rng.NextDouble() < (liked ? options.ClickProbability : options.NoiseClickProbability);
                    if (entry.Cluster >= 0)
                    {
                        state.Record(key, entry.Cluster, clicked ? FeedbackKind.Click : FeedbackKind.Ignored, entry.Kind == SlotKind.Explore);
                    }

                    if (clicked)
                    {
                        clicks[s]++;
                        history.Add(entry.Item);
                        if (liked)
                        {
                            found[s].Add(entry.Cluster);
                        }
                    }
                }

                return scores;
            }, static _ => { });

            discovered[round] = Enumerable.Range(0, shoppers).Average(s => latent[s].Count == 0 ? 1.0 : (double)found[s].Count / latent[s].Count);
            clickRate[round] = clicks.Average() / options.SlateSize;
        }

        return new SimulationTrajectory(exploreShare, discovered, clickRate);
    }
}
