namespace Penchant.Core.Evaluation;

/// <summary>
/// One user-item record of an evaluation data set, with external ids: a rating, a review or a purchase.
/// </summary>
/// <param name="User">External user id.</param>
/// <param name="Item">External item id.</param>
/// <param name="Value">The rating or event value; 1 when the source has none.</param>
/// <param name="Timestamp">Unix seconds, or the position in the user's sequence when the source has no clock.</param>
public readonly record struct InteractionRecord(string User, string Item, float Value, long Timestamp);
