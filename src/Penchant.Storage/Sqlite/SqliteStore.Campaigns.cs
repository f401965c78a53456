using Penchant.Core.Merchandising;

namespace Penchant.Storage.Sqlite;

// Merchandising campaigns: one row each, boosts as JSON text.
public sealed partial class SqliteStore : ICampaignStore
{
    /// <inheritdoc />
    public Task<SaveOutcome> SaveCampaignAsync(Campaign campaign, CancellationToken cancellation = default)
    {
        StoredValues.CheckCampaign(campaign);
        return WriteAsync(
            commands =>
            {
                var outcome = LimitReached(commands, "campaigns", campaign.Id, Campaign.MaxCampaigns);
                if (outcome == SaveOutcome.Full)
                {
                    return SaveOutcome.Full;
                }

                ExecuteOn(
                    commands,
                    """
                    INSERT INTO campaigns (id, name, boosts, starts_at, ends_at, enabled, updated_at, placements)
                    VALUES ($id, $name, $boosts, $starts, $ends, $enabled, $updated, $placements)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, boosts = excluded.boosts, starts_at = excluded.starts_at,
                        ends_at = excluded.ends_at, enabled = excluded.enabled, updated_at = excluded.updated_at, placements = excluded.placements
                    """,
                    ("$id", campaign.Id),
                    ("$name", StoredValues.OrNull(campaign.Name)),
                    ("$boosts", StoredValues.BoostsToJson(campaign.Boosts)),
                    ("$starts", campaign.StartsAt is { } s ? StoredValues.ToUnixMicros(s) : DBNull.Value),
                    ("$ends", campaign.EndsAt is { } e ? StoredValues.ToUnixMicros(e) : DBNull.Value),
                    ("$enabled", campaign.Enabled ? 1 : 0),
                    ("$updated", StoredValues.ToUnixMicros(campaign.UpdatedAt)),
                    ("$placements", StoredValues.ListToJson(campaign.Placements)));
                return outcome ?? SaveOutcome.Created;
            },
            cancellation);
    }

    /// <inheritdoc />
    public Task<bool> DeleteCampaignAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(commands => ExecuteOn(commands, "DELETE FROM campaigns WHERE id = $id", ("$id", id)) > 0, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, boosts, starts_at, ends_at, enabled, updated_at, placements FROM campaigns ORDER BY id";
        using var reader = command.ExecuteReader();
        var campaigns = new List<Campaign>();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            campaigns.Add(new Campaign(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                StoredValues.JsonToBoosts(reader.GetString(2)),
                reader.IsDBNull(3) ? null : StoredValues.FromUnixMicros(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : StoredValues.FromUnixMicros(reader.GetInt64(4)),
                reader.GetInt64(5) != 0)
            {
                UpdatedAt = StoredValues.FromUnixMicros(reader.GetInt64(6)),
                Placements = reader.IsDBNull(7) ? [] : StoredValues.JsonToList(reader.GetString(7)) ?? [],
            });
        }

        return campaigns;
    }
}
