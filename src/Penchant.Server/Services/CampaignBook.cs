using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Merchandising;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// The stored merchandising campaigns as this server applies them, read as <see cref="StoreWatcher"/> says. The boosts
/// of the campaigns active now are kept in one array until the next start or end of a campaign's window, so a request
/// pays nothing for campaigns but matching their boosts.
/// </summary>
public sealed class CampaignBook(ICampaignStore store, TimeProvider time, IOptions<PenchantServerOptions> options, ILogger<CampaignBook> log)
    : StoreWatcher(options, log)
{
    // Active: the boosts of the active campaigns that apply everywhere; ByPlacement: for each placement an active
    // campaign names, those plus the boosts of the campaigns naming it.
    private sealed record State(IReadOnlyList<Campaign> Campaigns, ScoreBoost[] Active, Dictionary<string, ScoreBoost[]> ByPlacement, DateTimeOffset ValidUntil);

    private State _state = new([], [], [], DateTimeOffset.MaxValue);

    /// <summary>Every stored campaign as last read, by id.</summary>
    public IReadOnlyList<Campaign> All => Volatile.Read(ref _state).Campaigns;

    /// <summary>
    /// The boosts of every campaign active now that applies to a list for <paramref name="placement"/> (null: a list
    /// naming none, which only campaigns without placements reach), each marked with its campaign's id.
    /// </summary>
    public IReadOnlyList<ScoreBoost> ActiveBoosts(string? placement = null)
    {
        var state = Volatile.Read(ref _state);
        var now = time.GetUtcNow();
        if (now >= state.ValidUntil)
        {
            // A window opened or closed since the boosts were gathered.
            var next = Gather(state.Campaigns, now);
            Interlocked.CompareExchange(ref _state, next, state);
            state = next;
        }

        return placement is not null && state.ByPlacement.TryGetValue(placement, out var placed) ? placed : state.Active;
    }

    /// <summary>What active campaign boosts add to <paramref name="item"/>, and which campaigns matched it (null when none).</summary>
    public static (float Boost, IReadOnlyList<string>? Campaigns) Of(IReadOnlyList<ScoreBoost> active, Item item)
    {
        var total = 0f;
        List<string>? matched = null;
        foreach (var boost in active)
        {
            if (boost.Matches(item))
            {
                total += boost.Weight;
                matched ??= [];
                if (boost.Campaign is { } id && !matched.Contains(id))
                {
                    matched.Add(id);
                }
            }
        }

        return (total, matched);
    }

    /// <summary>
    /// Stores a campaign (stamped with the time now) and applies it here at once; returns it as stored (the store keeps
    /// times to the microsecond), or null when the store was full.
    /// </summary>
    public async Task<(SaveOutcome Outcome, Campaign? Stored)> SaveAsync(Campaign campaign, CancellationToken cancellation)
    {
        var outcome = await store.SaveCampaignAsync(campaign with { UpdatedAt = time.GetUtcNow() }, cancellation);
        await RefreshAsync(cancellation);
        return (outcome, All.FirstOrDefault(c => c.Id == campaign.Id));
    }

    /// <summary>Deletes a campaign and stops applying it here at once; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellation)
    {
        var deleted = await store.DeleteCampaignAsync(id, cancellation);
        await RefreshAsync(cancellation);
        return deleted;
    }

    /// <inheritdoc />
    protected override string What => "merchandising campaigns";

    /// <inheritdoc />
    protected override TimeProvider Time => time;

    /// <inheritdoc />
    protected override async Task ReadAsync(CancellationToken cancellation)
    {
        var campaigns = await store.ListCampaignsAsync(cancellation);
        Volatile.Write(ref _state, Gather(campaigns, time.GetUtcNow()));
    }

    private static State Gather(IReadOnlyList<Campaign> campaigns, DateTimeOffset now)
    {
        var until = DateTimeOffset.MaxValue;
        foreach (var campaign in campaigns)
        {
            foreach (var edge in new[] { campaign.StartsAt, campaign.EndsAt })
            {
                if (edge is { } e && e > now && e < until)
                {
                    until = e;
                }
            }
        }

        var running = campaigns.Where(c => c.StatusAt(now) == CampaignStatus.Active).ToList();
        var everywhere = running.Where(static c => c.Placements.Count == 0).SelectMany(static c => c.MarkedBoosts).ToArray();
        var byPlacement = running.SelectMany(static c => c.Placements).Distinct(StringComparer.Ordinal).ToDictionary(
            static p => p,
            p => running.Where(c => c.Placements.Count == 0 || c.Placements.Contains(p, StringComparer.Ordinal)).SelectMany(static c => c.MarkedBoosts).ToArray(),
            StringComparer.Ordinal);
        return new State(campaigns, everywhere, byPlacement, until);
    }
}
