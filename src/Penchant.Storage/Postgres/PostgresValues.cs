using Npgsql;
using NpgsqlTypes;
using Penchant.Core.Data;

namespace Penchant.Storage.Postgres;

/// <summary>
/// Conversions between model values and PostgreSQL parameters and columns. The backend-neutral ones (dictionary JSON,
/// event type names, microsecond time) are <see cref="StoredValues"/>, shared with the SQLite store, so both keep and return the same values.
/// </summary>
internal static class PostgresValues
{
    /// <summary>A parameter of an explicit type; null becomes SQL NULL.</summary>
    public static NpgsqlParameter Parameter(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };

    public static NpgsqlParameter Text(string name, string? value) => Parameter(name, NpgsqlDbType.Text, value);

    public static NpgsqlParameter TextArray(string name, IEnumerable<string?>? values) =>
        Parameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values?.ToArray());

    /// <summary>A dictionary as <c>jsonb</c> (keys in ordinal order, as the SQLite store writes it).</summary>
    public static NpgsqlParameter Json(string name, IReadOnlyDictionary<string, string>? dictionary) =>
        Parameter(name, NpgsqlDbType.Jsonb, StoredValues.DictionaryToJson(dictionary));

    public static NpgsqlParameter Time(string name, DateTimeOffset? time) =>
        Parameter(name, NpgsqlDbType.TimestampTz, time is { } t ? ToStoredTime(t) : null);

    /// <summary>
    /// The instant as a <c>timestamptz</c> is written: UTC, truncated to whole microseconds exactly as the SQLite store
    /// truncates, so both stores return the same instant (in UTC).
    /// </summary>
    public static DateTime ToStoredTime(DateTimeOffset time) => StoredValues.FromUnixMicros(StoredValues.ToUnixMicros(time)).UtcDateTime;

    public static string? GetTextOrNull(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static string[]? GetListOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<string[]>(ordinal);

    public static Dictionary<string, string>? GetDictionaryOrNull(this NpgsqlDataReader reader, int ordinal) =>
        StoredValues.JsonToDictionary(reader.GetTextOrNull(ordinal));

    public static DateTimeOffset GetTime(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static EventType GetEventType(this NpgsqlDataReader reader, int ordinal) => StoredValues.ParseType(reader.GetString(ordinal));
}
