namespace Penchant.Core.Recommenders;

/// <summary>
/// A recommender with a ridge penalty λ that can be rescaled: the same configuration with λ multiplied by a factor.
/// The evaluation uses it to refit a configuration chosen on validation carves for the longer histories of the
/// full training data (<see cref="Evaluation.RidgeRefit"/>).
/// </summary>
public interface IRidgeScalable
{
    /// <summary>The same configuration with its ridge penalty multiplied by <paramref name="factor"/> (positive).</summary>
    IRecommender WithRidgeScale(double factor);
}
