namespace Penchant.Storage;

/// <summary>A stored placement: a named place in the shop whose list requests take the settings kept here.</summary>
/// <param name="Id">The placement's name, as requests give it (<c>placement=home</c>).</param>
/// <param name="Name">What people call it.</param>
/// <param name="Settings">The list settings as a URL query string (<c>count=8&amp;maxPerBrand=2</c>); the server checks them.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record StoredPlacement(string Id, string? Name, string Settings, DateTimeOffset UpdatedAt)
{
    /// <summary>The most placements a store keeps.</summary>
    public const int MaxPlacements = 100;
}

/// <summary>
/// Placements (<see cref="StoredPlacement"/>), kept in the store so that every server over it applies the same settings
/// and they survive a restart. Like campaigns, they hold no shopper data and leave the store's revision alone.
/// </summary>
public interface IPlacementStore
{
    /// <summary>Creates or replaces the placement of that id; <see cref="SaveOutcome.Full"/>, storing nothing, when the store already keeps <see cref="StoredPlacement.MaxPlacements"/> others.</summary>
    Task<SaveOutcome> SavePlacementAsync(StoredPlacement placement, CancellationToken cancellation = default);

    /// <summary>Deletes a placement; false when there was none of that id.</summary>
    Task<bool> DeletePlacementAsync(string id, CancellationToken cancellation = default);

    /// <summary>Every stored placement, by id in ordinal order.</summary>
    Task<IReadOnlyList<StoredPlacement>> ListPlacementsAsync(CancellationToken cancellation = default);
}
