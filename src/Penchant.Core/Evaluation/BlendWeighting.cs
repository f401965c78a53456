namespace Penchant.Core.Evaluation;

/// <summary>How <see cref="HybridWeightSearch"/> weights the components of a blend.</summary>
public enum BlendWeighting
{
    /// <summary>Every weight vector on the grid is validated and the best kept.</summary>
    Grid,

    /// <summary>
    /// Each component gets the same weight; validation only chooses which components join. Estimated weights can
    /// fit the validation folds' noise when the blends' scores lie close together (the "forecast combination puzzle":
    /// a simple average often beats estimated weights out of sample).
    /// </summary>
    Equal,
}
