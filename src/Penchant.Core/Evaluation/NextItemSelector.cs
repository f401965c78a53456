using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>Options of <see cref="NextItemSelector"/>.</summary>
/// <param name="K">A held-out item counts as found when it ranks in the top <paramref name="K"/>.</param>
/// <param name="MaxUsers">At most this many shoppers are scored (a seeded sample), so selection stays cheap on a big shop.</param>
/// <param name="MinUsers">With fewer shoppers to score, the first candidate is kept without a contest.</param>
public sealed record NextItemSelectionOptions(int K = 10, int MaxUsers = 2_000, int MinUsers = 20);

/// <summary>A candidate's hit rate at K on the held-out items.</summary>
public sealed record CandidateScore(string Name, double HitRate);

/// <summary>The chosen recommender, how many shoppers decided it, and every candidate's score (empty when too few shoppers).</summary>
public sealed record NextItemSelection(string Chosen, int Users, IReadOnlyList<CandidateScore> Scores);

/// <summary>
/// Chooses a recommender for a shop from its own data: each shopper's newest item (when it is new to them) is held
/// out, every candidate is fitted on the rest, and the one whose top K holds the held-out item for most of a seeded
/// sample of shoppers wins (the earlier candidate on a tie). This is the leave-last-out protocol of the evaluation
/// harness, run at training time so that a server can pick its model without anyone running benchmarks.
/// </summary>
public sealed class NextItemSelector(NextItemSelectionOptions? options = null)
{
    private readonly NextItemSelectionOptions _options = options ?? new();

    /// <summary>Selects among <paramref name="candidates"/> (at least one; the first is the default).</summary>
    public NextItemSelection Select(IReadOnlyList<(string Name, IRecommender Recommender)> candidates, InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates.Count, 1);
        var carved = new int[data.UserCount][];
        var held = new List<(int User, int Item)>();
        for (var u = 0; u < data.UserCount; u++)
        {
            var sequence = data.Sequences[u];
            if (sequence.Length >= 2 && Array.IndexOf(sequence, sequence[^1], 0, sequence.Length - 1) < 0)
            {
                carved[u] = sequence[..^1];
                held.Add((u, sequence[^1]));
            }
            else
            {
                carved[u] = sequence;
            }
        }

        if (held.Count < _options.MinUsers || candidates.Count == 1)
        {
            return new NextItemSelection(candidates[0].Name, held.Count, []);
        }

        var sample = held.ToArray();
        new Random(context.Seed).Shuffle(sample);
        sample = sample[..Math.Min(sample.Length, _options.MaxUsers)];
        var train = InteractionData.FromSequences(carved, data.ItemCount, data.Users, data.Items);
        var scores = new List<CandidateScore>(candidates.Count);
        var buffer = new float[data.ItemCount];
        foreach (var (name, recommender) in candidates)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var model = recommender.Fit(train, context);
            var hits = 0;
            foreach (var (user, item) in sample)
            {
                var query = UserQuery.FromTraining(train, user);
                model.Score(query, buffer);
                foreach (var seen in train.Matrix.RowColumns(user))
                {
                    buffer[seen] = float.NegativeInfinity;
                }

                hits += IsInTop(buffer, item, _options.K) ? 1 : 0;
            }

            scores.Add(new CandidateScore(name, (double)hits / sample.Length));
        }

        var best = scores[0];
        foreach (var score in scores)
        {
            if (score.HitRate > best.HitRate)
            {
                best = score;
            }
        }

        return new NextItemSelection(best.Name, sample.Length, scores);
    }

    /// <summary>Whether fewer than <paramref name="k"/> items score strictly above <paramref name="item"/> (which must score a finite number).</summary>
    internal static bool IsInTop(ReadOnlySpan<float> scores, int item, int k)
    {
        var target = scores[item];
        if (!float.IsFinite(target))
        {
            return false;
        }

        var above = 0;
        foreach (var s in scores)
        {
            if (s > target && ++above >= k)
            {
                return false;
            }
        }

        return true;
    }
}
