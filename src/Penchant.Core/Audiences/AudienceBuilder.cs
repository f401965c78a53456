using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Audiences;

/// <summary>Options for <see cref="AudienceBuilder"/>.</summary>
/// <param name="Depth">How far down each shopper's own recommendations the target's items are looked for.</param>
/// <param name="ProspectsOnly">Leave out shoppers who already took any of the target's items.</param>
/// <param name="Size">The most shoppers returned, best first.</param>
public sealed record AudienceOptions(int Depth = 50, bool ProspectsOnly = false, int Size = 1000);

/// <summary>A shopper in an audience and why.</summary>
/// <param name="User">Dense user index in the training data.</param>
/// <param name="Affinity">Σ 1 / log2(rank + 1) over the target's items among the shopper's top <see cref="AudienceOptions.Depth"/> recommendations (rank from 1).</param>
/// <param name="TargetInTop">How many of the target's items are among them.</param>
/// <param name="BestRank">The best of their ranks, from 1.</param>
/// <param name="TookTarget">Whether the shopper already took one of the target's items.</param>
public sealed record AudienceMember(int User, double Affinity, int TargetInTop, int BestRank, bool TookTarget);

/// <summary>
/// An audience for a brand, a category or any set of items: the shoppers whose own recommendations rank the set's
/// items highest, by the discounted gain of those items in their top recommendations. The recommender decides what
/// a shopper would want; the audience is who would want the target most, with the numbers behind it as the reason.
/// </summary>
public sealed class AudienceBuilder(AudienceOptions? options = null)
{
    public AudienceOptions Options { get; } = Validate(options ?? new AudienceOptions());

    /// <summary>
    /// The audience of <paramref name="target"/> (dense item ids) among the training shoppers of <paramref name="data"/>
    /// for whom <paramref name="eligible"/> is true (all when null), best first.
    /// </summary>
    public IReadOnlyList<AudienceMember> Build(
        IRecommenderModel model, InteractionData data, IReadOnlyCollection<int> target, Func<int, bool>? eligible = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(target);
        var isTarget = new bool[model.ItemCount];
        foreach (var item in target)
        {
            if ((uint)item < (uint)isTarget.Length)
            {
                isTarget[item] = true;
            }
        }

        var members = new AudienceMember?[data.UserCount];
        Parallel.For(0, data.UserCount, new ParallelOptions { CancellationToken = cancellation }, user =>
        {
            if (eligible is not null && !eligible(user))
            {
                return;
            }

            var took = false;
            foreach (var item in data.Matrix.RowColumns(user))
            {
                took |= (uint)item < (uint)isTarget.Length && isTarget[item];
            }

            if (took && Options.ProspectsOnly)
            {
                return;
            }

            var top = model.Recommend(UserQuery.FromTraining(data, user), Options.Depth);
            double affinity = 0;
            int count = 0, best = 0;
            for (var r = 0; r < top.Length; r++)
            {
                if (isTarget[top[r].Item])
                {
                    affinity += 1.0 / Math.Log2(r + 2);
                    count++;
                    best = best == 0 ? r + 1 : best;
                }
            }

            if (count > 0)
            {
                members[user] = new AudienceMember(user, affinity, count, best, took);
            }
        });

        return [.. members.OfType<AudienceMember>()
            .OrderByDescending(static m => m.Affinity)
            .ThenBy(static m => m.User)
            .Take(Options.Size)];
    }

    private static AudienceOptions Validate(AudienceOptions options)
    {
        if (options.Depth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Depth must be at least 1; it was {options.Depth}.");
        }

        if (options.Size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Size must be at least 1; it was {options.Size}.");
        }

        return options;
    }
}
