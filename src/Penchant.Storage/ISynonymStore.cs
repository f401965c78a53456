namespace Penchant.Storage;

/// <summary>A stored synonym set: words or phrases catalogue search reads as one another (<c>Penchant.Core.Search.SynonymSet</c>).</summary>
/// <param name="Id">Its name.</param>
/// <param name="Words">The entries, in order (a one-way set expands its first); the server checks them.</param>
/// <param name="OneWay">Only the first entry finds the others.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record StoredSynonymSet(string Id, IReadOnlyList<string> Words, bool OneWay, DateTimeOffset UpdatedAt)
{
    /// <summary>The most synonym sets a store keeps.</summary>
    public const int MaxSets = 1_000;
}

/// <summary>
/// Search synonyms (<see cref="StoredSynonymSet"/>), kept in the store so that every server over it searches with the
/// same ones and they survive a restart. Like placements, they hold no shopper data and leave the store's revision alone
/// (the trained model does not depend on them: they apply when a query is read).
/// </summary>
public interface ISynonymStore
{
    /// <summary>Creates or replaces the set of that id; <see cref="SaveOutcome.Full"/>, storing nothing, when the store already keeps <see cref="StoredSynonymSet.MaxSets"/> others.</summary>
    Task<SaveOutcome> SaveSynonymSetAsync(StoredSynonymSet set, CancellationToken cancellation = default);

    /// <summary>Deletes a set; false when there was none of that id.</summary>
    Task<bool> DeleteSynonymSetAsync(string id, CancellationToken cancellation = default);

    /// <summary>Every stored set, by id in ordinal order.</summary>
    Task<IReadOnlyList<StoredSynonymSet>> ListSynonymSetsAsync(CancellationToken cancellation = default);
}
