using NpgsqlTypes;
using Penchant.Core.Merchandising;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// Merchandising campaigns: one row each, boosts as jsonb. Writes hold the schema's write lock, so the count checked
// against the limit cannot change before the insert.
public sealed partial class PostgresStore : ICampaignStore
{
    /// <inheritdoc />
    public Task<SaveOutcome> SaveCampaignAsync(Campaign campaign, CancellationToken cancellation = default)
    {
        StoredValues.CheckCampaign(campaign);
        return WriteAsync(
            async (connection, ct) =>
            {
                var outcome = await LimitReachedAsync(connection, "campaigns", campaign.Id, Campaign.MaxCampaigns, ct);
                if (outcome == SaveOutcome.Full)
                {
                    return SaveOutcome.Full;
                }

                await ExecuteAsync(
                    connection,
                    $"""
                    INSERT INTO {_schema}.campaigns (id, name, boosts, starts_at, ends_at, enabled, updated_at, placements)
                    VALUES (@id, @name, @boosts, @starts, @ends, @enabled, @updated, @placements)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, boosts = excluded.boosts, starts_at = excluded.starts_at,
                        ends_at = excluded.ends_at, enabled = excluded.enabled, updated_at = excluded.updated_at, placements = excluded.placements
                    """,
                    [
                        Text("id", campaign.Id),
                        Text("name", campaign.Name),
                        Parameter("boosts", NpgsqlDbType.Jsonb, StoredValues.BoostsToJson(campaign.Boosts)),
                        Time("starts", campaign.StartsAt),
                        Time("ends", campaign.EndsAt),
                        Parameter("enabled", NpgsqlDbType.Boolean, campaign.Enabled),
                        Time("updated", campaign.UpdatedAt),
                        TextArray("placements", campaign.Placements),
                    ],
                    ct);
                return outcome ?? SaveOutcome.Created;
            },
            cancellation);
    }

    /// <inheritdoc />
    public Task<bool> DeleteCampaignAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (connection, ct) => await ExecuteAsync(connection, $"DELETE FROM {_schema}.campaigns WHERE id = @id", [Text("id", id)], ct) > 0,
            cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellation = default) =>
        await QueryAsync(
            $"SELECT id, name, boosts::text, starts_at, ends_at, enabled, updated_at, placements FROM {_schema}.campaigns ORDER BY id",
            [],
            static r => new Campaign(
                r.GetString(0),
                r.GetTextOrNull(1),
                StoredValues.JsonToBoosts(r.GetString(2)),
                r.IsDBNull(3) ? null : r.GetTime(3),
                r.IsDBNull(4) ? null : r.GetTime(4),
                r.GetBoolean(5))
            {
                UpdatedAt = r.GetTime(6),
                Placements = r.GetListOrNull(7) ?? [],
            },
            cancellation);
}
