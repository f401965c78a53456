namespace Penchant.Server.Contracts;

/// <summary>One boost of a campaign: items whose <paramref name="Field"/> is <paramref name="Value"/> get <paramref name="Weight"/> added to their score.</summary>
/// <param name="Field"><c>brand</c>, <c>category</c> (any level of the item's path), <c>tag</c> or <c>item</c>.</param>
/// <param name="Value">The brand, category, tag (case-insensitive) or item id (exact).</param>
/// <param name="Weight">From -100 to 100, on the list's own scale (a shopper's best model score is 1); negative buries.</param>
public sealed record CampaignBoostDto(string? Field, string? Value, float? Weight)
{
    /// <summary>True takes the items it matches out of every list instead (a recall, a brand not to show); no weight then.</summary>
    public bool? Hide { get; init; }
}

/// <summary>A campaign to store under the id in the path (<c>PUT /v1/admin/campaigns/{id}</c>).</summary>
/// <param name="Name">What people call it (optional, at most 200 characters).</param>
/// <param name="Boosts">1 to 20 boosts.</param>
/// <param name="StartsAt">When it starts applying (optional: at once).</param>
/// <param name="EndsAt">When it stops applying, exclusive (optional: never).</param>
/// <param name="Enabled">False stores it paused (default true).</param>
public sealed record CampaignRequest(string? Name, IReadOnlyList<CampaignBoostDto?>? Boosts, DateTimeOffset? StartsAt = null, DateTimeOffset? EndsAt = null, bool? Enabled = null)
{
    /// <summary>The placements it applies to (lists requested with <c>placement=</c> one of them); none or empty: every list.</summary>
    public IReadOnlyList<string?>? Placements { get; init; }
}

/// <summary>A stored campaign and where it stands now.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">What people call it.</param>
/// <param name="Boosts">Its boosts.</param>
/// <param name="StartsAt">When it starts applying (null: from when it was stored).</param>
/// <param name="EndsAt">When it stops applying (null: never).</param>
/// <param name="Enabled">False when paused by hand.</param>
/// <param name="Status"><c>scheduled</c>, <c>active</c>, <c>ended</c> or <c>paused</c>.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record CampaignDto(string Id, string? Name, IReadOnlyList<CampaignBoostDto> Boosts, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, bool Enabled, string Status, DateTimeOffset UpdatedAt)
{
    /// <summary>The placements it applies to; empty: every list.</summary>
    public IReadOnlyList<string> Placements { get; init; } = [];
}

/// <summary>Every stored campaign, by id.</summary>
/// <param name="Campaigns">The campaigns.</param>
/// <param name="Active">How many apply now.</param>
/// <param name="Max">The most the store keeps.</param>
public sealed record CampaignsResponse(IReadOnlyList<CampaignDto> Campaigns, int Active, int Max);

/// <summary>The campaigns a bulk delete removed (<c>DELETE /v1/admin/campaigns?status=ended</c>), by id.</summary>
public sealed record DeletedCampaignsResponse(IReadOnlyList<string> Deleted);

/// <summary>A placement to store under the id in the path (<c>PUT /v1/admin/placements/{id}</c>).</summary>
/// <param name="Name">What people call it (optional, at most 200 characters).</param>
/// <param name="Settings">List parameters by name (<c>count</c>, <c>maxPerBrand</c>, <c>boost</c>, <c>explore</c>, ...), each a string, number or true/false.</param>
public sealed record PlacementRequest(string? Name, IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Settings);

/// <summary>A stored placement.</summary>
/// <param name="Id">Its name, as requests give it (<c>placement=home</c>).</param>
/// <param name="Name">What people call it.</param>
/// <param name="Settings">The list parameters a request naming it takes where it sets none itself.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record PlacementDto(string Id, string? Name, IReadOnlyDictionary<string, string> Settings, DateTimeOffset UpdatedAt);

/// <summary>Every stored placement, by id.</summary>
/// <param name="Placements">The placements.</param>
/// <param name="Max">The most the store keeps.</param>
public sealed record PlacementsResponse(IReadOnlyList<PlacementDto> Placements, int Max);

/// <summary>A synonym set to store under the id in the path (<c>PUT /v1/admin/synonyms/{id}</c>).</summary>
/// <param name="Words">2 to 20 words or phrases (each at most 100 characters) that search reads as one another.</param>
/// <param name="OneWay">True: only the first finds the others ("laptop" finds "notebook", not the reverse); default false.</param>
public sealed record SynonymSetRequest(IReadOnlyList<string?>? Words, bool? OneWay = null);

/// <summary>A stored synonym set.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Words">Its words or phrases, in order.</param>
/// <param name="OneWay">Whether only the first finds the others.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record SynonymSetDto(string Id, IReadOnlyList<string> Words, bool OneWay, DateTimeOffset UpdatedAt);

/// <summary>Every stored synonym set, by id.</summary>
/// <param name="Synonyms">The sets.</param>
/// <param name="Max">The most the store keeps.</param>
public sealed record SynonymsResponse(IReadOnlyList<SynonymSetDto> Synonyms, int Max);
