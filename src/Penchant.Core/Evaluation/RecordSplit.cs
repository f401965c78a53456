namespace Penchant.Core.Evaluation;

/// <summary>
/// Records divided into training, validation and test parts. <see cref="Validation"/> is carved from
/// the training data only (it is empty when no validation was asked for); the full training set used
/// for the final fit is <see cref="Train"/> plus <see cref="Validation"/>.
/// </summary>
/// <param name="Train">Records the validation fits see.</param>
/// <param name="Validation">Held out from training to choose hyperparameters.</param>
/// <param name="Test">Held out for the final figures.</param>
public sealed record RecordSplit(
    IReadOnlyList<InteractionRecord> Train,
    IReadOnlyList<InteractionRecord> Validation,
    IReadOnlyList<InteractionRecord> Test)
{
    /// <summary>Training plus validation records: what the final model is fitted on.</summary>
    public IReadOnlyList<InteractionRecord> FullTrain => Validation.Count == 0 ? Train : [.. Train, .. Validation];
}
