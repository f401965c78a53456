using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Penchant.Core.Data;
using Penchant.Core.Merchandising;

namespace Penchant.Storage;

/// <summary>Conversions between model values and their column representation, shared by the SQLite and PostgreSQL stores.</summary>
internal static class StoredValues
{
    private static readonly JsonSerializerOptions Json = new()
    {
        // Keep Chinese and other non-ASCII text readable in the database.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly FrozenDictionary<string, EventType> TypesByName =
        EventTypes.All.ToFrozenDictionary(static t => t.WireName(), StringComparer.Ordinal);

    public static long ToUnixMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset FromUnixMicros(long micros) => new(DateTimeOffset.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);

    public static object ListToJson(IReadOnlyList<string>? list) =>
        list is null ? DBNull.Value : JsonSerializer.Serialize(list, Json);

    /// <summary>Keys are written in ordinal order, so equal dictionaries give equal text.</summary>
    public static object DictionaryToJson(IReadOnlyDictionary<string, string>? dictionary) =>
        dictionary is null ? DBNull.Value : JsonSerializer.Serialize(new SortedDictionary<string, string>(dictionary.ToDictionary(), StringComparer.Ordinal), Json);

    public static string[]? JsonToList(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<string[]>(json, Json);

    public static Dictionary<string, string>? JsonToDictionary(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json);

    private sealed record StoredBoost(string Field, string Value, float Weight, bool Hide = false);

    /// <summary>A campaign's boosts as a JSON array of <c>{Field, Value, Weight, Hide}</c>.</summary>
    public static string BoostsToJson(IReadOnlyList<ScoreBoost> boosts) =>
        JsonSerializer.Serialize(boosts.Select(static b => new StoredBoost(ScoreBoost.FieldName(b.Field), b.Value, b.Weight, b.Hide)), Json);

    /// <summary>The boosts <see cref="BoostsToJson"/> wrote (a missing <c>Hide</c> reads as false).</summary>
    public static ScoreBoost[] JsonToBoosts(string json) =>
        [.. (JsonSerializer.Deserialize<StoredBoost[]>(json, Json) ?? []).Select(static b => new ScoreBoost(
            ScoreBoost.ParseField(b.Field) ?? throw new InvalidDataException($"Unknown boost field '{b.Field}' in the database."), b.Value, b.Weight) { Hide = b.Hide })];

    /// <summary>Throws, naming the fields, when <paramref name="campaign"/> is not valid to store.</summary>
    public static void CheckCampaign(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (campaign.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException("The campaign is not valid: " + string.Join("; ", problems.Select(static p => $"{p.Field} {p.Problem}")), nameof(campaign));
        }
    }

    /// <summary>Throws unless <paramref name="set"/> has an id and words, none of them null (the server checks the rest).</summary>
    public static void CheckSynonymSet(StoredSynonymSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentException.ThrowIfNullOrEmpty(set.Id);
        ArgumentNullException.ThrowIfNull(set.Words);
        if (set.Words.Any(static w => w is null))
        {
            throw new ArgumentException("A synonym set's words may not be null.", nameof(set));
        }
    }

    public static object PriceToText(decimal? price) =>
        price is { } p ? p.ToString(CultureInfo.InvariantCulture) : DBNull.Value;

    public static decimal? TextToPrice(string? text) =>
        text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static object OrNull<T>(T? value)
        where T : class => value is null ? DBNull.Value : value;

    public static object OrNull<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;

    public static EventType ParseType(string name) =>
        TypesByName.TryGetValue(name, out var type) ? type : throw new InvalidDataException($"Unknown event type '{name}' in the database.");
}
