namespace Penchant.Core.Evaluation;

/// <summary>How an <see cref="Evaluator"/> ranks and measures.</summary>
/// <param name="K">The cut-off of the top-K metrics and of the recommendation lists.</param>
/// <param name="ExcludeTrainingItems">
/// Remove each user's training items from the candidates (the default). Held-out items the user already has in
/// training can then never be recommended, so they are removed from the relevant items and counted.
/// </param>
/// <param name="UnseenItems">What to do with held-out items that have no training record.</param>
/// <param name="SampledNegatives">
/// When above 0, also rank each relevant item against this many sampled non-relevant candidates and report
/// the "sampled" metrics beside the full-ranking ones. Off (0) by default: sampled metrics overstate quality
/// and can reorder models (Krichene and Rendle, KDD 2020).
/// </param>
/// <param name="Seed">Seed of the negative sampling.</param>
/// <param name="ItemFeatures">
/// Per dense item, feature or category ids used by intra-list diversity (Jaccard); null to use cosine over
/// training interaction vectors.
/// </param>
public sealed record EvaluationOptions(
    int K = 10,
    bool ExcludeTrainingItems = true,
    UnseenItemPolicy UnseenItems = UnseenItemPolicy.Keep,
    int SampledNegatives = 0,
    int Seed = 42,
    IReadOnlyList<int[]>? ItemFeatures = null);
