using Penchant.Core.Merchandising;

namespace Penchant.Storage;

/// <summary>What a save of a campaign, placement or synonym set did.</summary>
public enum SaveOutcome
{
    /// <summary>A new one was stored.</summary>
    Created,

    /// <summary>The one of that id was replaced.</summary>
    Replaced,

    /// <summary>Nothing was stored: the store already keeps as many others as it may (<see cref="Campaign.MaxCampaigns"/>, <see cref="StoredPlacement.MaxPlacements"/>, <see cref="StoredSynonymSet.MaxSets"/>).</summary>
    Full,
}

/// <summary>
/// Merchandising campaigns (<see cref="Campaign"/>), kept in the store so that every server over it applies the same
/// ones and they survive a restart. Campaigns hold no shopper data and do not change training input, so writing
/// them leaves the store's revision alone.
/// </summary>
public interface ICampaignStore
{
    /// <summary>Creates or replaces the campaign of <see cref="Campaign.Id"/>, keeping every field as given.</summary>
    /// <param name="campaign">A campaign whose <see cref="Campaign.Problems"/> are none.</param>
    /// <param name="cancellation">Cancels the wait for the writer.</param>
    /// <exception cref="ArgumentException">The campaign is not valid.</exception>
    Task<SaveOutcome> SaveCampaignAsync(Campaign campaign, CancellationToken cancellation = default);

    /// <summary>Deletes a campaign; false when there was none of that id.</summary>
    Task<bool> DeleteCampaignAsync(string id, CancellationToken cancellation = default);

    /// <summary>Every stored campaign, by id in ordinal order.</summary>
    Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellation = default);
}
