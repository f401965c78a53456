namespace Penchant.Core.Evaluation;

/// <summary>
/// A protocol that divides records into training and test parts and, when asked, carves a validation
/// part out of the training part by the same rule (so hyperparameters are chosen the way the test is run).
/// </summary>
public interface IDataSplitter
{
    /// <summary>A short description for reports, e.g. "leave-last-one-out".</summary>
    string Description { get; }

    /// <summary>Splits <paramref name="records"/>; input order breaks timestamp ties.</summary>
    RecordSplit Split(IReadOnlyList<InteractionRecord> records, bool withValidation);
}
