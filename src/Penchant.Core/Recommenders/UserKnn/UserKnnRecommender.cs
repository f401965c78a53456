using Penchant.Core.Data;

namespace Penchant.Core.Recommenders.UserKnn;

/// <summary>Options for <see cref="UserKnnRecommender"/>.</summary>
/// <param name="Neighbors">How many most-similar training users vote for a shopper's items.</param>
/// <param name="Shrinkage">Added to the cosine denominator, damping similarities built on few shared items.</param>
/// <param name="Binary">Treat every interaction, in training and in queries, as 1 instead of its evidence weight.</param>
public sealed record UserKnnOptions(int Neighbors = 50, float Shrinkage = 10f, bool Binary = true);

/// <summary>
/// User-based k-nearest-neighbour collaborative filtering with shrunk cosine similarity, computed at query time
/// from the shopper's history, so new shoppers and changed histories need no retraining.
/// </summary>
/// <remarks>
/// Resnick, Iacovou, Suchak, Bergstrom and Riedl, "GroupLens: an open architecture for collaborative filtering
/// of netnews", CSCW 1994; the top-N form of Sarwar, Karypis, Konstan and Riedl, "Analysis of recommendation
/// algorithms for e-commerce", EC 2000. Fitting only stores the matrix and its transpose.
/// </remarks>
public sealed class UserKnnRecommender(UserKnnOptions? options = null) : IRecommender
{
    public UserKnnOptions Options { get; } = options ?? new UserKnnOptions();

    public string Name => UserKnnModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.Neighbors);
        ArgumentOutOfRangeException.ThrowIfNegative(Options.Shrinkage);
        context.Cancellation.ThrowIfCancellationRequested();
        var x = Options.Binary ? data.Matrix.Binarize() : data.Matrix;
        return new UserKnnModel(x, Options);
    }
}
