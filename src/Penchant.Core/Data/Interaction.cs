namespace Penchant.Core.Data;

/// <summary>One weighted user-item interaction over dense ids.</summary>
/// <param name="User">Dense user index.</param>
/// <param name="Item">Dense item index.</param>
/// <param name="Weight">Evidence weight (already decayed, when decay applies).</param>
/// <param name="Timestamp">Unix seconds; orders a user's history.</param>
public readonly record struct Interaction(int User, int Item, float Weight, long Timestamp = 0);
