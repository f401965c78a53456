using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.UserEase;

/// <summary>Options for <see cref="UserEaseRecommender"/>.</summary>
/// <param name="Lambda">L2 regularisation added to the diagonal of the users x users Gram matrix XXᵀ.</param>
/// <param name="MaxUsers">
/// The most training users it accepts: the model holds and inverts a dense users x users matrix (4·m² bytes, O(m³)
/// work), so it suits catalogues with a few thousand shoppers, as in offline evaluation.
/// </param>
public sealed record UserEaseOptions(float Lambda = 800f, int MaxUsers = 10_000);

/// <summary>
/// EASE on the user side: each shopper's row of interactions is predicted from the other shoppers' rows by ridge
/// regression with the shopper left out, in closed form, and the prediction is the score.
/// </summary>
/// <remarks>
/// The dual of Steck's EASE^R ("Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): there an item's
/// column is regressed on the other items' columns; here a user's row on the other users' rows. With
/// P = (XXᵀ + λI)⁻¹, leaving user u out of the regression of their own row gives weights b_v = −P[u, v] / P[u, u]
/// (v ≠ u), the same identity that gives EASE its zero diagonal. It weighs neighbours jointly (a shopper who repeats
/// another adds little) where user-kNN weighs each by its own similarity. XXᵀ is accumulated from the items' columns
/// of nonzeros, never a dense product, and inverted by <see cref="SpdInverse"/>. A query whose history differs from
/// the training row (or an unknown shopper) is regressed on the training rows at query time (see
/// <see cref="UserEaseModel"/>), so new events count without refitting.
/// </remarks>
public sealed class UserEaseRecommender(UserEaseOptions? options = null) : IRecommender
{
    public UserEaseOptions Options { get; } = options ?? new UserEaseOptions();

    public string Name => UserEaseModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.Lambda);
        var x = data.Matrix.Binarize();
        var m = x.Rows;
        if (m > Options.MaxUsers)
        {
            throw new InvalidOperationException(
                $"user-EASE inverts a users x users matrix: {m:N0} training users exceed MaxUsers {Options.MaxUsers:N0}. Use EASE or ALS for this data.");
        }

        context.Report("user-ease gram", 0);
        var xt = x.Transpose();
        var g = new float[(long)m * m];

        // Lower triangle of XXᵀ from each item's column of users (ascending), split into bands of user rows so that
        // no two workers write the same cell.
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, m / 64));
        var bands = Enumerable.Range(0, workers + 1).Select(w => (int)((long)m * w / workers)).ToArray();
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = context.Cancellation }, w =>
        {
            int lo = bands[w], hi = bands[w + 1];
            for (var i = 0; i < xt.Rows; i++)
            {
                var users = xt.RowColumns(i);
                for (var a = 0; a < users.Length; a++)
                {
                    var u = users[a];
                    if (u < lo || u >= hi)
                    {
                        continue;
                    }

                    var row = g.AsSpan((int)((long)u * m), m);
                    for (var b = 0; b <= a; b++)
                    {
                        row[users[b]] += 1f;
                    }
                }
            }
        });

        for (var u = 0; u < m; u++)
        {
            g[((long)u * m) + u] += Options.Lambda;
        }

        context.Report("user-ease inverse", 0.3);
        if (!SpdInverse.TryInvert<float>(g, m))
        {
            throw new InvalidOperationException($"user-EASE: XXᵀ + {Options.Lambda}·I is not positive definite in float precision; raise Lambda.");
        }

        context.Report("user-ease", 1);
        return new UserEaseModel(x, g);
    }
}
