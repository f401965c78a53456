namespace Penchant.Core.Merchandising;

/// <summary>Where a <see cref="Campaign"/> stands at a given time.</summary>
public enum CampaignStatus
{
    /// <summary>Enabled, and its window has not opened yet.</summary>
    Scheduled,

    /// <summary>Enabled and inside its window: its boosts apply to every ranked list.</summary>
    Active,

    /// <summary>Its window has closed.</summary>
    Ended,

    /// <summary>Switched off by hand; its window is kept.</summary>
    Paused,
}

/// <summary>
/// A stored merchandising campaign: boosts (<see cref="ScoreBoost"/>) that apply to every ranked list served while
/// the campaign is enabled and inside its window, beside the boosts a request carries itself.
/// </summary>
/// <param name="Id">Chosen by the caller: 1 to <see cref="MaxIdLength"/> letters, digits, '.', '_' or '-'.</param>
/// <param name="Name">What people call it, up to <see cref="MaxNameLength"/> characters.</param>
/// <param name="Boosts">1 to <see cref="ScoreBoost.MaxBoosts"/> boosts.</param>
/// <param name="StartsAt">When it starts applying; null for at once.</param>
/// <param name="EndsAt">When it stops applying (exclusive); null for never.</param>
/// <param name="Enabled">False pauses it without losing it.</param>
public sealed record Campaign(string Id, string? Name, IReadOnlyList<ScoreBoost> Boosts, DateTimeOffset? StartsAt = null, DateTimeOffset? EndsAt = null, bool Enabled = true)
{
    /// <summary>The longest id.</summary>
    public const int MaxIdLength = MerchandisingName.MaxLength;

    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest boost value (a brand, category, tag or item id).</summary>
    public const int MaxValueLength = 200;

    /// <summary>The most campaigns a store keeps, so that serving stays cheap whatever is stored.</summary>
    public const int MaxCampaigns = 100;

    /// <summary>When it was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The placements it applies to (lists requested with <c>placement=</c> one of them); empty for every list. At most
    /// <see cref="MaxPlacements"/>, each a <see cref="MerchandisingName"/>.
    /// </summary>
    public IReadOnlyList<string> Placements { get; init; } = [];

    /// <summary>The most placements one campaign may name.</summary>
    public const int MaxPlacements = 20;

    /// <summary>Whether it applies to a list requested for <paramref name="placement"/> (null: none named).</summary>
    public bool AppliesTo(string? placement) =>
        Placements.Count == 0 || (placement is not null && Placements.Contains(placement, StringComparer.Ordinal));

    /// <summary>Where it stands at <paramref name="now"/>.</summary>
    public CampaignStatus StatusAt(DateTimeOffset now) =>
        !Enabled ? CampaignStatus.Paused
        : EndsAt is { } end && now >= end ? CampaignStatus.Ended
        : StartsAt is { } start && now < start ? CampaignStatus.Scheduled
        : CampaignStatus.Active;

    /// <summary>Its boosts, each marked with this campaign's id.</summary>
    public IEnumerable<ScoreBoost> MarkedBoosts => Boosts.Select(b => b with { Campaign = Id });

    /// <summary>Whether <paramref name="id"/> is a valid campaign id (<see cref="MerchandisingName"/>).</summary>
    public static bool IsValidId(string? id) => MerchandisingName.IsValid(id);

    /// <summary>
    /// What is wrong with the campaign, each problem under the name of its field as the API spells it
    /// (<c>id</c>, <c>name</c>, <c>boosts</c>, <c>boosts[2].value</c>, <c>endsAt</c>); empty when it is valid.
    /// </summary>
    public IReadOnlyList<(string Field, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        if (!IsValidId(Id))
        {
            problems.Add(("id", $"must be {MerchandisingName.Rule}"));
        }

        if (Name is { Length: > MaxNameLength })
        {
            problems.Add(("name", $"must be at most {MaxNameLength} characters, not {Name.Length}"));
        }

        if (Boosts is null || Boosts.Count == 0)
        {
            problems.Add(("boosts", "must hold at least one boost"));
        }
        else if (Boosts.Count > ScoreBoost.MaxBoosts)
        {
            problems.Add(("boosts", $"may hold at most {ScoreBoost.MaxBoosts} boosts, not {Boosts.Count}"));
        }
        else
        {
            for (var i = 0; i < Boosts.Count; i++)
            {
                var boost = Boosts[i];
                if (boost is null)
                {
                    problems.Add(($"boosts[{i}]", "must not be null"));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(boost.Value) || boost.Value.Length > MaxValueLength)
                {
                    problems.Add(($"boosts[{i}].value", $"must be 1 to {MaxValueLength} characters"));
                }

                if (!float.IsFinite(boost.Weight) || Math.Abs(boost.Weight) > ScoreBoost.MaxWeight)
                {
                    problems.Add(($"boosts[{i}].weight", $"must be a number between -{ScoreBoost.MaxWeight} and {ScoreBoost.MaxWeight}"));
                }
            }
        }

        if (Placements is null || Placements.Count > MaxPlacements)
        {
            problems.Add(("placements", $"may name at most {MaxPlacements} placements"));
        }
        else
        {
            for (var i = 0; i < Placements.Count; i++)
            {
                if (!IsValidId(Placements[i]))
                {
                    problems.Add(($"placements[{i}]", $"must be {MerchandisingName.Rule}"));
                }
            }
        }

        if (StartsAt is { } start && EndsAt is { } end && end <= start)
        {
            problems.Add(("endsAt", "must be after startsAt"));
        }

        return problems;
    }
}
